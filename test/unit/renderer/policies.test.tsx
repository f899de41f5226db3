// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { PolicySet } from '../../../shared/contracts/policy.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

function policies(): PolicySet {
  return {
    defaultAction: 'allow',
    approvalTimeoutSeconds: 120,
    rules: [
      { id: 'deny-rm', action: 'deny', match: { tools: ['delete_*'] } },
      { id: 'ask-writes', action: 'approve', match: { annotations: { readOnlyHint: false } } },
    ],
  };
}

function transport(): FakeTransport {
  return new FakeTransport({
    'policy.get': policies,
    'policy.validate': () => ({ ok: false, problems: ['rule ask-writes: never matches'] }),
    'policy.dryRun': () => ({
      checked: 40,
      changed: 1,
      calls: [
        {
          seq: 7,
          time: '2026-01-01T00:00:00.000Z',
          client: 'cursor',
          server: 'fs',
          tool: 'write_file',
          before: { action: 'allow' },
          after: { action: 'approve', ruleId: 'ask-writes', explanation: 'Writes need approval.' },
          changed: true,
        },
      ],
    }),
    'policy.set': ({ policies: set }) => ({ ...policies(), ...set }) as PolicySet,
  });
}

function editor(): HTMLTextAreaElement {
  return screen.getByLabelText(/Policy \(JSON\)/) as HTMLTextAreaElement;
}

describe('Policies page', () => {
  test('moving a rule down reorders the draft, and Save sends the new order', async () => {
    const fake = transport();
    renderAt('#/policies', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Move deny-rm down' }));

    const order = within(screen.getByRole('list', { name: 'Rules in order' }))
      .getAllByRole('listitem')
      .map((item) => item.querySelector('code')?.textContent);
    expect(order).toEqual(['ask-writes', 'deny-rm']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move deny-rm up' }));

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const sent = fake.callsTo('policy.set')[0]?.policies;
    expect(sent?.rules?.map((rule) => rule.id)).toEqual(['ask-writes', 'deny-rm']);
    expect(await screen.findByText('Saved. 2 rules apply now.')).toBeTruthy();
  });

  test('Validate lists the problems the gateway finds', async () => {
    const fake = transport();
    renderAt('#/policies', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Validate' }));
    expect((await screen.findByRole('alert')).textContent).toContain('rule ask-writes: never matches');
    expect(fake.callsTo('policy.validate')[0]?.policies).toEqual(policies());
  });

  test('text that is not JSON is reported without calling the gateway', async () => {
    const fake = transport();
    renderAt('#/policies', fake);
    await screen.findByRole('button', { name: 'Validate' });
    fireEvent.change(editor(), { target: { value: '{ "rules": [' } });
    await userEvent.click(screen.getByRole('button', { name: 'Validate' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This is not valid JSON');
    expect(fake.callsTo('policy.validate')).toEqual([]);
  });

  test('a schema problem names the rule', async () => {
    renderAt('#/policies', transport());
    await screen.findByRole('button', { name: 'Validate' });
    const broken = { ...policies(), rules: [{ id: 'bad', action: 'explode' }] };
    fireEvent.change(editor(), { target: { value: JSON.stringify(broken) } });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/rule 1 \(bad\) → action/);
  });

  test('Dry run shows checked and changed counts and the changed calls', async () => {
    const fake = transport();
    renderAt('#/policies', fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Dry run' }));
    expect(await screen.findByText(/Checked 40 recent calls: 1 would be decided differently/)).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Calls decided differently' });
    expect(within(table).getByText('fs/write_file')).toBeTruthy();
    expect(fake.callsTo('policy.dryRun')[0]).toMatchObject({ last: 500 });
  });
});
