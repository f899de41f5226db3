/**
 * The engine process's side of the channel: starts the engine, answers control calls, forwards
 * its events and stops it on request. Plain Node, so a test can run it in a forked process.
 */
import type { ControlEvent, GatewayState } from '../../shared/contracts/control-events.js';
import { describeError } from '../../shared/gateway/errors.js';
import type { ControlDispatch } from './control-dispatch.js';
import { controlFailure } from './control-dispatch.js';
import type { EnginePort, FromEngine, ToEngine } from './engine-protocol.js';

/** A started engine, as the host needs it. */
export interface HostedEngine {
  readonly url: string;
  readonly adminToken: string;
  readonly events: { subscribe(listener: (event: ControlEvent) => void): () => void };
  readonly state: { current(): GatewayState };
  readonly dispatch: ControlDispatch;
  stop(): Promise<void>;
}

/**
 * Serves the main process over `port`. Calls that arrive while the engine starts wait for it;
 * after a failed start they are answered with the reason. `exit` runs once the engine stopped.
 */
export function hostEngine(
  port: EnginePort<ToEngine, FromEngine>,
  start: () => Promise<HostedEngine>,
  exit: () => void,
): void {
  let problem = '';
  const engine = start().then(
    (started) => {
      started.events.subscribe((event) => port.post({ type: 'event', event }));
      port.post({
        type: 'started',
        url: started.url,
        adminToken: started.adminToken,
        state: started.state.current(),
      });
      return started;
    },
    (error: unknown) => {
      problem = describeError(error);
      port.post({ type: 'failed', problem });
      return undefined;
    },
  );
  let stopping: Promise<void> | undefined;
  port.onMessage((message) => {
    if (message.type === 'call') {
      void engine.then(async (started) => {
        const response = started
          ? await started.dispatch(message.method, message.args)
          : controlFailure('engine_unavailable', `Gatehouse could not start: ${problem}`);
        port.post({ type: 'answer', id: message.id, response });
      });
      return;
    }
    stopping ??= engine.then(async (started) => {
      try {
        await started?.stop();
      } finally {
        port.post({ type: 'stopped' });
        exit();
      }
    });
  });
}
