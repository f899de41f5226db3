// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { ImportPreview, SetupDetection } from '../../../shared/contracts/client-onboarding.js';
import type { ConfigChangePreview, DetectedClient } from '../../../shared/contracts/client-setup.js';
import { ControlError } from '../../../renderer/src/api/control-error.js';
import { FakeTransport, type Handlers } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

const CURSOR_PATH = '/home/p/.cursor/mcp.json';
const URL_HERE = 'http://127.0.0.1:4283/mcp';

function client(overrides: Partial<DetectedClient> & Pick<DetectedClient, 'kind' | 'title'>): DetectedClient {
  return {
    path: `/home/p/${overrides.kind}.json`,
    installed: true,
    configExists: true,
    gatehouse: null,
    servers: [],
    ...overrides,
  };
}

const detection: SetupDetection = {
  clients: [
    client({
      kind: 'cursor',
      title: 'Cursor',
      path: CURSOR_PATH,
      servers: [{ name: 'linear', transport: 'http', disabled: false, bypassesGatehouse: true }],
    }),
    client({
      kind: 'vscode',
      title: 'VS Code',
      problem: '/home/p/.config/Code/User/mcp.json is not valid JSON: a missing comma at line 5, column 3.',
    }),
    client({
      kind: 'windsurf',
      title: 'Windsurf',
      gatehouse: { url: URL_HERE, pointsAtThisGateway: true },
      servers: [{ name: 'sneaky', transport: 'http', disabled: false, bypassesGatehouse: true }],
    }),
    client({
      kind: 'claude-desktop',
      title: 'Claude Desktop',
      gatehouse: { url: 'http://127.0.0.1:9000/mcp', pointsAtThisGateway: false },
    }),
    client({ kind: 'codex', title: 'Codex', installed: false, configExists: false }),
  ],
  drift: [
    {
      type: 'bypass',
      kind: 'windsurf',
      path: '/home/p/windsurf.json',
      server: 'sneaky',
      message: 'Windsurf reaches "sneaky" directly (/home/p/windsurf.json), past Gatehouse.',
    },
  ],
  undoable: [{ kind: 'windsurf', action: 'connect', at: '2026-01-02T03:04:05.000Z' }],
};

const connectPreview: ConfigChangePreview = {
  kind: 'cursor',
  action: 'connect',
  path: CURSOR_PATH,
  changed: true,
  createsFile: false,
  summary: [`Adds a "gatehouse" entry for ${URL_HERE} to ${CURSOR_PATH}.`],
  diff: [
    { op: 'context', text: '  "mcpServers": {' },
    { op: 'added', text: '    "gatehouse": { "url": "http://127.0.0.1:4283/mcp" },' },
  ],
};

const importPreview: ImportPreview = {
  kind: 'cursor',
  path: CURSOR_PATH,
  servers: [
    { name: 'linear', outcome: 'import' },
    { name: 'mem', outcome: 'duplicate', sameAs: 'memory' },
  ],
  credentials: [
    {
      server: 'linear',
      field: 'headers',
      key: 'Authorization',
      secretName: 'LINEAR_AUTHORIZATION',
      alreadyStored: false,
    },
  ],
  removal: {
    kind: 'cursor',
    action: 'remove-servers',
    path: CURSOR_PATH,
    changed: true,
    createsFile: false,
    summary: [`Removes "linear", "mem" from ${CURSOR_PATH}.`],
    diff: [{ op: 'removed', text: '    "linear": { "url": "https://mcp.linear.app/mcp" },' }],
  },
};

function transport(overrides: Handlers = {}): FakeTransport {
  return new FakeTransport({
    'clients.list': () => [],
    'setup.detect': () => detection,
    'setup.preview': () => connectPreview,
    'setup.connect': () => ({
      ...connectPreview,
      backupPath: '/data/client-backups/cursor/1.bak',
      client: 'cursor',
      rotatedToken: false,
    }),
    'setup.undo': () => ({
      kind: 'windsurf',
      path: '/home/p/windsurf.json',
      undone: 'connect',
      outcome: 'original-bytes',
      message: '/home/p/windsurf.json is back exactly as it was before Gatehouse changed it.',
    }),
    'setup.importPreview': () => importPreview,
    'setup.import': ({ removeFromClient }) => ({
      kind: 'cursor',
      path: CURSOR_PATH,
      added: ['linear'],
      duplicates: [{ name: 'mem', sameAs: 'memory' }],
      skipped: [],
      moved: importPreview.credentials,
      removal: removeFromClient ? { ...importPreview.removal!, backupPath: '/data/b.bak' } : null,
    }),
    ...overrides,
  });
}

/** The section, and the table row of one app in it. */
async function appRow(title: string): Promise<HTMLElement> {
  const header = await screen.findByRole('rowheader', { name: title });
  return header.closest('tr') as HTMLElement;
}

describe('Connect your apps', () => {
  test('lists every app with its status, config file, problems and drift', async () => {
    renderAt('#/clients', transport());
    expect(await screen.findByRole('heading', { name: 'Connect your apps' })).toBeTruthy();

    const cursor = await appRow('Cursor');
    expect(within(cursor).getByText('Not connected')).toBeTruthy();
    expect(within(cursor).getByText(CURSOR_PATH)).toBeTruthy();
    expect(screen.getByText('Reaches linear directly, not through Gatehouse.')).toBeTruthy();

    expect(within(await appRow('Windsurf')).getByText('Connected')).toBeTruthy();
    expect(within(await appRow('Claude Desktop')).getByText('Points elsewhere')).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/Windsurf reaches "sneaky" directly/);
    expect(screen.getByText(/is not valid JSON: a missing comma at line 5/)).toBeTruthy();

    // A file Gatehouse cannot read is never offered for writing; an app not installed cannot be connected.
    expect(within(await appRow('VS Code')).queryByRole('button', { name: 'Connect VS Code' })).toBeNull();
    const codex = await appRow('Codex');
    expect(within(codex).getByText('Not installed')).toBeTruthy();
    expect(within(codex).queryByRole('button', { name: 'Connect Codex' })).toBeNull();
  });

  test('connect shows the change first and writes only on Apply', async () => {
    const fake = transport();
    renderAt('#/clients', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Connect Cursor' }));

    const panel = await screen.findByRole('region', { name: 'Connect Cursor' });
    expect(await within(panel).findByText(connectPreview.summary[0]!)).toBeTruthy();
    const diff = within(panel).getByLabelText(`Changes to ${CURSOR_PATH}`);
    expect(diff.querySelector('.diff-added')?.textContent).toBe(`+ ${connectPreview.diff[1]!.text}\n`);
    expect(fake.callsTo('setup.preview')).toEqual([{ kind: 'cursor', action: 'connect' }]);
    expect(fake.callsTo('setup.connect')).toEqual([]);

    const detectsBefore = fake.callsTo('setup.detect').length;
    await userEvent.click(within(panel).getByRole('button', { name: 'Apply' }));
    expect(await within(panel).findByText('Connected Cursor.')).toBeTruthy();
    expect(within(panel).getByText(/The original is kept in \/data\/client-backups/)).toBeTruthy();
    expect(fake.callsTo('setup.connect')).toEqual([{ kind: 'cursor' }]);
    expect(fake.callsTo('setup.detect').length).toBeGreaterThan(detectsBefore);
  });

  test('a connect that fails says why and claims nothing', async () => {
    renderAt(
      '#/clients',
      transport({
        'setup.connect': () => {
          throw new ControlError('client_config_invalid', 'The file changed and is no longer valid JSON.');
        },
      }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Connect Cursor' }));
    const panel = await screen.findByRole('region', { name: 'Connect Cursor' });
    await within(panel).findByText(connectPreview.summary[0]!);
    await userEvent.click(within(panel).getByRole('button', { name: 'Apply' }));
    expect((await within(panel).findByRole('alert')).textContent).toMatch(/no longer valid JSON/);
    expect(within(panel).queryByText('Connected Cursor.')).toBeNull();
  });

  test('nothing to apply when the app is connected already', async () => {
    renderAt(
      '#/clients',
      transport({ 'setup.preview': () => ({ ...connectPreview, changed: false, diff: [] }) }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Connect Cursor' }));
    const panel = await screen.findByRole('region', { name: 'Connect Cursor' });
    await within(panel).findByText(connectPreview.summary[0]!);
    expect((within(panel).getByRole('button', { name: 'Apply' }) as HTMLButtonElement).disabled).toBe(true);
  });

  test('import lists servers, duplicates and credentials by name, and can remove them from the app', async () => {
    const fake = transport();
    renderAt('#/clients', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Import servers from Cursor' }));
    const panel = await screen.findByRole('region', { name: 'Import servers from Cursor' });

    const found = await within(panel).findByRole('list', { name: 'Servers found' });
    expect(found.textContent).toContain('linear: will be imported');
    expect(found.textContent).toContain('mem: Gatehouse runs it already as “memory”');
    expect(within(panel).getByText(/1 credential in plain text will move into the/)).toBeTruthy();
    expect(within(panel).getByRole('list', { name: 'Credentials to move' }).textContent).toContain(
      'LINEAR_AUTHORIZATION',
    );

    expect(within(panel).queryByLabelText(`Changes to ${CURSOR_PATH}`)).toBeNull();
    await userEvent.click(
      within(panel).getByLabelText('Remove them from Cursor so all its traffic goes through Gatehouse'),
    );
    expect(within(panel).getByLabelText(`Changes to ${CURSOR_PATH}`).textContent).toContain('- ');

    await userEvent.click(within(panel).getByRole('button', { name: 'Import' }));
    expect(await within(panel).findByText('Imported linear.')).toBeTruthy();
    expect(within(panel).getByText('Moved LINEAR_AUTHORIZATION into the keychain.')).toBeTruthy();
    expect(fake.callsTo('setup.import')).toEqual([{ kind: 'cursor', removeFromClient: true }]);
  });

  test('undo asks first, then reverses the last change', async () => {
    const fake = transport();
    renderAt('#/clients', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Undo the last change to Windsurf' }));
    const question = screen.getByRole('group', {
      name: /Undo Gatehouse’s last change to Windsurf \(connect\)\?/,
    });
    expect(fake.callsTo('setup.undo')).toEqual([]);
    await userEvent.click(within(question).getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText(/back exactly as it was/)).toBeTruthy();
    expect(fake.callsTo('setup.undo')).toEqual([{ kind: 'windsurf' }]);
  });
});
