import { describe, expect, it } from 'vitest';
import type { OAuthRecord } from '../../../../shared/gateway/oauth/oauth-credentials.js';
import { revokeTokens } from '../../../../shared/gateway/oauth/token-revocation.js';

function record(metadata: Record<string, unknown> | undefined, client: Record<string, unknown>): OAuthRecord {
  return {
    serverUrl: 'https://mcp.example/mcp',
    clientInformation: client as never,
    tokens: { access_token: 'at-1', refresh_token: 'rt-1', token_type: 'Bearer' },
    ...(metadata
      ? {
          discoveryState: {
            authorizationServerUrl: 'https://as.example',
            authorizationServerMetadata: metadata as never,
          },
        }
      : {}),
  };
}

function recordingFetch(status = 200) {
  const sent: { url: string; authorization: string | null; body: URLSearchParams }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    sent.push({
      url,
      authorization: new Headers(init.headers).get('authorization'),
      body: new URLSearchParams(init.body as URLSearchParams),
    });
    return new Response(null, { status });
  }) as unknown as typeof fetch;
  return { sent, fetchFn };
}

const endpoint = { revocation_endpoint: 'https://as.example/revoke' };

describe('revokeTokens (RFC 7009)', () => {
  it('revokes the refresh token, then the access token; a public client sends its id', async () => {
    const { sent, fetchFn } = recordingFetch();
    expect(await revokeTokens(record(endpoint, { client_id: 'public' }), undefined, fetchFn)).toEqual({
      kind: 'revoked',
      tokens: 2,
    });
    expect(sent.map((request) => [request.body.get('token'), request.body.get('token_type_hint')])).toEqual([
      ['rt-1', 'refresh_token'],
      ['at-1', 'access_token'],
    ]);
    expect(sent[0]!.body.get('client_id')).toBe('public');
    expect(sent[0]!.authorization).toBeNull();
  });

  it('authenticates a confidential client as the server allows: Basic by default, the body where only that is offered', async () => {
    const basic = recordingFetch();
    await revokeTokens(
      record(endpoint, { client_id: 'c d', client_secret: 's:1' }),
      undefined,
      basic.fetchFn,
    );
    expect(basic.sent[0]!.authorization).toBe(`Basic ${Buffer.from('c%20d:s%3A1').toString('base64')}`);
    expect(basic.sent[0]!.body.get('client_secret')).toBeNull();

    const post = recordingFetch();
    await revokeTokens(
      record(
        { ...endpoint, revocation_endpoint_auth_methods_supported: ['client_secret_post'] },
        { client_id: 'c' },
      ),
      { client_id: 'c', client_secret: 's' },
      post.fetchFn,
    );
    expect(post.sent[0]!.body.get('client_secret')).toBe('s');
    expect(post.sent[0]!.authorization).toBeNull();
  });

  it('says when the server offers no revocation, or it failed, without throwing', async () => {
    const { sent, fetchFn } = recordingFetch();
    expect(await revokeTokens(record(undefined, { client_id: 'c' }), undefined, fetchFn)).toEqual({
      kind: 'not-offered',
    });
    expect(sent).toEqual([]);
    const refused = recordingFetch(503);
    expect(await revokeTokens(record(endpoint, { client_id: 'c' }), undefined, refused.fetchFn)).toEqual({
      kind: 'failed',
      message: 'the revocation endpoint answered 503',
    });
    const unreachable = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect(await revokeTokens(record(endpoint, { client_id: 'c' }), undefined, unreachable)).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('could not be reached'),
    });
  });
});
