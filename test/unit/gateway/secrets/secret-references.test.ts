import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../../shared/contracts/config.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import { fillReferences, referencesIn } from '../../../../shared/gateway/secrets/secret-references.js';
import { SecretResolver } from '../../../../shared/gateway/secrets/secret-resolver.js';
import type { SecretStore } from '../../../../shared/gateway/secrets/secret-store.js';
import { assertSecretName, listSecretNames } from '../../../../shared/gateway/secrets/secret-store.js';

const github: ServerConfig = {
  command: 'npx',
  args: ['server-github', '--token=${secret:GITHUB_TOKEN}'],
  env: { GITHUB_TOKEN: '${secret:GITHUB_TOKEN}', ORG: '${env:GITHUB_ORG}', DEBUG: '1' },
};
const linear: ServerConfig = {
  url: 'https://mcp.linear.app/mcp',
  headers: { Authorization: 'Bearer ${secret:LINEAR_KEY}', 'X-Team': 'plain ${not:a-reference}' },
};

/** A keychain that cannot be reached, as on a Linux box without a Secret Service. */
const unreachableKeychain: SecretStore = {
  get: () => Promise.reject(new GatehouseError('keychain_unavailable', 'No keychain is reachable: test.')),
  set: () => Promise.reject(new GatehouseError('keychain_unavailable', 'No keychain is reachable: test.')),
  delete: () => Promise.reject(new GatehouseError('keychain_unavailable', 'No keychain is reachable: test.')),
  accounts: () =>
    Promise.reject(new GatehouseError('keychain_unavailable', 'No keychain is reachable: test.')),
};

describe('secret references', () => {
  it('finds each distinct reference in env, headers and args', () => {
    expect(referencesIn(github)).toEqual([
      { source: 'secret', name: 'GITHUB_TOKEN' },
      { source: 'env', name: 'GITHUB_ORG' },
    ]);
    expect(referencesIn(linear)).toEqual([{ source: 'secret', name: 'LINEAR_KEY' }]);
    expect(
      referencesIn({ command: 'x', env: { A: '${secret:bad name}', B: '$secret:X', C: '${SECRET:X}' } }),
    ).toEqual([]);
  });

  it('fills references inside longer strings and leaves everything else as written', () => {
    const filled = fillReferences(linear, new Map([['LINEAR_KEY', 'lin_123']]));
    expect(filled).toEqual({
      url: 'https://mcp.linear.app/mcp',
      headers: { Authorization: 'Bearer lin_123', 'X-Team': 'plain ${not:a-reference}' },
    });
    // The config object itself is never changed: it is what gets saved.
    expect(linear.headers?.Authorization).toBe('Bearer ${secret:LINEAR_KEY}');
  });
});

describe('SecretResolver', () => {
  it('resolves from the keychain and the environment, and remembers values for redaction', async () => {
    const store = new MemorySecretStore();
    await store.set('GITHUB_TOKEN', 'ghp_secret');
    const resolver = new SecretResolver(store, { GITHUB_ORG: 'acme' });
    const resolution = await resolver.resolve(github);
    expect(resolution).toEqual({
      ok: true,
      server: {
        command: 'npx',
        args: ['server-github', '--token=ghp_secret'],
        env: { GITHUB_TOKEN: 'ghp_secret', ORG: 'acme', DEBUG: '1' },
      },
    });
    expect([...resolver.values()].sort()).toEqual(['acme', 'ghp_secret']);
  });

  it.each([
    {
      label: 'a missing secret',
      stored: {},
      environment: { GITHUB_ORG: 'acme' },
      missing: ['GITHUB_TOKEN'],
      message: 'needs secret GITHUB_TOKEN. Set it with "gatehouse secret set GITHUB_TOKEN".',
    },
    {
      label: 'a missing environment variable',
      stored: { GITHUB_TOKEN: 'x' },
      environment: {},
      missing: ['env GITHUB_ORG'],
      message: 'needs environment variable GITHUB_ORG. Set it in the environment Gatehouse starts in.',
    },
    {
      label: 'both, with an empty value counting as missing',
      stored: { GITHUB_TOKEN: '' },
      environment: { GITHUB_ORG: '' },
      missing: ['GITHUB_TOKEN', 'env GITHUB_ORG'],
      message:
        'needs secret GITHUB_TOKEN; needs environment variable GITHUB_ORG. Set it with "gatehouse secret set GITHUB_TOKEN".',
    },
  ])('reports $label by name, never as a crash', async ({ stored, environment, missing, message }) => {
    const store = new MemorySecretStore();
    for (const [name, value] of Object.entries(stored)) await store.set(name, value);
    const resolution = await new SecretResolver(store, environment).resolve(github);
    expect(resolution).toEqual({ ok: false, missing, message });
  });

  it('explains an unreachable keychain and still serves ${env:…} values', async () => {
    const resolver = new SecretResolver(unreachableKeychain, { ONLY_ENV: 'v' });
    const missing = await resolver.resolve(github);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.message).toBe(
      'needs secret GITHUB_TOKEN; needs environment variable GITHUB_ORG. No keychain is reachable: test.',
    );
    const envOnly = await resolver.resolve({ command: 'x', env: { A: '${env:ONLY_ENV}' } });
    expect(envOnly).toEqual({ ok: true, server: { command: 'x', env: { A: 'v' } } });
  });

  it('passes a server without references through untouched, without asking the keychain', async () => {
    const plain: ServerConfig = { command: 'x', env: { DEBUG: '1' } };
    expect(await new SecretResolver(unreachableKeychain, {}).resolve(plain)).toEqual({
      ok: true,
      server: plain,
    });
  });
});

describe('secret names', () => {
  it.each(['GITHUB_TOKEN', '_x', 'a1', 'A'.repeat(128)])('accepts %s', (name) => {
    expect(() => assertSecretName(name)).not.toThrow();
  });

  it.each([
    '',
    '1ABC',
    '../etc/passwd',
    'oauth/github',
    'has space',
    'quote"d',
    'line\nbreak',
    'ТОКЕН',
    'A'.repeat(129),
  ])('refuses %j with a sentence and the name escaped', (name) => {
    expect(() => assertSecretName(name)).toThrowError(/is not a secret name/);
    try {
      assertSecretName(name);
    } catch (error: unknown) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it("lists the person's names only, not Gatehouse's own OAuth entries", async () => {
    const store = new MemorySecretStore();
    await store.set('B_TOKEN', '1');
    await store.set('oauth/linear', '{}');
    await store.set('A_TOKEN', '2');
    expect(await listSecretNames(store)).toEqual(['A_TOKEN', 'B_TOKEN']);
  });
});
