import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AuditRecord } from '../../shared/contracts/audit.js';
import { servers, startServedGateway, waitFor, type ServedGateway, type ServeProcess } from './harness.js';

const SECRET = 'sk-live-4f9c2b7e1d3a';

describe('policy, approvals and the audit trail, end to end through `gatehouse serve`', () => {
  let env: ServedGateway;
  let dataDir: string;
  let serve: ServeProcess;
  let client: Client;
  const run = (...args: string[]) => env.run(...args);
  const pendingIds = () => env.pendingIds();

  beforeAll(async () => {
    env = await startServedGateway(
      {
        mcpServers: { everything: servers.everything },
        policies: {
          // Long enough for two CLI round trips on a slow machine, short enough for the timeout case.
          approvalTimeoutSeconds: 15,
          rules: [
            { id: 'no-env', match: { tools: ['get-env'] }, action: 'deny' },
            { id: 'ask-echo', match: { tools: ['echo'] }, action: 'approve' },
          ],
        },
      },
      'everything__echo',
    );
    ({ dataDir, serve, client } = env);
  }, 60_000);

  afterAll(async () => {
    await env?.stop();
  });

  it('records allowed, denied, approved, timed-out and cancelled calls with their outcomes', async () => {
    await client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 3, apiKey: SECRET } });
    await client.callTool({ name: 'everything__get-env', arguments: {} });

    const approved = client.callTool({ name: 'everything__echo', arguments: { message: 'approve me' } });
    await waitFor(async () => (await pendingIds()).length === 1, 20_000, 'the first approval');
    await run('approve', (await pendingIds())[0]!);
    await approved;

    const unanswered = await client.callTool(
      { name: 'everything__echo', arguments: { message: 'nobody home' } },
      undefined,
      { timeout: 30_000 },
    );
    expect(unanswered.isError).toBe(true);

    const controller = new AbortController();
    const withdrawn = client.callTool(
      { name: 'everything__echo', arguments: { message: 'never mind' } },
      undefined,
      { signal: controller.signal },
    );
    await waitFor(async () => (await pendingIds()).length === 1, 20_000, 'the third approval');
    controller.abort();
    await expect(withdrawn).rejects.toThrow();

    let records: AuditRecord[] = [];
    await waitFor(
      async () => {
        records = (
          JSON.parse((await run('audit', 'query', '--json', '--limit', '20')).stdout) as {
            records: AuditRecord[];
          }
        ).records;
        return records.filter((record) => record.method === 'tools/call').length >= 5;
      },
      20_000,
      'five audited calls',
    );
    const calls = records.filter((record) => record.method === 'tools/call').reverse();
    expect(calls.map((record) => [record.target, record.decision, record.outcome])).toEqual([
      ['get-sum', 'allow', 'ok'],
      ['get-env', 'deny', 'denied'],
      ['echo', 'approve', 'ok'],
      ['echo', 'approve', 'timeout'],
      ['echo', 'approve', 'cancelled'],
    ]);
    expect(calls[2]?.approval).toMatchObject({ kind: 'allow-once', decidedBy: 'admin' });
    expect(calls[0]?.arguments).not.toContain(SECRET);

    const denied = JSON.parse((await run('audit', 'query', '--json', '--outcome', 'denied')).stdout) as {
      records: AuditRecord[];
    };
    expect(denied.records.map((record) => record.target)).toEqual(['get-env']);
  }, 90_000);

  it('shows how a draft policy would have decided those calls', async () => {
    const draft = join(dataDir, 'draft.json');
    writeFileSync(
      draft,
      JSON.stringify({ rules: [{ id: 'no-sums', match: { tools: ['get-sum'] }, action: 'deny' }] }),
    );
    const result = await run('policy', 'dry-run', draft, '--json');
    const report = JSON.parse(result.stdout) as {
      checked: number;
      changed: number;
      calls: { tool: string; changed: boolean }[];
    };
    expect(report.checked).toBeGreaterThanOrEqual(5);
    expect(report.calls.filter((call) => call.changed).map((call) => call.tool)).toEqual(
      expect.arrayContaining(['get-sum', 'get-env']),
    );
  });

  it('keeps secrets out of the database files and catches a tampered record', async () => {
    await serve.stop();
    for (const file of ['audit.db', 'audit.db-wal']) {
      const path = join(dataDir, file);
      if (existsSync(path)) expect(readFileSync(path).includes(SECRET)).toBe(false);
    }
    expect((await run('audit', 'verify')).stdout).toMatch(/intact: \d+ records verified/);

    const db = new Database(join(dataDir, 'audit.db'));
    db.prepare("UPDATE audit_records SET outcome = 'ok' WHERE target = 'get-env'").run();
    const seq = (
      db.prepare("SELECT seq FROM audit_records WHERE target = 'get-env'").get() as { seq: number }
    ).seq;
    db.close();
    const tampered = await run('audit', 'verify', '--json');
    expect(tampered.code).toBe(2);
    expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, firstBad: { seq } });
  });
});
