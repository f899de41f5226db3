// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { ClientSummary, ConnectInstructions } from '../../../shared/contracts/client-record.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

const instructions: ConnectInstructions = {
  kind: 'cursor',
  title: 'Connect Cursor',
  steps: ['Open ~/.cursor/mcp.json', 'Paste the snippet'],
  file: '~/.cursor/mcp.json',
  snippet: {
    language: 'json',
    text: '{ "mcpServers": { "gatehouse": { "url": "http://127.0.0.1:4283/mcp" } } }',
  },
};

function transport(clients: ClientSummary[]): FakeTransport {
  return new FakeTransport({
    'clients.list': () => clients,
    'setup.detect': () => ({ clients: [], drift: [], undoable: [] }),
    'clients.add': ({ name }) => {
      clients.push({ name, createdAt: '2026-01-02T03:04:05.000Z' });
      return { name, token: 'gth_secret_once', instructions };
    },
    'clients.revoke': ({ name }) => ({ name }),
    'clients.instructions': ({ kind }) => ({ ...instructions, kind, title: `Connect ${kind}` }),
  });
}

describe('Clients page', () => {
  test('adding a client shows its token once, with a copy button and the connect snippet', async () => {
    const fake = transport([]);
    renderAt('#/clients', fake);
    expect(await screen.findByText('No clients yet.')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Name'), 'cursor-laptop');
    await userEvent.selectOptions(screen.getByLabelText('App'), 'cursor');
    await userEvent.click(screen.getByRole('button', { name: 'Create client' }));

    expect(fake.callsTo('clients.add')).toEqual([{ name: 'cursor-laptop', kind: 'cursor' }]);
    expect((await screen.findByLabelText('Token for cursor-laptop')).textContent).toBe('gth_secret_once');
    expect(screen.getByRole('button', { name: 'Copy token' })).toBeTruthy();
    expect(screen.getByLabelText('json snippet').textContent).toContain('127.0.0.1:4283/mcp');
    expect(await screen.findByRole('rowheader', { name: 'cursor-laptop' })).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Done, hide the token' }));
    expect(screen.queryByText('gth_secret_once')).toBeNull();
  });

  test('copying the token puts it on the clipboard', async () => {
    const user = userEvent.setup();
    renderAt('#/clients', transport([]));
    await user.type(await screen.findByLabelText('Name'), 'x1');
    await user.click(screen.getByRole('button', { name: 'Create client' }));
    await user.click(await screen.findByRole('button', { name: 'Copy token' }));
    expect(await navigator.clipboard.readText()).toBe('gth_secret_once');
    expect(screen.getByText('Copied.')).toBeTruthy();
  });

  test('a name the gateway would refuse is explained before sending', async () => {
    const fake = transport([]);
    renderAt('#/clients', fake);
    await userEvent.type(await screen.findByLabelText('Name'), 'has space');
    await userEvent.click(screen.getByRole('button', { name: 'Create client' }));
    expect(fake.callsTo('clients.add')).toEqual([]);
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  test('revoking asks first, then calls clients.revoke', async () => {
    const fake = transport([{ name: 'cursor', createdAt: '2026-01-01T00:00:00.000Z' }]);
    renderAt('#/clients', fake);

    await userEvent.click(await screen.findByRole('button', { name: 'Revoke cursor' }));
    const question = screen.getByRole('group', { name: /Revoke cursor\?/ });
    await userEvent.click(within(question).getByRole('button', { name: 'Revoke' }));

    expect(fake.callsTo('clients.revoke')).toEqual([{ name: 'cursor' }]);
  });

  test('how to connect shows the instructions for the app chosen', async () => {
    const fake = transport([{ name: 'cursor', createdAt: '2026-01-01T00:00:00.000Z' }]);
    renderAt('#/clients', fake);

    await userEvent.click(await screen.findByRole('button', { name: 'How to connect cursor' }));
    expect(await screen.findByRole('heading', { name: 'Connect claude-code' })).toBeTruthy();
    const row = screen.getByRole('heading', { name: 'Connect claude-code' }).closest('td') as HTMLElement;
    await userEvent.selectOptions(within(row).getByLabelText('App'), 'vscode');
    expect(await screen.findByRole('heading', { name: 'Connect vscode' })).toBeTruthy();
    expect(fake.callsTo('clients.instructions').at(-1)).toEqual({ name: 'cursor', kind: 'vscode' });
  });
});
