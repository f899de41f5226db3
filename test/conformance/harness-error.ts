/**
 * How the conformance harness reports that it could not do its job.
 */

/** Why the harness could not do its job; the message is a sentence for a person. */
export class HarnessError extends Error {
  constructor(
    readonly code: 'node22-missing' | 'start-failed' | 'command-failed' | 'suite-failed' | 'gateway-missing',
    message: string,
  ) {
    super(message);
    this.name = 'HarnessError';
  }
}

/** The message of anything thrown, for a one-line report. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
