/**
 * Typed errors with stable codes. Their messages are sentences for a person: what happened and
 * what to do. They never carry a stack trace or a secret into the UI or the CLI.
 */

/** Stable error codes the CLI and the control API may branch on. */
export type GatehouseErrorCode =
  | 'config_invalid'
  | 'config_unreadable'
  | 'client_exists'
  | 'client_unknown'
  | 'name_invalid'
  | 'gateway_unreachable'
  | 'port_in_use'
  | 'policy_invalid'
  | 'approval_unknown'
  | 'audit_unavailable'
  | 'audit_invalid'
  | 'audit_key_invalid'
  | 'audit_key_missing'
  | 'audit_key_wrong'
  | 'unauthorized'
  | 'keychain_unavailable'
  | 'secret_invalid'
  | 'secret_unknown'
  | 'server_unknown'
  | 'server_not_remote'
  | 'grant_invalid'
  | 'sign_in_failed'
  | 'import_invalid'
  | 'client_config_invalid'
  | 'client_config_changed'
  | 'client_not_installed'
  | 'nothing_to_undo'
  | 'client_kind_unknown'
  | 'confirmation_required'
  | 'tool_not_held'
  | 'tool_changed_again';

/** An error Gatehouse expects and explains. */
export class GatehouseError extends Error {
  override readonly name = 'GatehouseError';

  constructor(
    readonly code: GatehouseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Narrows `unknown` from a `catch` to a message fit for a person. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Marks a switch as exhaustive at compile time. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
