/**
 * A real `gatehouse serve` killed with SIGKILL in the middle of its work: 64 calls running on an
 * allowed tool, three calls waiting for approval, and a stream of short calls being answered and
 * audited as the kill lands. Restarted on the same data directory, the audit database must be
 * intact and its chain must verify, and no record acknowledged as written may be missing.
 *
 * THE AUDIT TRAIL'S DURABILITY PROMISE
 *
 * A call's record is queued when the call ends, just after its answer went out, and committed in
 * a batch (one SQLite transaction in WAL mode with synchronous=FULL) at most `flushIntervalMs`,
 * 50 ms, later. If the gateway is killed (SIGKILL, a crash, or a power cut on a disk that honours
 * fsync):
 *
 * - the database reopens intact (`PRAGMA integrity_check` says ok) and its hash chain verifies
 *   (`gatehouse audit verify`); the chain goes on from where it stopped;
 * - every record acknowledged as written is there, unchanged. A record is acknowledged once it
 *   is committed, which a person or program can observe: a reader other than the gateway sees it
 *   (`gatehouse audit query`, another SQLite connection), or the gateway returned it from an audit
 *   read (the control API's audit methods commit everything queued before they read);
 * - the records of calls answered in the last flush interval before the kill may be missing:
 *   their answers went out, their records were still queued;
 * - calls still running or waiting for approval at the kill leave no record at all: a record is
 *   written when its call ends, and these never ended.
 *
 * So an answer a client holds is not by itself a promise that its record is on disk. Making it
 * one would put a commit on every call's path (an fsync per call, or every answer held until the
 * next batch commits); Gatehouse keeps the call path free of the disk instead.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createParser } from 'eventsource-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ControlEvent } from '../../shared/contracts/control-events.js';
import { AUDIT_DB_FILE } from '../../shared/gateway/audit/audit-log.js';
import { readRuntimeFile } from '../../shared/gateway/config/runtime-file.js';
import { ControlClient } from '../../shared/gateway/control/control-client.js';
import {
  connectClient,
  isAlive,
  runCli,
  startServe,
  waitFor,
  waitForTool,
  type ServeProcess,
} from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const faulty = {
  command: process.execPath,
  args: ['--import', 'tsx', join(root, 'test/fixtures/faulty-server.ts')],
  cwd: root,
};
const IN_FLIGHT = 64;
const PENDING_APPROVALS = 3;
/** Short calls answered before the kill, and how many are answered by the time it lands. */
const BURST = 400;
const KILL_AFTER = 150;

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The committed records as another SQLite connection sees them: seq → hash. */
function committedRecords(dataDir: string): Map<number, string> {
  const db = new Database(join(dataDir, AUDIT_DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT seq, hash FROM audit_records').all() as { seq: number; hash: string }[];
    return new Map(rows.map((row) => [row.seq, row.hash]));
  } finally {
    db.close();
  }
}

/** How many records name one of `targets`. */
function recordsOf(dataDir: string, targets: string[]): number {
  const db = new Database(join(dataDir, AUDIT_DB_FILE), { readonly: true, fileMustExist: true });
  try {
    const placeholders = targets.map(() => '?').join(', ');
    const row = db
      .prepare(`SELECT count(*) AS n FROM audit_records WHERE target IN (${placeholders})`)
      .get(...targets) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

/** Child processes of `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Follows the control event stream, counting calls started and finished per tool. */
async function followCalls(url: URL, adminToken: string) {
  const abort = new AbortController();
  const started = new Map<string, number>();
  const finished = new Map<string, number>();
  const bump = (counts: Map<string, number>, tool: string) => counts.set(tool, (counts.get(tool) ?? 0) + 1);
  const response = await fetch(new URL('/control/events', url), {
    headers: { authorization: `Bearer ${adminToken}` },
    signal: abort.signal,
  });
  expect(response.status).toBe(200);
  const parser = createParser({
    onEvent: (message) => {
      const event = JSON.parse(message.data) as ControlEvent;
      if (event.type === 'call.started') bump(started, event.call.tool);
      if (event.type === 'call.finished') bump(finished, event.call.tool);
    },
  });
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!)
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // The gateway was killed, or the test stopped listening.
    }
  })();
  return { started, finished, stop: () => abort.abort() };
}

/** Starts `count` calls that are expected never to be answered (the gateway dies first). */
function fireAndForget(client: Client, name: string, args: Record<string, unknown>, count: number): void {
  for (let index = 0; index < count; index++) {
    client.callTool({ name, arguments: args }, undefined, { timeout: 10 * 60_000 }).catch(() => {});
  }
}

// Skipped off Linux: it counts processes and descriptors through /proc, which only Linux has.
describe.skipIf(process.platform !== 'linux')('gatehouse serve killed with SIGKILL', () => {
  it('reopens an intact audit log whose chain verifies, missing no acknowledged record', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sigkill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        mcpServers: { faulty },
        policies: {
          defaultAction: 'allow',
          rules: [{ id: 'ask-hang', match: { tools: ['hang'] }, action: 'approve' }],
        },
      }),
    );
    const { token } = JSON.parse((await runCli(dataDir, 'client', 'add', 'agent', '--json')).stdout) as {
      token: string;
    };

    const first = await startServe(dataDir);
    cleanups.push(() => first.stop());
    // serve prints its address first and writes gateway.json just after.
    await waitFor(() => existsSync(join(dataDir, 'gateway.json')), 10_000, 'gateway.json');
    const runtime = readRuntimeFile(dataDir);
    const gatewayPid = runtime.pid;
    const control = new ControlClient(new URL(runtime.url), runtime.adminToken);
    const calls = await followCalls(first.url, runtime.adminToken);
    cleanups.push(() => calls.stop());
    const clients = await Promise.all([0, 1, 2, 3].map(() => connectClient(first.url, token)));
    cleanups.push(() => Promise.all(clients.map((client) => client.close().catch(() => {}))).then(() => {}));
    const [main] = clients as [Client, ...Client[]];
    await waitForTool(main, 'faulty__echo');
    const upstreamPids = childrenOf(gatewayPid);
    cleanups.push(() => {
      // The fixture ends when its stdin closes; make sure of it whatever happened.
      for (const pid of upstreamPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    });

    // Answered calls whose records another reader sees committed: acknowledged.
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, (_, index) =>
        main.callTool({ name: 'faulty__echo', arguments: { text: `settled ${index}` } }),
      ),
    );
    await waitFor(
      () => committedRecords(dataDir).size >= IN_FLIGHT,
      20_000,
      'the first records to be committed',
    );

    // Work in progress at the kill: calls running upstream and calls waiting for a person.
    clients.forEach((client) =>
      fireAndForget(client, 'faulty__slow', { ms: 10 * 60_000 }, IN_FLIGHT / clients.length),
    );
    fireAndForget(main, 'faulty__hang', {}, PENDING_APPROVALS);
    await waitFor(() => calls.started.get('slow') === IN_FLIGHT, 30_000, `${IN_FLIGHT} slow calls in flight`);
    await waitFor(
      async () => (await control.call('approvals.list', {})).length === PENDING_APPROVALS,
      30_000,
      'the pending approvals',
    );
    expect(calls.finished.get('slow')).toBeUndefined();

    // A stream of short calls, answered and audited as the kill lands. Halfway, the gateway is
    // asked for its records: what it returns is committed, so acknowledged too.
    let answered = 0;
    let acknowledged = new Map<number, string>();
    let killed = false;
    const burst = (async () => {
      for (let index = 0; index < BURST && !killed; index += 8) {
        await Promise.all(
          clients.flatMap((client) =>
            [0, 1].map(() =>
              client.callTool({ name: 'faulty__echo', arguments: { text: `burst ${index}` } }).then(
                () => answered++,
                () => {},
              ),
            ),
          ),
        );
      }
    })();
    await waitFor(() => answered >= KILL_AFTER / 2, 30_000, 'the first half of the burst');
    const page = await control.call('audit.query', { limit: 1000 });
    acknowledged = new Map(page.records.map((record) => [record.seq, record.hash]));
    for (const [seq, hash] of committedRecords(dataDir)) acknowledged.set(seq, hash);
    await waitFor(() => answered >= KILL_AFTER, 30_000, 'the second half of the burst');

    const exited = new Promise<void>((resolveExit) => first.child.once('exit', () => resolveExit()));
    process.kill(gatewayPid, 'SIGKILL');
    killed = true;
    await exited;
    await burst;
    await waitFor(() => !isAlive(gatewayPid), 10_000, 'the gateway to be gone');

    // Straight after the kill, before anything reopens it.
    const raw = new Database(join(dataDir, AUDIT_DB_FILE));
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      raw.close();
    }
    const survived = committedRecords(dataDir);
    const missing = [...acknowledged].filter(([seq, hash]) => survived.get(seq) !== hash);
    expect(missing).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(IN_FLIGHT + KILL_AFTER / 2);
    console.info(
      `faults-sigkill: ${acknowledged.size} records acknowledged before the kill, ${survived.size} in the log after it, ` +
        `${answered} burst calls answered by then`,
    );

    // The same data directory serves again, and the chain goes on.
    const second: ServeProcess = await startServe(dataDir);
    cleanups.push(() => second.stop());
    const again = await connectClient(second.url, token);
    cleanups.push(() => again.close().catch(() => {}));
    await waitForTool(again, 'faulty__echo');
    expect(await again.callTool({ name: 'faulty__echo', arguments: { text: 'after' } })).toMatchObject({
      content: [{ type: 'text', text: 'echo: after' }],
    });
    await waitFor(
      () => committedRecords(dataDir).size > survived.size,
      20_000,
      'the record after the restart',
    );
    expect(
      await new ControlClient(second.url, readRuntimeFile(dataDir).adminToken).call('approvals.list', {}),
    ).toEqual([]);
    expect(recordsOf(dataDir, ['slow', 'hang'])).toBe(0);
    const verified = await runCli(dataDir, 'audit', 'verify', '--json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, checked: survived.size + 1 });
  }, 180_000);
});
