/**
 * The control API over Electron IPC, main-process side: one handler for every method. It
 * answers only the app's own window and passes the call on to the engine, which validates the
 * arguments and always answers with the `{ ok, value } | { ok, error }` envelope; nothing thrown
 * crosses into the renderer.
 */
import type { ControlResponse } from '../../shared/contracts/control-api.js';
import { controlFailure, type ControlDispatch } from '../engine/control-dispatch.js';

export { CONTROL_CHANNEL } from '../ipc-channels.js';

/** What the handler needs to know about who sent a call (Electron's `event.senderFrame`). */
export interface IpcSender {
  readonly url: string;
}

/** Answers one IPC control call from `sender`. */
export type ControlIpcHandler = (
  sender: IpcSender | null,
  method: unknown,
  args: unknown,
) => Promise<ControlResponse<unknown>>;

/** Builds the handler: trusted frames reach `dispatch`, everything else is refused. */
export function createControlIpcHandler(
  dispatch: ControlDispatch,
  isTrustedSender: (sender: IpcSender) => boolean,
): ControlIpcHandler {
  return async (sender, method, args) => {
    // A frame that is not our page (an injected iframe, a navigated-away window) gets nothing.
    if (!sender || !isTrustedSender(sender))
      return controlFailure('untrusted_sender', 'This window may not control Gatehouse.');
    try {
      return await dispatch(method, args);
    } catch {
      // The dispatcher answers every call; only a broken channel to the engine lands here.
      return controlFailure('engine_unavailable', 'The Gatehouse engine is not running.');
    }
  };
}
