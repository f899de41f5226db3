/**
 * The context budget in real Chromium against a real `gatehouse serve` with real servers from
 * npm: the Tools page shows the client's tokens and tool count against Cursor's limit with a
 * suggestion, and switching to search mode there changes what the client lists.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServedGateway, waitFor, type ServedGateway } from '../integration/harness.js';
import { retrievalServers, scratchDir } from '../fixtures/retrieval/retrieval-servers.js';
import { launchChromium, screenshot } from './browser.js';

const scratch = scratchDir();
let env: ServedGateway;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const wanted = new Set(['everything', 'memory', 'github', 'notion']);
  const mcpServers = Object.fromEntries(
    retrievalServers(scratch)
      .filter((server) => wanted.has(server.name))
      .map((server) => [
        server.name,
        { command: process.execPath, args: server.args, env: server.env ?? {} },
      ]),
  );
  env = await startServedGateway({ mcpServers }, 'notion__API-get-self');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(env.serve.uiUrl!);
  await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const listed = async () => (await env.client.listTools()).tools.map((tool) => tool.name);

describe('context budget in the browser', () => {
  it('shows what the catalog costs, against the app limit, and switches to search mode', async () => {
    const usable = (await listed()).length;
    expect(usable).toBeGreaterThan(40);
    await page.getByRole('link', { name: 'Tools', exact: true }).click();
    await page.getByRole('heading', { name: 'Context budget' }).waitFor();
    const row = page
      .getByRole('table', { name: 'Tokens and tools per client' })
      .getByRole('row', { name: /agent/ });
    await row.getByText(`${usable} listed of ${usable}`).waitFor();
    await page
      .getByText(/o200k_base BPE/)
      .first()
      .waitFor();

    await page.getByLabel('App of agent').selectOption('cursor');
    await row.getByText('limit 40: over').waitFor();
    await page
      .getByRole('note')
      .getByText(/Consider search mode for agent/)
      .waitFor();
    await row.getByText('By server').click();
    await page
      .getByRole('list', { name: 'Tokens by server for agent' })
      .getByText(/github: [\d,]+ \(26 tools\)/)
      .waitFor();
    await screenshot(page, 'context-budget-full');
    expect((await listed()).length).toBe(usable);

    await page.getByLabel('Catalog mode of agent').selectOption('search');
    await row.getByText(`2 listed of ${usable}`).waitFor();
    await row.getByText('limit 40', { exact: true }).waitFor();
    await waitFor(async () => (await listed()).length === 2, 10_000, 'the search-mode list');
    expect(await listed()).toEqual(['gatehouse_search_tools', 'gatehouse_call_tool']);

    await row.getByText('Always visible (0)').click();
    await row.getByRole('checkbox', { name: 'memory__read_graph' }).click();
    await row.getByText('Always visible (1)').waitFor();
    await waitFor(async () => (await listed()).includes('memory__read_graph'), 10_000, 'the pinned tool');
    await screenshot(page, 'context-budget-search');
  }, 90_000);
});
