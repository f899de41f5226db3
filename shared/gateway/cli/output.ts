/**
 * How CLI commands report: a sentence for a person, or one JSON object with `--json`.
 */
import { ControlCallError } from '../control/control-client.js';
import { GatehouseError, describeError } from '../errors.js';

/** Prints a result: `human` for people, `json` as one line of JSON with `--json`. */
export function report(json: boolean, value: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
}

/**
 * Reports a failure without a stack trace and sets a failing exit code. Expected errors keep their
 * code; anything else is reported as `unexpected`.
 */
export function reportFailure(json: boolean, error: unknown): void {
  const code =
    error instanceof GatehouseError || error instanceof ControlCallError ? error.code : 'unexpected';
  const message = describeError(error);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  else process.stderr.write(`gatehouse: ${message}\n`);
  process.exitCode = 1;
}
