import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientOnboarding } from '../../../../shared/gateway/clients/setup/client-onboarding.js';
import { ClientRegistry } from '../../../../shared/gateway/config/client-registry.js';
import { ConfigStore } from '../../../../shared/gateway/config/config-store.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import type { SecretStore } from '../../../../shared/gateway/secrets/secret-store.js';
import { SETUP_CLIENT_KINDS } from '../../../../shared/gateway/clients/setup/client-locations.js';
import { GATEWAY_URL, ORIGINAL, TestHome } from './client-setup-kit.js';

const LINEAR_KEY = 'lin_api_9f8e7d6c5b4a39281706';

/** A Cursor file with one server of each kind an import meets. */
const CURSOR_WITH_EVERYTHING = `{
  "mcpServers": {
    "linear": { "url": "https://mcp.linear.app/mcp", "headers": { "Authorization": "Bearer ${LINEAR_KEY}" } },
    "mem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },
    "github": { "command": "docker", "args": ["run", "ghcr.io/github/github-mcp-server"] },
    "bad name!": { "command": "x" }
  }
}
`;

/** Gatehouse's own config: one server Cursor duplicates, one that only shares a name. */
const GATEHOUSE_CONFIG = {
  mcpServers: {
    memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
    github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
  },
};

let home: TestHome;
let registry: ClientRegistry;
let secrets: MemorySecretStore;

function onboarding(secretStore: SecretStore = secrets): ClientOnboarding {
  return new ClientOnboarding({
    setup: home.setup,
    clients: registry,
    configStore: new ConfigStore(home.dataDir),
    secrets: secretStore,
    gatewayUrl: GATEWAY_URL,
  });
}

/** The `gatehouse` entry's bearer token in the Cursor file. */
function cursorToken(): string {
  const file = parseJsonc(readFileSync(home.path('cursor'), 'utf8')) as {
    mcpServers: { gatehouse: { headers: { Authorization: string } } };
  };
  return file.mcpServers.gatehouse.headers.Authorization.replace(/^Bearer /, '');
}

function gatehouseConfig(): { mcpServers: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(home.dataDir, 'config.json'), 'utf8')) as {
    mcpServers: Record<string, unknown>;
  };
}

beforeEach(() => {
  home = new TestHome();
  registry = new ClientRegistry(home.dataDir);
  secrets = new MemorySecretStore();
  new ConfigStore(home.dataDir).update(() => structuredClone(GATEHOUSE_CONFIG));
});

afterEach(() => {
  home.remove();
});

describe('connecting', () => {
  it('previews with a placeholder token and writes nothing', () => {
    home.write('cursor');
    const preview = onboarding().previewConnect('cursor');
    expect(preview).toMatchObject({ kind: 'cursor', action: 'connect', changed: true });
    expect(preview).not.toHaveProperty('after');
    expect(preview.summary.at(-1)).toBe(
      'Gatehouse creates a client "cursor" with a token of its own for Cursor.',
    );
    expect(JSON.stringify(preview)).not.toContain(LINEAR_KEY);
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(ORIGINAL.cursor);
    expect(registry.list()).toEqual([]);
  });

  it('creates a client named after the kind whose token the entry carries, and never returns it', () => {
    home.write('cursor');
    const result = onboarding().connect('cursor');
    expect(result).toMatchObject({ kind: 'cursor', changed: true, client: 'cursor', rotatedToken: false });
    expect(result.backupPath).toMatch(/client-backups/);
    const token = cursorToken();
    expect(registry.authenticate(token)).toBe('cursor');
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('is idempotent: connecting a working client again rotates nothing and writes nothing', () => {
    home.write('cursor');
    const flow = onboarding();
    flow.connect('cursor');
    const bytes = readFileSync(home.path('cursor'));
    const created = registry.list();

    expect(flow.previewConnect('cursor')).toMatchObject({ changed: false, diff: [] });
    const again = flow.connect('cursor');
    expect(again).toMatchObject({ changed: false, backupPath: null, client: 'cursor', rotatedToken: false });
    expect(again.summary).toEqual([
      `Cursor is already connected to Gatehouse at ${GATEWAY_URL}; ${home.path('cursor')} stays as it is.`,
    ]);
    expect(readFileSync(home.path('cursor')).equals(bytes)).toBe(true);
    expect(registry.list()).toEqual(created);
  });

  it('rotates the token of an existing client of that name, and says so', () => {
    home.write('cursor');
    const old = registry.add('cursor').token;
    expect(onboarding().previewConnect('cursor').summary.at(-1)).toBe(
      'Gatehouse gives its client "cursor" a new token; the old one stops working.',
    );
    const result = onboarding().connect('cursor');
    expect(result.rotatedToken).toBe(true);
    expect(result.summary.at(-1)).toMatch(/existed already: it has a new token now/);
    expect(registry.authenticate(old)).toBeUndefined();
    expect(registry.authenticate(cursorToken())).toBe('cursor');
  });

  it('replaces an entry whose token was revoked instead of calling it connected', () => {
    home.write('cursor');
    onboarding().connect('cursor');
    registry.revoke('cursor');
    const result = onboarding().connect('cursor');
    expect(result).toMatchObject({ changed: true, rotatedToken: false });
    expect(registry.authenticate(cursorToken())).toBe('cursor');
  });

  it('creates no token for a client that is missing or whose file it cannot read', () => {
    expect(() => onboarding().connect('codex')).toThrow(
      expect.objectContaining({ code: 'client_not_installed' }) as GatehouseError,
    );
    const broken = '{ "mcpServers": { "a": { "command": "x" } ';
    home.write('cursor', broken);
    expect(() => onboarding().connect('cursor')).toThrow(
      expect.objectContaining({ code: 'client_config_invalid' }) as GatehouseError,
    );
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(broken);
    expect(registry.list()).toEqual([]);
  });
});

describe('disconnecting and undoing', () => {
  it('disconnecting removes the entry and revokes the client', () => {
    home.write('cursor');
    const flow = onboarding();
    flow.connect('cursor');
    const token = cursorToken();
    expect(flow.previewDisconnect('cursor').summary.at(-1)).toBe(
      'Also revokes the Gatehouse client "cursor", so its token stops working.',
    );
    const result = flow.disconnect('cursor');
    expect(result).toMatchObject({ changed: true, revokedClient: 'cursor' });
    expect(registry.authenticate(token)).toBeUndefined();
    expect(readFileSync(home.path('cursor'), 'utf8')).not.toContain('gatehouse');
  });

  it('undoing a connect restores the original bytes and revokes the token only that entry held', () => {
    home.write('cursor');
    const flow = onboarding();
    flow.connect('cursor');
    expect(flow.detect().undoable).toEqual([expect.objectContaining({ kind: 'cursor', action: 'connect' })]);
    const result = flow.undo('cursor');
    expect(result.outcome).toBe('original-bytes');
    expect(result.message).toMatch(/Revoked the Gatehouse client "cursor"/);
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(ORIGINAL.cursor);
    expect(registry.list()).toEqual([]);
    expect(flow.detect().undoable).toEqual([]);
  });

  it('undoing a disconnect says the restored token no longer works', () => {
    home.write('cursor');
    const flow = onboarding();
    flow.connect('cursor');
    flow.disconnect('cursor');
    const result = flow.undo('cursor');
    expect(result.undone).toBe('disconnect');
    expect(result.message).toMatch(/carries a token Gatehouse no longer accepts; connect Cursor again/);
    expect(flow.connect('cursor')).toMatchObject({ changed: true });
  });

  it('has nothing to undo before any change', () => {
    home.write('cursor');
    expect(() => onboarding().undo('cursor')).toThrow(
      expect.objectContaining({ code: 'nothing_to_undo' }) as GatehouseError,
    );
  });
});

describe('detecting', () => {
  it('reports drift only for clients that were connected', () => {
    home.writeAll();
    const flow = onboarding();
    flow.connect('cursor');
    registry.add('codex');
    const detection = flow.detect();
    expect(detection.clients).toHaveLength(SETUP_CLIENT_KINDS.length);
    const cursor = detection.clients.find((client) => client.kind === 'cursor');
    expect(cursor?.gatehouse).toEqual({ url: GATEWAY_URL, pointsAtThisGateway: true });
    expect(detection.drift.map((finding) => [finding.kind, finding.type])).toEqual([
      ['cursor', 'bypass'],
      ['codex', 'gatehouse-missing'],
      ['codex', 'bypass'],
      ['codex', 'bypass'],
    ]);
  });

  it('shows a later bypassing server and a removed entry as drift', () => {
    home.write('windsurf', '{ "mcpServers": {} }\n');
    const flow = onboarding();
    flow.connect('windsurf');
    expect(flow.detect().drift).toEqual([]);
    const file = JSON.parse(readFileSync(home.path('windsurf'), 'utf8')) as {
      mcpServers: Record<string, unknown>;
    };
    file.mcpServers.sneaky = { serverUrl: 'https://example.com/mcp' };
    writeFileSync(home.path('windsurf'), JSON.stringify(file));
    expect(flow.detect().drift).toEqual([expect.objectContaining({ type: 'bypass', server: 'sneaky' })]);
    writeFileSync(home.path('windsurf'), '{ "mcpServers": {} }');
    expect(flow.detect().drift).toEqual([expect.objectContaining({ type: 'gatehouse-missing' })]);
  });
});

describe('importing a client’s servers', () => {
  it('previews duplicates, taken names, unsupported entries and credential names, never values', async () => {
    home.write('cursor', CURSOR_WITH_EVERYTHING);
    const preview = await onboarding().previewImport('cursor');
    expect(preview.servers).toEqual([
      { name: 'linear', outcome: 'import' },
      { name: 'mem', outcome: 'duplicate', sameAs: 'memory' },
      { name: 'github', outcome: 'name-taken' },
      {
        name: 'bad name!',
        outcome: 'unsupported',
        reason: expect.stringMatching(/letters, digits/) as string,
      },
    ]);
    expect(preview.credentials).toEqual([
      {
        server: 'linear',
        field: 'headers',
        key: 'Authorization',
        secretName: 'LINEAR_AUTHORIZATION',
        alreadyStored: false,
      },
    ]);
    expect(preview.removal?.summary[0]).toMatch(/^Removes "linear", "mem" from /);
    expect(JSON.stringify(preview)).not.toContain(LINEAR_KEY);
    expect(await secrets.accounts()).toEqual([]);
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(CURSOR_WITH_EVERYTHING);
  });

  it('imports with credentials in the keychain and leaves the client alone unless asked', async () => {
    home.write('cursor', CURSOR_WITH_EVERYTHING);
    const result = await onboarding().import('cursor', { removeFromClient: false });
    expect(result).toMatchObject({
      added: ['linear'],
      duplicates: [{ name: 'mem', sameAs: 'memory' }],
      moved: [expect.objectContaining({ server: 'linear', secretName: 'LINEAR_AUTHORIZATION' })],
      removal: null,
    });
    expect(result.skipped.map((skipped) => skipped.name)).toEqual(['github', 'bad name!']);
    expect(gatehouseConfig().mcpServers.linear).toEqual({
      url: 'https://mcp.linear.app/mcp',
      headers: { Authorization: 'Bearer ${secret:LINEAR_AUTHORIZATION}' },
    });
    expect(await secrets.get('LINEAR_AUTHORIZATION')).toBe(LINEAR_KEY);
    expect(JSON.stringify(result)).not.toContain(LINEAR_KEY);
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(CURSOR_WITH_EVERYTHING);
  });

  it('removes the imported and duplicate servers from the client when asked, undoably', async () => {
    home.write('cursor', CURSOR_WITH_EVERYTHING);
    const flow = onboarding();
    const result = await flow.import('cursor', { removeFromClient: true });
    expect(result.removal).toMatchObject({ action: 'remove-servers', changed: true });
    const servers = Object.keys(
      (parseJsonc(readFileSync(home.path('cursor'), 'utf8')) as { mcpServers: object }).mcpServers,
    );
    expect(servers).toEqual(['github', 'bad name!']);

    expect(flow.undo('cursor').outcome).toBe('original-bytes');
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(CURSOR_WITH_EVERYTHING);
    expect(gatehouseConfig().mcpServers).toHaveProperty('linear');
  });

  it('has nothing to add when Gatehouse runs every server already', async () => {
    home.write(
      'cursor',
      '{ "mcpServers": { "mem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] } } }',
    );
    const flow = onboarding();
    expect((await flow.previewImport('cursor')).credentials).toEqual([]);
    const result = await flow.import('cursor', { removeFromClient: true });
    expect(result).toMatchObject({ added: [], duplicates: [{ name: 'mem', sameAs: 'memory' }] });
    expect(result.removal?.changed).toBe(true);
    expect(Object.keys(gatehouseConfig().mcpServers)).toEqual(['memory', 'github']);
  });

  it('writes nothing when the keychain cannot take the credentials', async () => {
    home.write('cursor', CURSOR_WITH_EVERYTHING);
    const unavailable = new GatehouseError('keychain_unavailable', 'No keychain answered.');
    const noKeychain: SecretStore = {
      get: () => Promise.reject(unavailable),
      set: () => Promise.reject(unavailable),
      delete: () => Promise.reject(unavailable),
      accounts: () => Promise.reject(unavailable),
    };
    await expect(onboarding(noKeychain).import('cursor', { removeFromClient: true })).rejects.toBe(
      unavailable,
    );
    expect(gatehouseConfig()).toEqual(GATEHOUSE_CONFIG);
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(CURSOR_WITH_EVERYTHING);
  });
});
