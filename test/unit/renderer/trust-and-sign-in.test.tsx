// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { PendingApproval } from '../../../shared/contracts/approvals.js';
import type { Grant } from '../../../shared/contracts/grants.js';
import type { UpstreamStatus } from '../../../shared/contracts/upstream-status.js';
import { conditionsFrom, parentFolder } from '../../../renderer/src/pages/approvals/grant-scope.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

function pending(): PendingApproval {
  const now = Date.now();
  return {
    id: 'a1',
    client: 'cursor',
    sessionId: 's1',
    server: 'files',
    tool: 'read_file',
    exposedTool: 'files__read_file',
    arguments: { path: '/home/a/projects/notes.md', head: 10, options: { deep: true } },
    argumentsDigest: '0123456789ab',
    explanation: 'Reads need approval.',
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 120_000).toISOString(),
  };
}

function grant(): Grant {
  return {
    id: 'grant-0123456789',
    client: 'cursor',
    server: 'files',
    tool: 'read_file',
    conditions: [],
    grantedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    grantedBy: 'admin',
    summary: 'cursor may call files/read_file without asking with any arguments.',
  };
}

describe('narrowing a grant on the approval card', () => {
  test('parentFolder and conditionsFrom', () => {
    expect(parentFolder('/home/a/projects/notes.md')).toBe('/home/a/projects');
    expect(parentFolder('/notes.md')).toBe('/');
    expect(parentFolder('C:\\Users\\a\\notes.md')).toBe('C:\\Users\\a');
    expect(parentFolder('C:\\notes.md')).toBe('C:\\');
    expect(
      conditionsFrom(pending(), {
        path: { kind: 'inside', folder: ' /home/a ' },
        head: { kind: 'exact' },
        gone: { kind: 'exact' },
      }),
    ).toEqual([
      { kind: 'path-prefix', argument: 'path', prefix: '/home/a' },
      { kind: 'exact', argument: 'head', value: 10 },
    ]);
  });

  test('shows the digest and a preview, and sends the chosen conditions with "Allow for"', async () => {
    const transport = new FakeTransport({
      'approvals.list': () => [pending()],
      'approvals.decide': ({ id }) => ({ ...pending(), id }),
      'grants.list': () => [],
    });
    renderAt('#/approvals', transport);
    const card = await screen.findByRole('article', { name: /cursor wants to run files__read_file/ });
    expect(within(card).getByText('0123456789ab')).toBeTruthy();
    // Only plain values can narrow a grant: the nested object is not offered.
    expect(within(card).queryByRole('combobox', { name: 'options' })).toBeNull();
    expect(
      within(card).getByText(
        /covers: cursor may call files\/read_file without asking with any arguments for 15 minutes\./,
      ),
    ).toBeTruthy();
    await userEvent.selectOptions(within(card).getByRole('combobox', { name: 'path' }), 'inside');
    expect((within(card).getByLabelText('Folder for path') as HTMLInputElement).value).toBe(
      '/home/a/projects',
    );
    expect(within(card).getByText(/when path is inside \/home\/a\/projects for 15 minutes\./)).toBeTruthy();
    await userEvent.click(within(card).getByRole('button', { name: 'Allow for 15 minutes' }));
    expect(transport.callsTo('approvals.decide')).toEqual([
      {
        id: 'a1',
        verdict: {
          kind: 'allow-for',
          minutes: 15,
          conditions: [{ kind: 'path-prefix', argument: 'path', prefix: '/home/a/projects' }],
        },
      },
    ]);
  });

  test('lists grants with their time left, and Revoke revokes', async () => {
    let grants = [grant()];
    const transport = new FakeTransport({
      'approvals.list': () => [],
      'grants.list': () => grants,
      'grants.revoke': ({ id }) => {
        grants = [];
        return { id, revoked: true };
      },
    });
    renderAt('#/approvals', transport);
    const table = await screen.findByRole('table', { name: 'Grants in force' });
    expect(within(table).getByText(grant().summary)).toBeTruthy();
    expect(within(table).getByText(/^(1:00:00|59:\d\d)$/)).toBeTruthy();
    await userEvent.click(within(table).getByRole('button', { name: 'Revoke grant-0123456789' }));
    expect(transport.callsTo('grants.revoke')).toEqual([{ id: 'grant-0123456789' }]);
    expect(await screen.findByText(/None\. “Allow for a while”/)).toBeTruthy();
  });
});

describe('signing in from the Servers page', () => {
  const status = (state: UpstreamStatus['state']): UpstreamStatus => ({
    name: 'notes',
    state,
    transport: 'streamable-http',
    toolCount: 0,
    promptCount: 0,
    resourceCount: 0,
    stderrTail: [],
    ...(state === 'needs-sign-in' ? { signIn: 'signed-out' as const } : {}),
  });

  test('Sign in opens the authorization page and follows the sign-in to its end', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const transport = new FakeTransport({
      'servers.list': () => [
        { name: 'notes', config: { url: 'https://notes.example/mcp' }, status: status('needs-sign-in') },
      ],
      'secrets.list': () => [],
      'servers.signIn': () => ({ authorizationUrl: 'https://auth.example/authorize?x=1' }),
    });
    renderAt('#/servers', transport);
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in to notes' }));
    expect(transport.callsTo('servers.signIn')).toEqual([{ name: 'notes' }]);
    expect(open).toHaveBeenCalledWith('https://auth.example/authorize?x=1', '_blank', 'noopener,noreferrer');
    const link = await screen.findByRole('link', { name: 'open the sign-in page' });
    expect(link.getAttribute('href')).toBe('https://auth.example/authorize?x=1');
    act(() =>
      transport.emit({
        type: 'server.signIn',
        progress: { server: 'notes', state: 'signed-in', message: 'Signed in to notes.' },
      }),
    );
    expect(await screen.findByText('Signed in to notes.')).toBeTruthy();
    open.mockRestore();
  });
});

describe('a pre-registered sign-in client', () => {
  test('the client secret goes to the keychain and config.json gets only a reference', async () => {
    const transport = new FakeTransport({
      'servers.list': () => [],
      'secrets.list': () => [],
      'secrets.set': ({ name }) => ({ name, restarted: [] }),
      'servers.save': ({ name }) => ({ name }),
    });
    renderAt('#/servers', transport);
    await userEvent.click(await screen.findByRole('button', { name: 'Add server' }));
    const form = screen.getByRole('form', { name: 'Add a server' });
    await userEvent.type(within(form).getByLabelText('Name'), 'corp-notes');
    await userEvent.click(within(form).getByLabelText('Remote server (URL)'));
    await userEvent.type(within(form).getByLabelText('URL'), 'https://notes.example/mcp');
    await userEvent.type(within(form).getByLabelText('Client ID'), 'gatehouse-desktop');
    const secret = within(form).getByLabelText('Client secret');
    expect(secret.getAttribute('type')).toBe('password');
    await userEvent.type(secret, 's3cret-value');
    await userEvent.click(within(form).getByRole('button', { name: 'Add server' }));

    expect(transport.callsTo('secrets.set')).toEqual([
      { name: 'CORP_NOTES_OAUTH_CLIENT_SECRET', value: 's3cret-value' },
    ]);
    expect(transport.callsTo('servers.save')).toEqual([
      {
        name: 'corp-notes',
        replace: false,
        config: {
          url: 'https://notes.example/mcp',
          oauth: { clientId: 'gatehouse-desktop', clientSecret: '${secret:CORP_NOTES_OAUTH_CLIENT_SECRET}' },
        },
      },
    ]);
    expect(JSON.stringify(transport.callsTo('servers.save'))).not.toContain('s3cret-value');
  });

  test('a client metadata URL must be https', async () => {
    const transport = new FakeTransport({ 'servers.list': () => [], 'secrets.list': () => [] });
    renderAt('#/servers', transport);
    await userEvent.click(await screen.findByRole('button', { name: 'Add server' }));
    const form = screen.getByRole('form', { name: 'Add a server' });
    await userEvent.type(within(form).getByLabelText('Name'), 'n');
    await userEvent.click(within(form).getByLabelText('Remote server (URL)'));
    await userEvent.type(within(form).getByLabelText('URL'), 'https://notes.example/mcp');
    await userEvent.type(
      within(form).getByLabelText('Client metadata URL'),
      'http://plain.example/client.json',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Add server' }));
    expect(within(form).getByRole('alert').textContent).toContain('Sign-in client: must be an https:// URL');
  });
});
