/**
 * The control API over Electron IPC, through the preload script's `window.gatehouse` bridge.
 */
import type { ControlArgs, ControlMethod, ControlResult } from '../../../shared/contracts/control-api.js';
import type { GatehouseBridge } from '../../../shared/contracts/control-bridge.js';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';
import { openEnvelope } from './control-envelope.js';
import { ControlError } from './control-error.js';
import type { ConnectionState, ControlTransport } from './control-transport.js';

/** Talks to the engine in the desktop app's main process. */
export class IpcTransport implements ControlTransport {
  constructor(private readonly bridge: GatehouseBridge) {}

  async call<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResult<M>> {
    let envelope: unknown;
    try {
      envelope = await this.bridge.call(method, args);
    } catch {
      // The main process answers with envelopes; a rejection means IPC itself failed.
      throw new ControlError(
        'unreachable',
        'The Gatehouse engine did not answer. Restart the app if this keeps happening.',
      );
    }
    return openEnvelope(method, envelope);
  }

  subscribe(listener: (event: ControlEvent) => void): () => void {
    return this.bridge.onEvent(listener);
  }

  /** IPC lives as long as the window does, so it is always connected. */
  watchConnection(listener: (state: ConnectionState) => void): () => void {
    listener('connected');
    return () => {};
  }
}
