/**
 * Sentences for what goes wrong with an upstream: a connection that could not be made, and a
 * request that ended without an answer because the server went away or ran out of time. The SDK's
 * own messages ("Connection closed", "Request timed out") say neither which server nor what next.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamState } from '../../contracts/upstream-status.js';
import { describeError } from '../errors.js';

/** What a stdio server's failure to start is explained with. */
export interface StartContext {
  /** The program, for stdio servers; undefined for remote ones. */
  readonly command: string | undefined;
  /** The last line the child wrote to stderr, if any. */
  readonly lastWords: string | undefined;
}

/** Why connecting failed, as the status message shows it ("could not start …", "it exited …"). */
export function explainConnectFailure(error: unknown, context: StartContext): string {
  const text = rootCause(error);
  const { command, lastWords } = context;
  if (command !== undefined) {
    if (/ENOENT/.test(text)) return `could not start "${command}": no such program`;
    if (/Connection closed/i.test(text)) {
      return `it exited while starting${lastWords ? ` (last output: ${lastWords})` : ''}`;
    }
    if (lastWords) return `it failed to start: ${text} (last output: ${lastWords})`;
  }
  return `could not connect: ${text}`;
}

/** Why a request cannot be sent now, by the server's state and status message. */
export function unavailableMessage(
  server: string,
  state: UpstreamState,
  message: string | undefined,
): string {
  switch (state) {
    case 'connecting':
      return `The server "${server}" is still connecting; try again in a moment.`;
    case 'error':
      return `The server "${server}" is not available: ${message ?? 'it failed'}.`;
    case 'needs-secret':
    case 'needs-sign-in':
      return `The server "${server}" ${message ?? state}`;
    default:
      return `The server "${server}" is stopped.`;
  }
}

/**
 * Whether a request failed because the SDK's timer ran out. A caller's cancellation arrives with
 * the same code, so the caller's signal tells them apart.
 */
export function isRequestTimeout(error: unknown, signal: AbortSignal | undefined): boolean {
  return error instanceof McpError && error.code === ErrorCode.RequestTimeout && !signal?.aborted;
}

/** Whether a request failed because the connection closed under it (a crash, a restart, a stop). */
export function isConnectionLost(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.ConnectionClosed;
}

/**
 * The error a client sees when an upstream did not answer in time. It keeps the timeout code, so
 * the audit trail records the outcome as a timeout.
 */
export function timeoutError(server: string, method: string, timeoutMs: number): McpError {
  return new McpError(
    ErrorCode.RequestTimeout,
    `The server "${server}" did not answer ${method} within ${seconds(timeoutMs)}, so Gatehouse ` +
      `cancelled the request. If it needs longer, raise "requestTimeoutMs" in its entry.`,
    { timeout: timeoutMs },
  );
}

/**
 * Why a request got no answer because the connection went away, from the state the connection
 * is in now: stopped on purpose, or down (its status message says why) and coming back.
 */
export function connectionLostMessage(
  server: string,
  method: string,
  state: UpstreamState,
  message: string | undefined,
): string {
  if (state === 'stopped') return `The server "${server}" was stopped before it answered ${method}.`;
  const why = state === 'error' && message ? message : 'the connection closed';
  return (
    `The server "${server}" did not answer ${method}: ${why}. ` +
    'Gatehouse is bringing it back; try again in a moment.'
  );
}

/** "1.5 s", "300 s". */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** The innermost message of an error chain: "fetch failed" says less than its cause. */
function rootCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++)
    current = current.cause;
  return describeError(current);
}
