/**
 * Names that try path traversal or injection. An upstream (the shifting-tools fixture) offers
 * tools named `../../etc/passwd`, with a newline that forges a log line, with SQL, NUL, ANSI
 * escapes and Unicode look-alikes: clients see clean names, calls still reach the right tool,
 * the audit stores and finds the names verbatim, logs stay one line per message, the control
 * API returns names as JSON data, and no file appears outside the data directory. Server, client
 * and secret names chosen by a person are refused at every entry point instead.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTool } from '../../shared/contracts/tool-access.js';
import { createStderrLogger } from '../../shared/gateway/logger.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, startGateway, waitFor, type TestGateway } from './harness.js';
import { expectControlRefusal, rawRequest } from './hostile-kit.js';

const root = resolve(import.meta.dirname, '../..');

/** Tool names a hostile upstream might offer. */
const HOSTILE_TOOLS = [
  '../../etc/passwd',
  '..\\..\\windows\\system32',
  "x'; DROP TABLE audit_records; --",
  'quote"and\'apostrophe',
  'line\n[gatehouse] error: forged line',
  'carriage\rreturn',
  'nul\u0000byte',
  'ansi\u001b[31mred\u001b[0m',
  'division\u2215slash',
  'fullwidth\uff0e\uff0e\uff0fdots',
  'bidi\u202eexe.txt',
  'separator\u2028line',
];

/** Names a person might type for a server, client or secret, none of them acceptable. */
const HOSTILE_NAMES = [
  '../evil',
  '..',
  'a/b',
  'a\\b',
  'a\nb',
  'a\u0000b',
  "a'b",
  'a"b',
  'a b',
  ' a',
  '.hidden',
  '-flag',
  'a\u2215b',
  '\uff0e\uff0e',
  '\uff41\uff42\uff43',
  'caf\u00e9',
  'x'.repeat(200),
  '',
];

let dir: string;
let env: TestGateway;
let client: Client;
const logged: string[] = [];

const toolsFile = () => join(dir, 'tools.json');
const writeTools = (description: string) =>
  writeFileSync(
    toolsFile(),
    JSON.stringify(['plain', ...HOSTILE_TOOLS].map((name) => ({ name, description }))),
  );

/** A control call with the admin token; resolves with the status and the parsed body. */
async function control(method: string, args: unknown) {
  const answer = await rawRequest(env.gateway.url, {
    path: `/control/${method}`,
    headers: { authorization: `Bearer ${env.gateway.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { answer, body: JSON.parse(answer.text) as { ok: boolean; value?: unknown } };
}

async function value<T>(method: string, args: unknown): Promise<T> {
  const { body } = await control(method, args);
  expect(body.ok).toBe(true);
  return body.value as T;
}

async function expectStillServing(): Promise<void> {
  const result = await client.callTool({ name: 'hostile__plain', arguments: { text: 'ok' } });
  expect(result.content).toEqual([{ type: 'text', text: 'plain: ok' }]);
}

/** Every file and folder under `folder`, relative to it. */
function listTree(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-hostile-names-'));
  writeTools('Answers with its own name.');
  env = await startGateway(
    {
      mcpServers: {
        hostile: {
          command: process.execPath,
          args: ['--import', 'tsx', join(root, 'test/fixtures/shifting-tools-server.ts')],
          env: { SHIFTING_TOOLS_FILE: toolsFile() },
        },
      },
    },
    {
      secretStore: new MemorySecretStore(),
      uiDirectory: false,
      logger: createStderrLogger((text) => void logged.push(text)),
    },
  );
  client = await connectClient(env.gateway.url, env.token);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('tool names chosen by an upstream', () => {
  it('shows clients only clean names, and still calls the tool the upstream named', async () => {
    const tools = await value<AccessTool[]>('servers.tools', { name: 'hostile' });
    expect(tools.map((tool) => tool.tool).sort()).toEqual(['plain', ...HOSTILE_TOOLS].sort());

    const listed = (await client.listTools()).tools.map((tool) => tool.name);
    for (const name of listed) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);

    const called: string[] = [];
    for (const original of HOSTILE_TOOLS) {
      const tool = tools.find((candidate) => candidate.tool === original)!;
      expect(tool.exposedName).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      if (!listed.includes(tool.exposedName)) {
        // Switched off because its name looks like poisoning (control or bidi characters): harmless.
        expect(tool.signs.length).toBeGreaterThan(0);
        continue;
      }
      const result = await client.callTool({ name: tool.exposedName, arguments: { text: 'hi' } });
      // The fixture answers with the name it was called by: the original, byte for byte.
      expect(result.content).toEqual([{ type: 'text', text: `${original}: hi` }]);
      called.push(original);
    }
    expect(called).toEqual(expect.arrayContaining(HOSTILE_TOOLS.slice(0, 6)));
    await expectStillServing();
  });

  it('returns names through the control API as JSON data, escaped', async () => {
    const { answer } = await control('servers.tools', { name: 'hostile' });
    expect(answer.headers['content-type']).toBe('application/json');
    // JSON escapes line breaks and NUL: the raw body has none of them.
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point.
    expect(answer.text).not.toMatch(/[\n\r\u0000\u001b]/);
    expect(JSON.parse(answer.text)).toMatchObject({ ok: true });
  });

  it('stores names with SQL in them verbatim, and finds them again', async () => {
    const sql = HOSTILE_TOOLS[2]!;
    const exposed = (await value<AccessTool[]>('servers.tools', { name: 'hostile' })).find(
      (tool) => tool.tool === sql,
    )!.exposedName;
    await client.callTool({ name: exposed, arguments: { text: "'); DELETE FROM audit_records; --" } });
    type Page = { records: { target: string; method: string }[] };
    const calls = async () =>
      (await value<Page>('audit.query', { target: sql })).records.filter(
        (record) => record.method === 'tools/call',
      );
    // The record reaches the log on the audit's next flush.
    await waitFor(
      async () => (env.gateway.auditLog!.flush(), (await calls()).length > 0),
      10_000,
      'the audited call',
    );
    const byTarget = await value<Page>('audit.query', { target: sql });
    expect(byTarget.records.every((record) => record.target === sql)).toBe(true);
    const byText = await value<Page>('audit.query', { text: 'DROP TABLE audit_records' });
    expect(byText.records.some((record) => record.target === sql)).toBe(true);
    // The table is still there, and the chain of every record still verifies.
    expect(await value('audit.verify', {})).toMatchObject({ ok: true });
    await expectStillServing();
  });

  it('keeps each log message on one line, with control characters escaped', async () => {
    // A changed description makes the gateway hold every tool and log each by name.
    writeTools('Answers with its own name, now differently.');
    await env.gateway.restartUpstream('hostile');
    const changedLines = () => logged.filter((text) => text.includes('changed since it was approved'));
    await waitFor(() => changedLines().length === HOSTILE_TOOLS.length + 1, 10_000, 'a log line per tool');
    const changed = changedLines();
    for (const text of logged) {
      expect(text.endsWith('\n')).toBe(true);
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point.
      expect(text.slice(0, -1)).not.toMatch(/[\n\r\u0000\u001b\u2028\u202e]/);
      expect(text.startsWith('[gatehouse] ')).toBe(true);
    }
    expect(changed.join('')).toContain('hostile/line\\n[gatehouse] error: forged line changed');
    expect(changed.join('')).toContain('hostile/ansi\\u001b[31mred');
  });

  it('keeps names as data in files: tool-pins.json keys, and nothing outside the data directory', () => {
    const pins = JSON.parse(readFileSync(join(env.dataDir, 'tool-pins.json'), 'utf8')) as {
      servers: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(pins.servers.hostile ?? {}).sort()).toEqual(['plain', ...HOSTILE_TOOLS].sort());
    for (const path of listTree(env.dataDir)) expect(path).not.toMatch(/passwd|system32|etc|windows/);
    expect(listTree(dir)).toEqual(['tools.json']);
  });
});

describe('names a person chooses', () => {
  it('refuses hostile server names through the control API, leaving config.json as it was', async () => {
    const before = readFileSync(join(env.dataDir, 'config.json'), 'utf8');
    for (const name of HOSTILE_NAMES) {
      const { answer } = await control('servers.save', { name, config: { command: 'node' } });
      expect([400, 409]).toContain(answer.status);
      expectControlRefusal(answer, answer.status);
    }
    expect(readFileSync(join(env.dataDir, 'config.json'), 'utf8')).toBe(before);
  });

  it('refuses hostile client names, leaving clients.json as it was', async () => {
    const before = readFileSync(join(env.dataDir, 'clients.json'), 'utf8');
    for (const name of HOSTILE_NAMES) {
      const { answer } = await control('clients.add', { name });
      expect([400, 409]).toContain(answer.status);
      expectControlRefusal(answer, answer.status);
    }
    expect(readFileSync(join(env.dataDir, 'clients.json'), 'utf8')).toBe(before);
  });

  it('refuses hostile secret names before they reach the keychain', async () => {
    for (const name of HOSTILE_NAMES) {
      const { answer } = await control('secrets.set', { name, value: 'v' });
      expectControlRefusal(answer, 400, 'invalid_arguments');
    }
    // The only entry is Gatehouse's own: the audit chain's key (audit-key/<trail id>).
    const accounts = await env.gateway.secrets.accounts();
    expect(accounts.filter((account) => !account.startsWith('audit-key/'))).toEqual([]);
  });

  it('refuses to start from a config.json with a hostile server name', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-hostile-config-'));
    try {
      for (const name of ['../evil', 'a\nb', 'a\u2215b']) {
        writeFileSync(
          join(dataDir, 'config.json'),
          JSON.stringify({ mcpServers: { [name]: { command: 'node' } } }),
        );
        await expect(
          Gateway.start({ dataDir, port: 0, secretStore: new MemorySecretStore(), uiDirectory: false }),
        ).rejects.toMatchObject({ code: 'config_invalid' });
      }
      expect(listTree(dataDir)).toEqual(['config.json']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
