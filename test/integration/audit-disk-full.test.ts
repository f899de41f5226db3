/**
 * A full disk, for real: the data directory on a small tmpfs, filled while calls run, in both
 * `settings.auditFailure` modes. Checks what the client sees, what `gatehouse status` and the
 * control API say, that the backlog bound holds, and that once space returns every record the
 * promise covers is in the trail (kept, or counted in a gap record) and the chain verifies.
 *
 * Needs root (mount); it skips, saying why, where mounting is not possible. CI runs as root.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditHealth, AuditRecord } from '../../shared/contracts/audit.js';
import type { AuditFailurePolicy } from '../../shared/contracts/config.js';
import { ClientRegistry } from '../../shared/gateway/config/client-registry.js';
import { writeRuntimeFile } from '../../shared/gateway/config/runtime-file.js';
import { ControlClient } from '../../shared/gateway/control/control-client.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { cannotMountTmpfs, fillDisk, mountSmallDisk } from '../fixtures/small-disk.js';
import { connectClient, fastBackoff, runCli, servers } from './harness.js';

const BACKLOG_RECORDS = 300;
const CALLS_WHILE_FULL = 1000;

const skipReason = cannotMountTmpfs();
if (skipReason) console.warn(`audit-disk-full: skipped: ${skipReason}`);

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh tmpfs of `size`, unmounted after the test. */
function smallDisk(size: string): string {
  const disk = mountSmallDisk(size);
  cleanups.push(() => disk.unmount());
  return disk.path;
}

/** Resolves with the first audit health event that `accept`s. */
function healthEvent(gateway: Gateway, accept: (health: AuditHealth) => boolean): Promise<AuditHealth> {
  return new Promise((resolve) => {
    const stop = gateway.events.subscribe((event) => {
      if (event.type === 'audit.health' && accept(event.health)) {
        stop();
        resolve(event.health);
      }
    });
  });
}

interface Figures {
  mode: AuditFailurePolicy;
  callsWhileFull: number;
  answeredOk: number;
  refused: number;
  maxBacklogRecords: number;
  notKept: number;
  catchUpMs: number;
  recordsAfter: number;
}

async function runFullDisk(mode: AuditFailurePolicy): Promise<{
  figures: Figures;
  gateway: Gateway;
  /** The last record written before the disk was filled. */
  before: number;
  statusText: string;
  controlState: AuditHealth;
}> {
  const mountPoint = smallDisk('8m');
  const dataDir = join(mountPoint, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      mcpServers: { everything: servers.everything },
      settings: { auditFailure: mode, auditBacklogRecords: BACKLOG_RECORDS },
    }),
  );
  const { token } = new ClientRegistry(dataDir).add('tester');
  const gateway = await Gateway.start({
    dataDir,
    port: 0,
    backoff: fastBackoff,
    uiDirectory: false,
    secretStore: new MemorySecretStore(),
  });
  cleanups.push(() => gateway.stop());
  await gateway.whenUpstreamsSettled();
  // The CLI finds the gateway through gateway.json: written while there is space.
  writeRuntimeFile(dataDir, {
    url: gateway.url.href,
    adminToken: gateway.adminToken,
    pid: process.pid,
    startedAt: new Date().toISOString(),
  });
  const client = await connectClient(gateway.url, token);
  cleanups.push(() => client.close());
  const echo = (message: string) => client.callTool({ name: 'everything__echo', arguments: { message } });
  for (let i = 0; i < 20; i++) await echo(`before ${i}`);
  gateway.auditLog!.flush();
  const before = gateway.auditLog!.query({ limit: 1 }).records[0]!.seq;

  let maxBacklog = 0;
  const stopWatching = gateway.events.subscribe((event) => {
    if (event.type === 'audit.health') maxBacklog = Math.max(maxBacklog, event.health.backlog.records);
  });
  cleanups.push(stopWatching);

  const filler = fillDisk(mountPoint);
  const failing = healthEvent(gateway, (health) => health.state !== 'ok');
  await echo('the first call on a full disk');
  await failing;

  let answeredOk = 1;
  let refused = 0;
  for (let start = 0; start < CALLS_WHILE_FULL; start += 10) {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => echo(`full ${start + i}`)));
    for (const result of results) {
      if (result.isError) {
        refused++;
        expect((result.content as { text: string }[])[0]!.text).toMatch(/audit trail cannot be written/);
      } else answeredOk++;
    }
  }
  // Let the last answers' records reach the backlog (they are queued on the next turn).
  await new Promise((resolve) => setImmediate(resolve));
  const controlState = (await new ControlClient(gateway.url, gateway.adminToken).call('gateway.state', {}))
    .audit!;
  const status = await runCli(dataDir, 'status');
  expect(status.code).toBe(3);
  const health = gateway.auditLog!.health();
  expect(health.backlog.records).toBeLessThanOrEqual(BACKLOG_RECORDS + 1);
  maxBacklog = Math.max(maxBacklog, health.backlog.records);

  const caughtUp = healthEvent(gateway, (h) => h.state === 'ok');
  const freedAt = performance.now();
  rmSync(filler);
  await caughtUp;
  const catchUpMs = Math.round(performance.now() - freedAt);
  const recordsAfter = gateway.auditLog!.query({ limit: 1 }).records[0]!.seq - before;
  return {
    figures: {
      mode,
      callsWhileFull: CALLS_WHILE_FULL + 1,
      answeredOk,
      refused,
      maxBacklogRecords: maxBacklog,
      notKept: health.notKept,
      catchUpMs,
      recordsAfter,
    },
    gateway,
    before,
    statusText: status.stdout,
    controlState,
  };
}

/** Every record written after `afterSeq`, oldest first. */
function recordsSince(gateway: Gateway, afterSeq: number) {
  const all = [];
  let cursor: string | undefined;
  do {
    const page = gateway.auditLog!.query({ limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor);
  return all.filter((record) => record.seq > afterSeq).reverse();
}

/** How many records the gap records among `records` stand for. */
function countedInGaps(records: readonly AuditRecord[]): number {
  return records
    .filter((record) => record.method === 'gatehouse/audit-gap')
    .reduce((sum, gap) => sum + (JSON.parse(gap.arguments!) as { notKept: number }).notKept, 0);
}

describe.skipIf(skipReason !== undefined)('audit on a full disk (tmpfs)', () => {
  it(
    'keep-serving: calls are answered, the backlog stays bounded, the rest is counted, and all of it lands once space returns',
    { timeout: 120_000 },
    async () => {
      const { figures, gateway, before, statusText, controlState } = await runFullDisk('keep-serving');
      console.log(`audit-disk-full figures: ${JSON.stringify(figures)}`);
      expect(figures.refused).toBe(0);
      expect(figures.answeredOk).toBe(CALLS_WHILE_FULL + 1);
      expect(controlState).toMatchObject({ state: 'full', policy: 'keep-serving', refusingCalls: false });
      expect(controlState.message).toMatch(/cannot be written \(database or disk is full\)/);
      expect(statusText).toMatch(/^Audit: FULL: The audit trail cannot be written/m);
      const written = recordsSince(gateway, before);
      const calls = written.filter((record) => record.method === 'tools/call');
      const gaps = written.filter((record) => record.method === 'gatehouse/audit-gap');
      const counted = countedInGaps(written);
      // The promise: every call answered while the disk was full is in the trail or counted in a gap.
      expect(calls.length + counted).toBe(CALLS_WHILE_FULL + 1);
      expect(calls.length).toBeLessThanOrEqual(BACKLOG_RECORDS + 1);
      expect(gaps.length).toBeGreaterThanOrEqual(1);
      expect(gateway.auditLog!.verify()).toMatchObject({ ok: true });
    },
  );

  it(
    'refuse-calls: once the trail cannot be written, calls are refused with a sentence; every answered call is recorded',
    { timeout: 120_000 },
    async () => {
      const { figures, gateway, before, statusText, controlState } = await runFullDisk('refuse-calls');
      console.log(`audit-disk-full figures: ${JSON.stringify(figures)}`);
      expect(figures.refused).toBeGreaterThan(0);
      expect(controlState).toMatchObject({ policy: 'refuse-calls', refusingCalls: true });
      expect(statusText).toMatch(/Tool calls are refused until then/);
      const written = recordsSince(gateway, before);
      const answered = written.filter((record) => record.method === 'tools/call' && record.outcome === 'ok');
      // Every call that reached the tool has its record; refusals are recorded or counted.
      expect(answered.length).toBe(figures.answeredOk);
      const refusals = written.filter((record) => record.ruleId === 'audit-unavailable');
      const counted = countedInGaps(written);
      expect(refusals.length + counted).toBe(figures.refused);
      expect(gateway.auditLog!.verify()).toMatchObject({ ok: true });
    },
  );
});
