/**
 * The PATH a person's terminal has, for an app started from Finder, the Dock or a desktop
 * launcher. A macOS GUI app gets launchd's PATH (`/usr/bin:/bin:/usr/sbin:/sbin`), so stdio
 * servers configured as `npx …` or `uvx …` fail with ENOENT; their directories (Homebrew, nvm,
 * ~/.local/bin) are added by the login shell's startup files. This asks the login shell once, with
 * a time limit, and falls back to the current PATH plus the usual directories when it cannot.
 */
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How long the login shell may take: a slow shell must not hold up the app's start. */
export const LOGIN_SHELL_TIMEOUT_MS = 3000;

/** Markers around the PATH in the shell's output, so banners and rc-file chatter are ignored. */
const START = '__GATEHOUSE_PATH_START__';
const END = '__GATEHOUSE_PATH_END__';

/** What the resolution found: the PATH to use, and, when it fell back, why. */
export type LoginShellPath =
  | { readonly source: 'login-shell'; readonly path: string }
  | { readonly source: 'fallback'; readonly path: string; readonly problem: string };

/** Runs the shell and returns its standard output; rejects on failure or timeout. */
export type ShellRunner = (shell: string, args: readonly string[], timeoutMs: number) => Promise<string>;

export interface LoginShellPathOptions {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly timeoutMs?: number;
  readonly run?: ShellRunner;
}

/** Directories that hold `npx`, `uvx` and friends on a typical machine, added on fallback. */
export function usualDirectories(platform: NodeJS.Platform, home: string): string[] {
  const user = [join(home, '.local', 'bin'), join(home, '.cargo', 'bin')];
  if (platform === 'darwin') return ['/opt/homebrew/bin', '/usr/local/bin', ...user];
  return ['/usr/local/bin', ...user];
}

/**
 * The PATH for stdio servers. Windows GUI apps inherit the user's PATH, so only macOS and Linux
 * ask the login shell; the result keeps the current PATH's entries after the shell's own.
 */
export async function resolveLoginShellPath(options: LoginShellPathOptions): Promise<LoginShellPath> {
  const current = options.env.PATH ?? '';
  if (options.platform === 'win32') return { source: 'login-shell', path: current };
  const home = options.home ?? homedir();
  const shell = options.env.SHELL || (options.platform === 'darwin' ? '/bin/zsh' : '/bin/sh');
  const timeoutMs = options.timeoutMs ?? LOGIN_SHELL_TIMEOUT_MS;
  const fallback = (problem: string): LoginShellPath => ({
    source: 'fallback',
    path: mergePaths(current, usualDirectories(options.platform, home).join(delimiter)),
    problem,
  });
  let output: string;
  try {
    // -i -l: the files a terminal reads (.zprofile, .zshrc, .bash_profile, config.fish…), where
    // PATH is set; printf/printenv exist in sh, bash, zsh and fish alike.
    output = await (options.run ?? runShell)(
      shell,
      ['-i', '-l', '-c', `printf '%s' '${START}'; printenv PATH; printf '%s' '${END}'`],
      timeoutMs,
    );
  } catch (error: unknown) {
    return fallback(
      `Could not read the PATH of your login shell (${shell}: ${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const found = between(output, START, END);
  if (!found) return fallback(`Your login shell (${shell}) did not print a PATH.`);
  return { source: 'login-shell', path: mergePaths(found, current) };
}

/** The text between the last start marker and the end marker after it, trimmed. */
function between(output: string, start: string, end: string): string | undefined {
  const from = output.lastIndexOf(start);
  if (from < 0) return undefined;
  const to = output.indexOf(end, from + start.length);
  if (to < 0) return undefined;
  const value = output.slice(from + start.length, to).trim();
  return value.length > 0 && !value.includes('\n') ? value : undefined;
}

/** `first`'s entries, then `second`'s that are new; empty entries dropped. */
export function mergePaths(first: string, second: string): string {
  const seen = new Set<string>();
  for (const entry of [...first.split(delimiter), ...second.split(delimiter)]) {
    if (entry.length > 0) seen.add(entry);
  }
  return [...seen].join(delimiter);
}

/**
 * Runs the shell without a terminal (stdin closed, its own process group) and kills the whole
 * group when the time is up, so a shell that waits for input or starts something slow cannot
 * keep the app waiting or leave processes behind.
 */
const runShell: ShellRunner = (shell, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    const child = spawn(shell, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    let stdout = '';
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`no answer within ${timeoutMs} ms`)));
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      // A PATH is short; a shell that prints without end is cut off rather than buffered forever.
      if (stdout.length < 1_000_000) stdout += chunk;
    });
    child.on('error', (error) => finish(() => reject(error)));
    child.on('close', (code, signal) =>
      finish(() =>
        code === 0
          ? resolve(stdout)
          : reject(new Error(signal ? `ended by ${signal}` : `exit code ${String(code)}`)),
      ),
    );
  });
