import { describe, expect, it } from 'vitest';
import { createControlDispatch } from '../../../electron/engine/control-dispatch.js';
import { createControlIpcHandler } from '../../../electron/main/control-ipc.js';
import { isInAppNavigation, isSafeExternalLink } from '../../../electron/main/navigation-policy.js';
import { trayModel, type TrayState } from '../../../electron/main/tray-model.js';
import type { ControlHandlers } from '../../../shared/gateway/control/control-service.js';
import { GatehouseError } from '../../../shared/gateway/errors.js';
import { silentLogger } from '../../../shared/gateway/logger.js';

const base: TrayState = { gateway: 'running', pendingApprovals: 0, launchAtLogin: false };

describe('tray model', () => {
  it.each([
    [{ ...base }, 'running', 'Gatehouse is running', ''],
    [{ ...base, gateway: 'paused' as const }, 'paused', 'Gatehouse: tool calls are paused', ''],
    [
      { ...base, gateway: 'error' as const, problem: 'port 4283 is taken' },
      'error',
      'Gatehouse has a problem: port 4283 is taken',
      '',
    ],
    [
      { ...base, pendingApprovals: 1 },
      'attention',
      'Gatehouse is running — 1 call waits for your approval',
      '1',
    ],
    [
      { ...base, gateway: 'paused' as const, pendingApprovals: 3 },
      'attention',
      'Gatehouse: tool calls are paused — 3 calls wait for your approval',
      '3',
    ],
  ])('%j → %s icon', (state, icon, tooltip, badge) => {
    expect(trayModel(state)).toMatchObject({ icon, tooltip, badge });
  });

  it('offers pause while running, resume while paused, and pending approvals only when there are some', () => {
    const labels = (state: TrayState) =>
      trayModel(state).menu.map((item) =>
        item.kind === 'separator'
          ? '—'
          : `${item.label}${'enabled' in item && !item.enabled ? ' (off)' : ''}`,
      );
    expect(labels(base)).toEqual([
      'Open Gatehouse',
      'No pending approvals (off)',
      '—',
      'Pause all tool calls',
      'Launch at login',
      '—',
      'Quit Gatehouse',
    ]);
    expect(labels({ ...base, gateway: 'paused', pendingApprovals: 2 })).toContain('Resume tool calls');
    expect(labels({ ...base, pendingApprovals: 2 })).toContain('Pending approvals (2)');
    expect(labels({ ...base, gateway: 'starting' })).toContain('Pause all tool calls (off)');
    const launch = trayModel({ ...base, launchAtLogin: true }).menu.find((item) => item.kind === 'checkbox');
    expect(launch).toMatchObject({ checked: true, command: 'toggle-launch-at-login' });
  });
});

describe('navigation policy', () => {
  const app = 'file:///opt/Gatehouse/resources/app.asar/dist/renderer/index.html';
  it.each([
    ['file:///opt/Gatehouse/resources/app.asar/dist/renderer/index.html#/audit', true],
    ['file:///etc/passwd', false],
    ['https://evil.example/index.html', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('in-app %s → %s', (target, allowed) => expect(isInAppNavigation(target, app)).toBe(allowed));

  it.each([
    ['https://modelcontextprotocol.io/docs', true],
    ['http://example.com', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['vscode://extension/x', false],
    ['https://user:pass@example.com', false],
  ])('external %s → %s', (target, allowed) => expect(isSafeExternalLink(target)).toBe(allowed));
});

describe('control over IPC', () => {
  const handlers = {
    'approvals.list': async () => [],
    'servers.restart': async ({ name }: { name: string }) => {
      throw new GatehouseError('server_unknown', `No enabled server is called "${name}".`);
    },
    'servers.status': async () => {
      throw new Error('boom with a stack');
    },
  } as unknown as ControlHandlers;
  const appUrl = 'file:///app/index.html';
  const handle = createControlIpcHandler(createControlDispatch(handlers, 'desktop', silentLogger), (sender) =>
    isInAppNavigation(sender.url, appUrl),
  );

  it('answers the app window with the envelope', async () => {
    expect(await handle({ url: `${appUrl}#/approvals` }, 'approvals.list', {})).toEqual({
      ok: true,
      value: [],
    });
  });

  it('refuses a frame that is not the app', async () => {
    expect(await handle({ url: 'https://evil.example/' }, 'approvals.list', {})).toEqual({
      ok: false,
      error: { code: 'untrusted_sender', message: 'This window may not control Gatehouse.' },
    });
    expect((await handle(null, 'approvals.list', {})).ok).toBe(false);
  });

  it('refuses unknown methods and bad arguments with a sentence, and hides unexpected errors', async () => {
    expect(await handle({ url: appUrl }, 'secrets.read', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await handle({ url: appUrl }, 'servers.restart', { name: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_arguments' },
    });
    expect(await handle({ url: appUrl }, 'servers.restart', { name: 'x' })).toEqual({
      ok: false,
      error: { code: 'server_unknown', message: 'No enabled server is called "x".' },
    });
    expect(await handle({ url: appUrl }, 'servers.status', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Gatehouse could not complete servers.status.' },
    });
  });

  it('says the engine is not running when the channel to it is broken', async () => {
    const broken = createControlIpcHandler(
      () => Promise.reject(new Error('channel closed')),
      () => true,
    );
    expect(await broken({ url: appUrl }, 'approvals.list', {})).toEqual({
      ok: false,
      error: { code: 'engine_unavailable', message: 'The Gatehouse engine is not running.' },
    });
  });
});

describe('approval notifications', () => {
  it('notifies each request, opens the compact window on click, and ignores other events', async () => {
    const { notifyApprovals } = await import('../../../electron/main/approval-notifier.js');
    const { ControlEventHub } = await import('../../../shared/gateway/control/control-event-hub.js');
    const hub = new ControlEventHub(silentLogger);
    const shown: { title: string; body: string; onClick: () => void }[] = [];
    let opened = 0;
    const stop = notifyApprovals(
      hub,
      { show: (n) => shown.push(n) },
      { openCompactApprovals: () => opened++ },
    );
    const approval = {
      id: 'a1',
      client: 'cursor',
      sessionId: 's',
      server: 'github',
      tool: 'delete_repo',
      exposedTool: 'github__delete_repo',
      arguments: {},
      explanation: 'Needs approval by rule "destructive".',
      requestedAt: new Date().toISOString(),
      expiresAt: new Date().toISOString(),
    };
    hub.emit({ type: 'catalog.changed' });
    hub.emit({ type: 'approval.requested', approval });
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      title: 'cursor wants to run github__delete_repo',
      body: 'Needs approval by rule "destructive". Click to decide.',
    });
    shown[0]!.onClick();
    expect(opened).toBe(1);
    stop();
    hub.emit({ type: 'approval.requested', approval: { ...approval, id: 'a2' } });
    expect(shown).toHaveLength(1);
  });
});

describe('window security', () => {
  it('isolates, sandboxes and denies Node to every window; the CSP allows only the app itself', async () => {
    const { secureWebPreferences, APP_CONTENT_SECURITY_POLICY } =
      await import('../../../electron/main/window-security.js');
    expect(secureWebPreferences('/app/preload.js')).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(APP_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(APP_CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(APP_CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});
