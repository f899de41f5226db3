/**
 * The one error type the UI shows: a stable `code` for logic, a `message` written for a person.
 */

/** Codes the renderer itself produces, beside the ones the gateway sends. */
export type LocalErrorCode = 'unauthorized' | 'unreachable' | 'bad_response';

/** A control call that failed: the gateway's refusal, or a transport failure put into words. */
export class ControlError extends Error {
  override readonly name = 'ControlError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A sentence for a person about any failure: a ControlError's own message, never a stack trace. */
export function describeError(error: unknown): string {
  if (error instanceof ControlError) return error.message;
  if (error instanceof Error && error.message !== '') return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}
