import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigChangePreviewSchema,
  type SetupClientKind,
} from '../../../../shared/contracts/client-setup.js';
import { SETUP_CLIENT_KINDS } from '../../../../shared/gateway/clients/setup/client-locations.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import {
  BRIDGE,
  GATEWAY_URL,
  ORIGINAL,
  TARGET,
  TOKEN,
  TestHome,
  keepsEveryLine,
} from './client-setup-kit.js';

const AUTH = { Authorization: `Bearer ${TOKEN}` };

/** The entry each client should end up with, in its own spelling. */
const EXPECTED_ENTRY: Record<SetupClientKind, unknown> = {
  'claude-code': { type: 'http', url: GATEWAY_URL, headers: AUTH },
  'claude-desktop': {
    command: BRIDGE.command,
    args: [...BRIDGE.args, '--url', GATEWAY_URL],
    env: { GATEHOUSE_TOKEN: TOKEN },
  },
  cursor: { url: GATEWAY_URL, headers: AUTH },
  vscode: { type: 'http', url: GATEWAY_URL, headers: AUTH },
  windsurf: { serverUrl: GATEWAY_URL, headers: AUTH },
  codex: { url: GATEWAY_URL, http_headers: AUTH },
  'gemini-cli': { httpUrl: GATEWAY_URL, headers: AUTH },
  opencode: { type: 'remote', url: GATEWAY_URL, headers: AUTH, oauth: false, enabled: true },
  zed: { url: GATEWAY_URL, headers: AUTH },
  goose: {
    enabled: true,
    type: 'streamable_http',
    name: 'gatehouse',
    description: 'Gatehouse: every MCP server through one gateway',
    uri: GATEWAY_URL,
    headers: AUTH,
    timeout: 300,
  },
  cline: { type: 'streamableHttp', url: GATEWAY_URL, headers: AUTH, disabled: false },
  'roo-code': { type: 'streamable-http', url: GATEWAY_URL, headers: AUTH },
  'lm-studio': { url: GATEWAY_URL, headers: AUTH },
  'vscode-insiders': { type: 'http', url: GATEWAY_URL, headers: AUTH },
  vscodium: { type: 'http', url: GATEWAY_URL, headers: AUTH },
  'claude-code-project': { type: 'http', url: GATEWAY_URL, headers: AUTH },
};

let home: TestHome;

beforeEach(() => {
  home = new TestHome();
});

afterEach(() => {
  home.remove();
});

function read(kind: SetupClientKind): string {
  return readFileSync(home.path(kind), 'utf8');
}

function serversIn(kind: SetupClientKind, text: string): Record<string, unknown> {
  if (kind === 'codex') return parseToml(text).mcp_servers as Record<string, unknown>;
  if (kind === 'goose') return (parseYaml(text) as Record<string, Record<string, unknown>>).extensions!;
  const root = parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, Record<string, unknown>>;
  return root[home.setup.location(kind).serversKey]!;
}

function backupFiles(kind: SetupClientKind): string[] {
  const folder = join(home.dataDir, 'client-backups', kind);
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.bak')) : [];
}

describe('connecting a client', () => {
  it.each(SETUP_CLIENT_KINDS)('writes the gatehouse entry in %s’s own format and keeps the rest', (kind) => {
    home.write(kind);
    const result = home.setup.applyConnect(kind, TARGET);

    const after = read(kind);
    expect(result).toMatchObject({ kind, action: 'connect', changed: true, createsFile: false });
    expect(JSON.parse(JSON.stringify(serversIn(kind, after).gatehouse))).toEqual(EXPECTED_ENTRY[kind]);
    expect(keepsEveryLine(ORIGINAL[kind], after)).toBe(true);
    expect(Object.keys(serversIn(kind, after))).toEqual([
      ...Object.keys(serversIn(kind, ORIGINAL[kind])),
      'gatehouse',
    ]);
    expect(readFileSync(result.backupPath!, 'utf8')).toBe(ORIGINAL[kind]);
  });

  it('keeps Cursor’s comments and trailing commas, adding the entry in the same style', () => {
    home.write('cursor');
    home.setup.applyConnect('cursor', TARGET);
    expect(read('cursor')).toBe(`{
  // Servers for every project
  "mcpServers": {
    "linear": {
      "url": "https://mcp.linear.app/mcp",
      "headers": { "Authorization": "Bearer lin_api_9f8e7d6c5b4a39281706" }, // personal key
    },
    "gatehouse": {
      "url": "${GATEWAY_URL}",
      "headers": {
        "Authorization": "Bearer ${TOKEN}"
      }
    },
  },
}
`);
  });

  it('appends a [mcp_servers.gatehouse] table to Codex’s TOML and leaves comments and tables alone', () => {
    home.write('codex');
    home.setup.applyConnect('codex', TARGET);
    expect(read('codex')).toBe(
      `${ORIGINAL.codex}\n[mcp_servers.gatehouse]\nurl = "${GATEWAY_URL}"\n` +
        `http_headers = { Authorization = "Bearer ${TOKEN}" }\n`,
    );
  });

  it('keeps VS Code’s tabs and Windsurf’s CRLF line endings', () => {
    home.write('vscode');
    home.write('windsurf');
    home.setup.applyConnect('vscode', TARGET);
    home.setup.applyConnect('windsurf', TARGET);
    expect(read('vscode')).toContain(`\t\t"gatehouse": {\n\t\t\t"type": "http",\n`);
    expect(read('windsurf').replace(/\r\n/g, '')).not.toContain('\n');
  });

  it.each(SETUP_CLIENT_KINDS)('gives the same bytes when %s is connected twice', (kind) => {
    home.write(kind);
    home.setup.applyConnect(kind, TARGET);
    const once = read(kind);
    const again = home.setup.applyConnect(kind, TARGET);
    expect(read(kind)).toBe(once);
    expect(again).toMatchObject({ changed: false, backupPath: null, diff: [] });
    expect(again.summary[0]).toMatch(/already connected/);
    expect(backupFiles(kind)).toHaveLength(1);
  });

  it('replaces a gatehouse entry that points elsewhere', () => {
    home.write(
      'cursor',
      '{\n  "mcpServers": {\n    "gatehouse": { "url": "http://127.0.0.1:9999/mcp" }\n  }\n}\n',
    );
    const change = home.setup.previewConnect('cursor', TARGET);
    expect(change.summary[0]).toContain('the one for http://127.0.0.1:9999/mcp');
    home.setup.applyConnect('cursor', TARGET);
    expect(serversIn('cursor', read('cursor')).gatehouse).toEqual(EXPECTED_ENTRY.cursor);
  });

  it('creates the file of an installed client that has none yet, readable only by its owner', () => {
    home.install('cursor');
    const result = home.setup.applyConnect('cursor', TARGET);
    expect(result).toMatchObject({ createsFile: true, backupPath: null });
    expect(serversIn('cursor', read('cursor')).gatehouse).toEqual(EXPECTED_ENTRY.cursor);
    if (process.platform !== 'win32') expect(statSync(home.path('cursor')).mode & 0o777).toBe(0o600);
  });

  it('refuses a client that is not installed and creates nothing', () => {
    const connect = () => home.setup.applyConnect('windsurf', TARGET);
    expect(connect).toThrow(GatehouseError);
    expect(connect).toThrow(/Windsurf does not seem to be installed/);
    expect(existsSync(dirname(home.path('windsurf')))).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('keeps the file’s mode and a symlink stays a symlink', () => {
    const real = join(home.root, 'dotfiles', 'mcp.json');
    mkdirSync(dirname(real), { recursive: true });
    writeFileSync(real, ORIGINAL.cursor);
    chmodSync(real, 0o640);
    mkdirSync(dirname(home.path('cursor')), { recursive: true });
    symlinkSync(real, home.path('cursor'));

    home.setup.applyConnect('cursor', TARGET);
    expect(lstatSync(home.path('cursor')).isSymbolicLink()).toBe(true);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readFileSync(real, 'utf8')).toContain('"gatehouse"');
  });
});

describe('previewing a change', () => {
  it('writes nothing and shows the added lines with the token masked', () => {
    home.write('claude-desktop');
    const change = home.setup.previewConnect('claude-desktop', TARGET);
    expect(read('claude-desktop')).toBe(ORIGINAL['claude-desktop']);
    expect(backupFiles('claude-desktop')).toEqual([]);
    expect(change).toMatchObject({ changed: true, before: ORIGINAL['claude-desktop'] });
    expect(change.after).toContain(TOKEN);
    const shown = ConfigChangePreviewSchema.parse(change);
    expect(JSON.stringify(shown)).not.toContain(TOKEN);
    expect(shown).not.toHaveProperty('after');
    expect(shown.diff.filter((line) => line.op === 'added').map((line) => line.text)).toContain(
      '        "GATEHOUSE_TOKEN": "[redacted]"',
    );
    expect(shown.summary[0]).toMatch(/^Adds a "gatehouse" entry for http:\/\/127\.0\.0\.1:4283\/mcp to /);
  });

  it('masks the credentials of servers it would remove', () => {
    home.write('claude-code');
    const shown = ConfigChangePreviewSchema.parse(home.setup.previewRemoveServers('claude-code', ['github']));
    expect(JSON.stringify(shown)).not.toContain('ghp_16C7e42F292c6912E7710c838347Ae178B4a');
    expect(shown.diff).toContainEqual({
      op: 'removed',
      text: '        "GITHUB_PERSONAL_ACCESS_TOKEN": "[redacted]"',
    });
  });
});

describe('undo and disconnect', () => {
  it.each(SETUP_CLIENT_KINDS)('undo puts %s’s original bytes back exactly', (kind) => {
    home.write(kind);
    home.setup.applyConnect(kind, TARGET);
    const result = home.setup.undo(kind);
    expect(result).toMatchObject({ kind, undone: 'connect', outcome: 'original-bytes' });
    expect(read(kind)).toBe(ORIGINAL[kind]);
    expect(home.setup.lastChange(kind)).toBeUndefined();
    expect(() => home.setup.undo(kind)).toThrow(/no change to .* left to undo/);
  });

  it('undo removes a file Gatehouse created', () => {
    home.install('vscode');
    home.setup.applyConnect('vscode', TARGET);
    expect(home.setup.undo('vscode').outcome).toBe('file-removed');
    expect(existsSync(home.path('vscode'))).toBe(false);
    expect(existsSync(dirname(home.path('vscode')))).toBe(true);
  });

  it.each(SETUP_CLIENT_KINDS)('disconnecting %s after connecting restores the original bytes', (kind) => {
    home.write(kind);
    home.setup.applyConnect(kind, TARGET);
    const result = home.setup.disconnect(kind);
    expect(result).toMatchObject({ action: 'disconnect', changed: true });
    expect(read(kind)).toBe(ORIGINAL[kind]);
  });

  it('undoes changes one at a time, newest first', () => {
    home.write('codex');
    home.setup.applyConnect('codex', TARGET);
    const connected = read('codex');
    home.setup.disconnect('codex');
    expect(home.setup.lastChange('codex')?.action).toBe('disconnect');
    expect(home.setup.undo('codex').undone).toBe('disconnect');
    expect(read('codex')).toBe(connected);
    expect(home.setup.undo('codex').undone).toBe('connect');
    expect(read('codex')).toBe(ORIGINAL.codex);
  });

  it('disconnecting a client without the entry changes nothing', () => {
    home.write('cursor');
    expect(home.setup.disconnect('cursor')).toMatchObject({ changed: false, backupPath: null });
    expect(read('cursor')).toBe(ORIGINAL.cursor);
    expect(home.setup.lastChange('cursor')).toBeUndefined();
  });

  it('after the client rewrote the file, undo puts back only the entry and keeps the client’s changes', () => {
    home.write('claude-code');
    home.setup.applyConnect('claude-code', TARGET);
    // Claude Code rewrites ~/.claude.json on every start.
    writeFileSync(
      home.path('claude-code'),
      read('claude-code').replace('"numStartups": 42', '"numStartups": 43'),
    );

    const result = home.setup.undo('claude-code');
    expect(result.outcome).toBe('entries-restored');
    expect(read('claude-code')).toBe(
      ORIGINAL['claude-code'].replace('"numStartups": 42', '"numStartups": 43'),
    );
  });
});
