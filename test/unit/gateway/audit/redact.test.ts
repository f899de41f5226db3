import { describe, expect, it } from 'vitest';
import {
  MAX_DEPTH,
  MAX_NODES,
  REDACTED,
  isCredentialKey,
  redact,
  secretTest,
} from '../../../../shared/gateway/audit/redact.js';

const noSecrets = secretTest([]);

describe('isCredentialKey', () => {
  it.each([
    'token',
    'access_token',
    'refreshToken',
    'X-Auth-Token',
    'password',
    'PASSWORD',
    'db_passwd',
    'passphrase',
    'secret',
    'client_secret',
    'Authorization',
    'proxy-authorization',
    'api key',
    'api_key',
    'apiKey',
    'x-api-key',
    'APIKEY',
    'cookie',
    'Set-Cookie',
    'credentials',
    'private_key',
    'privateKey',
    'session_token',
    'sessionToken',
    'bearer',
    'aws_access_key_id',
    'auth',
    'pwd',
  ])('redacts the value under %s', (key) => {
    expect(isCredentialKey(key)).toBe(true);
  });

  it.each(['path', 'query', 'author', 'content', 'key', 'name', 'url', 'limit', 'passenger'])(
    'keeps the value under %s',
    (key) => {
      expect(isCredentialKey(key)).toBe(false);
    },
  );
});

describe('redact', () => {
  it('redacts credential keys at any depth, in objects and arrays, whatever the value', () => {
    const args = {
      path: '/tmp/a',
      password: 'hunter2',
      nested: { deeper: [{ headers: { Authorization: 'Basic abc', Accept: 'json' } }] },
      credentials: { user: 'me', pass: 'x' },
      apiKey: 12345,
    };
    expect(redact(args, noSecrets)).toEqual({
      path: '/tmp/a',
      password: REDACTED,
      nested: { deeper: [{ headers: { Authorization: REDACTED, Accept: 'json' } }] },
      credentials: REDACTED,
      apiKey: REDACTED,
    });
  });

  it('keeps numeric token counts, not token strings', () => {
    expect(redact({ max_tokens: 100, totalTokens: 5, tokens: 'abc', token: 7 }, noSecrets)).toEqual({
      max_tokens: 100,
      totalTokens: 5,
      tokens: REDACTED,
      token: REDACTED,
    });
  });

  it('redacts any string that equals or contains a known secret, wherever it is', () => {
    const isSecret = secretTest(['s3cr3t-value', 'ab']);
    const args = {
      note: 'my s3cr3t-value is here',
      list: ['fine', 's3cr3t-value', 'ab', 'cab'],
      deep: { a: { b: 'x s3cr3t-value y' } },
    };
    expect(redact(args, isSecret)).toEqual({
      note: REDACTED,
      list: ['fine', REDACTED, REDACTED, 'cab'],
      deep: { a: { b: REDACTED } },
    });
  });

  it('renames keys that hold a secret, keeping names unique', () => {
    const isSecret = secretTest(['s3cr3t-value', 'hunter2-value']);
    expect(redact({ 's3cr3t-value': 1, 'hunter2-value': 2, ok: 3 }, isSecret)).toEqual({
      [REDACTED]: 1,
      [`${REDACTED} 2`]: 2,
      ok: 3,
    });
  });

  it('redacts bearer tokens in free text', () => {
    expect(redact({ header: 'Bearer abcdefghijklmnop1234' }, noSecrets)).toEqual({ header: REDACTED });
    expect(redact({ text: 'bearer of bad news' }, noSecrets)).toEqual({ text: 'bearer of bad news' });
  });

  it('ignores empty secrets', () => {
    expect(redact({ a: 'text' }, secretTest(['']))).toEqual({ a: 'text' });
  });

  it('cuts nesting past the depth limit without touching the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const out = JSON.stringify(redact(deep, noSecrets));
    expect(out).toContain(`[truncated: nested deeper than ${MAX_DEPTH} levels]`);
    expect(out.match(/next/g)).toHaveLength(MAX_DEPTH);
  });

  it('survives cycles, non-JSON values and throwing getters', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    const out = redact(
      {
        cyclic,
        big: 10n,
        fn: () => 1,
        when: new Date(0),
        bytes: new Uint8Array(3),
        nan: Number.NaN,
        list: [undefined, () => 1],
        hostile,
      },
      noSecrets,
    );
    expect(out).toEqual({
      cyclic: { name: 'a', self: '[circular]' },
      big: '10',
      when: '1970-01-01T00:00:00.000Z',
      bytes: '[binary: 3 bytes]',
      nan: null,
      list: [null, null],
      hostile: '[unreadable]',
    });
  });

  it('stops walking after a bounded number of values', () => {
    const out = redact(
      Array.from({ length: MAX_NODES * 3 }, (_, i) => i),
      noSecrets,
    ) as unknown[];
    expect(out.length).toBeLessThanOrEqual(MAX_NODES + 1);
    expect(out.at(-1)).toMatch(/^…\[truncated: \d+ more items\]$/);
  });
});
