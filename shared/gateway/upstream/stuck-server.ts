/**
 * Telling a stuck server from a slow one. After a request timed out, the server is pinged: one
 * that answers was only slow at that request and keeps running; one that does not (a deadlock, a
 * blocked event loop) would make every later request wait out its timeout too, so it is replaced.
 */
import type { SdkClient } from './sdk-client.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** The longest a server gets to answer that ping. */
const PING_DEADLINE_MS = 5_000;

/** The ping's deadline: 5 s, or the server's request limit when that is shorter. */
export function pingDeadlineMs(requestTimeoutMs: number): number {
  return Math.min(requestTimeoutMs, PING_DEADLINE_MS);
}

/** Whether the server answers a ping within the deadline (an error answer counts: it is alive). */
export async function answersPing(client: SdkClient, deadlineMs: number): Promise<boolean> {
  try {
    await client.ping({ timeout: deadlineMs });
    return true;
  } catch (error: unknown) {
    // The SDK's own timeout and closed-connection errors say no answer came; other codes are the
    // server's answer.
    const silent = [ErrorCode.RequestTimeout, ErrorCode.ConnectionClosed] as number[];
    return error instanceof McpError && !silent.includes(error.code);
  }
}

/**
 * Asks a stuck child to end at once. Closing its stdin, the SDK's first and polite request, needs
 * the event loop the child no longer turns; the SDK still escalates to SIGKILL if this is ignored.
 */
export function endStuckChild(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // It has exited already, which is what the signal was for.
  }
}
