/**
 * Whether `npm start` can open the desktop app here, or must fall back to the headless gateway
 * with its web UI, and why, in one sentence.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type StartMode =
  | { readonly kind: 'desktop'; readonly electronBinary: string }
  | { readonly kind: 'headless'; readonly reason: string };

export interface StartProbe {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** The Electron binary's path, or the sentence saying why there is none. */
  readonly electronBinary: () => { path: string } | { problem: string };
  /** Why Electron's sandbox cannot start for that binary here (see linux-sandbox.ts). */
  readonly sandboxProblem?: (electronPath: string) => string | undefined;
}

/** The sentence for a missing binary: `npm install` may have skipped Electron's download step. */
export const MISSING_ELECTRON =
  'The Electron binary is not installed (npm did not run its download step), so the desktop app cannot open. Run `npm run setup:desktop` once to fetch it and build the native modules for it.';

/** The path the `electron` package exports, if its binary was downloaded. */
export function installedElectronBinary(): { path: string } | { problem: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
  } catch {
    // The package throws when its download step did not run; the sentence says so.
  }
  return { problem: MISSING_ELECTRON };
}

export function chooseStartMode(probe: StartProbe): StartMode {
  if (probe.env.GATEHOUSE_HEADLESS === '1')
    return { kind: 'headless', reason: 'GATEHOUSE_HEADLESS=1 asks for the headless gateway.' };
  // Linux needs an X11 or Wayland display; macOS and Windows always have one for a logged-in user.
  if (probe.platform === 'linux' && !probe.env.DISPLAY && !probe.env.WAYLAND_DISPLAY)
    return {
      kind: 'headless',
      reason:
        'There is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop app cannot open.',
    };
  const binary = probe.electronBinary();
  if ('problem' in binary) return { kind: 'headless', reason: binary.problem };
  const sandbox = probe.sandboxProblem?.(binary.path);
  if (sandbox) return { kind: 'headless', reason: sandbox };
  return { kind: 'desktop', electronBinary: binary.path };
}
