/**
 * The control API over Electron IPC, main-process side: one handler for every method. It
 * answers only the app's own window, validates arguments with the shared schemas and always
 * returns the `{ ok, value } | { ok, error }` envelope; nothing thrown crosses into the renderer.
 */
import { controlMethods, isControlMethod, type ControlResponse } from '../../shared/contracts/control-api.js';
import { formatIssues } from '../../shared/gateway/config/json-file-store.js';
import type { ControlHandlers } from '../../shared/gateway/control/control-service.js';
import { GatehouseError } from '../../shared/gateway/errors.js';
import type { Logger } from '../../shared/gateway/logger.js';

export { CONTROL_CHANNEL } from '../ipc-channels.js';

/** What the handler needs to know about who sent a call (Electron's `event.senderFrame`). */
export interface IpcSender {
  readonly url: string;
}

export type ControlIpcHandler = (
  sender: IpcSender | null,
  method: unknown,
  args: unknown,
) => Promise<ControlResponse<unknown>>;

export function createControlIpcHandler(
  handlers: ControlHandlers,
  isTrustedSender: (sender: IpcSender) => boolean,
  logger: Logger,
): ControlIpcHandler {
  return async (sender, method, args) => {
    // A frame that is not our page (an injected iframe, a navigated-away window) gets nothing.
    if (!sender || !isTrustedSender(sender))
      return failure('untrusted_sender', 'This window may not control Gatehouse.');
    if (typeof method !== 'string' || !isControlMethod(method))
      return failure('unknown_method', `There is no control method "${String(method).slice(0, 80)}".`);
    const parsed = controlMethods[method].args.safeParse(args ?? {});
    if (!parsed.success)
      return failure('invalid_arguments', `Invalid arguments for ${method}: ${formatIssues(parsed.error)}.`);
    try {
      const handler = handlers[method] as (args: unknown, caller: string) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, 'desktop') };
    } catch (error: unknown) {
      if (error instanceof GatehouseError) return failure(error.code, error.message);
      logger.error(
        `control ${method} failed over IPC: ${error instanceof Error ? error.message : String(error)}`,
      );
      return failure('internal', `Gatehouse could not complete ${method}.`);
    }
  };
}

function failure(code: string, message: string): ControlResponse<never> {
  return { ok: false, error: { code, message } };
}
