import { describe, expect, it } from 'vitest';
import type { ControlEvent, GatewayState } from '../../../shared/contracts/control-events.js';
import type { UpstreamStatus } from '../../../shared/contracts/upstream-status.js';
import { DesktopShell } from '../../../electron/main/desktop-shell.js';
import { notifySignIns } from '../../../electron/main/sign-in-notifier.js';

function eventSource() {
  const listeners = new Set<(event: ControlEvent) => void>();
  return {
    subscribe(listener: (event: ControlEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit: (event: ControlEvent) => listeners.forEach((listener) => listener(event)),
  };
}

const status = (name: string, state: UpstreamStatus['state']): ControlEvent => ({
  type: 'server.status',
  status: { name, state, toolCount: 0, promptCount: 0, resourceCount: 0, stderrTail: [] },
});

describe('the tray notification for servers that need sign-in', () => {
  it('notifies once per episode, and a click opens the main window', () => {
    const events = eventSource();
    const shown: { title: string; body: string; onClick: () => void }[] = [];
    const opened: string[] = [];
    notifySignIns(
      events,
      { show: (notification) => shown.push(notification) },
      { openMain: () => opened.push('main') },
    );

    events.emit(status('notes', 'connecting'));
    events.emit(status('notes', 'needs-sign-in'));
    events.emit(status('notes', 'needs-sign-in')); // a reconnection attempt: not again
    events.emit(status('other', 'error'));
    expect(shown.map((notification) => notification.title)).toEqual(['notes needs you to sign in']);
    shown[0]!.onClick();
    expect(opened).toEqual(['main']);

    events.emit(status('notes', 'ready'));
    events.emit(status('notes', 'needs-sign-in')); // the tokens ran out later: a new episode
    expect(shown).toHaveLength(2);
  });

  it('is wired into the desktop shell with the approval notifications', () => {
    const events = eventSource();
    const shown: string[] = [];
    const opened: string[] = [];
    const state: GatewayState = { pausedSince: null, pendingApprovals: 0 };
    const shell = new DesktopShell({
      tray: { render: () => {}, onCommand: () => {} },
      windows: { openMain: () => opened.push('main'), openCompactApprovals: () => {}, broadcast: () => {} },
      notifier: { show: (notification) => (shown.push(notification.title), notification.onClick()) },
      loginItems: { isEnabled: () => false, setEnabled: () => {} },
      quit: () => {},
      reportError: () => {},
    });
    shell.attach({ events, state: { current: () => state, setPaused: () => state } });
    events.emit(status('notes', 'needs-sign-in'));
    expect(shown).toEqual(['notes needs you to sign in']);
    expect(opened).toEqual(['main']);
    shell.detach();
    events.emit(status('again', 'needs-sign-in'));
    expect(shown).toHaveLength(1);
  });
});
