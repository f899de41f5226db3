/**
 * What the tray shows for a state of the gateway: which icon, which tooltip, which menu. Pure
 * data, so every state is unit-tested without Electron; the tray adapter only draws it.
 */
import type { AuditHealth } from '../../shared/contracts/audit.js';

/** The gateway as the tray sees it. */
export interface TrayState {
  readonly gateway: 'starting' | 'running' | 'paused' | 'error';
  /** A sentence for the tooltip when `gateway` is `error`. */
  readonly problem?: string;
  readonly pendingApprovals: number;
  readonly launchAtLogin: boolean;
  /**
   * The audit trail's health, as `gateway.state` reports it (`GatewayState.audit`). While it is not
   * `ok` the icon shows a problem and the tooltip says why: calls go unrecorded or are refused.
   */
  readonly audit?: AuditHealth | undefined;
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
  const auditProblem = auditTooltip(state.audit);
  const icon: TrayIcon =
    state.gateway === 'error' || auditProblem
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
    tooltip: [headline, auditProblem, approvals].filter(Boolean).join(' — '),
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

/** A short line for the tooltip while the audit trail is not written; undefined while it is. */
function auditTooltip(audit: AuditHealth | undefined): string | undefined {
  if (!audit || (audit.state === 'ok' && !audit.refusingCalls)) return undefined;
  if (audit.refusingCalls) return 'the audit trail cannot be written, so tool calls are refused';
  if (audit.state === 'full')
    return `the audit trail cannot be written and its backlog is full (${audit.notKept} records only counted)`;
  return `the audit trail cannot be written (${audit.backlog.records} records wait in memory)`;
}
