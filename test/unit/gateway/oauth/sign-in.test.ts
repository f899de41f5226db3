import { afterEach, describe, expect, it } from 'vitest';
import { createOAuthAuthorizer } from '../../../../shared/gateway/oauth/oauth-authorizer.js';
import { OAuthCredentials } from '../../../../shared/gateway/oauth/oauth-credentials.js';
import { SignInListener } from '../../../../shared/gateway/oauth/sign-in-listener.js';
import {
  SignInRequiredError,
  isAuthChallenge,
} from '../../../../shared/gateway/oauth/upstream-authorizer.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import { oauthAccount } from '../../../../shared/gateway/secrets/secret-store.js';

let listener: SignInListener | undefined;

afterEach(async () => {
  await listener?.close().catch(() => {});
  listener = undefined;
});

const noBrowser = async () => {};

describe('SignInListener (the loopback redirect)', () => {
  it('listens on 127.0.0.1 and hands over the code whose state matches', async () => {
    listener = await SignInListener.start(noBrowser);
    expect(listener.redirectUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const code = listener.waitForCode('expected-state');
    const page = await fetch(`${listener.redirectUrl}?code=abc&state=expected-state`);
    expect(page.status).toBe(200);
    expect(await code).toBe('abc');
  });

  it('ignores a redirect with another state (a forged request), then takes the real one', async () => {
    listener = await SignInListener.start(noBrowser);
    const code = listener.waitForCode('mine');
    const forged = await fetch(`${listener.redirectUrl}?code=evil&state=theirs`);
    expect(forged.status).toBe(400);
    await fetch(`${listener.redirectUrl}?code=good&state=mine`);
    expect(await code).toBe('good');
  });

  it("reports the authorization server's refusal in a sentence", async () => {
    listener = await SignInListener.start(noBrowser);
    const refused = expect(listener.waitForCode('s')).rejects.toThrow(
      'The authorization server refused: The user said no.',
    );
    await fetch(`${listener.redirectUrl}?error=access_denied&error_description=The+user+said+no&state=s`);
    await refused;
  });

  it('keeps a redirect that arrives before anyone waits (a server that approves at once)', async () => {
    listener = await SignInListener.start(noBrowser);
    await fetch(`${listener.redirectUrl}?code=early&state=s`);
    expect(await listener.waitForCode('s')).toBe('early');
  });

  it('gives up after its timeout', async () => {
    listener = await SignInListener.start(noBrowser, { timeoutMs: 50 });
    await expect(listener.waitForCode('s')).rejects.toThrow('The sign-in was not finished in time.');
  });

  it('reuses the port of an earlier registration when it is free', async () => {
    const first = await SignInListener.start(noBrowser);
    const port = Number(new URL(first.redirectUrl).port);
    await first.close();
    listener = await SignInListener.start(noBrowser, { preferredPort: port });
    expect(new URL(listener.redirectUrl).port).toBe(String(port));
  });
});

describe('OAuthAuthorizer, unattended', () => {
  it('sends nothing before any sign-in, and asks for one on a challenge without touching the network', async () => {
    const authorizer = createOAuthAuthorizer(new MemorySecretStore(), 'notes', 'http://127.0.0.1:9/mcp');
    expect(await authorizer.authorization()).toBeUndefined();
    expect(authorizer.signedIn).toBeUndefined();
    // Port 9 (discard) would fail any request: the refusal must come before one is made.
    await expect(authorizer.recover({ status: 401, wwwAuthenticate: 'Bearer' })).rejects.toThrow(
      new SignInRequiredError('needs sign-in: run "gatehouse server login notes"'),
    );
    expect(authorizer.signedIn).toBe(false);
  });

  it('sends the stored token, and only for the URL it was issued for', async () => {
    const store = new MemorySecretStore();
    const record = {
      serverUrl: 'http://127.0.0.1:9/mcp',
      tokens: { access_token: 'at-1', token_type: 'Bearer' },
    };
    await store.set(oauthAccount('notes'), JSON.stringify(record));
    expect(await createOAuthAuthorizer(store, 'notes', 'http://127.0.0.1:9/mcp').authorization()).toBe(
      'Bearer at-1',
    );
    expect(
      await createOAuthAuthorizer(store, 'notes', 'http://127.0.0.1:9/other').authorization(),
    ).toBeUndefined();
  });

  it('refuses a request for more scope rather than half-starting a sign-in', async () => {
    const store = new MemorySecretStore();
    await store.set(
      oauthAccount('notes'),
      JSON.stringify({
        serverUrl: 'http://127.0.0.1:9/mcp',
        tokens: { access_token: 'at', token_type: 'Bearer' },
      }),
    );
    const authorizer = createOAuthAuthorizer(store, 'notes', 'http://127.0.0.1:9/mcp');
    await expect(
      authorizer.recover({
        status: 403,
        wwwAuthenticate: 'Bearer error="insufficient_scope", scope="write"',
      }),
    ).rejects.toThrow('needs sign-in (the server asks for more permissions)');
  });

  it('treats a damaged keychain entry as no sign-in', async () => {
    const store = new MemorySecretStore();
    await store.set(oauthAccount('notes'), '{not json');
    const credentials = new OAuthCredentials(store, 'notes', 'http://x/mcp');
    expect(await credentials.load()).toEqual({ serverUrl: 'http://x/mcp' });
  });
});

describe('isAuthChallenge', () => {
  it.each([
    [401, undefined, true],
    [403, 'Bearer error="insufficient_scope", scope="a b"', true],
    [403, 'Bearer error="invalid_token"', false],
    [403, undefined, false],
    [500, undefined, false],
  ])('%i %s → %s', (status, header, expected) => {
    expect(isAuthChallenge(status, header)).toBe(expected);
  });
});

describe('KeychainOAuthProvider without a keychain', () => {
  it('reports no tokens rather than failing, so servers that need none still connect', async () => {
    const { KeychainOAuthProvider } =
      await import('../../../../shared/gateway/oauth/oauth-client-provider.js');
    const { GatehouseError } = await import('../../../../shared/gateway/errors.js');
    const refuse = () =>
      Promise.reject(new GatehouseError('keychain_unavailable', 'No keychain is reachable.'));
    const store = { get: refuse, set: refuse, delete: refuse, accounts: refuse };
    const provider = new KeychainOAuthProvider(new OAuthCredentials(store, 'legacy', 'http://x/sse'));
    expect(await provider.tokens()).toBeUndefined();
  });
});
