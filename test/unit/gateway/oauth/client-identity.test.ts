/**
 * How Gatehouse identifies itself to an authorization server: a client registered by hand (the
 * configured ID and secret, nothing registered or stored), or a URL-based client ID (a Client ID
 * Metadata Document) where the server advertises `client_id_metadata_document_supported`. The
 * choice between CIMD and dynamic registration is the SDK's `auth()` (client/auth.js: it uses
 * `provider.clientMetadataUrl` only when the metadata says the server supports it); this checks
 * that Gatehouse's provider feeds it correctly.
 */
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../shared/gateway/clock.js';
import { KeychainOAuthProvider } from '../../../../shared/gateway/oauth/oauth-client-provider.js';
import { OAuthCredentials } from '../../../../shared/gateway/oauth/oauth-credentials.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import { oauthAccount } from '../../../../shared/gateway/secrets/secret-store.js';

const SERVER = 'https://mcp.example/mcp';
const METADATA_URL = 'https://gatehouse.example/oauth/client.json';

/** An authorization server's metadata, served from a fake fetch that records every request. */
function fakeAuthorizationServer(extra: Record<string, unknown>) {
  const requests: string[] = [];
  const fetchFn = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    requests.push(url.pathname);
    if (url.pathname.startsWith('/.well-known/oauth-authorization-server')) {
      return Response.json({
        issuer: 'https://mcp.example/',
        authorization_endpoint: 'https://mcp.example/authorize',
        token_endpoint: 'https://mcp.example/token',
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        ...extra,
      });
    }
    if (url.pathname === '/register') {
      return Response.json(
        { client_id: 'dynamically-registered', redirect_uris: ['http://127.0.0.1:1/callback'] },
        { status: 201 },
      );
    }
    return new Response('not found', { status: 404 });
  };
  return { fetchFn, requests };
}

function provider(client: ConstructorParameters<typeof KeychainOAuthProvider>[3]) {
  const store = new MemorySecretStore();
  const opened: URL[] = [];
  const interaction = {
    redirectUrl: 'http://127.0.0.1:1/callback',
    open: async (url: URL) => void opened.push(url),
    waitForCode: async () => 'unused',
  };
  const credentials = new OAuthCredentials(store, 'notes', SERVER);
  return {
    store,
    opened,
    provider: new KeychainOAuthProvider(credentials, interaction, systemClock, client),
  };
}

describe('the client Gatehouse signs in as', () => {
  it('uses the metadata URL as client ID where the server supports it, registering nothing', async () => {
    const server = fakeAuthorizationServer({
      client_id_metadata_document_supported: true,
      registration_endpoint: 'https://mcp.example/register',
    });
    const { provider: oauth, opened } = provider({ clientMetadataUrl: METADATA_URL });
    expect(await auth(oauth, { serverUrl: SERVER, fetchFn: server.fetchFn })).toBe('REDIRECT');
    expect(opened[0]?.searchParams.get('client_id')).toBe(METADATA_URL);
    expect(server.requests).not.toContain('/register');
  });

  it('registers dynamically where the server does not support metadata documents', async () => {
    const server = fakeAuthorizationServer({ registration_endpoint: 'https://mcp.example/register' });
    const { provider: oauth, opened } = provider({ clientMetadataUrl: METADATA_URL });
    expect(await auth(oauth, { serverUrl: SERVER, fetchFn: server.fetchFn })).toBe('REDIRECT');
    expect(opened[0]?.searchParams.get('client_id')).toBe('dynamically-registered');
  });

  it('uses a client registered by hand, and neither registers nor stores it', async () => {
    const server = fakeAuthorizationServer({ registration_endpoint: 'https://mcp.example/register' });
    const { provider: oauth, opened, store } = provider({ clientId: 'by-hand', clientSecret: 'shh' });
    expect(await oauth.clientInformation()).toEqual({ client_id: 'by-hand', client_secret: 'shh' });
    expect(await auth(oauth, { serverUrl: SERVER, fetchFn: server.fetchFn })).toBe('REDIRECT');
    expect(opened[0]?.searchParams.get('client_id')).toBe('by-hand');
    expect(server.requests).not.toContain('/register');
    // Discovery results are kept; the client (and its secret) are not.
    const record = (await store.get(oauthAccount('notes')))!;
    expect(record).toContain('discoveryState');
    expect(record).not.toContain('shh');
  });
});
