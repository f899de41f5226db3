/**
 * Tool integrity and the pause switch in real Chromium against a real `gatehouse serve`: a server
 * changes a tool between connections, the Tools page shows it for review live, accepting it gives
 * the client the tool back; pausing from the sidebar refuses calls until resumed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServedGateway, waitFor, type ServedGateway } from '../integration/harness.js';
import { launchChromium, screenshot } from './browser.js';

const root = resolve(import.meta.dirname, '../..');
const toolsDir = mkdtempSync(join(tmpdir(), 'gatehouse-review-'));
const toolsFile = join(toolsDir, 'tools.json');
const writeLookup = (description: string) =>
  writeFileSync(
    toolsFile,
    JSON.stringify([{ name: 'lookup', description, annotations: { readOnlyHint: true } }]),
  );

let env: ServedGateway;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  writeLookup('Looks up a word in the dictionary.');
  env = await startServedGateway(
    {
      mcpServers: {
        dictionary: {
          command: process.execPath,
          args: ['--import', 'tsx', join(root, 'test/fixtures/shifting-tools-server.ts')],
          env: { SHIFTING_TOOLS_FILE: toolsFile },
        },
      },
    },
    'dictionary__lookup',
  );
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(env.serve.uiUrl!);
  await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await env?.stop();
  rmSync(toolsDir, { recursive: true, force: true });
});

const listed = async () => (await env.client.listTools()).tools.map((tool) => tool.name);

describe('tool review and pause in the browser', () => {
  it('shows a changed tool side by side, live, and accepting it returns it to the client', async () => {
    await page.getByRole('link', { name: 'Tools', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tools' }).waitFor();
    writeLookup('Looks up a word in the dictionary, with its etymology.');
    expect((await env.run('server', 'restart', 'dictionary')).code).toBe(0);
    await page.getByRole('heading', { name: 'Waiting for your review (1)' }).waitFor({ timeout: 15_000 });
    await page.getByText('changed since approved').waitFor();
    await page.getByText('with its etymology').first().waitFor();
    expect(await listed()).not.toContain('dictionary__lookup');
    await screenshot(page, 'tool-review');
    await page.getByRole('button', { name: 'Accept the change' }).click();
    await page.getByRole('heading', { name: /Waiting for your review/ }).waitFor({ state: 'detached' });
    await waitFor(async () => (await listed()).includes('dictionary__lookup'), 10_000, 'the accepted tool');
  }, 60_000);

  it('pauses every tool call from the sidebar and resumes from the banner', async () => {
    await page.getByRole('button', { name: 'Pause all tool calls' }).click();
    await page.getByRole('button', { name: 'Resume tool calls' }).waitFor();
    await screenshot(page, 'paused');
    const refused = await env.client.callTool({ name: 'dictionary__lookup', arguments: { text: 'x' } });
    expect(JSON.stringify(refused.content)).toContain('All tool calls are paused');
    await page.getByRole('button', { name: 'Resume tool calls' }).click();
    await page.getByRole('button', { name: 'Pause all tool calls' }).waitFor();
    const allowed = await env.client.callTool({ name: 'dictionary__lookup', arguments: { text: 'x' } });
    expect(allowed.content).toEqual([{ type: 'text', text: 'lookup: x' }]);
  }, 60_000);
});
