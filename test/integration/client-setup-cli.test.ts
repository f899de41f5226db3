/**
 * `gatehouse clients …` against a throwaway home folder with realistic Cursor and VS Code files,
 * next to a real `gatehouse serve`: the token written into Cursor's file works, a second connect
 * changes nothing, an import moves the plain-text key into the keychain and the server starts in
 * the running gateway, undo puts the bytes back, a broken file is left alone, drift shows.
 * Needs a keychain: run inside test/keychain/with-keyring.sh (npm test does).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRuntimeFile } from '../../shared/gateway/config/runtime-file.js';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import { isolatedKeychainService, requireKeychain } from '../keychain/keychain-session.js';
import { connectClient, runCliWith, servers, startServe, waitForTool, type ServeProcess } from './harness.js';

const MEMORY_KEY = 'mem_sk_live_4f9a2c7e1b8d3f6a0c5e';

/** Cursor's global file as people have it: a comment, a trailing comma, a key in plain text. */
const CURSOR_FILE = `{
  // Servers for every project
  "mcpServers": {
    "memory": {
      "command": ${JSON.stringify(servers.memory.command)},
      "args": ${JSON.stringify(servers.memory.args)},
      "env": { "MEMORY_API_KEY": "${MEMORY_KEY}" }
    },
  },
}
`;

const VSCODE_FILE = [
  '{',
  '\t"servers": {',
  '\t\t"fetch": { "type": "stdio", "command": "uvx", "args": ["mcp-server-fetch"] }',
  '\t},',
  '\t"inputs": []',
  '}',
  '',
].join('\n');

const service = isolatedKeychainService();
const keychain = new KeytarSecretStore({ service });
const root = mkdtempSync(join(tmpdir(), 'gatehouse-client-setup-cli-'));
const home = join(root, 'home');
const dataDir = join(root, 'data');
const cursorPath = join(home, '.cursor', 'mcp.json');
const vscodePath = join(home, '.config', 'Code', 'User', 'mcp.json');
/** Where the clients look for their files: the temporary home only. */
const homeEnv: NodeJS.ProcessEnv = {
  HOME: home,
  USERPROFILE: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  CODEX_HOME: undefined,
  CLAUDE_CONFIG_DIR: undefined,
};
let serve: ServeProcess;
const sdkClients: Client[] = [];

function run(...args: string[]) {
  return runCliWith({ env: homeEnv }, dataDir, 'clients', ...args);
}

async function runJson<T>(...args: string[]): Promise<T> {
  const result = await run(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Calls the running gateway's control API as the UI does; the raw answer text. */
async function control(method: string, args: object = {}): Promise<string> {
  const runtime = readRuntimeFile(dataDir);
  const response = await fetch(new URL(`/control/${method}`, runtime.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${runtime.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return response.text();
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function cursorServers(): Record<string, { url?: string; headers?: Record<string, string> }> {
  return (parseJsonc(readFileSync(cursorPath, 'utf8')) as { mcpServers: Record<string, never> }).mcpServers;
}

function cursorToken(): string {
  return cursorServers().gatehouse!.headers!.Authorization!.replace(/^Bearer /, '');
}

async function connectWith(token: string): Promise<Client> {
  const client = await connectClient(serve.url, token);
  sdkClients.push(client);
  return client;
}

interface Detection {
  clients: { kind: string; installed: boolean; gatehouse: unknown; problem?: string }[];
  drift: { kind: string; type: string; server?: string }[];
}

beforeAll(async () => {
  await requireKeychain(keychain);
  write(cursorPath, CURSOR_FILE);
  write(vscodePath, VSCODE_FILE);
  mkdirSync(dataDir);
  serve = await startServe(dataDir, homeEnv);
}, 60_000);

afterAll(async () => {
  await Promise.all(sdkClients.map((client) => client.close().catch(() => {})));
  await serve?.stop();
  await keychain.delete('MEMORY_API_KEY').catch(() => false);
  rmSync(root, { recursive: true, force: true });
});

describe('gatehouse clients', () => {
  it('detects the installed clients and what bypasses Gatehouse, before anything is connected', async () => {
    const detection = await runJson<Detection>('detect');
    const byKind = Object.fromEntries(detection.clients.map((client) => [client.kind, client]));
    expect(byKind.cursor).toMatchObject({ installed: true, gatehouse: null });
    expect(byKind.vscode).toMatchObject({ installed: true, gatehouse: null });
    expect(byKind.codex).toMatchObject({ installed: false });
    expect(detection.drift).toEqual([]);

    const table = await run('detect');
    expect(table.stdout).toMatch(/Cursor +yes +not connected +memory +.*\.cursor\/mcp\.json/);
    expect(table.stdout).not.toContain(MEMORY_KEY);
  });

  it('refuses to write without a terminal unless given --yes', async () => {
    const refused = await run('connect', 'cursor');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Pass --yes to make the change .*nothing was changed\.\n$/);
    expect(readFileSync(cursorPath, 'utf8')).toBe(CURSOR_FILE);

    const unknown = await run('connect', 'emacs');
    expect(unknown.stderr).toBe(
      'gatehouse: "emacs" is not an app Gatehouse can set up. Use one of: claude-code, claude-desktop, ' +
        'cursor, vscode, windsurf, codex, gemini-cli, opencode, zed, goose, cline, roo-code, lm-studio, ' +
        'vscode-insiders, vscodium, claude-code-project.\n',
    );
  });

  it('connects Cursor with a token of its own that works against the running gateway', async () => {
    const result = await run('connect', 'cursor', '--yes', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ changed: true, client: 'cursor', rotatedToken: false });
    expect(cursorServers().gatehouse?.url).toBe(serve.url.href);
    const token = cursorToken();
    expect(result.stdout).not.toContain(token);
    const client = await connectWith(token);
    expect((await client.listTools()).tools).toBeInstanceOf(Array);
  });

  it('connecting again changes nothing and keeps the token', async () => {
    const before = readFileSync(cursorPath);
    const again = await runJson<{ changed: boolean; written: boolean }>('connect', 'cursor', '--yes');
    expect(again).toMatchObject({ changed: false, written: false });
    expect(readFileSync(cursorPath).equals(before)).toBe(true);
    await connectWith(cursorToken());
  });

  it('imports Cursor’s server with its key moved into the keychain, removes it from Cursor, and the gateway runs it', async () => {
    const token = cursorToken();
    const result = await runJson<Record<string, unknown>>(
      'import',
      'cursor',
      '--remove-from-client',
      '--yes',
    );
    expect(result).toMatchObject({
      added: ['memory'],
      moved: [{ server: 'memory', field: 'env', key: 'MEMORY_API_KEY', secretName: 'MEMORY_API_KEY' }],
      removal: { action: 'remove-servers', changed: true },
      gatewayReloaded: true,
    });
    expect(JSON.stringify(result)).not.toContain(MEMORY_KEY);

    const config = readFileSync(join(dataDir, 'config.json'), 'utf8');
    expect(config).not.toContain(MEMORY_KEY);
    expect(JSON.parse(config)).toMatchObject({
      mcpServers: { memory: { env: { MEMORY_API_KEY: '${secret:MEMORY_API_KEY}' } } },
    });
    expect(await keychain.get('MEMORY_API_KEY')).toBe(MEMORY_KEY);
    expect(Object.keys(cursorServers())).toEqual(['gatehouse']);

    // Cursor now reaches the memory server through Gatehouse, with the same token as before.
    await waitForTool(await connectWith(token), 'memory__read_graph');
  }, 60_000);

  it('undo puts Cursor’s file back byte for byte, one change at a time', async () => {
    const token = cursorToken();
    const afterRemoval = await run('undo', 'cursor');
    expect(afterRemoval.stdout).toMatch(/is back exactly as it was/);
    expect(Object.keys(cursorServers())).toEqual(['memory', 'gatehouse']);

    const afterConnect = await run('undo', 'cursor');
    expect(afterConnect.stdout).toMatch(/Revoked the Gatehouse client "cursor"/);
    expect(readFileSync(cursorPath, 'utf8')).toBe(CURSOR_FILE);
    await expect(connectClient(serve.url, token)).rejects.toThrow();

    const nothing = await run('undo', 'cursor');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/no change to Cursor's config left to undo/);
  });

  it('reports a malformed VS Code file and leaves it untouched', async () => {
    const broken = VSCODE_FILE.replace('\t},\n', '\t}\n');
    write(vscodePath, broken);
    const detection = await runJson<Detection>('detect');
    expect(detection.clients.find((client) => client.kind === 'vscode')?.problem).toMatch(
      /mcp\.json is not valid JSON: a missing comma at line 5/,
    );
    const refused = await run('connect', 'vscode', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Gatehouse has not changed it/);
    expect(readFileSync(vscodePath, 'utf8')).toBe(broken);
  });

  it('shows drift when Cursor later gains a server that bypasses Gatehouse', async () => {
    await runJson('connect', 'cursor', '--yes');
    const text = readFileSync(cursorPath, 'utf8');
    write(
      cursorPath,
      text.replace(
        '"mcpServers": {',
        '"mcpServers": {\n    "sneaky": { "url": "https://mcp.example.com/mcp" },',
      ),
    );
    const detection = await runJson<Detection>('detect');
    expect(detection.drift).toContainEqual(
      expect.objectContaining({ kind: 'cursor', type: 'bypass', server: 'sneaky' }),
    );
    expect((await run('detect')).stdout).toMatch(/Drift:\n.*reaches "sneaky" directly/);
  });

  it('the running gateway offers the same setup through its control API, never returning a token', async () => {
    const token = cursorToken();
    const detection = JSON.parse(await control('setup.detect')) as { ok: true; value: Detection };
    expect(detection.value.clients.find((client) => client.kind === 'cursor')?.gatehouse).toEqual({
      url: serve.url.href,
      pointsAtThisGateway: true,
    });
    const answers = [
      await control('setup.preview', { kind: 'cursor', action: 'disconnect' }),
      await control('setup.importPreview', { kind: 'cursor' }),
      await control('setup.disconnect', { kind: 'cursor' }),
    ];
    for (const answer of answers) {
      expect(JSON.parse(answer)).toMatchObject({ ok: true });
      expect(answer).not.toContain(token);
    }
    expect(cursorServers()).not.toHaveProperty('gatehouse');
    await expect(connectClient(serve.url, token)).rejects.toThrow();
    expect(JSON.parse(await control('setup.undo', { kind: 'cursor' }))).toMatchObject({
      ok: true,
      value: { undone: 'disconnect', outcome: 'original-bytes' },
    });
  });
});
