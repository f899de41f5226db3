/**
 * Runs one control call against the engine's handlers and always answers with the
 * `{ ok, value } | { ok, error }` envelope: arguments checked with the shared schemas, expected
 * failures passed on with their code, anything else logged and hidden behind a sentence.
 */
import { controlMethods, isControlMethod, type ControlResponse } from '../../shared/contracts/control-api.js';
import { formatIssues } from '../../shared/gateway/config/json-file-store.js';
import type { ControlHandlers } from '../../shared/gateway/control/control-service.js';
import { ControlCallError } from '../../shared/gateway/control/control-client.js';
import { GatehouseError } from '../../shared/gateway/errors.js';
import type { Logger } from '../../shared/gateway/logger.js';

/** A control call by name with unchecked arguments, answered with the envelope. */
export type ControlDispatch = (method: unknown, args: unknown) => Promise<ControlResponse<unknown>>;

/** Builds the dispatcher; `caller` names who acts, for the engine's log and audit. */
export function createControlDispatch(
  handlers: ControlHandlers,
  caller: string,
  logger: Logger,
): ControlDispatch {
  return async (method, args) => {
    if (typeof method !== 'string' || !isControlMethod(method))
      return controlFailure('unknown_method', `There is no control method "${String(method).slice(0, 80)}".`);
    const parsed = controlMethods[method].args.safeParse(args ?? {});
    if (!parsed.success)
      return controlFailure(
        'invalid_arguments',
        `Invalid arguments for ${method}: ${formatIssues(parsed.error)}.`,
      );
    try {
      const handler = handlers[method] as (args: unknown, caller: string) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, caller) };
    } catch (error: unknown) {
      if (error instanceof GatehouseError || error instanceof ControlCallError)
        return controlFailure(error.code, error.message);
      logger.error(`control ${method} failed: ${error instanceof Error ? error.message : String(error)}`);
      return controlFailure('internal', `Gatehouse could not complete ${method}.`);
    }
  };
}

/** The error envelope. */
export function controlFailure(code: string, message: string): ControlResponse<never> {
  return { ok: false, error: { code, message } };
}
