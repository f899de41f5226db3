/**
 * The keytar adapter against a real Secret Service (GNOME Keyring in a private D-Bus session).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import { SecretResolver } from '../../shared/gateway/secrets/secret-resolver.js';
import { listSecretNames, oauthAccount } from '../../shared/gateway/secrets/secret-store.js';
import { runCliWith } from '../integration/harness.js';
import { isolatedKeychainService, requireKeychain } from './keychain-session.js';

const service = isolatedKeychainService();
const store = new KeytarSecretStore({ service });
let dataDir: string;

beforeAll(async () => {
  await requireKeychain(store);
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-keychain-'));
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('KeytarSecretStore (real keychain)', () => {
  it('stores, reads, replaces, lists and deletes', async () => {
    expect(await store.get('API_KEY')).toBeUndefined();
    await store.set('API_KEY', 'first value');
    expect(await store.get('API_KEY')).toBe('first value');
    await store.set('API_KEY', 'second välue ✓');
    expect(await store.get('API_KEY')).toBe('second välue ✓');
    await store.set(oauthAccount('linear'), '{"serverUrl":"https://x"}');
    expect((await store.accounts()).sort()).toEqual(['API_KEY', 'oauth/linear']);
    expect(await listSecretNames(store)).toEqual(['API_KEY']);
    expect(await store.delete('API_KEY')).toBe(true);
    expect(await store.delete('API_KEY')).toBe(false);
    expect(await store.get('API_KEY')).toBeUndefined();
    await store.delete(oauthAccount('linear'));
  });

  it('keeps services apart: another Gatehouse never reads these entries', async () => {
    await store.set('SHARED_NAME', 'mine');
    const other = new KeytarSecretStore({ service: `${service}-other` });
    expect(await other.get('SHARED_NAME')).toBeUndefined();
    await store.delete('SHARED_NAME');
  });

  it('resolves ${secret:…} references from the keychain', async () => {
    await store.set('DB_PASSWORD', 'pw-from-keyring');
    const resolution = await new SecretResolver(store, {}).resolve({
      command: 'server',
      args: ['--password', '${secret:DB_PASSWORD}'],
    });
    expect(resolution).toEqual({
      ok: true,
      server: { command: 'server', args: ['--password', 'pw-from-keyring'] },
    });
    await store.delete('DB_PASSWORD');
  });
});

describe('gatehouse secret (CLI, real keychain)', () => {
  it('set reads the value from stdin, list shows names only, delete removes it', async () => {
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        mcpServers: { gh: { command: 'x', env: { GITHUB_TOKEN: '${secret:GITHUB_TOKEN}' } } },
      }),
    );
    const set = await runCliWith({ input: 'ghp_fromstdin\n' }, dataDir, 'secret', 'set', 'GITHUB_TOKEN');
    expect(set).toMatchObject({ code: 0, stdout: 'Stored GITHUB_TOKEN in the keychain.\n' });
    // One trailing line break (from echo) is not part of the value.
    expect(await store.get('GITHUB_TOKEN')).toBe('ghp_fromstdin');

    const list = await runCliWith({}, dataDir, 'secret', 'list', '--json');
    expect(JSON.parse(list.stdout)).toEqual({
      secrets: [{ name: 'GITHUB_TOKEN', stored: true, usedBy: ['gh'] }],
    });
    expect(list.stdout).not.toContain('ghp_fromstdin');

    const removed = await runCliWith({}, dataDir, 'secret', 'delete', 'GITHUB_TOKEN');
    expect(removed).toMatchObject({ code: 0, stdout: 'Deleted GITHUB_TOKEN from the keychain.\n' });
    expect(await store.get('GITHUB_TOKEN')).toBeUndefined();
    const after = await runCliWith({}, dataDir, 'secret', 'list');
    expect(after.stdout).toBe('GITHUB_TOKEN\tMISSING\tused by gh\n');
  });

  it('refuses an empty value and a bad name, storing nothing', async () => {
    const empty = await runCliWith({ input: '' }, dataDir, 'secret', 'set', 'EMPTY');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe('gatehouse: The value is empty; nothing was stored.\n');
    const bad = await runCliWith({ input: 'v' }, dataDir, 'secret', 'set', '../../etc/passwd');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a secret name');
    expect(await store.accounts()).toEqual([]);
  });

  it('says plainly when no keychain is reachable and points to ${env:…}', async () => {
    const result = await runCliWith(
      { input: 'v', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' } },
      dataDir,
      'secret',
      'set',
      'ANY',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gatehouse: No keychain is reachable: .*\$\{env:NAME\}/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('gatehouse server import (CLI, real keychain)', () => {
  it("moves a pasted config's plain-text credentials into the keychain and writes references", async () => {
    const importDir = mkdtempSync(join(tmpdir(), 'gatehouse-import-'));
    const pasted = join(importDir, 'claude_desktop_config.json');
    writeFileSync(
      pasted,
      JSON.stringify({
        mcpServers: {
          github: {
            command: 'npx',
            args: ['-y', 'server-github'],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_pasted123' },
          },
          linear: { url: 'https://mcp.linear.app/mcp', headers: { Authorization: 'Bearer lin_pasted456' } },
        },
      }),
    );
    const result = await runCliWith({}, importDir, 'server', 'import', pasted, '--move-secrets');
    expect(result.code).toBe(0);
    const config = readFileSync(join(importDir, 'config.json'), 'utf8');
    expect(config).not.toContain('ghp_pasted123');
    expect(config).not.toContain('lin_pasted456');
    expect(config).toContain('${secret:GITHUB_PERSONAL_ACCESS_TOKEN}');
    expect(config).toContain('Bearer ${secret:LINEAR_AUTHORIZATION}');
    expect(await store.get('GITHUB_PERSONAL_ACCESS_TOKEN')).toBe('ghp_pasted123');
    expect(await store.get('LINEAR_AUTHORIZATION')).toBe('lin_pasted456');
    expect(result.stdout).not.toContain('pasted');
    await store.delete('GITHUB_PERSONAL_ACCESS_TOKEN');
    await store.delete('LINEAR_AUTHORIZATION');
    rmSync(importDir, { recursive: true, force: true });
  });
});
