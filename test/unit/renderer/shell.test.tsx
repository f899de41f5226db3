// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { GatehouseBridge } from '../../../shared/contracts/control-bridge.js';
import type { AuditHealth } from '../../../shared/contracts/audit.js';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';
import { HttpTransport } from '../../../renderer/src/api/http-transport.js';
import { IpcTransport } from '../../../renderer/src/api/ipc-transport.js';
import { pickTransport } from '../../../renderer/src/api/pick-transport.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  window.sessionStorage.clear();
  delete document.documentElement.dataset.theme;
});

function transport(): FakeTransport {
  return new FakeTransport({
    'approvals.list': () => [],
    'servers.list': () => [],
    'secrets.list': () => [],
    'clients.list': () => [],
  });
}

describe('App shell', () => {
  test('the sidebar links open pages by hash and focus their title', async () => {
    renderAt('#/servers', transport());
    expect(await screen.findByRole('heading', { level: 1, name: 'Servers' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Servers' }).getAttribute('aria-current')).toBe('page');

    await userEvent.click(screen.getByRole('link', { name: 'Clients' }));
    const title = await screen.findByRole('heading', { level: 1, name: 'Clients' });
    await waitFor(() => expect(document.activeElement).toBe(title));
    expect(screen.getByRole('link', { name: 'Clients' }).getAttribute('aria-current')).toBe('page');
  });

  test('an unknown address opens the Servers page', async () => {
    renderAt('#/nowhere', transport());
    expect(await screen.findByRole('heading', { level: 1, name: 'Servers' })).toBeTruthy();
  });

  test('a dropped connection is said, and the page reads again once it is back', async () => {
    const fake = transport();
    renderAt('#/clients', fake);
    await screen.findByText('No clients yet.');
    const reads = fake.callsTo('clients.list').length;

    act(() => fake.setConnection('reconnecting'));
    expect(screen.getByText(/Lost contact with the gateway/)).toBeTruthy();
    expect(screen.getByText('Reconnecting…')).toBeTruthy();

    act(() => fake.setConnection('connected'));
    expect(screen.queryByText(/Lost contact with the gateway/)).toBeNull();
    await waitFor(() => expect(fake.callsTo('clients.list').length).toBeGreaterThan(reads));
  });

  test('the theme toggle switches and remembers the theme', async () => {
    renderAt('#/servers', transport());
    await userEvent.click(await screen.findByRole('button', { name: 'Dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(window.localStorage.getItem('gatehouse.theme')).toBe('dark');
    expect(screen.getByRole('button', { name: 'Light theme' })).toBeTruthy();
  });

  test('a new approval is announced to screen readers', async () => {
    const fake = transport();
    renderAt('#/servers', fake);
    await screen.findByRole('heading', { level: 1, name: 'Servers' });
    const event: ControlEvent = {
      type: 'approval.requested',
      approval: {
        id: 'x',
        client: 'cursor',
        sessionId: 's',
        server: 'fs',
        tool: 'write_file',
        exposedTool: 'fs__write_file',
        arguments: {},
        explanation: 'Writes need approval.',
        requestedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
    };
    act(() => fake.emit(event));
    const live = document.querySelector('[aria-live="polite"]');
    expect(live?.textContent).toBe('Approval needed: cursor wants to run fs__write_file.');
    expect(screen.getByRole('link', { name: 'Approvals 1 pending' })).toBeTruthy();
  });
});

describe('audit banner', () => {
  test('says when the audit trail cannot be written, and goes once it catches up', async () => {
    const healthy: AuditHealth = {
      state: 'ok',
      policy: 'keep-serving',
      refusingCalls: false,
      backlog: { records: 0, bytes: 0, maxRecords: 10_000, maxBytes: 32 * 1024 * 1024 },
      notKept: 0,
      failingSince: null,
      message: null,
    };
    let audit = healthy;
    const fake = new FakeTransport({
      'approvals.list': () => [],
      'servers.list': () => [],
      'secrets.list': () => [],
      'gateway.state': () => ({ pausedSince: null, pendingApprovals: 0, audit }),
    });
    renderAt('#/servers', fake);
    await screen.findByRole('heading', { level: 1, name: 'Servers' });
    expect(screen.queryByText(/audit trail/)).toBeNull();

    audit = {
      ...healthy,
      state: 'behind',
      policy: 'refuse-calls',
      refusingCalls: true,
      backlog: { ...healthy.backlog, records: 12 },
      failingSince: new Date().toISOString(),
      message: 'The audit trail cannot be written (database or disk is full); 12 records are held in memory.',
    };
    act(() => fake.emit({ type: 'audit.health', health: audit }));
    const banner = (await screen.findByText(/^Tool calls are refused/)).parentElement!;
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toMatch(
      /^Tool calls are refused: the audit trail cannot be written\. The audit trail cannot be written \(database or disk is full\)/,
    );

    audit = healthy;
    act(() => fake.emit({ type: 'audit.health', health: audit }));
    await waitFor(() => expect(screen.queryByText(/audit trail/)).toBeNull());
  });
});

describe('pickTransport and IpcTransport', () => {
  test('uses the preload bridge when there is one', async () => {
    const listeners: ((event: ControlEvent) => void)[] = [];
    const bridge: GatehouseBridge = {
      call: async (method) =>
        method === 'clients.list'
          ? { ok: true, value: [{ name: 'a', createdAt: 'now' }] }
          : { ok: false, error: { code: 'nope', message: 'Refused.' } },
      onEvent: (listener) => {
        listeners.push(listener);
        return () => {};
      },
    } as GatehouseBridge;
    const transport = pickTransport({ gatehouse: bridge } as unknown as Window);
    expect(transport).toBeInstanceOf(IpcTransport);
    await expect(transport.call('clients.list', {})).resolves.toEqual([{ name: 'a', createdAt: 'now' }]);
    await expect(transport.call('clients.revoke', { name: 'a' })).rejects.toMatchObject({
      code: 'nope',
      message: 'Refused.',
    });
    const seen: ControlEvent[] = [];
    transport.subscribe((event) => seen.push(event));
    listeners.forEach((listener) => listener({ type: 'catalog.changed' }));
    expect(seen).toEqual([{ type: 'catalog.changed' }]);
  });

  test('uses HTTP with the token from the address otherwise', () => {
    window.history.replaceState(null, '', '/ui/#token=abc');
    const transport = pickTransport(window);
    expect(transport).toBeInstanceOf(HttpTransport);
    expect(window.location.hash).toBe('');
    expect(window.sessionStorage.getItem('gatehouse.adminToken')).toBe('abc');
  });
});
