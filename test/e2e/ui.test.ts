/**
 * The React UI in real Chromium against a real `gatehouse serve` with a real upstream
 * (server-everything) and a real SDK client making calls. Screenshots of every page land in
 * test-results/ui/.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { servers, startServedGateway, waitFor, type ServeProcess } from '../integration/harness.js';
import { launchChromium, screenshot } from './browser.js';

let dataDir: string;
let serve: ServeProcess;
let client: Client;
let browser: Browser;
let page: Page;
let uiUrl: string;

beforeAll(async () => {
  ({ dataDir, serve, client } = await startServedGateway(
    {
      mcpServers: { everything: servers.everything },
      policies: { rules: [{ id: 'ask-for-sums', action: 'approve', match: { tools: ['get-sum'] } }] },
    },
    'everything__get-sum',
  ));
  uiUrl = serve.uiUrl!;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await client?.close().catch(() => {});
  await serve?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('the UI against a served gateway', () => {
  it('opens with the token from the printed URL and shows the server', async () => {
    await page.goto(uiUrl);
    await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
    await page.getByText('everything').first().waitFor();
    await page.getByText('Running').first().waitFor();
    // The token left the address bar.
    expect(page.url()).not.toContain('token=');
    await screenshot(page, 'servers');
  }, 30_000);

  it('turning a tool off for a client removes it from that client’s tools/list', async () => {
    let listChanged = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++);
    await openPage('Tools');
    const echo = page.getByRole('checkbox', { name: 'Allow everything__echo for agent' });
    await expect(echo.isChecked()).resolves.toBe(true);
    await echo.click();
    await waitFor(() => listChanged > 0, 10_000, 'tools/list_changed');
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('everything__echo');
    expect(names).toContain('everything__get-sum');
    await screenshot(page, 'tools');
  }, 30_000);

  it('a call that needs approval appears live; Allow returns the result, Deny the refusal', async () => {
    await openPage('Approvals');
    const allowed = client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3 } });
    await page.getByRole('button', { name: 'Allow once' }).waitFor({ timeout: 10_000 });
    await page.getByText('ask-for-sums').first().waitFor();
    await screenshot(page, 'approvals');
    await page.getByRole('button', { name: 'Allow once' }).click();
    const result = await allowed;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('5');

    const denied = client.callTool({ name: 'everything__get-sum', arguments: { a: 40, b: 2 } });
    await page.getByRole('button', { name: 'Deny', exact: true }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Deny', exact: true }).click();
    const refusal = await denied;
    expect(refusal.isError).toBe(true);
    expect(JSON.stringify(refusal.content)).toMatch(/denied|refused/i);
  }, 60_000);

  it('the compact approval view shows the oldest pending call', async () => {
    const compact = await browser.newPage({ viewport: { width: 360, height: 480 } });
    // The token is kept per tab: the popup gets it from its own URL, then switches to its view.
    await compact.goto(uiUrl);
    await compact.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
    await compact.evaluate("location.hash = '#/compact'");
    const waiting = client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 1 } });
    await compact.getByRole('button', { name: 'Allow once' }).waitFor({ timeout: 10_000 });
    await screenshot(compact, 'approvals-compact');
    await compact.getByRole('button', { name: 'Allow once' }).click();
    expect((await waiting).isError).toBeFalsy();
    await compact.close();
  }, 30_000);

  it('the Audit page shows both decisions and filters them', async () => {
    await openPage('Audit');
    const table = page.getByRole('table', { name: 'Audit records' });
    await table.getByText('get-sum').first().waitFor();
    await expect(table.getByText('denied').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(table.getByText('ok').count()).resolves.toBeGreaterThanOrEqual(1);
    await screenshot(page, 'audit');
    await page.getByLabel('Outcome').selectOption('denied');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Both at once: while the filtered page loads the table is briefly empty, which has no `ok` either.
    await waitFor(
      async () =>
        (await table.getByText('ok', { exact: true }).count()) === 0 &&
        (await table.getByText('denied').count()) >= 1,
      10_000,
      'filtered rows',
    );
    await screenshot(page, 'audit-filtered');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSONL' }).click();
    const file = await (await download).createReadStream();
    let text = '';
    for await (const chunk of file) text += (chunk as Buffer).toString('utf8');
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { outcome: string; hash: string });
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records.every((record) => record.outcome === 'denied' && /^[0-9a-f]{64}$/.test(record.hash))).toBe(
      true,
    );
    await page.getByText(`Exported ${records.length} record`).waitFor();
  }, 30_000);

  it('every other page renders (screenshots for people to look at)', async () => {
    for (const name of ['Clients', 'Policies', 'Settings']) {
      await openPage(name);
      await screenshot(page, name.toLowerCase());
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    await openPage('Servers');
    await screenshot(page, 'servers-dark');
  }, 30_000);

  it('a wrong admin token is refused with an explanation', async () => {
    const stranger = await browser.newPage();
    await stranger.goto(uiUrl.replace(/token=[^&]+/, 'token=wrong'));
    await stranger
      .getByText(/gatehouse serve/)
      .first()
      .waitFor({ timeout: 10_000 });
    await screenshot(stranger, 'wrong-token');
    await stranger.close();
  }, 30_000);
});
