// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { CatalogBudget, ClientBudget } from '../../../shared/contracts/catalog-budget.js';
import type { AccessMatrix } from '../../../shared/contracts/tool-access.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

const matrix: AccessMatrix = {
  newTools: 'enabled',
  clients: ['cursor'],
  tools: [
    {
      key: 'github/create_issue',
      server: 'github',
      tool: 'create_issue',
      exposedName: 'github__create_issue',
      risk: 'writes',
      signs: [],
    },
  ],
  enabled: { cursor: { 'github/create_issue': true } },
};

function client(overrides: Partial<ClientBudget> = {}): ClientBudget {
  return {
    client: 'cursor',
    kind: 'cursor',
    mode: 'full',
    trimmed: false,
    pinned: [],
    toolCount: 178,
    listedCount: 178,
    tokens: { current: 41_000, full: 41_000, trimmed: 22_000, search: 520, searchAnswer: 1_150 },
    servers: [{ server: 'github', tools: 26, tokens: 6_000 }],
    limit: { maxTools: 40, note: 'Cursor sends only the first 40 tools.' },
    suggestion: "Consider search mode for cursor: 178 tools is past this app's limit of 40.",
    ...overrides,
  };
}

function transport(first: ClientBudget): FakeTransport {
  let current: CatalogBudget = { tokenizer: 'o200k_base BPE', clients: [first] };
  return new FakeTransport({
    'tools.held': () => [],
    'access.matrix': () => matrix,
    'catalog.budget': () => current,
    'catalog.configure': (change) => {
      const mode = change.mode ?? current.clients[0]!.mode;
      current = {
        ...current,
        clients: [
          client({
            mode,
            pinned: change.pinned ?? current.clients[0]!.pinned,
            listedCount: mode === 'search' ? 2 + (change.pinned?.length ?? 0) : 178,
            tokens: { ...first.tokens, current: mode === 'search' ? 520 : 41_000 },
            ...(mode === 'search' ? { suggestion: undefined } : {}),
          }),
        ],
      };
      return current;
    },
  });
}

describe('context budget on the Tools page', () => {
  test("shows tokens, the limit, the tokenizer and a suggestion; switching is the person's", async () => {
    const fake = transport(client());
    renderAt('#/tools', fake);
    const table = await screen.findByRole('table', { name: 'Tokens and tools per client' });
    const row = within(table).getByRole('row', { name: /cursor/ });
    expect(row.textContent).toContain('41,000');
    expect(row.textContent).toContain('limit 40: over');
    expect(screen.getByText(/o200k_base BPE/)).toBeTruthy();
    expect(screen.getByRole('note').textContent).toMatch(/Consider search mode/);
    expect(fake.callsTo('catalog.configure')).toEqual([]);

    await userEvent.selectOptions(screen.getByLabelText('Catalog mode of cursor'), 'search');
    expect(fake.callsTo('catalog.configure')).toEqual([{ client: 'cursor', mode: 'search' }]);
    expect((await screen.findByText('2 listed of 178')).textContent).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.getByText('limit 40')).toBeTruthy();

    await userEvent.click(screen.getByText('Always visible (0)'));
    await userEvent.click(screen.getByRole('checkbox', { name: 'github__create_issue' }));
    expect(fake.callsTo('catalog.configure').at(-1)).toEqual({
      client: 'cursor',
      pinned: ['github/create_issue'],
    });
  });

  test('the trimmed switch and the app kind go to the gateway', async () => {
    const fake = transport(client());
    renderAt('#/tools', fake);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'trimmed' }));
    expect(fake.callsTo('catalog.configure')).toEqual([{ client: 'cursor', trimmed: true }]);
    await userEvent.selectOptions(screen.getByLabelText('App of cursor'), 'vscode');
    expect(fake.callsTo('catalog.configure').at(-1)).toEqual({ client: 'cursor', kind: 'vscode' });
  });
});
