// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { PendingApproval } from '../../../shared/contracts/approvals.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

function pending(overrides: Partial<PendingApproval> = {}): PendingApproval {
  const now = Date.now();
  return {
    id: 'a1',
    client: 'cursor',
    sessionId: 's1',
    server: 'github',
    tool: 'create_issue',
    exposedTool: 'github__create_issue',
    arguments: { title: 'Bug', labels: ['p1'] },
    ruleId: 'ask-writes',
    explanation: 'Writes to GitHub need your approval.',
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 120_000).toISOString(),
    ...overrides,
  };
}

function transportWith(initial: PendingApproval[] = []): FakeTransport {
  return new FakeTransport({
    'approvals.list': () => initial,
    'approvals.decide': ({ id }) => ({ ...pending(), id }),
  });
}

describe('Approvals page', () => {
  test('shows an approval as soon as its event arrives, and Allow once sends that verdict', async () => {
    const transport = transportWith();
    renderAt('#/approvals', transport);
    expect(await screen.findByText('Nothing is waiting for you.')).toBeTruthy();

    act(() => transport.emit({ type: 'approval.requested', approval: pending() }));

    const card = await screen.findByRole('article', { name: /cursor wants to run github__create_issue/ });
    expect(within(card).getByText(/Writes to GitHub need your approval/)).toBeTruthy();
    expect(within(card).getByLabelText('Arguments for github__create_issue').textContent).toContain(
      '"title": "Bug"',
    );
    expect(within(card).getByText(/Expires in [12]:\d\d/)).toBeTruthy();
    expect(screen.getByRole('link', { name: /Approvals 1 pending/ })).toBeTruthy();

    await userEvent.click(within(card).getByRole('button', { name: 'Allow once' }));

    expect(transport.callsTo('approvals.decide')).toEqual([{ id: 'a1', verdict: { kind: 'allow-once' } }]);
    expect(await screen.findByText('Nothing is waiting for you.')).toBeTruthy();
  });

  test('Deny sends the reason typed beside it', async () => {
    const transport = transportWith([pending()]);
    renderAt('#/approvals', transport);
    const card = await screen.findByRole('article', { name: /cursor wants to run/ });

    await userEvent.type(within(card).getByLabelText('Reason for denying (optional)'), 'not today');
    await userEvent.click(within(card).getByRole('button', { name: 'Deny' }));

    expect(transport.callsTo('approvals.decide')).toEqual([
      { id: 'a1', verdict: { kind: 'deny', reason: 'not today' } },
    ]);
  });

  test('Allow for N minutes uses the number typed', async () => {
    const transport = transportWith([pending()]);
    renderAt('#/approvals', transport);
    const card = await screen.findByRole('article', { name: /cursor wants to run/ });

    const minutes = within(card).getByLabelText('Minutes to allow');
    await userEvent.clear(minutes);
    await userEvent.type(minutes, '30');
    await userEvent.click(within(card).getByRole('button', { name: 'Allow for 30 minutes' }));

    expect(transport.callsTo('approvals.decide')).toEqual([
      { id: 'a1', verdict: { kind: 'allow-for', minutes: 30 } },
    ]);
  });

  test('an approval decided elsewhere disappears', async () => {
    const approval = pending();
    const transport = transportWith([approval]);
    renderAt('#/approvals', transport);
    await screen.findByRole('article', { name: /cursor wants to run/ });

    act(() =>
      transport.emit({
        type: 'approval.decided',
        approval,
        outcome: { kind: 'timeout', approved: false, waitedMs: 120_000 },
      }),
    );

    expect(await screen.findByText('Nothing is waiting for you.')).toBeTruthy();
  });

  test('a refusal from the gateway is shown in words', async () => {
    const transport = transportWith([pending()]);
    transport.handlers['approvals.decide'] = () => {
      throw new (class extends Error {
        readonly code = 'not_found';
      })('That approval has already been decided.');
    };
    renderAt('#/approvals', transport);
    const card = await screen.findByRole('article', { name: /cursor wants to run/ });
    await userEvent.click(within(card).getByRole('button', { name: 'Always allow' }));
    expect((await within(card).findByRole('alert')).textContent).toContain('already been decided');
  });
});

describe('Compact approval view', () => {
  test('shows only the oldest approval and how many more wait', async () => {
    const now = Date.now();
    const transport = transportWith([
      pending({ id: 'new', client: 'claude', requestedAt: new Date(now).toISOString() }),
      pending({ id: 'old', client: 'cursor', requestedAt: new Date(now - 5000).toISOString() }),
    ]);
    renderAt('#/compact', transport);

    expect(await screen.findByRole('article', { name: /cursor wants to run/ })).toBeTruthy();
    expect(screen.queryByRole('article', { name: /claude wants to run/ })).toBeNull();
    expect(screen.getByText(/1 more waiting/)).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Allow once' }));
    expect(transport.callsTo('approvals.decide')).toEqual([{ id: 'old', verdict: { kind: 'allow-once' } }]);
    expect(await screen.findByRole('article', { name: /claude wants to run/ })).toBeTruthy();
  });
});
