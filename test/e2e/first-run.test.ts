/**
 * The first run, in real Chromium against a real `gatehouse serve` that starts on an empty data
 * folder, with a temporary home holding Cursor's and Claude Desktop's configs as people have
 * them (Claude Desktop's with an API key in plain text). Everything is done by clicking: import
 * the apps' servers (the key moves into the real keyring), connect both apps, then an SDK client
 * using the token written into Cursor's file calls a tool, and the call shows up live. Undo puts
 * both files back byte for byte. Clicks are counted; no step runs or shows a terminal command.
 * Needs a keychain: run inside test/keychain/with-keyring.sh. Screenshots: test-results/ui/first-run-*.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Browser, Locator, Page } from 'playwright-core';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import {
  connectClient,
  servers,
  startServe,
  waitForTool,
  type ServeProcess,
} from '../integration/harness.js';
import { isolatedKeychainService, requireKeychain } from '../keychain/keychain-session.js';
import { launchChromium, screenshot } from './browser.js';

const API_KEY = 'sk-live-7f3a9c1e5b2d8f4a6c0e9b1d';
const service = isolatedKeychainService();
const keychain = new KeytarSecretStore({ service });
const root = mkdtempSync(join(tmpdir(), 'gatehouse-first-run-'));
const home = join(root, 'home');
const dataDir = join(root, 'data');
const cursorPath = join(home, '.cursor', 'mcp.json');
const claudePath = join(home, '.config', 'Claude', 'claude_desktop_config.json');

/** Cursor's global file: a comment, a trailing comma, a local server. */
const CURSOR_FILE = `{
  // Servers for every project
  "mcpServers": {
    "memory": {
      "command": ${JSON.stringify(servers.memory.command)},
      "args": ${JSON.stringify(servers.memory.args)}
    },
  },
}
`;

/** Claude Desktop's file as its Settings → Developer → Edit Config leaves it: a key in plain text. */
const CLAUDE_FILE = `{
  "mcpServers": {
    "everything": {
      "command": ${JSON.stringify(servers.everything.command)},
      "args": ${JSON.stringify(servers.everything.args)},
      "env": {
        "EVERYTHING_API_KEY": "${API_KEY}"
      }
    }
  },
  "globalShortcut": "Ctrl+Space"
}
`;

const homeEnv: NodeJS.ProcessEnv = {
  HOME: home,
  USERPROFILE: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  CODEX_HOME: undefined,
  CLAUDE_CONFIG_DIR: undefined,
  GATEHOUSE_PROJECT_DIR: join(home, 'no-project'),
};

/** Words that would mean the person is sent to a terminal. */
const TERMINAL_HINTS = /gatehouse (server|clients|secret|setup) |\bterminal\b|\bnpx\b|\$ /i;

let serve: ServeProcess;
let browser: Browser;
let page: Page;
let clicks = 0;
let sdk: Client | undefined;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Clicks like a person, counting. */
async function click(target: Locator): Promise<void> {
  clicks += 1;
  await target.click();
}

/**
 * What the page tells the person must never send them to a terminal. The previewed file contents
 * (the diff blocks) are left out: Claude Desktop's entry itself names the command it starts.
 */
async function expectNoTerminalStep(): Promise<void> {
  const text = await page.locator('main').evaluate((main) => {
    const copy = main.cloneNode(true) as typeof main;
    for (const block of copy.querySelectorAll('pre')) block.remove();
    return copy.textContent ?? '';
  });
  expect(text).not.toMatch(TERMINAL_HINTS);
}

/** Every file under `folder` whose bytes contain `needle`. */
function filesHolding(folder: string, needle: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const path = join(folder, name);
    if (statSync(path).isFile() && readFileSync(path).includes(needle)) found.push(path);
  }
  return found;
}

beforeAll(async () => {
  await requireKeychain(keychain);
  write(cursorPath, CURSOR_FILE);
  write(claudePath, CLAUDE_FILE);
  // An empty data folder: the first run starts from nothing.
  mkdirSync(dataDir);
  serve = await startServe(dataDir, homeEnv);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(serve.uiUrl!);
  await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
}, 60_000);

afterAll(async () => {
  await sdk?.close().catch(() => {});
  await browser?.close();
  await serve?.stop();
  for (const account of await keychain.accounts().catch(() => [])) await keychain.delete(account);
  rmSync(root, { recursive: true, force: true });
});

describe('the first run, from an empty data folder, all in the window', () => {
  it('offers the import on the empty Servers page instead of a terminal command', async () => {
    await page.getByText('No servers yet.').waitFor();
    await screenshot(page, 'first-run-0-empty-servers');
    await expectNoTerminalStep();
    await click(page.getByRole('link', { name: 'Import from your apps' }));
    await page.getByRole('heading', { level: 1, name: 'Get started' }).waitFor();
  });

  it('shows each app’s servers with the key masked, and imports them with the key moved into the keyring', async () => {
    const claude = page.getByRole('group', { name: 'Servers in Claude Desktop' });
    const cursor = page.getByRole('group', { name: 'Servers in Cursor' });
    await claude.getByText('EVERYTHING_API_KEY').first().waitFor();
    await cursor.getByRole('checkbox').first().waitFor();
    await expect.poll(() => cursor.getByRole('checkbox').first().isChecked()).toBe(true);
    expect(await page.locator('main').innerText()).not.toContain(API_KEY);
    await screenshot(page, 'first-run-1-apps');
    await expectNoTerminalStep();

    await click(page.getByRole('button', { name: 'Import 2 servers' }));
    await page.getByText('Moved EVERYTHING_API_KEY into the keychain.').waitFor({ timeout: 20_000 });
    await screenshot(page, 'first-run-2-imported');

    expect(await keychain.get('EVERYTHING_API_KEY')).toBe(API_KEY);
    // The key left Claude Desktop's file, and config.json refers to the keychain instead.
    expect(readFileSync(claudePath, 'utf8')).not.toContain(API_KEY);
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toContain('${secret:EVERYTHING_API_KEY}');
  }, 60_000);

  it('connects both apps after showing each change, and the token in Cursor’s file works', async () => {
    await click(page.getByRole('button', { name: 'Next: connect your apps' }));
    await page.getByRole('heading', { name: 'Connect your apps to Gatehouse' }).waitFor();
    await page.locator('pre.config-diff').nth(1).waitFor();
    await screenshot(page, 'first-run-3-connect-preview');
    await expectNoTerminalStep();
    await click(page.getByRole('button', { name: 'Connect 2 apps' }));
    await page.getByText(/^Connected Cursor:/).waitFor({ timeout: 20_000 });
    await page.getByText(/^Connected Claude Desktop:/).waitFor();
    await screenshot(page, 'first-run-4-connected');

    await click(page.getByRole('button', { name: 'Next: watch it work' }));
    await page.getByText('Waiting for the first call…').waitFor();
    await screenshot(page, 'first-run-5-waiting');

    const cursorEntry = (
      parseJsonc(readFileSync(cursorPath, 'utf8')) as {
        mcpServers: Record<string, { url: string; headers: Record<string, string> }>;
      }
    ).mcpServers.gatehouse!;
    expect(cursorEntry.url).toBe(serve.url.href);
    const token = cursorEntry.headers.Authorization!.replace(/^Bearer /, '');
    sdk = await connectClient(serve.url, token);
    await waitForTool(sdk, 'everything__echo');
    const echoed = await sdk.callTool({ name: 'everything__echo', arguments: { message: 'first call' } });
    expect(JSON.stringify(echoed.content)).toContain('first call');

    const live = page.getByRole('table', { name: 'Calls arriving' });
    await live.getByRole('row', { name: /cursor.*everything.*echo/ }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'first-run-6-first-call');

    // The moved key is in the keyring only: in no app file, not in config.json, and not in the
    // undo backups either (they are sealed with a key the keyring holds).
    expect([...filesHolding(home, API_KEY), ...filesHolding(dataDir, API_KEY)]).toEqual([]);
    // Five clicks from the empty Servers page to a working client, and not one terminal command.
    expect(clicks).toBe(5);
  }, 90_000);

  it('undo puts both apps’ files back byte for byte', async () => {
    await click(page.getByRole('button', { name: 'Undo the guide’s changes' }));
    await click(page.getByRole('button', { name: 'Undo', exact: true }));
    await page
      .getByText(/back exactly as it was/)
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(page, 'first-run-7-undone');
    expect(readFileSync(cursorPath, 'utf8')).toBe(CURSOR_FILE);
    expect(readFileSync(claudePath, 'utf8')).toBe(CLAUDE_FILE);
    expect(clicks).toBe(7);
  }, 60_000);

  it('refuses to write over a file the app saved after the preview, and previews it again', async () => {
    await page.goto(`${serve.uiUrl!.split('#')[0]}#/start/connect`);
    await page.getByRole('heading', { name: 'Connect your apps to Gatehouse' }).waitFor();
    await page.getByRole('group', { name: 'Connect Claude Desktop' }).getByRole('checkbox').uncheck();
    const cursorGroup = page.getByRole('group', { name: 'Connect Cursor' });
    await cursorGroup.locator('pre.config-diff').waitFor();
    // Cursor saves its file while the person reads the preview: a server added in its settings.
    const savedByCursor = CURSOR_FILE.replace(
      '"mcpServers": {',
      '"mcpServers": {\n    "docs": { "url": "https://docs.example.com/mcp" },',
    );
    writeFileSync(cursorPath, savedByCursor);
    await page.getByRole('button', { name: 'Connect 1 app' }).click();
    await page
      .getByRole('alert')
      .getByText(/changed by another program since the preview/)
      .waitFor();
    await page.getByText(/The previews below were read again/).waitFor();
    await cursorGroup.locator('pre.config-diff').waitFor();
    await screenshot(page, 'first-run-8-changed-meanwhile');
    expect(readFileSync(cursorPath, 'utf8')).toBe(savedByCursor);

    await page.getByRole('button', { name: 'Connect 1 app' }).click();
    await page.getByText(/^Connected Cursor:/).waitFor({ timeout: 20_000 });
    const written = readFileSync(cursorPath, 'utf8');
    expect(written).toContain('"docs"');
    expect(written).toContain('"gatehouse"');
  }, 60_000);
});
