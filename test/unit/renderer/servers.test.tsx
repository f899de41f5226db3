// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import { HIDDEN_VALUE, type ControlResult } from '../../../shared/contracts/control-api.js';
import type { UpstreamStatus } from '../../../shared/contracts/upstream-status.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

function status(overrides: Partial<UpstreamStatus>): UpstreamStatus {
  return {
    name: 'github',
    state: 'ready',
    transport: 'stdio',
    toolCount: 2,
    promptCount: 0,
    resourceCount: 0,
    stderrTail: [],
    ...overrides,
  };
}

function servers(): ControlResult<'servers.list'> {
  return [
    {
      name: 'github',
      config: {
        command: 'npx',
        args: ['-y', 'gh-mcp'],
        env: { GITHUB_TOKEN: HIDDEN_VALUE, MODE: 'fast' },
        extra: 1,
      },
      status: status({
        state: 'needs-secret',
        message: 'needs secret GITHUB_TOKEN',
        missingSecrets: ['GITHUB_TOKEN'],
        stderrTail: ['starting', 'waiting for token'],
        toolCount: 0,
      }),
    },
  ];
}

function transport(): FakeTransport {
  return new FakeTransport({
    'servers.list': servers,
    'servers.tools': () => [
      {
        key: 'github/create_issue',
        server: 'github',
        tool: 'create_issue',
        exposedName: 'github__create_issue',
        risk: 'writes',
        signs: [],
      },
    ],
    'servers.save': ({ name }) => ({ name }),
    'servers.remove': ({ name }) => ({ name }),
    'secrets.list': () => [{ name: 'GITHUB_TOKEN', stored: false, usedBy: ['github'] }],
    'secrets.set': ({ name }) => ({ name, restarted: ['github'] }),
  });
}

describe('Servers page', () => {
  test('shows each server with its state and why it waits', async () => {
    renderAt('#/servers', transport());
    const row = (await screen.findByRole('rowheader', { name: 'github' })).closest('tr') as HTMLElement;
    expect(within(row).getByText('Needs a secret')).toBeTruthy();
    expect(within(row).getByText('needs secret GITHUB_TOKEN')).toBeTruthy();
  });

  test('a status event updates the row without reading the list again', async () => {
    const fake = transport();
    renderAt('#/servers', fake);
    await screen.findByText('Needs a secret');
    const reads = fake.callsTo('servers.list').length;

    act(() =>
      fake.emit({
        type: 'server.status',
        status: status({ toolCount: 7, protocol: { era: 'modern', version: '2026-07-28', detected: true } }),
      }),
    );

    expect(await screen.findByText('Running')).toBeTruthy();
    // The era Gatehouse found the server speaks, and how it knows.
    expect(screen.getByText('2026-07-28 (detected)')).toBeTruthy();
    expect(fake.callsTo('servers.list')).toHaveLength(reads);
  });

  test('details show the stderr tail and the tools with their risk', async () => {
    renderAt('#/servers', transport());
    await userEvent.click(await screen.findByRole('button', { name: 'Details of github' }));
    expect(screen.getByLabelText('Recent output of github').textContent).toBe('starting\nwaiting for token');
    const tools = await screen.findByRole('table', { name: 'Tools of github' });
    expect(within(tools).getByText('github__create_issue')).toBeTruthy();
    expect(within(tools).getByText('writes')).toBeTruthy();
  });

  test('editing keeps hidden values hidden unless retyped, and keeps unknown keys', async () => {
    const fake = transport();
    renderAt('#/servers', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit github' }));
    const form = screen.getByRole('form', { name: 'Edit github' });

    const modeValue = within(form).getByLabelText('Value of MODE');
    await userEvent.clear(modeValue);
    await userEvent.type(modeValue, 'slow');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(fake.callsTo('servers.save')).toEqual([
      {
        name: 'github',
        replace: true,
        config: {
          command: 'npx',
          args: ['-y', 'gh-mcp'],
          env: { GITHUB_TOKEN: HIDDEN_VALUE, MODE: 'slow' },
          extra: 1,
        },
      },
    ]);
  });

  test('adding a remote server sends its URL and headers', async () => {
    const fake = transport();
    renderAt('#/servers', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Add server' }));
    const form = screen.getByRole('form', { name: 'Add a server' });
    await userEvent.type(within(form).getByLabelText('Name'), 'remote1');
    await userEvent.click(within(form).getByLabelText('Remote server (URL)'));
    await userEvent.type(within(form).getByLabelText('URL'), 'ftp://nope');
    await userEvent.click(within(form).getByRole('button', { name: 'Add server' }));
    expect(within(form).getByRole('alert').textContent).toContain('URL: must be an http:// or https:// URL');
    expect(fake.callsTo('servers.save')).toEqual([]);

    await userEvent.clear(within(form).getByLabelText('URL'));
    await userEvent.type(within(form).getByLabelText('URL'), 'https://mcp.example.com/mcp');
    await userEvent.click(within(form).getByRole('button', { name: 'Add header' }));
    await userEvent.type(within(form).getByLabelText('Header (Headers 1)'), 'Authorization');
    await userEvent.type(within(form).getByLabelText('Value of Authorization'), 'Bearer ${{secret:TOKEN}');
    await userEvent.click(within(form).getByRole('button', { name: 'Add server' }));

    expect(fake.callsTo('servers.save')).toEqual([
      {
        name: 'remote1',
        replace: false,
        config: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${secret:TOKEN}' } },
      },
    ]);
  });

  test('removing asks first', async () => {
    const fake = transport();
    renderAt('#/servers', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove github' }));
    await userEvent.click(
      within(screen.getByRole('group', { name: /Remove github\?/ })).getByRole('button', { name: 'Remove' }),
    );
    expect(fake.callsTo('servers.remove')).toEqual([{ name: 'github' }]);
  });

  test('a secret is set from a password field and its value is not shown back', async () => {
    const fake = transport();
    renderAt('#/servers', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Set GITHUB_TOKEN' }));
    const form = screen.getByRole('form', { name: 'Set a secret' });
    const value = within(form).getByLabelText('Value');
    expect(value.getAttribute('type')).toBe('password');
    await userEvent.type(value, 'ghp_supersecret');
    await userEvent.click(within(form).getByRole('button', { name: 'Save secret' }));

    expect(fake.callsTo('secrets.set')).toEqual([{ name: 'GITHUB_TOKEN', value: 'ghp_supersecret' }]);
    expect(await screen.findByText('Saved GITHUB_TOKEN. Restarted: github.')).toBeTruthy();
    expect((value as HTMLInputElement).value).toBe('');
    expect(document.body.textContent).not.toContain('ghp_supersecret');
  });
});
