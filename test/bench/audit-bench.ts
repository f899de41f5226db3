/**
 * Audit store benchmark: insert rate through append + flush, database size, and query latency
 * on a large log (filters, full-text search). Prints figures; asserts nothing.
 *
 *   npx tsx test/bench/audit-bench.ts [--records N]     (default 1,000,000)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  AuditEntry,
  AuditOutcome,
  AuditQuery,
  AuditVerifyReport,
} from '../../shared/contracts/audit.js';
import type { PolicyAction } from '../../shared/contracts/policy.js';
import { AUDIT_DB_FILE, AuditLog } from '../../shared/gateway/audit/audit-log.js';
import type { SyncMode } from '../../shared/gateway/audit/audit-schema.js';
import { silentLogger } from '../../shared/gateway/logger.js';

const TARGET_MS = 50;
const RUNS = 20;
const BATCH = 256;
const DAY_MS = 86_400_000;
/** The synthetic log spans this many days, ending now. */
const SPAN_DAYS = 30;

const CLIENTS = ['claude-code', 'cursor', 'codex', 'claude-desktop', 'vscode', 'zed', 'windsurf', 'cline'];
const SERVERS = ['filesystem', 'github', 'memory', 'postgres', 'browser', 'slack'];
const OUTCOMES: [AuditOutcome, number][] = [
  ['ok', 0.8],
  ['tool_error', 0.08],
  ['denied', 0.05],
  ['protocol_error', 0.03],
  ['timeout', 0.02],
  ['cancelled', 0.02],
];
const DECISIONS: [PolicyAction, number][] = [
  ['allow', 0.85],
  ['approve', 0.08],
  ['deny', 0.05],
  ['log', 0.02],
];

/** A small deterministic generator, so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function entries(count: number, now: number) {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const weighted = <T>(items: readonly [T, number][]): T => {
    let r = next();
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return items[0]![0];
  };
  // 2,000 made-up words: each one appears in about 0.15% of the arguments.
  const words = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}x`);
  const tools = SERVERS.flatMap((server) =>
    Array.from({ length: 8 }, (_, i) => ({ server, tool: `${server}_op${i}` })),
  );
  const start = now - SPAN_DAYS * DAY_MS;
  const step = (SPAN_DAYS * DAY_MS) / count;
  return {
    words,
    start,
    entry(i: number): AuditEntry {
      const { server, tool } = pick(tools);
      const outcome = weighted(OUTCOMES);
      return {
        time: new Date(start + i * step).toISOString(),
        client: pick(CLIENTS),
        sessionId: `session-${Math.floor(i / 500)}`,
        method: 'tools/call',
        server,
        target: tool,
        arguments: {
          path: `/home/me/project/src/${pick(words)}/${pick(words)}-${i}.ts`,
          query: `${pick(words)} ${pick(words)} ${pick(words)}`,
          limit: 1 + Math.floor(next() * 100),
          token: 'ghp_notARealTokenButRedactedAnyway',
        },
        decision: weighted(DECISIONS),
        outcome,
        durationMs: Math.round(next() * 500 * 10) / 10,
        resultBytes: Math.floor(next() * 20_000),
        ...(outcome === 'tool_error' ? { errorMessage: 'The file does not exist.' } : {}),
      };
    },
  };
}

interface Insertion {
  readonly seconds: number;
  readonly flushMs: number[];
}

/** Appends `count` entries, flushing every `batch`; times the whole and each flush. */
function insert(log: AuditLog, count: number, now: number, batch = BATCH): Insertion {
  const source = entries(count, now);
  const flushMs: number[] = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    log.append(source.entry(i));
    if ((i + 1) % batch === 0 || i === count - 1) {
      const before = process.hrtime.bigint();
      log.flush();
      flushMs.push(Number(process.hrtime.bigint() - before) / 1e6);
    }
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, flushMs };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function time(run: () => unknown): number {
  const before = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - before) / 1e6;
}

function latency(label: string, log: AuditLog, query: AuditQuery): void {
  let found = 0;
  for (let i = 0; i < 2; i++) log.query(query);
  const samples = Array.from({ length: RUNS }, () =>
    time(() => {
      found = log.query(query).records.length;
    }),
  );
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  console.log(
    `  ${label.padEnd(58)} p50 ${ms(p50)}  p95 ${ms(p95)}  (target < ${TARGET_MS} ms: ` +
      `${p95 < TARGET_MS ? 'met' : 'MISSED'})  [${found} records]`,
  );
}

function ms(value: number): string {
  return `${value.toFixed(2).padStart(7)} ms`;
}

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * The two sync modes side by side on a smaller log: the rate in full batches, and a flush of a
 * few entries, where the per-commit fsync of FULL would show.
 */
function syncComparison(records: number, now: number): void {
  for (const synchronous of ['normal', 'full'] as SyncMode[]) {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-bench-'));
    try {
      const log = AuditLog.open({ dataDir: dir, logger: silentLogger, synchronous });
      const { seconds, flushMs } = insert(log, records, now);
      const small = insert(log, 5 * 400, now, 5).flushMs;
      log.close();
      console.log(
        `  synchronous=${synchronous.padEnd(6)} ${count(Math.round(records / seconds)).padStart(7)} records/s; ` +
          `flush of ${BATCH}: p50 ${ms(percentile(flushMs, 50))}, p95 ${ms(percentile(flushMs, 95))}; ` +
          `flush of 5: p50 ${ms(percentile(small, 50))}, p95 ${ms(percentile(small, 95))}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function main(): void {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' } } });
  const records = Number(values.records);
  if (!Number.isSafeInteger(records) || records < BATCH)
    throw new Error(`--records must be at least ${BATCH}`);
  const now = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-bench-'));
  const file = join(dir, AUDIT_DB_FILE);
  console.log(
    `Audit store benchmark: ${count(records)} records, batches of ${BATCH}, Node ${process.version}`,
  );
  try {
    const compared = Math.min(records, 25_000);
    console.log(`\nSync modes (${count(compared)} records each, then 400 flushes of 5):`);
    syncComparison(compared, now);

    const log = AuditLog.open({ dataDir: dir, logger: silentLogger });
    const { seconds, flushMs } = insert(log, records, now);
    console.log(`\nInsert (append + flush every ${BATCH}, synchronous=full, the default):`);
    console.log(
      `  ${count(records)} records in ${seconds.toFixed(1)} s = ${count(Math.round(records / seconds))} records/s`,
    );
    console.log(
      `  flush of ${BATCH}: p50 ${ms(percentile(flushMs, 50))}  p95 ${ms(percentile(flushMs, 95))}  max ${ms(Math.max(...flushMs))}`,
    );
    const dbBytes = size(file);
    const walBytes = size(`${file}-wal`);
    console.log(
      `  database: ${mib(dbBytes + walBytes)} (audit.db ${mib(dbBytes)} + WAL ${mib(walBytes)}), ` +
        `${Math.round((dbBytes + walBytes) / records)} bytes/record`,
    );

    const source = entries(records, now);
    const word = source.words[1234]!;
    const day = (n: number) => new Date(now - n * DAY_MS).toISOString();
    console.log(
      `\nQueries on ${count(records)} records (${RUNS} runs each, first page of 50, newest first):`,
    );
    latency('client + outcome + last 7 days', log, {
      client: 'cursor',
      outcome: 'tool_error',
      from: day(7),
      to: day(0),
      limit: 50,
    });
    latency('client + outcome + days 20–13 ago', log, {
      client: 'cursor',
      outcome: 'tool_error',
      from: day(20),
      to: day(13),
      limit: 50,
    });
    latency('client + one hour, 20 days ago', log, {
      client: 'cursor',
      from: day(20),
      to: new Date(Date.parse(day(20)) + DAY_MS / 24).toISOString(),
      limit: 50,
    });
    latency('outcome only (denied)', log, { outcome: 'denied', limit: 50 });
    latency('server + decision (deny on github)', log, { server: 'github', decision: 'deny', limit: 50 });
    latency(`full-text "${word}" (about 0.15% of records)`, log, { text: word, limit: 50 });
    latency(`full-text "${word}" + client`, log, { text: word, client: 'zed', limit: 50 });
    latency('full-text "project" (every record)', log, { text: 'project', limit: 50 });
    let cursor: string | undefined;
    const pages = Array.from({ length: RUNS }, () =>
      time(() => {
        cursor = log.query({ client: 'codex', limit: 50, ...(cursor ? { cursor } : {}) }).nextCursor;
      }),
    );
    console.log(
      `  ${'paging by client, pages 1–20'.padEnd(58)} p50 ${ms(percentile(pages, 50))}  p95 ${ms(percentile(pages, 95))}`,
    );

    console.log('\nMaintenance:');
    let report: AuditVerifyReport | undefined;
    const verifyMs = time(() => (report = log.verify()));
    console.log(
      `  verify ${count(report!.checked)} records: ${(verifyMs / 1000).toFixed(1)} s (ok: ${report!.ok})`,
    );
    let deleted = 0;
    const retentionMs = time(() => (deleted = log.applyRetention({ maxRecords: Math.floor(records * 0.9) })));
    console.log(`  retention deleting ${count(deleted)} records: ${(retentionMs / 1000).toFixed(1)} s`);
    log.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
