/**
 * OAuth sign-in to a protected remote server, end to end: a real authorization server and MCP
 * server built with the SDK's server auth helpers (test/fixtures/oauth-protected-server.ts),
 * `gatehouse serve`, `gatehouse server login` driven headlessly, tokens in the real keychain.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { UpstreamStatus } from '../../shared/contracts/upstream-status.js';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import { oauthAccount } from '../../shared/gateway/secrets/secret-store.js';
import { startOAuthProtectedServer, type OAuthProtectedServer } from '../fixtures/oauth-protected-server.js';
import {
  gatehouseCli,
  runCliWith,
  startServedGateway,
  waitFor,
  waitForTool,
  type CliResult,
  type ServeProcess,
} from '../integration/harness.js';
import { isolatedKeychainService, requireKeychain } from './keychain-session.js';

const TOKEN_LIFETIME_SECONDS = 3;
const service = isolatedKeychainService();
const store = new KeytarSecretStore({ service });
let oauthServer: OAuthProtectedServer;
let dataDir: string;
let serve: ServeProcess;
let client: Client;

async function notesStatus(): Promise<UpstreamStatus> {
  const result = await runCliWith({}, dataDir, 'status', '--json');
  const statuses = (JSON.parse(result.stdout) as { servers: UpstreamStatus[] }).servers;
  return statuses.find((status) => status.name === 'notes')!;
}

/**
 * Runs `gatehouse server login notes --no-browser` and plays the person's browser: it opens the
 * printed URL, which this authorization server approves at once and redirects to the loopback
 * listener of the login command.
 */
async function loginHeadlessly(): Promise<{ result: CliResult; authorizationUrl: URL }> {
  const child = spawn(
    process.execPath,
    [...gatehouseCli, 'server', 'login', 'notes', '--no-browser', '--data-dir', dataDir],
    {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const authorizationUrl = await new Promise<URL>((found, fail) => {
    const lines = createInterface({ input: child.stderr });
    lines.on('line', (line) => {
      stderr += `${line}\n`;
      if (/^\s+http/.test(line)) found(new URL(line.trim()));
    });
    child.once('exit', () => fail(new Error(`login exited before printing a URL: ${stderr}`)));
  });
  const browser = await fetch(authorizationUrl);
  expect(await browser.text()).toContain('Signed in. You can close this tab');
  const code = await exited;
  return { result: { code, stdout, stderr }, authorizationUrl };
}

beforeAll(async () => {
  await requireKeychain(store);
  oauthServer = await startOAuthProtectedServer({ accessTokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS });
  ({ dataDir, serve, client } = await startServedGateway({
    mcpServers: { notes: { url: oauthServer.mcpUrl } },
  }));
}, 60_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await serve?.stop();
  await oauthServer?.close();
  await store.delete(oauthAccount('notes')).catch(() => false);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('OAuth sign-in for a remote upstream', () => {
  it('shows "needs sign-in" before any sign-in, without registering anything unattended', async () => {
    await waitFor(async () => (await notesStatus()).state === 'needs-sign-in', 20_000, 'needs-sign-in');
    expect(await notesStatus()).toMatchObject({
      state: 'needs-sign-in',
      message: 'needs sign-in: run "gatehouse server login notes"',
      signIn: 'signed-out',
    });
    expect(oauthServer.stats().registrations).toBe(0);
  }, 30_000);

  it('signs in headlessly: discovery, registration, PKCE, resource indicator; tokens in the keychain', async () => {
    const { result, authorizationUrl } = await loginHeadlessly();
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toBe('Signed in to "notes" (2 tools). The running gateway reconnected it.\n');

    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorizationUrl.searchParams.get('resource')).toBe(oauthServer.mcpUrl);
    expect(authorizationUrl.searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/callback$/,
    );
    const stats = oauthServer.stats();
    expect(stats).toMatchObject({
      registrations: 1,
      authorizations: 1,
      tokenGrants: { authorization_code: 1 },
    });
    expect(stats.resourcesSeen).toEqual([
      { step: 'authorize', resource: oauthServer.mcpUrl },
      { step: 'authorization_code', resource: oauthServer.mcpUrl },
    ]);

    const entry = JSON.parse((await store.get(oauthAccount('notes')))!) as {
      tokens?: { access_token?: string };
    };
    expect(entry.tokens?.access_token).toBeTruthy();
    for (const file of ['config.json', 'clients.json', 'gateway.json']) {
      expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain(entry.tokens!.access_token!);
    }
  }, 60_000);

  it('calls a tool through Gatehouse with the token', async () => {
    await waitForTool(client, 'notes__whoami');
    const result = await client.callTool({ name: 'notes__whoami', arguments: {} });
    expect(JSON.stringify(result.content)).toMatch(/client_id: \S+/);
    expect(await notesStatus()).toMatchObject({ state: 'ready', signIn: 'signed-in' });
  }, 30_000);

  it('refreshes the token before it expires and keeps working', async () => {
    const before = oauthServer.stats().tokenGrants.refresh_token;
    await new Promise((done) => setTimeout(done, TOKEN_LIFETIME_SECONDS * 1000 + 500));
    const result = await client.callTool({ name: 'notes__echo', arguments: { message: 'still here' } });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('still here');
    expect(oauthServer.stats().tokenGrants.refresh_token).toBeGreaterThan(before);
    expect(oauthServer.stats().resourcesSeen.at(-1)).toEqual({
      step: 'refresh_token',
      resource: oauthServer.mcpUrl,
    });
  }, 30_000);

  it('turns to "needs sign-in" when the tokens are revoked and the refresh is refused', async () => {
    oauthServer.revokeAllTokens();
    const result = await client
      .callTool({ name: 'notes__whoami', arguments: {} })
      .catch((error: Error) => error);
    const text = result instanceof Error ? result.message : JSON.stringify(result);
    expect(text).toContain('needs sign-in');
    expect(await notesStatus()).toMatchObject({
      state: 'needs-sign-in',
      message: 'needs sign-in: run "gatehouse server login notes"',
      signIn: 'signed-out',
    });
    expect(oauthServer.stats().rejectedRefreshes).toBeGreaterThanOrEqual(1);
    // Its tools leave the catalog rather than failing one by one.
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names.filter((name) => name.startsWith('notes__'))).toEqual([]);
  }, 30_000);

  it('signs in again, then `server logout` removes the tokens from the keychain', async () => {
    const { result } = await loginHeadlessly();
    expect(result.code).toBe(0);
    await waitForTool(client, 'notes__whoami');
    const revocationsBefore = oauthServer.stats().revocations;
    const logout = await runCliWith({}, dataDir, 'server', 'logout', 'notes');
    expect(logout.stdout).toBe('Signed out of "notes". The authorization server revoked the tokens.\n');
    // RFC 7009: the refresh token, then the access token.
    expect(oauthServer.stats().revocations - revocationsBefore).toBe(2);
    expect(await store.get(oauthAccount('notes'))).toBeUndefined();
    await waitFor(
      async () => (await notesStatus()).state === 'needs-sign-in',
      20_000,
      'needs-sign-in after logout',
    );
    expect(existsSync(join(dataDir, 'config.json'))).toBe(true);
  }, 60_000);
});
