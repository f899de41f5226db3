/**
 * Grants through the real gateway and a real filesystem server: a grant narrowed to a folder lets
 * exactly the calls inside it through without asking, the audit names the grant, and revoking
 * it makes the next call ask again. And a pause outlives a restart.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/contracts/audit.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { createControlHandlers } from '../../shared/gateway/control/control-service.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, fastBackoff, startGateway, waitFor, type TestGateway } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const files = realpathSync(mkdtempSync(join(tmpdir(), 'gatehouse-grant-files-')));
const projects = join(files, 'projects');
mkdirSync(projects);
mkdirSync(join(files, 'projects-evil'));
writeFileSync(join(projects, 'a.txt'), 'inside');
writeFileSync(join(files, 'projects-evil', 'b.txt'), 'look-alike');

let test: TestGateway;
let client: Client;
const entries: AuditEntry[] = [];

beforeAll(async () => {
  test = await startGateway(
    {
      mcpServers: {
        files: {
          command: process.execPath,
          args: [join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), files],
        },
      },
      policies: { rules: [{ id: 'ask-reads', action: 'approve', match: { tools: ['read_text_file'] } }] },
    },
    { audit: { append: (entry) => void entries.push(entry) }, secretStore: new MemorySecretStore() },
  );
  client = await connectClient(test.gateway.url, test.token);
});

afterAll(async () => {
  await client?.close().catch(() => {});
  await test?.stop();
  rmSync(files, { recursive: true, force: true });
});

const read = (path: string) => client.callTool({ name: 'files__read_text_file', arguments: { path } });

/** Waits for the one pending approval and returns its id. */
async function pendingId(): Promise<string> {
  await waitFor(() => test.gateway.approvals.pending().length === 1, 10_000, 'a pending approval');
  return test.gateway.approvals.pending()[0]!.id;
}

describe('a grant narrowed to a folder', () => {
  it('is given from an approval, shows its digest, and covers the call that asked', async () => {
    const first = read(join(projects, 'a.txt'));
    const id = await pendingId();
    expect(test.gateway.approvals.pending()[0]!.argumentsDigest).toMatch(/^[0-9a-f]{12}$/);
    test.gateway.decideApproval(
      id,
      {
        kind: 'allow-for',
        minutes: 10,
        conditions: [{ kind: 'path-prefix', argument: 'path', prefix: projects }],
      },
      'person',
    );
    expect(JSON.stringify((await first).content)).toContain('inside');
    const [grant] = test.gateway.grants.list();
    expect(grant).toMatchObject({
      client: 'tester',
      server: 'files',
      tool: 'read_text_file',
      grantedBy: 'person',
    });
  });

  it('lets a covered call through without asking, and the audit names the grant', async () => {
    const grant = test.gateway.grants.list()[0]!;
    const result = await read(join(projects, 'a.txt'));
    expect(JSON.stringify(result.content)).toContain('inside');
    await waitFor(
      () => entries.filter((entry) => entry.target === 'read_text_file').length >= 2,
      5000,
      'audit',
    );
    const last = entries.filter((entry) => entry.target === 'read_text_file').at(-1)!;
    expect(last).toMatchObject({ decision: 'allow', ruleId: grant.id, outcome: 'ok' });
    expect(last.explanation).toContain(`Allowed by ${grant.id}`);
    expect(last.approval).toBeUndefined();
  });

  it.each([
    ['a look-alike folder', () => join(files, 'projects-evil', 'b.txt')],
    ['a ".." escape', () => `${projects}/../projects-evil/b.txt`],
  ])('asks again for %s', async (_what, path) => {
    const call = read(path());
    const id = await pendingId();
    test.gateway.decideApproval(id, { kind: 'deny' }, 'person');
    expect((await call).isError).toBe(true);
  });

  it('revoking it makes the next covered call ask again', async () => {
    const { id } = test.gateway.grants.list()[0]!;
    expect(await createControlHandlers(test.gateway)['grants.revoke']({ id }, 'person')).toEqual({
      id,
      revoked: true,
    });
    const call = read(join(projects, 'a.txt'));
    test.gateway.decideApproval(await pendingId(), { kind: 'allow-once' }, 'person');
    expect((await call).isError).toBeFalsy();
  });
});

describe('pause', () => {
  it('survives a restart, and resuming is remembered too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-pause-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ mcpServers: {} }));
    const start = () =>
      Gateway.start({
        dataDir,
        port: 0,
        backoff: fastBackoff,
        audit: false,
        secretStore: new MemorySecretStore(),
      });
    try {
      let gateway = await start();
      expect(gateway.state.current().pausedSince).toBeNull();
      const paused = gateway.state.setPaused(true, 'person');
      await gateway.stop();

      gateway = await start();
      expect(gateway.state.current().pausedSince).toBe(paused.pausedSince);
      const admission = await gateway.gate.admit({
        client: 'c',
        server: 's',
        tool: 't',
        arguments: {},
        sessionId: 'x',
        exposedTool: 's__t',
        signal: new AbortController().signal,
      });
      expect(admission).toMatchObject({ admitted: false, decision: { ruleId: 'paused' } });
      gateway.state.setPaused(false, 'person');
      await gateway.stop();

      gateway = await start();
      expect(gateway.state.current().pausedSince).toBeNull();
      await gateway.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a damaged pause record keeps calls paused (failing safe)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-pause-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ mcpServers: {} }));
    writeFileSync(join(dataDir, 'paused.json'), '{not json');
    const gateway = await Gateway.start({
      dataDir,
      port: 0,
      audit: false,
      secretStore: new MemorySecretStore(),
    });
    try {
      expect(gateway.state.current().pausedSince).not.toBeNull();
    } finally {
      await gateway.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
