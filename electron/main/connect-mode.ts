/**
 * `Gatehouse connect`: the desktop app started by Claude Desktop as a stdio bridge. It must end
 * when the bridge ends or fails: an Electron main process does not exit when its event loop is
 * empty (unlike Node), so every way out calls `exit` explicitly.
 */
import { join } from 'node:path';
import { describeError } from '../../shared/gateway/errors.js';

/** Chromium's profile folder for the bridge: its own, so it never shares the running app's. */
export function connectProfileDir(dataDir: string): string {
  return join(dataDir, 'connect-profile');
}

/** Runs the bridge; `exit` ends the process with the bridge's code, or 1 on an error. */
export async function runConnectMode(
  run: (exit: (code: number) => void) => Promise<void>,
  exit: (code: number) => void,
  stderr: (text: string) => void,
): Promise<void> {
  try {
    await run(exit);
  } catch (error: unknown) {
    stderr(`gatehouse connect: ${describeError(error)}\n`);
    exit(1);
  }
}
