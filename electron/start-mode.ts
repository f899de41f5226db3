/**
 * Whether `npm start` can open the desktop app here, or must fall back to the headless gateway
 * with its web UI, and why, in one sentence.
 */

export type StartMode =
  | { readonly kind: 'desktop'; readonly electronBinary: string }
  | { readonly kind: 'headless'; readonly reason: string };

export interface StartProbe {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** The Electron binary's path, or the sentence saying why there is none. */
  readonly electronBinary: () => { path: string } | { problem: string };
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
  return { kind: 'desktop', electronBinary: binary.path };
}
