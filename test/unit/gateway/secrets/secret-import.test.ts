import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../shared/gateway/config/config-store.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import {
  applyImport,
  planImport,
  type ImportMode,
} from '../../../../shared/gateway/secrets/secret-import.js';
import type { SecretStore } from '../../../../shared/gateway/secrets/secret-store.js';

const GITHUB_TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const LINEAR_KEY = 'lin_api_9f8e7d6c5b4a39281706';

/** What a person pastes from claude_desktop_config.json. */
const claudeDesktopConfig = {
  mcpServers: {
    github: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: GITHUB_TOKEN },
    },
    linear: {
      type: 'http',
      url: 'https://mcp.linear.app/mcp',
      headers: { Authorization: `Bearer ${LINEAR_KEY}`, Accept: 'application/json' },
    },
    everything: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything'],
      env: { DEBUG: '1' },
    },
  },
  globalShortcut: 'Ctrl+Space',
};

let dataDir: string;
let configFile: string;
let configStore: ConfigStore;
let store: MemorySecretStore;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-import-'));
  configFile = join(dataDir, 'config.json');
  configStore = new ConfigStore(dataDir);
  store = new MemorySecretStore();
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function importConfig(raw: unknown, mode: ImportMode = 'move', replace = false) {
  const plan = await planImport(raw, configStore.load(), store, { replace, source: 'claude.json' });
  return { plan, result: await applyImport(plan, configStore, store, mode) };
}

async function keychain(): Promise<Record<string, string>> {
  const names = await store.accounts();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await store.get(name)])));
}

/** A keychain that never answers, as on a headless Linux box without a Secret Service. */
class UnavailableSecretStore implements SecretStore {
  #fail(): never {
    throw new GatehouseError('keychain_unavailable', 'No keychain is reachable: test.');
  }
  async get(): Promise<string | undefined> {
    return this.#fail();
  }
  async set(): Promise<void> {
    this.#fail();
  }
  async delete(): Promise<boolean> {
    return this.#fail();
  }
  async accounts(): Promise<string[]> {
    return this.#fail();
  }
}

describe('importing a Claude Desktop config', () => {
  it('moves the token and the bearer credential into the keychain and leaves DEBUG=1 alone', async () => {
    const { plan, result } = await importConfig(claudeDesktopConfig);

    expect(plan.servers).toEqual([
      { name: 'github', replaces: false },
      { name: 'linear', replaces: false },
      { name: 'everything', replaces: false },
    ]);
    expect(plan.moves).toEqual([
      {
        server: 'github',
        field: 'env',
        key: 'GITHUB_PERSONAL_ACCESS_TOKEN',
        secretName: 'GITHUB_PERSONAL_ACCESS_TOKEN',
        alreadyStored: false,
      },
      {
        server: 'linear',
        field: 'headers',
        key: 'Authorization',
        secretName: 'LINEAR_AUTHORIZATION',
        alreadyStored: false,
      },
    ]);
    expect(result).toMatchObject({
      added: ['github', 'linear', 'everything'],
      stored: ['GITHUB_PERSONAL_ACCESS_TOKEN', 'LINEAR_AUTHORIZATION'],
      plaintext: [],
    });
    expect(await keychain()).toEqual({
      GITHUB_PERSONAL_ACCESS_TOKEN: GITHUB_TOKEN,
      LINEAR_AUTHORIZATION: LINEAR_KEY,
    });

    const servers = configStore.load().mcpServers;
    expect(servers.github).toEqual({
      ...claudeDesktopConfig.mcpServers.github,
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${secret:GITHUB_PERSONAL_ACCESS_TOKEN}' },
    });
    expect(servers.linear).toEqual({
      ...claudeDesktopConfig.mcpServers.linear,
      headers: { Authorization: 'Bearer ${secret:LINEAR_AUTHORIZATION}', Accept: 'application/json' },
    });
    expect(servers.everything).toEqual(claudeDesktopConfig.mcpServers.everything);
  });

  it('writes no secret value to config.json and shows none in the plan', async () => {
    const { plan, result } = await importConfig(claudeDesktopConfig);
    const printed = [readFileSync(configFile, 'utf8'), JSON.stringify(plan), inspect(plan, { depth: null })];
    printed.push(JSON.stringify(result), inspect(result, { depth: null }));
    for (const text of printed) {
      expect(text).not.toContain(GITHUB_TOKEN);
      expect(text).not.toContain(LINEAR_KEY);
    }
  });

  it('with keep-plaintext writes the entries as pasted and stores nothing', async () => {
    const { result } = await importConfig(claudeDesktopConfig, 'keep-plaintext');
    expect(result.moved).toEqual([]);
    expect(result.stored).toEqual([]);
    expect(result.plaintext).toEqual([
      { server: 'github', field: 'env', key: 'GITHUB_PERSONAL_ACCESS_TOKEN' },
      { server: 'linear', field: 'headers', key: 'Authorization' },
    ]);
    expect(await store.accounts()).toEqual([]);
    expect(configStore.load().mcpServers).toEqual(claudeDesktopConfig.mcpServers);
  });

  it('keeps what config.json held already, unknown keys included', async () => {
    const before = {
      mcpServers: { memory: { command: 'node', args: ['memory.js'] } },
      settings: { port: 5000 },
      someOtherTool: { kept: true },
    };
    writeFileSync(configFile, JSON.stringify(before));
    await importConfig(claudeDesktopConfig);
    const after = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(after.someOtherTool).toEqual({ kept: true });
    expect(after.settings).toEqual({ port: 5000 });
    expect(Object.keys(after.mcpServers!)).toEqual(['memory', 'github', 'linear', 'everything']);
  });
});

interface NamingCase {
  readonly what: string;
  /** A bare map of pasted servers. */
  readonly pasted: Record<string, unknown>;
  readonly keychainBefore?: Record<string, string>;
  readonly existing?: Record<string, unknown>;
  /** `server key → SECRET_NAME` for every move, in order. */
  readonly moves: string[];
  readonly keychainAfter: Record<string, string>;
  /** Expected `env` or `headers` of one written server. */
  readonly written?: { server: string; values: Record<string, string> };
}

const namingCases: NamingCase[] = [
  {
    what: 'an env name taken in the keychain by another value gets the server prefix',
    pasted: { work: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'new-value' } } },
    keychainBefore: { GITHUB_TOKEN: 'old-value' },
    moves: ['work GITHUB_TOKEN → WORK_GITHUB_TOKEN'],
    keychainAfter: { GITHUB_TOKEN: 'old-value', WORK_GITHUB_TOKEN: 'new-value' },
  },
  {
    what: 'then a numeric suffix when the prefixed name is taken too',
    pasted: { work: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'new-value' } } },
    keychainBefore: { GITHUB_TOKEN: 'a', WORK_GITHUB_TOKEN: 'b', WORK_GITHUB_TOKEN_2: 'c' },
    moves: ['work GITHUB_TOKEN → WORK_GITHUB_TOKEN_3'],
    keychainAfter: {
      GITHUB_TOKEN: 'a',
      WORK_GITHUB_TOKEN: 'b',
      WORK_GITHUB_TOKEN_2: 'c',
      WORK_GITHUB_TOKEN_3: 'new-value',
    },
  },
  {
    what: 'a name that already starts with the server name goes straight to the suffix',
    pasted: { github: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'new-value' } } },
    keychainBefore: { GITHUB_TOKEN: 'old-value' },
    moves: ['github GITHUB_TOKEN → GITHUB_TOKEN_2'],
    keychainAfter: { GITHUB_TOKEN: 'old-value', GITHUB_TOKEN_2: 'new-value' },
  },
  {
    what: 'the keychain holding the same value is reused, not stored again',
    pasted: { github: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'same' } } },
    keychainBefore: { GITHUB_TOKEN: 'same' },
    moves: ['github GITHUB_TOKEN → GITHUB_TOKEN'],
    keychainAfter: { GITHUB_TOKEN: 'same' },
  },
  {
    what: 'two servers sharing one token share one secret',
    pasted: {
      'github-work': { command: 'gh-mcp', env: { GITHUB_TOKEN: 'shared' } },
      'github-oss': { command: 'gh-mcp', env: { GITHUB_TOKEN: 'shared' } },
    },
    moves: ['github-work GITHUB_TOKEN → GITHUB_TOKEN', 'github-oss GITHUB_TOKEN → GITHUB_TOKEN'],
    keychainAfter: { GITHUB_TOKEN: 'shared' },
  },
  {
    what: 'two servers with different tokens under one key get different secrets',
    pasted: {
      work: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'work-token' } },
      oss: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'oss-token' } },
    },
    moves: ['work GITHUB_TOKEN → GITHUB_TOKEN', 'oss GITHUB_TOKEN → OSS_GITHUB_TOKEN'],
    keychainAfter: { GITHUB_TOKEN: 'work-token', OSS_GITHUB_TOKEN: 'oss-token' },
  },
  {
    what: 'a name another server refers to is not filled with a pasted value, even while missing',
    pasted: { work: { command: 'gh-mcp', env: { GITHUB_TOKEN: 'pasted' } } },
    existing: { oss: { command: 'gh-mcp', env: { GITHUB_TOKEN: '${secret:GITHUB_TOKEN}' } } },
    moves: ['work GITHUB_TOKEN → WORK_GITHUB_TOKEN'],
    keychainAfter: { WORK_GITHUB_TOKEN: 'pasted' },
  },
  {
    what: 'keys are upper-cased and sanitised into secret names',
    pasted: { tool: { command: 'tool', env: { 'api-key.v2': 'k1', '2fa_secret': 'k2' } } },
    moves: ['tool api-key.v2 → API_KEY_V2', 'tool 2fa_secret → _2FA_SECRET'],
    keychainAfter: { API_KEY_V2: 'k1', _2FA_SECRET: 'k2' },
  },
  {
    what: 'credential headers are named after server and header; other headers stay',
    pasted: {
      'my-search': {
        url: 'https://search.example.com/mcp',
        headers: { 'X-API-Key': 'sk-search', 'X-Region': 'eu' },
      },
    },
    moves: ['my-search X-API-Key → MY_SEARCH_X_API_KEY'],
    keychainAfter: { MY_SEARCH_X_API_KEY: 'sk-search' },
    written: {
      server: 'my-search',
      values: { 'X-API-Key': '${secret:MY_SEARCH_X_API_KEY}', 'X-Region': 'eu' },
    },
  },
  {
    what: 'a header name taken by another value gets a numeric suffix',
    pasted: { linear: { url: 'https://mcp.linear.app/mcp', headers: { Authorization: 'Bearer new' } } },
    keychainBefore: { LINEAR_AUTHORIZATION: 'old' },
    moves: ['linear Authorization → LINEAR_AUTHORIZATION_2'],
    keychainAfter: { LINEAR_AUTHORIZATION: 'old', LINEAR_AUTHORIZATION_2: 'new' },
    written: { server: 'linear', values: { Authorization: 'Bearer ${secret:LINEAR_AUTHORIZATION_2}' } },
  },
  {
    what: 'Basic and token schemes keep the scheme and store only the credential',
    pasted: {
      jira: { url: 'https://jira.example.com/mcp', headers: { Authorization: 'Basic dXNlcjpwYXNz' } },
      gitea: { url: 'https://gitea.example.com/mcp', headers: { authorization: 'token abc123' } },
    },
    moves: ['jira Authorization → JIRA_AUTHORIZATION', 'gitea authorization → GITEA_AUTHORIZATION'],
    keychainAfter: { JIRA_AUTHORIZATION: 'dXNlcjpwYXNz', GITEA_AUTHORIZATION: 'abc123' },
    written: { server: 'gitea', values: { authorization: 'token ${secret:GITEA_AUTHORIZATION}' } },
  },
  {
    what: 'references, other tools’ placeholders and empty values are left alone',
    pasted: {
      github: {
        command: 'gh-mcp',
        env: {
          GITHUB_TOKEN: '${secret:GH}',
          NPM_TOKEN: '${env:NPM_TOKEN}',
          SLACK_TOKEN: '${input:slack_token}',
          API_KEY: '',
          DEBUG: '1',
        },
      },
      remote: {
        url: 'https://example.com/mcp',
        headers: { Authorization: 'Bearer ${API_KEY}' },
      },
    },
    moves: [],
    keychainAfter: {},
    written: {
      server: 'github',
      values: {
        GITHUB_TOKEN: '${secret:GH}',
        NPM_TOKEN: '${env:NPM_TOKEN}',
        SLACK_TOKEN: '${input:slack_token}',
        API_KEY: '',
        DEBUG: '1',
      },
    },
  },
];

describe('choosing secret names', () => {
  it.each(namingCases)('$what', async (testCase) => {
    if (testCase.existing) writeFileSync(configFile, JSON.stringify({ mcpServers: testCase.existing }));
    for (const [name, value] of Object.entries(testCase.keychainBefore ?? {})) await store.set(name, value);

    const { plan } = await importConfig(testCase.pasted);

    expect(plan.moves.map((move) => `${move.server} ${move.key} → ${move.secretName}`)).toEqual(
      testCase.moves,
    );
    expect(await keychain()).toEqual(testCase.keychainAfter);
    if (testCase.written) {
      const server = configStore.load().mcpServers[testCase.written.server] as Record<string, unknown>;
      expect(server.env ?? server.headers).toEqual(testCase.written.values);
    }
  });
});

describe('accepted shapes', () => {
  const entry = { command: 'npx', args: ['-y', 'server-memory'] };

  it.each([
    ['Claude Desktop, Cursor and Claude Code ("mcpServers")', { mcpServers: { memory: entry } }],
    ['VS Code ("servers")', { servers: { memory: { type: 'stdio', ...entry } }, inputs: [] }],
    ['a bare map of servers', { memory: entry }],
  ])('%s', async (_shape, raw) => {
    const { result } = await importConfig(raw);
    expect(result.added).toEqual(['memory']);
  });

  it('reads a bare map holding a server called "servers" as a bare map', async () => {
    const { result } = await importConfig({ servers: entry, memory: entry });
    expect(result.added).toEqual(['servers', 'memory']);
  });
});

describe('servers that exist already', () => {
  beforeEach(() => {
    writeFileSync(
      configFile,
      JSON.stringify({
        mcpServers: {
          github: { command: 'old-github', env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${secret:GH}' } },
        },
      }),
    );
  });

  it('are skipped, and say why', async () => {
    const { plan, result } = await importConfig(claudeDesktopConfig);
    expect(plan.skipped).toEqual([{ name: 'github', reason: 'exists' }]);
    expect(plan.moves.map((move) => move.server)).toEqual(['linear']);
    expect(result.added).toEqual(['linear', 'everything']);
    expect(configStore.load().mcpServers.github).toMatchObject({ command: 'old-github' });
    expect(await store.accounts()).toEqual(['LINEAR_AUTHORIZATION']);
  });

  it('are overwritten with replace', async () => {
    const { plan, result } = await importConfig(claudeDesktopConfig, 'move', true);
    expect(plan.skipped).toEqual([]);
    expect(plan.servers[0]).toEqual({ name: 'github', replaces: true });
    expect(result.replaced).toEqual(['github']);
    expect(result.added).toEqual(['linear', 'everything']);
    expect(configStore.load().mcpServers.github).toMatchObject({
      command: 'npx',
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${secret:GITHUB_PERSONAL_ACCESS_TOKEN}' },
    });
  });
});

describe('invalid input', () => {
  it.each([
    [
      'an empty command',
      { mcpServers: { github: { command: '' } } },
      'Server "github" in claude.json is not valid (command: must name the program to run); nothing was imported.',
    ],
    [
      'an env value that is not a string',
      { mcpServers: { github: { command: 'npx', env: { GITHUB_TOKEN: 42 } } } },
      /^Server "github" in claude\.json is not valid \(env\.GITHUB_TOKEN: .*\); nothing was imported\.$/,
    ],
    [
      'a remote URL that is not http',
      { mcpServers: { remote: { url: 'ftp://example.com' } } },
      'Server "remote" in claude.json is not valid (url: must be an http:// or https:// URL); nothing was imported.',
    ],
    [
      'an entry with neither command nor url',
      { mcpServers: { odd: { args: [] } } },
      'Server "odd" in claude.json is not valid (needs either a "command" (a local server) or a "url" (a remote server)); nothing was imported.',
    ],
    [
      'a server name with a space',
      { mcpServers: { 'my server': { command: 'npx' } } },
      /^"my server" in claude\.json is not a usable server name: .*; nothing was imported\.$/,
    ],
    ['an array', [], /^claude\.json is not a server config: expected "mcpServers"/],
    ['no servers', { mcpServers: {} }, /^claude\.json lists no servers/],
    ['"mcpServers" that is not a map', { mcpServers: ['github'] }, /are not a map of names to entries/],
  ])('%s is refused in one sentence and nothing changes', async (_what, raw, message) => {
    const error = await importConfig(raw).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatehouseError);
    expect((error as GatehouseError).code).toBe('import_invalid');
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
    expect(await store.accounts()).toEqual([]);
    expect(() => readFileSync(configFile)).toThrow();
  });
});

describe('an unreachable keychain', () => {
  const before = `${JSON.stringify({ mcpServers: { memory: { command: 'node' } }, note: 'x' }, null, 4)}\n`;

  beforeEach(() => {
    writeFileSync(configFile, before);
  });

  it('makes move fail with keychain_unavailable and leaves config.json byte for byte', async () => {
    const unavailable = new UnavailableSecretStore();
    const plan = await planImport(claudeDesktopConfig, configStore.load(), unavailable, { replace: false });
    await expect(applyImport(plan, configStore, unavailable, 'move')).rejects.toMatchObject({
      code: 'keychain_unavailable',
    });
    expect(readFileSync(configFile, 'utf8')).toBe(before);
  });

  it('failing half way through storing still leaves config.json untouched, and a retry reuses what was stored', async () => {
    let sets = 0;
    const flaky: SecretStore = {
      get: (name) => store.get(name),
      delete: (name) => store.delete(name),
      accounts: () => store.accounts(),
      set: async (name, value) => {
        if (++sets === 2) throw new GatehouseError('keychain_unavailable', 'The keychain locked.');
        await store.set(name, value);
      },
    };
    const plan = await planImport(claudeDesktopConfig, configStore.load(), flaky, { replace: false });
    await expect(applyImport(plan, configStore, flaky, 'move')).rejects.toMatchObject({
      code: 'keychain_unavailable',
    });
    expect(readFileSync(configFile, 'utf8')).toBe(before);

    const { plan: retry } = await importConfig(claudeDesktopConfig);
    expect(retry.moves.map((move) => [move.secretName, move.alreadyStored])).toEqual([
      ['GITHUB_PERSONAL_ACCESS_TOKEN', true],
      ['LINEAR_AUTHORIZATION', false],
    ]);
  });

  it('at planning time means nothing is stored later, since names were chosen blind', async () => {
    await store.set('GITHUB_PERSONAL_ACCESS_TOKEN', 'someone-elses-token');
    const unreadable: SecretStore = {
      get: async () => {
        throw new GatehouseError('keychain_unavailable', 'The keychain was locked.');
      },
      set: (name, value) => store.set(name, value),
      delete: (name) => store.delete(name),
      accounts: () => store.accounts(),
    };
    const plan = await planImport(claudeDesktopConfig, configStore.load(), unreadable, { replace: false });
    await expect(applyImport(plan, configStore, unreadable, 'move')).rejects.toThrow(
      'The keychain was locked.',
    );
    expect(await keychain()).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: 'someone-elses-token' });
    expect(readFileSync(configFile, 'utf8')).toBe(before);
  });

  it('does not stop keep-plaintext', async () => {
    const unavailable = new UnavailableSecretStore();
    const plan = await planImport(claudeDesktopConfig, configStore.load(), unavailable, { replace: false });
    const result = await applyImport(plan, configStore, unavailable, 'keep-plaintext');
    expect(result.added).toEqual(['github', 'linear', 'everything']);
    expect(configStore.load().mcpServers.github).toEqual(claudeDesktopConfig.mcpServers.github);
  });
});
