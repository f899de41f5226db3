// @vitest-environment jsdom
/**
 * The first-run guide against a fake engine: servers are pre-ticked and credentials shown by
 * name only; the import sends the chosen servers with the preview's base; a connect refused
 * because the app rewrote its file shows the sentence and reads the preview again, and the
 * second try carries the fresh base.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { ImportPreview, SetupDetection } from '../../../shared/contracts/client-onboarding.js';
import type { ConfigChangePreview } from '../../../shared/contracts/client-setup.js';
import { ControlError } from '../../../renderer/src/api/control-error.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const CLAUDE = '/home/p/.config/Claude/claude_desktop_config.json';

const detection: SetupDetection = {
  clients: [
    {
      kind: 'claude-desktop',
      title: 'Claude Desktop',
      path: CLAUDE,
      installed: true,
      configExists: true,
      gatehouse: null,
      servers: [
        { name: 'github', transport: 'stdio', disabled: false, bypassesGatehouse: true },
        { name: 'notes', transport: 'stdio', disabled: false, bypassesGatehouse: true },
      ],
    },
    {
      kind: 'vscode',
      title: 'VS Code',
      path: '/home/p/.config/Code/User/mcp.json',
      installed: true,
      configExists: true,
      gatehouse: null,
      servers: [],
      problem: '/home/p/.config/Code/User/mcp.json is not valid JSON: a missing comma at line 5, column 3.',
    },
  ],
  drift: [],
  undoable: [],
};

function importPreview(servers: string[] | undefined): ImportPreview {
  const names = servers ?? ['github', 'notes'];
  return {
    kind: 'claude-desktop',
    path: CLAUDE,
    servers: names.map((name) => ({ name, outcome: 'import' })),
    credentials: names.includes('github')
      ? [
          {
            server: 'github',
            field: 'env',
            key: 'GITHUB_TOKEN',
            secretName: 'GITHUB_TOKEN',
            alreadyStored: false,
          },
        ]
      : [],
    removal: {
      kind: 'claude-desktop',
      action: 'remove-servers',
      path: CLAUDE,
      changed: true,
      createsFile: false,
      summary: [`Removes ${names.join(', ')}.`],
      diff: [],
      basedOn: 'base-1',
    },
  };
}

function connectPreview(basedOn: string): ConfigChangePreview {
  return {
    kind: 'claude-desktop',
    action: 'connect',
    path: CLAUDE,
    changed: true,
    createsFile: false,
    summary: [`Adds "gatehouse" (${basedOn}).`],
    diff: [{ op: 'added', text: '"gatehouse": {…}' }],
    basedOn,
  };
}

describe('the first-run guide', () => {
  test('imports the ticked servers, with the credential shown by name only', async () => {
    const transport = new FakeTransport({
      'setup.detect': () => detection,
      'setup.importPreview': ({ servers }) => importPreview(servers),
      'setup.import': ({ servers }) => ({
        kind: 'claude-desktop',
        path: CLAUDE,
        added: servers ?? [],
        duplicates: [],
        skipped: [],
        moved: [],
        removal: null,
      }),
    });
    renderAt('#/start/apps', transport);
    const card = await screen.findByRole('group', { name: 'Servers in Claude Desktop' });
    const credentials = await within(card).findByRole('list', { name: 'Credentials' });
    expect(credentials.textContent).toMatch(/env GITHUB_TOKEN = •+ → keychain as GITHUB_TOKEN/);
    expect(within(card).getByLabelText('hidden value').textContent).toMatch(/^•+$/);

    expect(screen.getByRole('note').textContent).toContain(
      'VS Code is left out: /home/p/.config/Code/User/mcp.json is not valid JSON',
    );
    await userEvent.click(within(card).getByRole('checkbox', { name: /notes/ }));
    await userEvent.click(await screen.findByRole('button', { name: 'Import 1 server' }));
    await screen.findByText(/Imported github/);
    expect(transport.callsTo('setup.import')).toEqual([
      { kind: 'claude-desktop', servers: ['github'], removeFromClient: true, basedOn: 'base-1' },
    ]);
  });

  test('a connect refused because the app rewrote its file shows why and previews again', async () => {
    let base = 'base-1';
    const transport = new FakeTransport({
      'setup.detect': () => detection,
      'setup.preview': () => connectPreview(base),
      'setup.connect': ({ basedOn }) => {
        if (basedOn !== base)
          throw new ControlError(
            'client_config_changed',
            `${CLAUDE} was changed by another program since the preview you saw, so Gatehouse did not write it.`,
          );
        return { ...connectPreview(base), backupPath: null, client: 'claude-desktop', rotatedToken: false };
      },
    });
    renderAt('#/start/connect', transport);
    await screen.findByText('Adds "gatehouse" (base-1).');
    base = 'base-2'; // Claude Desktop saves its file now.
    await userEvent.click(screen.getByRole('button', { name: 'Connect 1 app' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('changed by another program');
    expect(alert.textContent).toContain('The previews below were read again.');
    await screen.findByText('Adds "gatehouse" (base-2).');

    await userEvent.click(screen.getByRole('button', { name: 'Connect 1 app' }));
    await screen.findByText(/^Connected Claude Desktop:/);
    expect(transport.callsTo('setup.connect').map((call) => call.basedOn)).toEqual(['base-1', 'base-2']);
  });

  test('the live step lists calls as they arrive and can undo what the guide changed', async () => {
    sessionStorage.setItem('gatehouse.first-run.changes', JSON.stringify({ 'claude-desktop': 2 }));
    const transport = new FakeTransport({
      'setup.undo': ({ kind }) => ({
        kind,
        path: CLAUDE,
        undone: 'connect',
        outcome: 'original-bytes',
        message: `${CLAUDE} is back exactly as it was before Gatehouse changed it.`,
      }),
    });
    renderAt('#/start/live', transport);
    await screen.findByText('Waiting for the first call…');
    const call = { id: 'c1', client: 'claude-desktop', server: 'github', tool: 'search', startedAt: '' };
    transport.emit({ type: 'call.started', call });
    transport.emit({ type: 'call.finished', call: { ...call, outcome: 'ok', durationMs: 12 } });
    const table = await screen.findByRole('table', { name: 'Calls arriving' });
    await within(table).findByText('ok (12 ms)');

    await userEvent.click(screen.getByRole('button', { name: 'Undo the guide’s changes' }));
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(transport.callsTo('setup.undo')).toHaveLength(2));
  });
});
