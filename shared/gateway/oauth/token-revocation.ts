/**
 * Token revocation (RFC 7009) on sign-out: the authorization server forgets the tokens, so a copy
 * left anywhere (a backup, a crash dump) is worth nothing. Only where the server advertises a
 * `revocation_endpoint` in its metadata (RFC 8414 §2); elsewhere sign-out forgets the tokens here.
 */
import type { OAuthRecord } from './oauth-credentials.js';

/** What the authorization server was told. */
export type RevocationOutcome =
  | { readonly kind: 'revoked'; readonly tokens: number }
  | { readonly kind: 'not-offered' }
  | { readonly kind: 'nothing-to-revoke' }
  | { readonly kind: 'failed'; readonly message: string };

/** The fields of authorization server metadata (RFC 8414 §2) revocation needs. */
interface RevocationMetadata {
  readonly revocation_endpoint?: string;
  readonly revocation_endpoint_auth_methods_supported?: string[];
  readonly token_endpoint_auth_methods_supported?: string[];
}

/** The client Gatehouse signed in as: registered by hand, by URL, or dynamically. */
interface ClientCredentials {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly token_endpoint_auth_method?: string;
}

/**
 * Revokes the refresh token first (RFC 7009 §2.1: the server then may drop its access tokens
 * too), then the access token. Never throws: a failure is reported, and sign-out goes on.
 */
export async function revokeTokens(
  record: OAuthRecord,
  configuredClient: ClientCredentials | undefined,
  fetchFn: typeof fetch = fetch,
): Promise<RevocationOutcome> {
  // OpenID metadata (the other half of the SDK's union) may carry the RFC 8414 fields too.
  const metadata = record.discoveryState?.authorizationServerMetadata as RevocationMetadata | undefined;
  const endpoint = metadata?.revocation_endpoint;
  if (!endpoint) return { kind: 'not-offered' };
  const tokens = record.tokens;
  const client = configuredClient ?? (record.clientInformation as ClientCredentials | undefined);
  if (!tokens || !client?.client_id) return { kind: 'nothing-to-revoke' };
  const methods =
    metadata.revocation_endpoint_auth_methods_supported ?? metadata.token_endpoint_auth_methods_supported;
  const toRevoke: [string, 'refresh_token' | 'access_token'][] = [
    ...(tokens.refresh_token ? [[tokens.refresh_token, 'refresh_token'] as [string, 'refresh_token']] : []),
    [tokens.access_token, 'access_token'],
  ];
  try {
    for (const [token, hint] of toRevoke) {
      const body = new URLSearchParams({ token, token_type_hint: hint });
      const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
      authenticate(client, methods, body, headers);
      const response = await fetchFn(endpoint, { method: 'POST', headers, body, redirect: 'error' });
      await response.body?.cancel();
      // RFC 7009 §2.2: 200 whether or not the token was known.
      if (!response.ok) {
        return { kind: 'failed', message: `the revocation endpoint answered ${response.status}` };
      }
    }
  } catch (error: unknown) {
    return { kind: 'failed', message: `the revocation endpoint could not be reached (${String(error)})` };
  }
  return { kind: 'revoked', tokens: toRevoke.length };
}

/**
 * Client authentication as for the token endpoint (RFC 7009 §2.1): a public client sends its
 * `client_id`; a confidential one its secret, by the method it registered and the server takes.
 */
function authenticate(
  client: ClientCredentials,
  methods: readonly string[] | undefined,
  body: URLSearchParams,
  headers: Headers,
): void {
  if (!client.client_secret) {
    body.set('client_id', client.client_id);
    return;
  }
  const basicAllowed = !methods || methods.includes('client_secret_basic');
  const postAllowed = methods?.includes('client_secret_post') ?? false;
  if (basicAllowed && (client.token_endpoint_auth_method === 'client_secret_basic' || !postAllowed)) {
    // RFC 6749 §2.3.1: both parts form-encoded before Base64.
    const pair = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`;
    headers.set('authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
    return;
  }
  body.set('client_id', client.client_id);
  body.set('client_secret', client.client_secret);
}
