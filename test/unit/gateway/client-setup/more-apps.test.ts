/**
 * The apps added in issue 18, beyond what client-connect.test.ts checks for every kind (entry in
 * the app's own spelling, the rest kept, undo byte for byte): reading their servers for import in
 * each format, detection of an app that rewrites its file while Gatehouse edits it, and the
 * edge cases of Goose's YAML.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SetupClientKind } from '../../../../shared/contracts/client-setup.js';
import {
  BACKUP_KEY_ACCOUNT,
  aesGcmSealer,
  loadBackupSealer,
} from '../../../../shared/gateway/clients/setup/backup-sealing.js';
import { ClientSetup } from '../../../../shared/gateway/clients/setup/client-setup.js';
import {
  bridgeCommand,
  connectInstructions,
} from '../../../../shared/gateway/clients/connect-instructions.js';
import { SETUP_CLIENT_KINDS } from '../../../../shared/gateway/clients/setup/client-locations.js';
import { gatehouseEntry } from '../../../../shared/gateway/clients/setup/gatehouse-entry.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import { ORIGINAL, TARGET, TestHome } from './client-setup-kit.js';

let home: TestHome;

beforeEach(() => {
  home = new TestHome();
});

afterEach(() => {
  home.remove();
});

describe('reading the servers of the new apps', () => {
  const cases: [SetupClientKind, Record<string, unknown>, string[]][] = [
    [
      'gemini-cli',
      {
        github: {
          type: 'http',
          url: 'https://api.githubcopilot.com/mcp/',
          headers: { Authorization: 'Bearer ghp_gem1n1C7e42F292c6912E7710c83' },
        },
        sqlite: { command: 'uvx', args: ['mcp-server-sqlite', '--db-path', '/home/p/app.db'] },
      },
      [],
    ],
    [
      'opencode',
      {
        context7: {
          url: 'https://mcp.context7.com/mcp',
          headers: { CONTEXT7_API_KEY: 'ctx7sk-0a1b2c3d4e5f' },
        },
        everything: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-everything'],
          env: { LOG_LEVEL: 'info' },
          enabled: false,
        },
      },
      [],
    ],
    [
      'zed',
      {
        postgres: {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-postgres', 'postgresql://localhost/app'],
          env: {},
        },
      },
      // An extension-provided server has neither command nor URL in the file.
      ['mcp-server-github'],
    ],
    [
      'goose',
      { fetch: { command: 'uvx', args: ['mcp-server-fetch'], env: { FETCH_TOKEN: 'ftk_0123456789abcdef' } } },
      ['developer'],
    ],
    [
      'cline',
      {
        'brave-search': {
          command: 'npx',
          args: ['-y', '@modelcontextprotocol/server-brave-search'],
          env: { BRAVE_API_KEY: 'BSA_cline_0a1b2c3d4e5f6a7b' },
        },
      },
      [],
    ],
    [
      'roo-code',
      {
        sentry: {
          type: 'streamable-http',
          url: 'https://mcp.sentry.dev/mcp',
          headers: { Authorization: 'Bearer sntrys_roo_9f8e7d6c' },
        },
      },
      [],
    ],
    [
      'lm-studio',
      {
        'hf-mcp-server': {
          url: 'https://huggingface.co/mcp',
          headers: { Authorization: 'Bearer hf_lmstudio0a1b2c3d4e5f' },
        },
      },
      [],
    ],
    ['claude-code-project', { 'shared-docs': { type: 'http', url: 'https://docs.example.com/mcp' } }, []],
  ];

  it.each(cases)('translates %s’s entries into Gatehouse’s', (kind, expected, unsupported) => {
    home.write(kind);
    const listed = home.setup.readClientServers(kind);
    expect(listed.mcpServers).toEqual(expected);
    expect(listed.unsupported.map((server) => server.name)).toEqual(unsupported);
  });

  it('lists each app’s servers, with the transport, for the first-run page', () => {
    home.write('goose');
    home.write('opencode');
    const clients = home.setup.detectClients(TARGET);
    const goose = clients.find((client) => client.kind === 'goose')!;
    expect(goose).toMatchObject({ installed: true, configExists: true, gatehouse: null });
    expect(goose.servers.map(({ name, transport }) => `${name}:${transport}`)).toEqual([
      'developer:stdio',
      'fetch:stdio',
    ]);
    const opencode = clients.find((client) => client.kind === 'opencode')!;
    expect(opencode.servers).toEqual([
      { name: 'context7', transport: 'http', disabled: false, bypassesGatehouse: true },
      { name: 'everything', transport: 'stdio', disabled: true, bypassesGatehouse: false },
    ]);
  });

  it('sees a connected Gemini CLI and Goose as pointing at this gateway', () => {
    for (const kind of ['gemini-cli', 'goose'] as const) {
      home.write(kind);
      home.setup.applyConnect(kind, TARGET);
      const client = home.setup.detectClients(TARGET).find((found) => found.kind === kind)!;
      expect(client.gatehouse).toEqual({ url: TARGET.url, pointsAtThisGateway: true });
    }
  });
});

describe('an app that rewrites its file while Gatehouse edits it', () => {
  it.each(SETUP_CLIENT_KINDS)(
    '%s: a connect based on an older preview is refused and writes nothing',
    (kind) => {
      const path = home.write(kind);
      const preview = home.setup.previewConnect(kind, TARGET);
      // The app saves its file (here: one more line break, valid in every format).
      const rewritten = `${ORIGINAL[kind]}\n`;
      writeFileSync(path, rewritten);
      expect(() => home.setup.applyConnect(kind, TARGET, preview.basedOn)).toThrow(
        expect.objectContaining({ code: 'client_config_changed' }),
      );
      expect(readFileSync(path, 'utf8')).toBe(rewritten);
      expect(() => home.setup.disconnect(kind, preview.basedOn)).toThrow(
        expect.objectContaining({ code: 'client_config_changed' }),
      );
    },
  );

  it('refuses a connect whose preview is older than the file, and writes nothing', () => {
    const path = home.write('gemini-cli');
    const preview = home.setup.previewConnect('gemini-cli', TARGET);
    // Gemini CLI saves a setting after the person looked at the preview.
    const rewritten = ORIGINAL['gemini-cli'].replace('"GitHub"', '"Dracula"');
    writeFileSync(path, rewritten);

    const refusal = catchError(() => home.setup.applyConnect('gemini-cli', TARGET, preview.basedOn));
    expect(refusal).toBeInstanceOf(GatehouseError);
    expect(refusal).toMatchObject({ code: 'client_config_changed' });
    expect(refusal?.message).toContain('nothing of that change is lost');
    expect(readFileSync(path, 'utf8')).toBe(rewritten);
    expect(home.setup.lastChange('gemini-cli')).toBeUndefined();

    // A fresh preview is based on the new text, and applying it keeps the app's change.
    const fresh = home.setup.previewConnect('gemini-cli', TARGET);
    expect(fresh.basedOn).not.toBe(preview.basedOn);
    home.setup.applyConnect('gemini-cli', TARGET, fresh.basedOn);
    expect(readFileSync(path, 'utf8')).toContain('"Dracula"');
  });

  it('refuses removing imported servers when the file changed since the preview', () => {
    const path = home.write('goose');
    const preview = home.setup.previewRemoveServers('goose', ['fetch']);
    writeFileSync(path, `${ORIGINAL.goose}GOOSE_TEMPERATURE: 0.2\n`);
    expect(() => home.setup.removeServersFromClient('goose', ['fetch'], preview.basedOn)).toThrow(
      /changed by another program since the preview/,
    );
    expect(() => home.setup.assertUnchanged('goose', preview.basedOn!)).toThrow(GatehouseError);
    expect(readFileSync(path, 'utf8')).toContain('GOOSE_TEMPERATURE');
  });

  it('treats a file created after the preview as a change too', () => {
    home.install('lm-studio');
    const preview = home.setup.previewConnect('lm-studio', TARGET);
    expect(preview.basedOn).toBe('absent');
    home.write('lm-studio');
    expect(() => home.setup.applyConnect('lm-studio', TARGET, preview.basedOn)).toThrow(
      expect.objectContaining({ code: 'client_config_changed' }),
    );
    expect(readFileSync(home.path('lm-studio'), 'utf8')).toBe(ORIGINAL['lm-studio']);
  });

  it('applies without complaint when the file is as previewed', () => {
    home.write('zed');
    const preview = home.setup.previewConnect('zed', TARGET);
    const result = home.setup.applyConnect('zed', TARGET, preview.basedOn);
    expect(result.changed).toBe(true);
  });
});

describe("Goose's config.yaml", () => {
  it('keeps comments and the other settings, and writes an entry Goose can parse', () => {
    home.write('goose');
    home.setup.applyConnect('goose', TARGET);
    const after = readFileSync(home.path('goose'), 'utf8');
    expect(after).toContain('# extensions added with goose configure');
    const parsed = parseYaml(after) as Record<string, Record<string, Record<string, unknown>>>;
    expect(parsed.GOOSE_MODEL).toBe('claude-sonnet-4-5');
    expect(Object.keys(parsed.extensions!)).toEqual(['developer', 'fetch', 'gatehouse']);
    expect(parsed.extensions!.gatehouse).toMatchObject({ type: 'streamable_http', name: 'gatehouse' });
  });

  it('creates the extensions map in a file that has none', () => {
    home.write('goose', 'GOOSE_PROVIDER: openai\n');
    home.setup.applyConnect('goose', TARGET);
    const parsed = parseYaml(readFileSync(home.path('goose'), 'utf8')) as Record<string, unknown>;
    expect(parsed.GOOSE_PROVIDER).toBe('openai');
    expect(Object.keys(parsed.extensions as object)).toEqual(['gatehouse']);
  });

  it('reports a broken file with its line instead of writing it', () => {
    home.write('goose', 'extensions:\n  fetch: [unclosed\n');
    expect(() => home.setup.previewConnect('goose', TARGET)).toThrow(/is not valid YAML: .*line/);
  });
});

describe('sealed undo backups', () => {
  const KEY = 'BSA_cline_0a1b2c3d4e5f6a7b';

  it('keeps no credential readable in backups or the journal, and still undoes byte for byte', async () => {
    const secrets = new MemorySecretStore();
    const sealer = (await loadBackupSealer(secrets))!;
    expect(await secrets.get(BACKUP_KEY_ACCOUNT)).toBeDefined();
    const setup = new ClientSetup({ dataDir: home.dataDir, system: home.system, sealer });
    home.write('cline');
    setup.removeServersFromClient('cline', ['brave-search']);
    setup.applyConnect('cline', TARGET);
    const backups = join(home.dataDir, 'client-backups', 'cline');
    for (const name of readdirSync(backups))
      expect(readFileSync(join(backups, name)).includes(KEY), name).toBe(false);

    setup.undo('cline');
    setup.undo('cline');
    expect(readFileSync(home.path('cline'), 'utf8')).toBe(ORIGINAL.cline);
  });

  it('says the keychain is needed when a sealed backup is undone without it', async () => {
    const sealer = (await loadBackupSealer(new MemorySecretStore()))!;
    home.write('cline');
    new ClientSetup({ dataDir: home.dataDir, system: home.system, sealer }).applyConnect('cline', TARGET);
    const unsealed = new ClientSetup({ dataDir: home.dataDir, system: home.system });
    expect(unsealed.lastChange('cline')).toMatchObject({ action: 'connect' });
    expect(() => unsealed.undo('cline')).toThrow(/sealed with a key kept in the keychain/);
  });

  it('refuses to open a backup sealed under another key', () => {
    const sealed = aesGcmSealer(Buffer.alloc(32, 1)).seal(Buffer.from('{}'));
    expect(() => aesGcmSealer(Buffer.alloc(32, 2)).open(sealed)).toThrow(GatehouseError);
  });
});

describe('instructions for doing it by hand', () => {
  // The issue-18 apps; the older six have their own hand-written instructions (Claude Desktop's
  // bridge, for one, leaves the URL to `gatehouse connect`).
  const added = SETUP_CLIENT_KINDS.slice(SETUP_CLIENT_KINDS.indexOf('gemini-cli'));
  it.each(added)('%s: the snippet holds the same entry `clients connect` writes', (kind) => {
    const instructions = connectInstructions(kind, TARGET);
    if (instructions.snippet.language === 'shell') return; // Claude Code: `claude mcp add`
    const parsed = (
      instructions.snippet.language === 'yaml'
        ? parseYaml(instructions.snippet.text)
        : instructions.snippet.language === 'toml'
          ? null
          : JSON.parse(instructions.snippet.text)
    ) as Record<string, Record<string, unknown>> | null;
    if (parsed === null) return; // Codex: TOML, checked in client-connect.test.ts
    const { serversKey } = home.setup.location(kind);
    expect(parsed[serversKey]!.gatehouse).toEqual(gatehouseEntry(kind, TARGET, bridgeCommand()));
  });
});

function catchError(work: () => unknown): Error | undefined {
  try {
    work();
  } catch (error: unknown) {
    return error as Error;
  }
  return undefined;
}
