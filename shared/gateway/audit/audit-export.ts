/**
 * Export of the audit trail as JSON Lines or CSV, streamed to any `Writable` with backpressure.
 */
import type { Writable } from 'node:stream';
import type { ExportCursor } from '../../contracts/audit.js';
import type { AuditFilters, AuditQueries } from './audit-query.js';
import { type AuditRow, toRecord } from './audit-row.js';

/** The export formats. */
export type ExportFormat = 'jsonl' | 'csv';

/** CSV columns, named as in the JSON records (`approval` flattened). */
const CSV_COLUMNS: readonly [string, (row: AuditRow) => string | number | null][] = [
  ['seq', (r) => r.seq],
  ['time', (r) => r.time],
  ['client', (r) => r.client],
  ['sessionId', (r) => r.session_id],
  ['method', (r) => r.method],
  ['server', (r) => r.server],
  ['target', (r) => r.target],
  ['arguments', (r) => r.arguments],
  ['decision', (r) => r.decision],
  ['ruleId', (r) => r.rule_id],
  ['explanation', (r) => r.explanation],
  ['approvalKind', (r) => r.approval_kind],
  ['approvalDecidedBy', (r) => r.approval_decided_by],
  ['approvalWaitedMs', (r) => r.approval_waited_ms],
  ['outcome', (r) => r.outcome],
  ['durationMs', (r) => r.duration_ms],
  ['resultBytes', (r) => r.result_bytes],
  ['errorMessage', (r) => r.error_message],
  ['prevHash', (r) => r.prev_hash],
  ['hash', (r) => r.hash],
  // Last, so spreadsheets and scripts written for the earlier columns still line up.
  ['protocolVersion', (r) => r.protocol_version],
  ['origin', (r) => r.origin],
];

/**
 * Writes every record matching `filters`, oldest first, up to the last record written when the
 * export began; resolves with the number of records written. Does not end `out`. Each page is read
 * to the end before waiting on the stream, so a slow reader never holds the database connection
 * (better-sqlite3 allows one open statement at a time, and the flush timer needs it).
 */
export async function exportRecords(
  queries: AuditQueries,
  filters: AuditFilters,
  lastSeq: number,
  out: Writable,
  format: ExportFormat,
): Promise<number> {
  let count = 0;
  for (let cursor: ExportCursor | null = { afterSeq: 0, upToSeq: lastSeq }; cursor;) {
    const page = exportPage(queries, filters, cursor, format);
    if (page.text) await write(out, page.text);
    count += page.records;
    cursor = page.next;
  }
  return count;
}

/** One page of an export, and the cursor for the next (`null` after the last). */
export interface ExportPage {
  readonly text: string;
  readonly records: number;
  readonly next: ExportCursor | null;
}

/**
 * A page ends after this many records or once its text passes this many characters. Reading one
 * holds the gateway's thread (10–20 ms at this size, measured), so calls served meanwhile
 * barely notice an export, and one page handed over in one message stays small.
 */
const PAGE_RECORDS = 1_000;
const PAGE_CHARS = 512 * 1024;

/**
 * Reads one page of an export: the records matching `filters` after `cursor.afterSeq` up to
 * `cursor.upToSeq`, oldest first. The CSV header comes with the first page (`afterSeq` 0).
 */
export function exportPage(
  queries: AuditQueries,
  filters: AuditFilters,
  cursor: ExportCursor,
  format: ExportFormat,
): ExportPage {
  const line = format === 'csv' ? csvLine : jsonLine;
  let text = format === 'csv' && cursor.afterSeq === 0 ? csvRow(CSV_COLUMNS.map(([name]) => name)) : '';
  let records = 0;
  let lastSeq = cursor.afterSeq;
  for (const row of queries.iterate(filters, {
    order: 'asc',
    afterSeq: cursor.afterSeq,
    beforeSeq: cursor.upToSeq + 1,
    limit: PAGE_RECORDS,
  })) {
    text += line(row);
    lastSeq = row.seq;
    records++;
    // Leaving the loop early ends the statement (better-sqlite3 resets it on return()).
    if (text.length >= PAGE_CHARS) break;
  }
  const full = records === PAGE_RECORDS || text.length >= PAGE_CHARS;
  return {
    text,
    records,
    next: full && lastSeq < cursor.upToSeq ? { afterSeq: lastSeq, upToSeq: cursor.upToSeq } : null,
  };
}

function jsonLine(row: AuditRow): string {
  return `${JSON.stringify(toRecord(row))}\n`;
}

function csvLine(row: AuditRow): string {
  return csvRow(CSV_COLUMNS.map(([, read]) => read(row)));
}

/** One RFC 4180 line (CRLF). */
export function csvRow(values: readonly (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * A field, quoted when it holds a comma, quote or line break. Text that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`: arguments come from
 * models and clients, and an export opened in a spreadsheet must not execute them.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes and, when the stream asks for it, waits for it to drain. */
function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.writableEnded) {
    return Promise.reject(new Error('The export stream was closed before the export finished.'));
  }
  if (out.write(text)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('The export stream was closed before the export finished.'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}
