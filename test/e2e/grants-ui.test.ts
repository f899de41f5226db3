/**
 * Approvals a person can trust, in real Chromium against `gatehouse serve` with the real
 * filesystem server: the card shows exactly which call it is (client, server, tool, arguments,
 * digest) and what "Allow for" will cover before it is given; a grant narrowed to a folder lets
 * exactly the calls inside it through (not a look-alike folder, not a `..` escape), the audit
 * names the grant, and revoking it on the Approvals page takes effect on the next call.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AuditPage } from '../../shared/contracts/audit.js';
import { startServedGateway, waitFor, type ServedGateway } from '../integration/harness.js';
import { launchChromium, screenshot } from './browser.js';

const root = resolve(import.meta.dirname, '../..');
const files = realpathSync(mkdtempSync(join(tmpdir(), 'gatehouse-grants-ui-')));
const projects = join(files, 'projects');
mkdirSync(projects);
mkdirSync(join(files, 'projects-evil'));
writeFileSync(join(projects, 'a.txt'), 'inside the granted folder');
writeFileSync(join(files, 'projects-evil', 'b.txt'), 'look-alike folder');

let served: ServedGateway;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await startServedGateway(
    {
      mcpServers: {
        files: {
          command: process.execPath,
          args: [join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), files],
        },
      },
      policies: { rules: [{ id: 'ask-reads', action: 'approve', match: { tools: ['read_text_file'] } }] },
    },
    'files__read_text_file',
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(served.serve.uiUrl!);
  await page.getByRole('link', { name: 'Approvals', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  rmSync(files, { recursive: true, force: true });
});

const read = (path: string) => served.client.callTool({ name: 'files__read_text_file', arguments: { path } });
const card = () => page.getByRole('article', { name: /agent wants to run files__read_text_file/ });

/** Resolves with the call's result, or fails if it is still waiting (for a person) after `ms`. */
async function answeredWithin<T>(call: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    call,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
    ),
  ]);
}

/** Denies the one card on the page and returns the refused result. */
async function denyOnCard(call: ReturnType<typeof read>) {
  await card().waitFor({ timeout: 10_000 });
  await card().getByRole('button', { name: 'Deny', exact: true }).click();
  const result = await call;
  expect(result.isError).toBe(true);
  await card().waitFor({ state: 'detached' });
}

describe('narrowed grants from the Approvals page', () => {
  let grantId = '';

  it('the card shows the call exactly and what the grant will cover, before it is given', async () => {
    const first = read(join(projects, 'a.txt'));
    await card().waitFor({ timeout: 10_000 });
    const facts = card().locator('dl.facts');
    await facts.getByText('agent', { exact: true }).waitFor();
    await facts.getByText('files (tool read_text_file)').waitFor();
    await card().getByText(join(projects, 'a.txt')).first().waitFor();
    expect(await card().locator('code.digest').textContent()).toMatch(/^[0-9a-f]{12}$/);

    await card().getByRole('combobox', { name: 'path' }).selectOption('inside');
    await expect(card().getByLabel('Folder for path').inputValue()).resolves.toBe(projects);
    await card()
      .getByText(
        `“Allow for” covers: agent may call files/read_text_file without asking when path is inside ${projects} for 15 minutes.`,
      )
      .waitFor();
    await screenshot(page, 'grants-approval-card');

    await card().getByRole('button', { name: 'Allow for 15 minutes' }).click();
    expect(JSON.stringify((await first).content)).toContain('inside the granted folder');

    const grants = page.getByRole('table', { name: 'Grants in force' });
    await grants
      .getByText(`agent may call files/read_text_file without asking when path is inside ${projects}.`)
      .waitFor();
    expect(await grants.locator('time').textContent()).toMatch(/^1[45]:\d\d$/);
    grantId = (await grants.locator('tbody th code').textContent())!;
    expect(grantId).toMatch(/^grant-[0-9a-f]{10}$/);
    await screenshot(page, 'grants-in-force');
  }, 60_000);

  it('lets a covered call through without asking, and the audit names the grant', async () => {
    const result = await answeredWithin(read(join(projects, 'a.txt')), 10_000);
    expect(result.isError).toBeFalsy();
    expect(await served.pendingIds()).toEqual([]);
    await waitFor(
      async () => {
        const page = JSON.parse(
          (await served.run('audit', 'query', '--tool', 'read_text_file', '--json')).stdout,
        ) as AuditPage;
        return page.records.some(
          (record) => record.ruleId === grantId && record.decision === 'allow' && record.outcome === 'ok',
        );
      },
      15_000,
      'an audit record naming the grant',
    );
  }, 30_000);

  it.each([
    ['a look-alike folder', () => join(files, 'projects-evil', 'b.txt')],
    ['a ".." escape', () => `${projects}/../projects-evil/b.txt`],
    ['the folder of the folder', () => files],
  ])(
    'asks again for %s',
    async (_what, path) => {
      await denyOnCard(read(path()));
    },
    30_000,
  );

  it('revoking it in the UI takes effect on the next call', async () => {
    await page.getByRole('button', { name: `Revoke ${grantId}` }).click();
    await page.getByRole('table', { name: 'Grants in force' }).waitFor({ state: 'detached' });
    await page.getByText('None. “Allow for a while” on an approval gives one').waitFor();
    const next = read(join(projects, 'a.txt'));
    await card().waitFor({ timeout: 10_000 });
    await screenshot(page, 'grants-revoked-asks-again');
    await card().getByRole('button', { name: 'Allow once' }).click();
    expect((await next).isError).toBeFalsy();
  }, 30_000);
});
