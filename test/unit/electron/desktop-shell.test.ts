import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ControlEvent, GatewayState } from '../../../shared/contracts/control-events.js';
import { MemorySecretStore } from '../../../shared/gateway/secrets/memory-secret-store.js';
import { compactWindowPosition } from '../../../electron/main/compact-window-position.js';
import { DesktopShell, type ShellPorts } from '../../../electron/main/desktop-shell.js';
import { LinuxAutostart } from '../../../electron/main/linux-autostart.js';
import type { TrayCommand, TrayModel } from '../../../electron/main/tray-model.js';
import { chooseStartMode } from '../../../electron/start-mode.js';
import { startGateway, type TestGateway } from '../../integration/harness.js';

/** In-memory stand-ins for the tray, windows, notifications and login items. */
function fakePorts() {
  const rendered: TrayModel[] = [];
  const notifications: { title: string; body: string; onClick: () => void }[] = [];
  const opened: string[] = [];
  const broadcast: ControlEvent[] = [];
  const errors: string[] = [];
  let click: (command: TrayCommand) => void = () => {};
  let launchAtLogin = false;
  let loginItemsBroken = false;
  let quits = 0;
  const ports: ShellPorts = {
    tray: { render: (model) => rendered.push(model), onCommand: (handler) => (click = handler) },
    windows: {
      openMain: () => opened.push('main'),
      openCompactApprovals: () => opened.push('compact'),
      broadcast: (event) => broadcast.push(event),
    },
    notifier: { show: (notification) => notifications.push(notification) },
    loginItems: {
      isEnabled: () => launchAtLogin,
      setEnabled: (enabled) => {
        if (loginItemsBroken) throw new Error('the autostart folder is read-only');
        launchAtLogin = enabled;
      },
    },
    quit: () => (quits += 1),
    reportError: (message) => errors.push(message),
  };
  return {
    ports,
    rendered,
    notifications,
    opened,
    broadcast,
    errors,
    tray: () => rendered.at(-1)!,
    click: (command: TrayCommand) => click(command),
    breakLoginItems: () => (loginItemsBroken = true),
    quits: () => quits,
  };
}

describe('desktop shell around a real engine', () => {
  let env: TestGateway;
  let fake: ReturnType<typeof fakePorts>;
  let shell: DesktopShell;

  beforeEach(async () => {
    env = await startGateway({}, { audit: false, uiDirectory: false, secretStore: new MemorySecretStore() });
    fake = fakePorts();
    shell = new DesktopShell(fake.ports);
  });

  afterEach(async () => {
    shell.detach();
    await env.stop();
  });

  /** A call waiting in the engine's real approval queue. */
  function requestApproval(signal = new AbortController().signal) {
    return env.gateway.approvals.request(
      {
        client: 'cursor',
        sessionId: 's1',
        server: 'files',
        tool: 'delete_file',
        exposedTool: 'files__delete_file',
        arguments: { path: '/tmp/x' },
        explanation: 'Rule "ask-deletes" asks the person.',
      },
      signal,
    );
  }

  it('shows "starting" until the engine is attached, with pause disabled', () => {
    expect(fake.tray()).toMatchObject({ icon: 'running', tooltip: 'Gatehouse is starting' });
    expect(fake.tray().menu).toContainEqual(expect.objectContaining({ command: 'pause', enabled: false }));
    shell.attach(env.gateway);
    expect(fake.tray()).toMatchObject({ icon: 'running', tooltip: 'Gatehouse is running' });
  });

  it('notifies on an approval request, counts it in the tray, and keeps it when the notification is dismissed', async () => {
    shell.attach(env.gateway);
    const abort = new AbortController();
    const outcome = requestApproval(abort.signal);
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]!.title).toBe('cursor wants to run files__delete_file');
    expect(fake.tray()).toMatchObject({ icon: 'attention', badge: '1' });
    expect(fake.broadcast.map((event) => event.type)).toEqual(['approval.requested', 'gateway.state']);
    // Dismissed (never clicked): the approval is still pending and still counted.
    expect(env.gateway.approvals.pending()).toHaveLength(1);
    fake.click('open-approvals');
    fake.notifications[0]!.onClick();
    expect(fake.opened).toEqual(['compact', 'compact']);
    env.gateway.decideApproval(env.gateway.approvals.pending()[0]!.id, { kind: 'allow-once' }, 'desktop');
    expect((await outcome).approved).toBe(true);
    expect(fake.tray()).toMatchObject({ icon: 'running', badge: '' });
  });

  it('pauses and resumes every tool call from the tray menu', () => {
    shell.attach(env.gateway);
    fake.click('pause');
    expect(env.gateway.state.current().pausedSince).not.toBeNull();
    expect(fake.tray()).toMatchObject({ icon: 'paused', tooltip: 'Gatehouse: tool calls are paused' });
    expect(fake.tray().menu).toContainEqual(expect.objectContaining({ command: 'resume', enabled: true }));
    fake.click('resume');
    expect(env.gateway.state.current().pausedSince).toBeNull();
    expect(fake.tray().icon).toBe('running');
  });

  it('shows the audit trail not being written, and its recovery, in the tray', () => {
    shell.attach(env.gateway);
    const health = {
      state: 'behind' as const,
      policy: 'keep-serving' as const,
      refusingCalls: false,
      backlog: { records: 12, bytes: 4096, maxRecords: 10_000, maxBytes: 32 * 1024 * 1024 },
      notKept: 0,
      failingSince: new Date().toISOString(),
      message: 'The disk is full.',
    };
    env.gateway.events.emit({ type: 'audit.health', health });
    expect(fake.tray().icon).toBe('error');
    expect(fake.tray().tooltip).toContain('12 records wait in memory');
    env.gateway.events.emit({
      type: 'audit.health',
      health: {
        ...health,
        state: 'ok',
        backlog: { ...health.backlog, records: 0 },
        failingSince: null,
        message: null,
      },
    });
    expect(fake.tray().icon).toBe('running');
  });

  it('follows a pause made elsewhere (the window, the CLI)', () => {
    shell.attach(env.gateway);
    env.gateway.state.setPaused(true, 'admin');
    expect(fake.tray().icon).toBe('paused');
  });

  it('toggles launch at login, and says so when the platform refuses', () => {
    shell.attach(env.gateway);
    fake.click('toggle-launch-at-login');
    expect(fake.tray().menu).toContainEqual(expect.objectContaining({ kind: 'checkbox', checked: true }));
    fake.breakLoginItems();
    fake.click('toggle-launch-at-login');
    expect(fake.errors).toEqual([
      'Gatehouse could not change whether it starts at login: the autostart folder is read-only',
    ]);
    expect(fake.tray().menu).toContainEqual(expect.objectContaining({ kind: 'checkbox', checked: true }));
  });

  it('opens the window and quits from the menu', () => {
    fake.click('open');
    fake.click('quit');
    expect(fake.opened).toEqual(['main']);
    expect(fake.quits()).toBe(1);
  });

  it('shows an engine that failed to start as an error, with the reason', () => {
    shell.failed('Port 4283 is in use by another program.');
    expect(fake.tray()).toMatchObject({
      icon: 'error',
      tooltip: 'Gatehouse has a problem: Port 4283 is in use by another program.',
    });
  });

  it('stops notifying once detached', () => {
    shell.attach(env.gateway);
    shell.detach();
    void requestApproval();
    expect(fake.notifications).toHaveLength(0);
    env.gateway.approvals.denyAll('shutdown', 'test over');
  });
});

describe('compact approval window position', () => {
  const size = { width: 400, height: 520 };
  const workArea = { x: 0, y: 25, width: 1440, height: 875 };

  it('hangs below a menu-bar tray icon, centred on it', () => {
    expect(compactWindowPosition(size, workArea, { x: 1200, y: 0, width: 22, height: 22 })).toEqual({
      x: 1011,
      y: 33,
    });
  });

  it('sits above a task-bar icon and never leaves the screen', () => {
    const bottom = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(compactWindowPosition(size, bottom, { x: 1900, y: 1045, width: 24, height: 24 })).toEqual({
      x: 1512,
      y: 512,
    });
  });

  it('uses the bottom-right corner when the platform gives no tray bounds', () => {
    expect(compactWindowPosition(size, workArea, undefined)).toEqual({ x: 1032, y: 372 });
    expect(compactWindowPosition(size, workArea, { x: 0, y: 0, width: 0, height: 0 })).toEqual({
      x: 1032,
      y: 372,
    });
  });
});

describe('launch at login on Linux', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'gatehouse-autostart-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('writes and removes an XDG autostart entry with the command quoted', () => {
    const autostart = new LinuxAutostart('/opt/Gate "house"/gatehouse $HOME', home);
    expect(autostart.isEnabled()).toBe(false);
    autostart.setEnabled(true);
    expect(autostart.isEnabled()).toBe(true);
    const entry = readFileSync(join(home, 'autostart', 'gatehouse.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain('Exec="/opt/Gate \\"house\\"/gatehouse \\$HOME" --hidden');
    autostart.setEnabled(false);
    expect(autostart.isEnabled()).toBe(false);
    autostart.setEnabled(false);
  });
});

describe('start mode of `npm start`', () => {
  const binary = () => ({ path: '/opt/electron/electron' });
  const missing = () => ({ problem: 'The Electron binary is not installed.' });

  it.each([
    ['linux', { DISPLAY: ':0' }, binary, 'desktop', ''],
    ['linux', { WAYLAND_DISPLAY: 'wayland-0' }, binary, 'desktop', ''],
    ['darwin', {}, binary, 'desktop', ''],
    ['win32', {}, binary, 'desktop', ''],
    ['linux', {}, binary, 'headless', 'There is no display here'],
    ['linux', { DISPLAY: ':0' }, missing, 'headless', 'The Electron binary is not installed.'],
    ['darwin', { GATEHOUSE_HEADLESS: '1' }, binary, 'headless', 'GATEHOUSE_HEADLESS=1'],
  ] as const)('%s %j → %s', (platform, env, electronBinary, kind, reason) => {
    const mode = chooseStartMode({ platform, env, electronBinary });
    expect(mode.kind).toBe(kind);
    if (mode.kind === 'headless') expect(mode.reason).toContain(reason);
  });
});

describe('desktop shell around an engine in another process', () => {
  /** An engine whose pause answers later, as the engine process's does. */
  function remoteEngine(answer: () => Promise<GatewayState>) {
    return {
      events: { subscribe: () => () => {} },
      state: { current: (): GatewayState => ({ pausedSince: null, pendingApprovals: 0 }), setPaused: answer },
    };
  }

  it('follows the answer of an asynchronous pause', async () => {
    const fake = fakePorts();
    const shell = new DesktopShell(fake.ports);
    shell.attach(
      remoteEngine(async () => ({ pausedSince: '2026-01-01T00:00:00.000Z', pendingApprovals: 0 })),
    );
    fake.click('pause');
    await vi.waitFor(() => expect(fake.tray().icon).toBe('paused'));
  });

  it('says so when the engine refuses or is gone', async () => {
    const fake = fakePorts();
    const shell = new DesktopShell(fake.ports);
    shell.attach(remoteEngine(() => Promise.reject(new Error('The Gatehouse engine is not running.'))));
    fake.click('pause');
    await vi.waitFor(() =>
      expect(fake.errors).toEqual([
        'Gatehouse could not pause tool calls: The Gatehouse engine is not running.',
      ]),
    );
    expect(fake.tray().icon).toBe('running');
  });
});
