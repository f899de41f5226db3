/**
 * Signing in from the window, engine side: the control API starts the loopback flow in the
 * running gateway, hands back the authorization URL, and the server turns ready once the browser
 * (played here by fetch, which the test server approves at once) comes back; sign-out revokes
 * the tokens at the authorization server (RFC 7009). The keychain is in memory here; the
 * Chromium test (test/keychain/sign-in-ui.test.ts) does the same through the UI and keytar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../shared/contracts/control-events.js';
import { createControlHandlers, type ControlHandlers } from '../../shared/gateway/control/control-service.js';
import { unsafeAuthorizationUrl } from '../../shared/gateway/oauth/sign-in-flows.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { oauthAccount } from '../../shared/gateway/secrets/secret-store.js';
import { startOAuthProtectedServer, type OAuthProtectedServer } from '../fixtures/oauth-protected-server.js';
import { connectClient, startGateway, waitFor, waitForTool, type TestGateway } from './harness.js';

let oauthServer: OAuthProtectedServer;
let test: TestGateway;
let control: ControlHandlers;
const store = new MemorySecretStore();
const events: ControlEvent[] = [];

const status = () => test.gateway.upstreamStatuses().find((entry) => entry.name === 'notes');

beforeAll(async () => {
  oauthServer = await startOAuthProtectedServer();
  test = await startGateway(
    { mcpServers: { notes: { url: oauthServer.mcpUrl } } },
    { secretStore: store, audit: false },
  );
  control = createControlHandlers(test.gateway);
  test.gateway.events.subscribe((event) => events.push(event));
});

afterAll(async () => {
  await test?.stop();
  await oauthServer?.close();
});

describe('sign-in from the window (control API)', () => {
  it('a server that needs sign-in says so, and signing in needs no terminal', async () => {
    await waitFor(() => status()?.state === 'needs-sign-in', 10_000, 'needs-sign-in');
    const { authorizationUrl } = await control['servers.signIn']({ name: 'notes' }, 'test');
    expect(authorizationUrl).toBeTruthy();
    const url = new URL(authorizationUrl!);
    expect(url.origin).toBe(new URL(oauthServer.issuerUrl).origin);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(events).toContainEqual({
      type: 'server.signIn',
      progress: { server: 'notes', state: 'waiting', authorizationUrl },
    });

    // The person's browser: the test server approves at once and redirects to the loopback listener.
    const page = await fetch(url, { redirect: 'follow' });
    expect(await page.text()).toContain('Signed in. You can close this tab');

    await waitFor(() => status()?.state === 'ready', 15_000, 'ready after sign-in');
    expect(status()).toMatchObject({ signIn: 'signed-in', toolCount: 2 });
    await waitFor(
      () => events.some((event) => event.type === 'server.signIn' && event.progress.state === 'signed-in'),
      5_000,
      'the signed-in event',
    );
    const client = await connectClient(test.gateway.url, test.token);
    await waitForTool(client, 'notes__whoami');
    const result = await client.callTool({ name: 'notes__whoami', arguments: {} });
    expect(JSON.stringify(result.content)).toMatch(/client_id: \S+/);
    await client.close();
  }, 40_000);

  it('sign-out revokes both tokens at the authorization server, then forgets them', async () => {
    const record = JSON.parse((await store.get(oauthAccount('notes')))!) as {
      tokens: { access_token: string };
    };
    const before = oauthServer.stats().revoked.length;
    const outcome = await control['servers.signOut']({ name: 'notes' }, 'test');
    expect(outcome).toEqual({
      removed: true,
      revocation: 'revoked',
      message: 'Signed out of "notes". The authorization server revoked the tokens.',
    });
    expect(oauthServer.stats().revoked.slice(before)).toEqual([
      { hint: 'refresh_token', ended: true },
      { hint: 'access_token', ended: true },
    ]);
    expect(await store.get(oauthAccount('notes'))).toBeUndefined();
    // The old access token no longer opens the server.
    const replay = await fetch(oauthServer.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${record.tokens.access_token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(replay.status).toBe(401);
    await waitFor(() => status()?.state === 'needs-sign-in', 10_000, 'needs-sign-in after sign-out');
  }, 30_000);

  it('a sign-in the authorization server refuses ends in a sentence, not a ready server', async () => {
    const { authorizationUrl } = await control['servers.signIn']({ name: 'notes' }, 'test');
    const url = new URL(authorizationUrl!);
    const redirect = new URL(url.searchParams.get('redirect_uri')!);
    redirect.searchParams.set('error', 'access_denied');
    redirect.searchParams.set('error_description', 'The person said no');
    redirect.searchParams.set('state', url.searchParams.get('state')!);
    await fetch(redirect);
    await waitFor(
      () => events.some((event) => event.type === 'server.signIn' && event.progress.state === 'failed'),
      10_000,
      'the failed event',
    );
    const failed = events.findLast((event) => event.type === 'server.signIn');
    expect(failed).toMatchObject({
      progress: { state: 'failed', message: expect.stringContaining('The person said no') },
    });
    expect(status()?.state).toBe('needs-sign-in');
  }, 30_000);

  it('only https authorization pages (or http on this computer) are handed out', () => {
    expect(unsafeAuthorizationUrl(new URL('https://auth.example/authorize'))).toBeUndefined();
    expect(unsafeAuthorizationUrl(new URL('http://127.0.0.1:9/authorize'))).toBeUndefined();
    expect(unsafeAuthorizationUrl(new URL('http://auth.example/authorize'))).toMatch(/not an https address/);
    expect(unsafeAuthorizationUrl(new URL('javascript:alert(1)'))).toMatch(/not an https address/);
    expect(unsafeAuthorizationUrl(new URL('file:///etc/passwd'))).toMatch(/not an https address/);
  });

  it('a server that cannot be reached fails the sign-in with a sentence, not a URL', async () => {
    const closed = await startOAuthProtectedServer();
    const url = closed.mcpUrl;
    await closed.close();
    const next = test.gateway.configStore.update((raw) => ({
      ...raw,
      mcpServers: { ...(raw.mcpServers as object), gone: { url } },
    }));
    await test.gateway.configChanged(next, 'servers');
    await expect(control['servers.signIn']({ name: 'gone' }, 'test')).rejects.toThrow(
      /^Signing in to gone failed: /,
    );
  }, 30_000);

  it('refuses local servers and unknown names with a sentence', async () => {
    await expect(control['servers.signIn']({ name: 'nope' }, 'test')).rejects.toThrow(
      'No server is called "nope".',
    );
  });
});

describe('a provider that requires a pre-registered client', () => {
  it('signs in with the client ID and the secret from the keychain, registering nothing', async () => {
    const provider = await startOAuthProtectedServer({
      dynamicRegistration: false,
      preRegisteredClient: { clientId: 'gatehouse-desktop', clientSecret: 'registered-by-hand' },
    });
    const secrets = new MemorySecretStore();
    await secrets.set('CORP_OAUTH_CLIENT_SECRET', 'registered-by-hand');
    const corp = await startGateway(
      {
        mcpServers: {
          corp: {
            url: provider.mcpUrl,
            oauth: { clientId: 'gatehouse-desktop', clientSecret: '${secret:CORP_OAUTH_CLIENT_SECRET}' },
          },
        },
      },
      { secretStore: secrets, audit: false },
    );
    try {
      const corpStatus = () => corp.gateway.upstreamStatuses()[0];
      await waitFor(() => corpStatus()?.state === 'needs-sign-in', 10_000, 'needs-sign-in');
      const handlers = createControlHandlers(corp.gateway);
      const { authorizationUrl } = await handlers['servers.signIn']({ name: 'corp' }, 'test');
      expect(new URL(authorizationUrl!).searchParams.get('client_id')).toBe('gatehouse-desktop');
      await fetch(authorizationUrl!, { redirect: 'follow' });
      await waitFor(() => corpStatus()?.state === 'ready', 15_000, 'ready');
      const client = await connectClient(corp.gateway.url, corp.token);
      await waitForTool(client, 'corp__whoami');
      const result = await client.callTool({ name: 'corp__whoami', arguments: {} });
      expect(JSON.stringify(result.content)).toContain('client_id: gatehouse-desktop');
      await client.close();
      expect(provider.stats().registrations).toBe(0);
      // The secret stays in the keychain: the stored sign-in holds no client registration.
      const record = (await secrets.get(oauthAccount('corp')))!;
      expect(record).not.toContain('registered-by-hand');
      expect(JSON.parse(record)).not.toHaveProperty('clientInformation');

      // Sign-out authenticates to the revocation endpoint with the pre-registered client.
      const outcome = await handlers['servers.signOut']({ name: 'corp' }, 'test');
      expect(outcome.revocation).toBe('revoked');
      expect(provider.stats().revoked.every((entry) => entry.ended)).toBe(true);
    } finally {
      await corp.stop();
      await provider.close();
    }
  }, 40_000);
});
