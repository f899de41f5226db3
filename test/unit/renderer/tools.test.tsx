// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test } from 'vitest';
import type { AccessMatrix } from '../../../shared/contracts/tool-access.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

function matrix(): AccessMatrix {
  return {
    newTools: 'enabled',
    clients: ['cursor', 'claude'],
    tools: [
      {
        key: 'github/create_issue',
        server: 'github',
        tool: 'create_issue',
        exposedName: 'github__create_issue',
        risk: 'writes',
      },
      {
        key: 'github/list_issues',
        server: 'github',
        tool: 'list_issues',
        exposedName: 'github__list_issues',
        risk: 'read-only',
      },
      {
        key: 'fs/delete_file',
        server: 'fs',
        tool: 'delete_file',
        exposedName: 'fs__delete_file',
        risk: 'destructive',
      },
    ],
    enabled: {
      cursor: { 'github/create_issue': true, 'github/list_issues': true, 'fs/delete_file': false },
      claude: { 'github/create_issue': false, 'github/list_issues': true, 'fs/delete_file': false },
    },
  };
}

function transport(): FakeTransport {
  return new FakeTransport({
    'access.matrix': matrix,
    'access.set': () => matrix(),
    'access.setDefault': ({ newTools }) => ({ ...matrix(), newTools }),
  });
}

describe('Tools page', () => {
  test('a checkbox switches one tool for one client', async () => {
    const fake = transport();
    renderAt('#/tools', fake);

    const cell = await screen.findByRole('checkbox', { name: 'Allow github__create_issue for cursor' });
    expect((cell as HTMLInputElement).checked).toBe(true);
    await userEvent.click(cell);

    expect(fake.callsTo('access.set')).toEqual([
      { changes: [{ client: 'cursor', server: 'github', tool: 'create_issue', enabled: false }] },
    ]);
  });

  test('the server checkbox switches all its tools, and shows mixed state', async () => {
    const fake = transport();
    renderAt('#/tools', fake);

    const bulk = (await screen.findByRole('checkbox', {
      name: 'Allow all github tools for claude',
    })) as HTMLInputElement;
    expect(bulk.indeterminate).toBe(true);
    await userEvent.click(bulk);

    expect(fake.callsTo('access.set')).toEqual([
      { changes: [{ client: 'claude', server: 'github', enabled: true }] },
    ]);
  });

  test('the filter box and the risk filter hide rows that do not match', async () => {
    renderAt('#/tools', transport());
    await screen.findByRole('checkbox', { name: 'Allow fs__delete_file for cursor' });

    await userEvent.type(screen.getByLabelText('Filter'), 'issue');
    expect(screen.queryByRole('checkbox', { name: 'Allow fs__delete_file for cursor' })).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Allow github__list_issues for cursor' })).toBeTruthy();

    await userEvent.selectOptions(screen.getByLabelText('Risk'), 'writes');
    expect(screen.queryByRole('checkbox', { name: 'Allow github__list_issues for cursor' })).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Allow github__create_issue for cursor' })).toBeTruthy();

    await userEvent.clear(screen.getByLabelText('Filter'));
    await userEvent.type(screen.getByLabelText('Filter'), 'nothing-like-this');
    expect(screen.getByText('No tool matches this filter.')).toBeTruthy();
  });

  test('the default for tools found later is set with access.setDefault', async () => {
    const fake = transport();
    renderAt('#/tools', fake);
    await userEvent.selectOptions(await screen.findByLabelText('Tools found later'), 'disabled');
    expect(fake.callsTo('access.setDefault')).toEqual([{ newTools: 'disabled' }]);
  });
});
