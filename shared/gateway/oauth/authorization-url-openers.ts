/**
 * The ways a sign-in's authorization URL reaches the person: their browser, the terminal, or,
 * for automated tests against servers that approve at once, nobody at all.
 */
import { spawn } from 'node:child_process';
import type { AuthorizationUrlOpener } from './sign-in-listener.js';

/** Prints the URL and opens it in the default browser when the platform offers a way. */
export function browserOpener(print: (line: string) => void): AuthorizationUrlOpener {
  return async (url) => {
    print(`Opening your browser to sign in. If it does not open, visit:\n\n  ${url.href}\n`);
    const [command, args] = browserCommand(url.href);
    try {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.on('error', () => {}); // No opener installed: the printed URL is the way.
      child.unref();
    } catch {
      // As above.
    }
  };
}

/** Only prints the URL: headless machines, or `--no-browser`. */
export function printingOpener(print: (line: string) => void): AuthorizationUrlOpener {
  return async (url) => print(`To sign in, visit:\n\n  ${url.href}\n`);
}

/**
 * Follows the authorization URL's redirects without a browser, back to the loopback listener.
 * Only useful where the authorization server approves without a login page (conformance and
 * test servers).
 */
export function redirectFollowingOpener(): AuthorizationUrlOpener {
  return async (url) => {
    const response = await fetch(url, { redirect: 'follow' });
    await response.body?.cancel();
  };
}

function browserCommand(url: string): [string, string[]] {
  switch (process.platform) {
    case 'darwin':
      return ['open', [url]];
    case 'win32':
      // `start` treats its first quoted argument as a window title, hence the empty one.
      return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
    default:
      return ['xdg-open', [url]];
  }
}
