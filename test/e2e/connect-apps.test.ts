/**
 * One-click client setup in real Chromium against a real `gatehouse serve` whose home folder is a
 * temporary one holding a Cursor config: the Clients page finds Cursor, previews the change,
 * writes it on Apply (comments and the other server kept), and the token it wrote works.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, startServe, type ServeProcess } from '../integration/harness.js';
import { launchChromium, screenshot } from './browser.js';

const home = mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-setup-ui-'));
const cursorFile = join(home, '.cursor', 'mcp.json');
const ORIGINAL = `{
  // servers Cursor talks to directly
  "mcpServers": {
    "weather": { "command": "npx", "args": ["-y", "weather-mcp"] },
  },
}
`;

let serve: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(join(home, '.cursor'));
  writeFileSync(cursorFile, ORIGINAL);
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ mcpServers: {} }));
  serve = await startServe(dataDir, { HOME: home, USERPROFILE: home });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(serve.uiUrl!);
  await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('connect your apps in the browser', () => {
  it('finds Cursor with its bypassing server, previews, applies, and the written token works', async () => {
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await page.getByRole('heading', { name: 'Connect your apps' }).waitFor();
    await page.getByText('weather').first().waitFor();
    await page.getByRole('button', { name: 'Connect Cursor' }).click();
    await page.getByRole('button', { name: 'Apply' }).waitFor();
    await screenshot(page, 'connect-apps-preview');
    expect(readFileSync(cursorFile, 'utf8')).toBe(ORIGINAL);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Connected', { exact: true }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'connect-apps');

    const written = readFileSync(cursorFile, 'utf8');
    expect(written).toContain('// servers Cursor talks to directly');
    expect(written).toContain('"weather"');
    const token = /Bearer ([A-Za-z0-9_-]+)/.exec(written)?.[1];
    expect(token).toBeDefined();
    const client = await connectClient(serve.url, token!);
    await client.listTools();
    await client.close();
  }, 60_000);
});
