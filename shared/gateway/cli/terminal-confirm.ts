/**
 * A yes/no question on the terminal, for commands that change files only after a person agrees.
 */
import { createInterface } from 'node:readline/promises';
import { GatehouseError, type GatehouseErrorCode } from '../errors.js';

/** What a cancelled question (Ctrl-C, Ctrl-D) is reported as. */
export interface Cancellation {
  readonly code: GatehouseErrorCode;
  readonly message: string;
}

/** Asks on the terminal; Enter means yes. Ctrl-C or Ctrl-D throws `cancelled`. */
export async function confirm(question: string, cancelled: Cancellation): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  const cancel = new AbortController();
  terminal.once('SIGINT', () => cancel.abort());
  terminal.once('close', () => cancel.abort());
  try {
    const answer = (await terminal.question(question, { signal: cancel.signal })).trim().toLowerCase();
    return answer === '' || answer === 'y' || answer === 'yes';
  } catch (error: unknown) {
    if (cancel.signal.aborted) throw new GatehouseError(cancelled.code, cancelled.message);
    throw error;
  } finally {
    terminal.close();
  }
}
