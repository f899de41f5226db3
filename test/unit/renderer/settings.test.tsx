// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { Settings } from '../../../shared/contracts/config.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

const settings: Settings = {
  namespacing: 'always',
  host: '127.0.0.1',
  port: 4283,
  maxRequestBytes: 4_194_304,
  upstreamRequestTimeoutMs: 300_000,
  auditFailure: 'keep-serving',
  auditBacklogRecords: 10_000,
  auditBacklogMB: 32,
  flowGuard: { enabled: true, minMatchLength: 80, memoryMB: 16, memoryMinutes: 60 },
};

function transport(): FakeTransport {
  return new FakeTransport({
    'settings.get': () => settings,
    'settings.update': ({ settings: change }) => ({
      settings: { ...settings, ...change } as Settings,
      restartNeeded: 'port' in change || 'host' in change,
    }),
  });
}

describe('Settings page', () => {
  test('sends only what changed and says when a restart is needed', async () => {
    const fake = transport();
    renderAt('#/settings', fake);
    const port = await screen.findByLabelText('Port');
    await userEvent.clear(port);
    await userEvent.type(port, '5000');
    await userEvent.type(screen.getByLabelText('Keep audit records for (days)'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(fake.callsTo('settings.update')).toEqual([{ settings: { port: 5000, auditMaxAgeDays: 30 } }]);
    expect(await screen.findByText(/Restart Gatehouse for the new host or port/)).toBeTruthy();
  });

  test('a value out of range is explained beside its field', async () => {
    const fake = transport();
    renderAt('#/settings', fake);
    const records = await screen.findByLabelText('Keep at most (audit records)');
    await userEvent.type(records, '10');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(fake.callsTo('settings.update')).toEqual([]);
    expect(records.getAttribute('aria-invalid')).toBe('true');
  });

  test('chooses what happens when the audit trail cannot be written', async () => {
    const fake = transport();
    renderAt('#/settings', fake);
    await userEvent.selectOptions(
      await screen.findByLabelText('When the audit trail cannot be written'),
      'refuse-calls',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(fake.callsTo('settings.update')).toEqual([{ settings: { auditFailure: 'refuse-calls' } }]);
  });

  test('sets the data-flow guard, and explains a minimum length out of range', async () => {
    const fake = transport();
    renderAt('#/settings', fake);
    const length = await screen.findByLabelText('Shortest copied text that counts (characters)');
    await userEvent.clear(length);
    await userEvent.type(length, '10');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(fake.callsTo('settings.update')).toEqual([]);
    expect(length.getAttribute('aria-invalid')).toBe('true');

    await userEvent.clear(length);
    await userEvent.type(length, '120');
    const minutes = screen.getByLabelText('Remember results for (minutes)');
    await userEvent.clear(minutes);
    await userEvent.type(minutes, '15');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(fake.callsTo('settings.update')).toEqual([
      { settings: { flowGuard: { enabled: true, minMatchLength: 120, memoryMB: 16, memoryMinutes: 15 } } },
    ]);
  });
});
