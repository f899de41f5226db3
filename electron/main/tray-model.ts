/**
 * What the tray shows for a state of the gateway: which icon, which tooltip, which menu. Pure
 * data, so every state is unit-tested without Electron; the tray adapter only draws it.
 */

/** The gateway as the tray sees it. */
export interface TrayState {
  readonly gateway: 'starting' | 'running' | 'paused' | 'error';
  /** A sentence for the tooltip when `gateway` is `error`. */
  readonly problem?: string;
  readonly pendingApprovals: number;
  readonly launchAtLogin: boolean;
}

/** The icon variants the build ships (see build/icons). */
export type TrayIcon = 'running' | 'paused' | 'error' | 'attention';

/** What a menu item does when clicked; the shell maps each to an action. */
export type TrayCommand = 'open' | 'open-approvals' | 'pause' | 'resume' | 'toggle-launch-at-login' | 'quit';

export type TrayMenuItem =
  | {
      readonly kind: 'item';
      readonly label: string;
      readonly command: TrayCommand;
      readonly enabled: boolean;
    }
  | {
      readonly kind: 'checkbox';
      readonly label: string;
      readonly command: TrayCommand;
      readonly checked: boolean;
    }
  | { readonly kind: 'separator' };

export interface TrayModel {
  readonly icon: TrayIcon;
  readonly tooltip: string;
  /** Shown next to the icon where the platform allows (the macOS menu bar). */
  readonly badge: string;
  readonly menu: readonly TrayMenuItem[];
}

export function trayModel(state: TrayState): TrayModel {
  const waiting = state.pendingApprovals;
  const icon: TrayIcon =
    state.gateway === 'error'
      ? 'error'
      : waiting > 0
        ? 'attention'
        : state.gateway === 'paused'
          ? 'paused'
          : 'running';
  const headline = {
    starting: 'Gatehouse is starting',
    running: 'Gatehouse is running',
    paused: 'Gatehouse: tool calls are paused',
    error: `Gatehouse has a problem${state.problem ? `: ${state.problem}` : ''}`,
  }[state.gateway];
  const approvals =
    waiting === 0
      ? ''
      : waiting === 1
        ? '1 call waits for your approval'
        : `${waiting} calls wait for your approval`;
  return {
    icon,
    tooltip: approvals ? `${headline} — ${approvals}` : headline,
    badge: waiting > 0 ? String(waiting) : '',
    menu: [
      { kind: 'item', label: 'Open Gatehouse', command: 'open', enabled: true },
      {
        kind: 'item',
        label: waiting > 0 ? `Pending approvals (${waiting})` : 'No pending approvals',
        command: 'open-approvals',
        enabled: waiting > 0,
      },
      { kind: 'separator' },
      state.gateway === 'paused'
        ? { kind: 'item', label: 'Resume tool calls', command: 'resume', enabled: true }
        : {
            kind: 'item',
            label: 'Pause all tool calls',
            command: 'pause',
            enabled: state.gateway === 'running',
          },
      {
        kind: 'checkbox',
        label: 'Launch at login',
        command: 'toggle-launch-at-login',
        checked: state.launchAtLogin,
      },
      { kind: 'separator' },
      { kind: 'item', label: 'Quit Gatehouse', command: 'quit', enabled: true },
    ],
  };
}
