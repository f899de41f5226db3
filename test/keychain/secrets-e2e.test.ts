/**
 * A secret in the real keychain, used by a real upstream through `gatehouse serve`: it reaches
 * the server, and nowhere else — not config.json, not the audit database, not any answer of the
 * control API.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ControlMethod } from '../../shared/contracts/control-api.js';
import { readRuntimeFile } from '../../shared/gateway/config/runtime-file.js';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import {
  runCliWith,
  servers,
  startServedGateway,
  waitFor,
  waitForTool,
  type ServeProcess,
} from '../integration/harness.js';
import { isolatedKeychainService, requireKeychain } from './keychain-session.js';

const service = isolatedKeychainService();
const store = new KeytarSecretStore({ service });
const SECRET = `tok_${randomBytes(12).toString('hex')}`;
let dataDir: string;
let serve: ServeProcess;
let client: Client;

/** Calls the running gateway's control API as the UI would, returning the raw JSON text. */
async function control(method: ControlMethod, args: object = {}): Promise<string> {
  const runtime = readRuntimeFile(dataDir);
  const response = await fetch(new URL(`/control/${method}`, runtime.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${runtime.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return response.text();
}

async function serverState(): Promise<string | undefined> {
  const statuses = JSON.parse(await control('servers.status')) as {
    value: { name: string; state: string }[];
  };
  return statuses.value.find((status) => status.name === 'everything')?.state;
}

beforeAll(async () => {
  await requireKeychain(store);
  const served = await startServedGateway({
    mcpServers: { everything: { ...servers.everything, env: { API_TOKEN: '${secret:EVERYTHING_TOKEN}' } } },
  });
  ({ dataDir, serve, client } = served);
}, 60_000);

afterAll(async () => {
  await client?.close().catch(() => {});
  await serve?.stop();
  await store.delete('EVERYTHING_TOKEN').catch(() => false);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('a keychain secret used by an upstream', () => {
  it('waits for the secret, then starts the server once `gatehouse secret set` stores it', async () => {
    await waitFor(async () => (await serverState()) === 'needs-secret', 20_000, 'needs-secret');
    const status = await runCliWith({}, dataDir, 'status');
    expect(status.stdout).toContain('needs secret EVERYTHING_TOKEN');

    const set = await runCliWith({ input: SECRET }, dataDir, 'secret', 'set', 'EVERYTHING_TOKEN');
    expect(set.stdout).toBe('Stored EVERYTHING_TOKEN in the keychain. Reconnecting everything.\n');
    await waitForTool(client, 'everything__get-env');
  }, 60_000);

  it('reaches the server process, and is redacted when a client sends it as an argument', async () => {
    const env = await client.callTool({ name: 'everything__get-env', arguments: {} });
    expect(JSON.stringify(env.content)).toContain(SECRET);
    const echo = await client.callTool({ name: 'everything__echo', arguments: { message: `key=${SECRET}` } });
    expect(echo.isError).toBeFalsy();
  });

  it('is absent from every control API answer', async () => {
    await waitFor(
      async () =>
        (JSON.parse(await control('audit.query', {})) as { value: { records: unknown[] } }).value.records
          .length >= 2,
      10_000,
      'the audit records',
    );
    const answers = [
      await control('servers.status'),
      await control('secrets.list'),
      await control('audit.query', {}),
      await control('audit.query', { text: SECRET }),
      await control('audit.verify'),
      await control('policy.get'),
      await control('approvals.list'),
    ];
    const page = JSON.parse(answers[2]!) as { value: { records: { seq: number }[] } };
    for (const record of page.value.records) answers.push(await control('audit.get', { seq: record.seq }));
    // A refused call echoes nothing of its arguments either.
    answers.push(await control('secrets.set', { name: 'bad name', value: SECRET }));
    expect(answers.length).toBeGreaterThan(8);
    for (const answer of answers) expect(answer).not.toContain(SECRET);
    expect(answers[1]).toContain('EVERYTHING_TOKEN');
  });

  it('is absent from config.json and the audit database files', async () => {
    await serve.stop();
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toContain('${secret:EVERYTHING_TOKEN}');
    for (const file of ['config.json', 'clients.json', 'audit.db', 'audit.db-wal', 'gateway.json']) {
      const path = join(dataDir, file);
      if (existsSync(path)) expect(readFileSync(path).includes(SECRET), file).toBe(false);
    }
    expect(await store.get('EVERYTHING_TOKEN')).toBe(SECRET);
  });
});
