import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../shared/contracts/audit.js';
import type { AuditLog } from '../../../../shared/gateway/audit/audit-log.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';
import { entry, fill, openLog } from './audit-test-kit.js';

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 12, minute)).toISOString();

/** Ten records across two clients, servers and outcomes, one a minute from 12:00. */
function sample(): AuditLog {
  const log = openLog();
  fill(log, 10, (i): Partial<AuditEntry> => ({
    time: at(i),
    client: i % 2 === 0 ? 'cursor' : 'claude-code',
    server: i < 5 ? 'files' : 'github',
    target: i < 5 ? 'read_file' : 'create_issue',
    arguments: i < 5 ? { path: `/notes/day-${i}.md` } : { title: `Bug number ${i}`, body: 'crash on start' },
    decision: i === 7 ? 'deny' : 'allow',
    outcome: i === 7 ? 'denied' : i === 3 ? 'tool_error' : 'ok',
  }));
  return log;
}

const seqs = (log: AuditLog, query: Parameters<AuditLog['query']>[0]) =>
  log.query(query).records.map((record) => record.seq);

async function exported(log: AuditLog, format: 'jsonl' | 'csv', query = {}) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const count = await log.exportTo(out, format, query);
  return { count, text: Buffer.concat(chunks).toString('utf8') };
}

describe('AuditLog: queries', () => {
  it('lists newest first and filters by each field', () => {
    const log = sample();
    expect(seqs(log, {})).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(seqs(log, { client: 'cursor' })).toEqual([9, 7, 5, 3, 1]);
    expect(seqs(log, { server: 'github', client: 'claude-code' })).toEqual([10, 8, 6]);
    expect(seqs(log, { target: 'read_file', outcome: 'tool_error' })).toEqual([4]);
    expect(seqs(log, { decision: 'deny' })).toEqual([8]);
    expect(seqs(log, { outcome: 'cancelled' })).toEqual([]);
  });

  it('filters by time: from inclusive, to exclusive', () => {
    const log = sample();
    expect(seqs(log, { from: at(3), to: at(6) })).toEqual([6, 5, 4]);
    expect(seqs(log, { from: at(8) })).toEqual([10, 9]);
    expect(seqs(log, { to: at(1) })).toEqual([1]);
    expect(seqs(log, { from: '2025-03-01T13:03:00+01:00', to: at(4) })).toEqual([4]);
  });

  it('finds records written long after they arrived', () => {
    const log = sample();
    // A call that waited an hour for approval: written last, arrived before all the others.
    log.append(entry({ time: new Date(Date.UTC(2025, 2, 1, 11, 0)).toISOString(), client: 'slow' }));
    fill(log, 3, (i) => ({ time: at(20 + i) }));
    expect(seqs(log, { to: at(0) })).toEqual([11]);
    expect(seqs(log, { from: '2025-03-01T10:59:00Z', to: '2025-03-01T11:01:00Z' })).toEqual([11]);
    expect(seqs(log, { client: 'slow', from: at(-61), to: at(-59) })).toEqual([11]);
    expect(seqs(log, { from: at(9), to: at(21) })).toEqual([12, 10]);
  });

  it('searches tool names and arguments as full text', () => {
    const log = sample();
    expect(seqs(log, { text: 'create_issue' })).toEqual([10, 9, 8, 7, 6]);
    expect(seqs(log, { text: 'crash' })).toHaveLength(5);
    expect(seqs(log, { text: 'day-3' })).toEqual([4]);
    expect(seqs(log, { text: 'number 7' })).toEqual([8]);
    expect(seqs(log, { text: 'crash', client: 'cursor' })).toEqual([9, 7]);
    expect(seqs(log, { text: 'num*', from: at(8) })).toEqual([10, 9]);
  });

  it('treats search syntax in the text as words', () => {
    const log = sample();
    for (const text of ['"', 'crash OR', 'NOT crash', '-crash', 'body:crash', '(crash', 'NEAR(', '*']) {
      expect(() => log.query({ text }), text).not.toThrow();
    }
    expect(seqs(log, { text: '"crash"' })).toHaveLength(5);
  });

  it('pages with an opaque cursor, unaffected by records appended meanwhile', () => {
    const log = openLog();
    fill(log, 25);
    const first = log.query({ limit: 10 });
    expect(first.records.map((r) => r.seq)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16]);
    fill(log, 3);
    const second = log.query({ limit: 10, cursor: first.nextCursor });
    expect(second.records[0]!.seq).toBe(15);
    const third = log.query({ limit: 10, cursor: second.nextCursor });
    expect(third.records.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(third.nextCursor).toBeUndefined();
  });

  it('refuses a bad cursor, time or limit with a typed error', () => {
    const log = sample();
    const refused = (query: Parameters<AuditLog['query']>[0]) => {
      try {
        log.query(query);
      } catch (error: unknown) {
        expect(error).toBeInstanceOf(GatehouseError);
        return (error as GatehouseError).code;
      }
      return 'accepted';
    };
    expect(refused({ cursor: 'nonsense' })).toBe('audit_invalid');
    expect(refused({ from: 'yesterday-ish' })).toBe('audit_invalid');
    expect(refused({ limit: 5000 })).toBe('audit_invalid');
    expect(() => log.recent(-1)).toThrow(GatehouseError);
  });

  it('gets one record as written, and the last n', () => {
    const log = openLog();
    log.append(
      entry({
        ruleId: 'ask-github',
        explanation: 'GitHub writes need approval.',
        decision: 'approve',
        approval: { kind: 'allow-once', decidedBy: 'desktop', waitedMs: 4200 },
        errorMessage: undefined,
        resultBytes: 42,
      }),
    );
    fill(log, 4);
    const record = log.get(1)!;
    expect(record).toMatchObject({
      seq: 1,
      client: 'cursor',
      sessionId: 'session-1',
      method: 'tools/call',
      decision: 'approve',
      ruleId: 'ask-github',
      approval: { kind: 'allow-once', decidedBy: 'desktop', waitedMs: 4200 },
      outcome: 'ok',
      durationMs: 12.5,
      resultBytes: 42,
    });
    expect(record).not.toHaveProperty('errorMessage');
    expect(typeof record.arguments).toBe('string');
    expect(log.get(99)).toBeUndefined();
    expect(log.recent(2).map((r) => r.seq)).toEqual([5, 4]);
  });
});

describe('AuditLog: export', () => {
  it('writes JSON Lines, oldest first, for a filter', async () => {
    const log = sample();
    const { count, text } = await exported(log, 'jsonl', { client: 'cursor', limit: 1 });
    expect(count).toBe(5);
    const lines = text.trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([1, 3, 5, 7, 9]);
  });

  it('writes CSV with quoting and without spreadsheet formulas', async () => {
    const log = openLog();
    log.append(entry({ target: 'say, "hi"', errorMessage: 'line one\nline two' }));
    log.append(entry({ target: '=HYPERLINK("http://x")', durationMs: -1 }));
    log.flush();
    const { count, text } = await exported(log, 'csv');
    expect(count).toBe(2);
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^seq,time,client,sessionId,method,server,target,arguments,/);
    expect(text).toContain(',"say, ""hi""",');
    expect(text).toContain('"line one\nline two"');
    expect(text).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(text).toContain(',-1,');
  });

  it('streams large exports through backpressure', async () => {
    const log = openLog();
    fill(log, 1_200, (i) => ({ arguments: { text: 'x'.repeat(500), i } }));
    const out = new PassThrough({ highWaterMark: 1024 });
    let lines = 0;
    out.on('data', (chunk: Buffer) => (lines += chunk.toString('utf8').split('\n').length - 1));
    expect(await log.exportTo(out, 'jsonl')).toBe(1_200);
    expect(lines).toBe(1_200);
  });

  it('pages an export: the same text as the stream, one bounded page at a time', async () => {
    const log = openLog();
    // Two fills: one batch of appends is capped at 10,000 waiting entries.
    const make = (i: number) => ({ arguments: { i }, client: i % 3 === 0 ? 'cursor' : 'claude-code' });
    fill(log, 6_001, make);
    fill(log, 6_000, (i) => make(i + 6_001));
    for (const [format, query] of [
      ['jsonl', {}],
      ['csv', { client: 'cursor' }],
    ] as const) {
      const whole = await exported(log, format, query);
      const pages = [log.exportPage(format, query)];
      // Written after the first page: the export stops where it began.
      fill(log, 10, () => ({ client: 'cursor' }));
      while (pages.at(-1)!.next) pages.push(log.exportPage(format, query, pages.at(-1)!.next!));
      expect(pages.map((page) => page.text).join('')).toBe(whole.text);
      expect(pages.reduce((sum, page) => sum + page.records, 0)).toBe(whole.count);
      expect(pages.length).toBeGreaterThan(format === 'jsonl' ? 2 : 0);
      expect(Math.max(...pages.map((page) => page.records))).toBeLessThanOrEqual(1_000);
    }
  });

  it('ends a page early when its text grows large', () => {
    const log = openLog();
    fill(log, 300, () => ({ arguments: { text: 'y'.repeat(20_000) } }));
    const first = log.exportPage('jsonl');
    expect(first.records).toBeLessThan(300);
    expect(first.text.length).toBeLessThan(1024 * 1024);
    expect(first.next).toEqual({ afterSeq: first.records, upToSeq: 300 });
  });

  it('an empty trail is one empty page (with the CSV header)', () => {
    const log = openLog();
    expect(log.exportPage('jsonl')).toEqual({ text: '', records: 0, next: null });
    expect(log.exportPage('csv').text).toMatch(/^seq,time,client,.*\r\n$/);
  });
});
