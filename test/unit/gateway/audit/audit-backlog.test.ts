/**
 * The audit backlog under pressure: bounded in records and bytes, counted (never silently dropped)
 * beyond the bound, small transactions first when writes resume, and a health that says so.
 */
import { describe, expect, it } from 'vitest';
import type { AuditHealth } from '../../../../shared/contracts/audit.js';
import { BatchQueue } from '../../../../shared/gateway/audit/batch-queue.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import { entry, openLog, rawConnection, recordingLogger } from './audit-test-kit.js';

describe('audit backlog', () => {
  it('bounds the backlog in bytes as well as records', () => {
    const log = openLog({ flushIntervalMs: 60_000, backlog: { maxRecords: 10_000, maxBytes: 64 * 1024 } });
    const blocker = rawConnection(log);
    blocker.exec('BEGIN IMMEDIATE');
    const big = { text: 'x'.repeat(20_000) };
    log.append(entry({ arguments: big }));
    expect(() => log.flush()).toThrow(GatehouseError);
    for (let i = 0; i < 20; i++) log.append(entry({ arguments: big }));
    const health = log.health();
    expect(health.state).toBe('full');
    expect(health.backlog.bytes).toBeGreaterThanOrEqual(64 * 1024);
    // Stored arguments are cut to 16 KB, so one record holds about 33 KB: the bound stops at 2-3.
    expect(health.backlog.records).toBeLessThanOrEqual(3);
    expect(health.backlog.records + health.notKept).toBe(21);
    blocker.exec('COMMIT');
    log.flush();
    const gap = log.query({ limit: 1 }).records[0]!;
    expect(gap.method).toBe('gatehouse/audit-gap');
    expect(JSON.parse(gap.arguments!)).toMatchObject({ notKept: health.notKept });
  });

  it('says what it does in a health that changes as writes fail, fill the backlog, and recover', () => {
    const changes: AuditHealth[] = [];
    const log = openLog({
      flushIntervalMs: 60_000,
      backlog: { maxRecords: 2, maxBytes: 1 << 20 },
      onHealthChange: (health) => changes.push(health),
    });
    expect(log.health()).toMatchObject({
      state: 'ok',
      refusingCalls: false,
      message: null,
      failingSince: null,
    });
    const blocker = rawConnection(log);
    blocker.exec('BEGIN IMMEDIATE');
    log.append(entry());
    expect(() => log.flush()).toThrow(GatehouseError);
    log.append(entry());
    log.append(entry());
    blocker.exec('COMMIT');
    log.flush();
    expect(changes.map((health) => health.state)).toEqual(['behind', 'full', 'full', 'ok']);
    expect(changes[0]!.message).toMatch(
      /^The audit trail cannot be written \(database is locked\); 1 record is held in memory/,
    );
    expect(changes[1]!.message).toMatch(/The backlog is full: 1 later record was counted but not kept/);
    expect(changes.at(-1)).toMatchObject({ state: 'ok', notKept: 0, message: null });
  });

  it('under refuse-calls, refuses calls while the trail cannot be written, with a sentence', () => {
    const log = openLog({ flushIntervalMs: 60_000, failurePolicy: () => 'refuse-calls' });
    expect(log.refusal()).toBeUndefined();
    const blocker = rawConnection(log);
    blocker.exec('BEGIN IMMEDIATE');
    log.append(entry());
    expect(() => log.flush()).toThrow(GatehouseError);
    expect(log.health()).toMatchObject({ state: 'behind', refusingCalls: true });
    expect(log.refusal()).toMatch(/^Gatehouse refused this call because its audit trail cannot be written/);
    blocker.exec('COMMIT');
    log.flush();
    expect(log.refusal()).toBeUndefined();
  });

  it('after a failure, writes small transactions first so a little space commits something', () => {
    let room = 0;
    const committed: number[] = [];
    const queue = new BatchQueue<number, number>({
      prepare: (items) => [...items],
      write: (batch) => {
        if (batch.length > room) throw new Error('database or disk is full');
        room -= batch.length;
        committed.push(batch.length);
      },
      sizeOf: () => 100,
      gapItem: (stretch) => -stretch.count,
      logger: recordingLogger(),
      now: () => 0,
      intervalMs: 60_000,
      maxBatch: 256,
      maxQueued: 1000,
      maxQueuedBytes: 1 << 20,
    });
    for (let i = 0; i < 100; i++) queue.push(i);
    expect(() => queue.flush()).toThrow(GatehouseError);
    room = 10; // a little space returns
    expect(() => queue.flush()).toThrow(GatehouseError);
    // 1 + 2 + 4 committed (7), then 8 did not fit: 93 wait, nothing was lost.
    expect(committed).toEqual([1, 2, 4]);
    expect(queue.waiting).toBe(93);
    room = 1000;
    expect(queue.flush()).toBe(93);
    expect(committed.slice(3)).toEqual([1, 2, 4, 8, 16, 32, 30]);
    queue.close();
  });
});
