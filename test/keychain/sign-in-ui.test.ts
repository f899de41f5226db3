/**
 * Sign-in from the window, end to end: real Chromium drives the UI of a real `gatehouse serve`
 * whose remote server is protected by the OAuth test server (test/fixtures). Clicking "Sign in"
 * opens the authorization page in a new tab (played by Chromium: the test server approves at once
 * and redirects to Gatehouse's loopback listener), and the row turns ready with its tools listed,
 * no terminal involved. "Sign out" revokes the tokens at the authorization server (RFC 7009).
 * Tokens live in the real keychain: run under test/keychain/with-keyring.sh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import { oauthAccount } from '../../shared/gateway/secrets/secret-store.js';
import { startOAuthProtectedServer, type OAuthProtectedServer } from '../fixtures/oauth-protected-server.js';
import { startServedGateway, waitFor, waitForTool, type ServedGateway } from '../integration/harness.js';
import { launchChromium, screenshot } from '../e2e/browser.js';
import { isolatedKeychainService, requireKeychain } from './keychain-session.js';

const service = isolatedKeychainService();
const store = new KeytarSecretStore({ service });
let oauthServer: OAuthProtectedServer;
let served: ServedGateway;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await requireKeychain(store);
  oauthServer = await startOAuthProtectedServer();
  served = await startServedGateway({ mcpServers: { notes: { url: oauthServer.mcpUrl } } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await oauthServer?.close();
  await store.delete(oauthAccount('notes')).catch(() => false);
});

const row = () =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'notes', exact: true }) });

describe('signing in from the window', () => {
  it('the row says the server needs sign-in, with the button that does it', async () => {
    await page.goto(served.serve.uiUrl!);
    await page.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
    await row().getByText('Needs sign-in').waitFor({ timeout: 20_000 });
    await row().getByText('Sign in to let Gatehouse use its tools.').waitFor();
    await screenshot(page, 'sign-in-needed');
    expect(oauthServer.stats().registrations).toBe(0);
  }, 40_000);

  it('Sign in → the authorization page in a new tab → ready, tools listed', async () => {
    const popup = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in to notes' }).click();
    const tab = await popup;
    // The test server approves at once: the tab lands on Gatehouse's loopback page.
    await tab
      .getByText('Signed in. You can close this tab and return to Gatehouse.')
      .waitFor({ timeout: 20_000 });
    expect(tab.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    await screenshot(tab, 'sign-in-browser-tab');
    await tab.close();

    await row().getByText('Running').waitFor({ timeout: 20_000 });
    await page.getByText('Signed in to notes.').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Details of notes' }).click();
    const tools = page.getByRole('table', { name: 'Tools of notes' });
    await tools.getByText('notes__whoami').waitFor();
    await tools.getByText('notes__echo').waitFor();
    await screenshot(page, 'sign-in-ready');

    expect(oauthServer.stats()).toMatchObject({ registrations: 1, authorizations: 1 });
    await waitForTool(served.client, 'notes__whoami');
    const result = await served.client.callTool({ name: 'notes__whoami', arguments: {} });
    expect(JSON.stringify(result.content)).toMatch(/client_id: \S+/);
  }, 60_000);

  it('Sign out revokes the tokens at the authorization server', async () => {
    const before = oauthServer.stats().revoked.length;
    await page.getByRole('button', { name: 'Sign out of notes' }).click();
    await page
      .getByRole('group', { name: /Sign out of notes\?/ })
      .getByRole('button', { name: 'Sign out' })
      .click();
    await page.getByText('Signed out of "notes". The authorization server revoked the tokens.').waitFor({
      timeout: 15_000,
    });
    expect(oauthServer.stats().revoked.slice(before)).toEqual([
      { hint: 'refresh_token', ended: true },
      { hint: 'access_token', ended: true },
    ]);
    expect(await store.get(oauthAccount('notes'))).toBeUndefined();
    await row().getByText('Needs sign-in').waitFor({ timeout: 20_000 });
    await waitFor(
      async () => !(await served.client.listTools()).tools.some((tool) => tool.name === 'notes__whoami'),
      10_000,
      'the tools to leave the catalog',
    );
    await screenshot(page, 'sign-out-revoked');
  }, 60_000);
});
