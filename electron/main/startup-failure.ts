/**
 * What the person sees when the desktop app cannot start: one sentence saying what happened and
 * what to do, then the app ends (an Electron main process does not end by itself when its start
 * fails, so without this it would linger with nothing on screen).
 */
import { describeError } from '../../shared/gateway/errors.js';

/** The command that fetches Electron and builds the native modules for it. */
export const SETUP_DESKTOP_COMMAND = 'npm run setup:desktop';

/** Why the engine did not start, in words; a native module built for Node gets its remedy. */
export function startProblem(error: unknown): string {
  const message = describeError(error);
  if (!message.includes('NODE_MODULE_VERSION')) return message;
  return `Its native modules (SQLite, keychain) are built for Node, not for Electron. Run \`${SETUP_DESKTOP_COMMAND}\` once, then start again (\`npm run rebuild:node\` switches back for the headless tests).`;
}

export interface FailurePorts {
  /** Shows the message: a dialog for a person, standard error under test. */
  readonly report: (title: string, message: string) => void;
  readonly exit: (code: number) => void;
}

/** Reports a failed start and ends the app with exit code 1. */
export function failStartup(error: unknown, ports: FailurePorts): void {
  try {
    ports.report('Gatehouse could not start', startProblem(error));
  } finally {
    ports.exit(1);
  }
}

/**
 * Where failure messages go: a modal dialog blocks until someone clicks it, which under a test
 * driver (GATEHOUSE_TEST_HOOKS=1) or CI nobody will, so there they go to standard error.
 */
export function failureReporter(
  env: NodeJS.ProcessEnv,
  dialog: (title: string, message: string) => void,
  stderr: (text: string) => void,
): (title: string, message: string) => void {
  if (env.GATEHOUSE_TEST_HOOKS === '1' || env.CI) return (title, message) => stderr(`${title}: ${message}\n`);
  return dialog;
}
