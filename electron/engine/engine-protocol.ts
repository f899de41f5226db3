/**
 * The messages between the desktop app's main process and its engine process. The engine (the
 * gateway, its SQLite audit trail, its upstream servers) runs in a child process so that nothing
 * it does synchronously, such as verifying a million-record audit chain, can freeze the tray or
 * the windows, which the main process draws.
 */
import type { ControlResponse } from '../../shared/contracts/control-api.js';
import type { ControlEvent, GatewayState } from '../../shared/contracts/control-events.js';

/** What the main process sends the engine. */
export type ToEngine =
  | { readonly type: 'call'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly type: 'stop' };

/** What the engine sends the main process. */
export type FromEngine =
  | {
      readonly type: 'started';
      readonly url: string;
      readonly adminToken: string;
      readonly state: GatewayState;
    }
  | { readonly type: 'failed'; readonly problem: string }
  | { readonly type: 'answer'; readonly id: number; readonly response: ControlResponse<unknown> }
  | { readonly type: 'event'; readonly event: ControlEvent }
  | { readonly type: 'stopped' };

/** One end of the channel: Electron's `parentPort`/`UtilityProcess`, or Node's fork IPC. */
export interface EnginePort<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
