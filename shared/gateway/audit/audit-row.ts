/**
 * The stored form of an audit record, one column per field, and the conversions to and from the
 * contract's types. Everything stored passes through here, so this is where text is redacted and
 * normalized to exactly what SQLite will hand back (the hash must survive the round trip).
 */
import type { AuditEntry, AuditRecord } from '../../contracts/audit.js';
import { type ChainLink, type ChainScalar, canonicalJson } from './hash-chain.js';
import { type SecretTest, redactText } from './redact.js';
import { maskSecretFlows } from '../flow/mask-secrets.js';
import { parseStoredFlows, storedFlows } from './stored-flows.js';
import { storedArguments } from './stored-arguments.js';

/** A row of `audit_records`, as better-sqlite3 returns it. */
export interface AuditRow {
  seq: number;
  time: string;
  client: string;
  session_id: string;
  method: string;
  server: string | null;
  target: string | null;
  arguments: string | null;
  decision: string | null;
  rule_id: string | null;
  explanation: string | null;
  approval_kind: string | null;
  approval_decided_by: string | null;
  approval_waited_ms: number | null;
  outcome: string;
  duration_ms: number;
  result_bytes: number | null;
  error_message: string | null;
  prev_hash: string;
  hash: string;
  /**
   * The latest `time` of this record and every record before it, in ms since the epoch: unlike
   * `time` it never decreases along the chain, which lets a time range become a seq range.
   */
  max_time_ms: number;
  /** The MCP protocol version the request came in on; null in records from before it was kept. */
  protocol_version: string | null;
  /** `view` for requests an MCP Apps view made; null otherwise and in older records. */
  origin: string | null;
  /** The data-flow guard's flows into the arguments, as JSON; null when none (or before it was kept). */
  flows: string | null;
}

/** A row before it joins the chain: redacted and normalized, without what its place decides. */
export type StoredContent = Omit<AuditRow, 'seq' | 'max_time_ms' | 'prev_hash' | 'hash'>;

/** The columns of `audit_records`, in table order. */
export const AUDIT_COLUMNS = [
  'seq',
  'time',
  'client',
  'session_id',
  'method',
  'server',
  'target',
  'arguments',
  'decision',
  'rule_id',
  'explanation',
  'approval_kind',
  'approval_decided_by',
  'approval_waited_ms',
  'outcome',
  'duration_ms',
  'result_bytes',
  'error_message',
  'prev_hash',
  'hash',
  'max_time_ms',
  'protocol_version',
  'origin',
  'flows',
] as const satisfies readonly (keyof AuditRow)[];

/**
 * Redacts and normalizes an entry. Never throws, so one odd entry cannot block the queue: text is
 * made well-formed UTF-16, numbers finite, and a `time` that is not a date becomes `now`.
 */
export function toStoredContent(entry: AuditEntry, isSecret: SecretTest, now: number): StoredContent {
  const text = (value: unknown) => redactText(wellFormed(String(value ?? '')), isSecret);
  const optionalText = (value: unknown) => (value === undefined || value === null ? null : text(value));
  let args: string | null;
  try {
    args = storedArguments(maskSecretFlows(entry.arguments, entry.flows), isSecret) ?? null;
  } catch {
    // redact() does not throw; this guards the queue against what it cannot foresee.
    args = JSON.stringify('[unserializable arguments]');
  }
  const approval = entry.approval;
  return {
    time: toIsoTime(entry.time) ?? new Date(now).toISOString(),
    client: text(entry.client),
    session_id: text(entry.sessionId),
    method: text(entry.method),
    server: optionalText(entry.server),
    target: optionalText(entry.target),
    arguments: args,
    decision: optionalText(entry.decision),
    rule_id: optionalText(entry.ruleId),
    explanation: optionalText(entry.explanation),
    approval_kind: approval ? text(approval.kind) : null,
    approval_decided_by: approval ? optionalText(approval.decidedBy) : null,
    approval_waited_ms: approval ? finite(approval.waitedMs) : null,
    outcome: text(entry.outcome),
    duration_ms: finite(entry.durationMs),
    result_bytes: entry.resultBytes === undefined ? null : Math.trunc(finite(entry.resultBytes)),
    error_message: optionalText(entry.errorMessage),
    protocol_version: optionalText(entry.protocolVersion),
    origin: optionalText(entry.origin),
    flows: storedFlows(entry.flows),
  };
}

/**
 * The columns a record's hash covers, sorted: the record itself, not `prev_hash` and `hash` (the
 * chain), nor `max_time_ms` (an index derived from the times, which verification checks apart).
 */
export const HASHED_COLUMNS: readonly string[] = AUDIT_COLUMNS.filter(
  (column) => column !== 'prev_hash' && column !== 'hash' && column !== 'max_time_ms',
).sort();

/** The canonical JSON of what a row's hash covers; other keys on `row` are ignored. */
export function hashedContent(row: Omit<AuditRow, 'prev_hash' | 'hash' | 'max_time_ms'>): string {
  // A record without a protocol version (every one written before Gatehouse kept it) hashes as
  // it did then: JSON leaves an undefined key out, where null would add it.
  // The same for the origin and the flows, kept since schema 4.
  const content = {
    ...row,
    ...(row.protocol_version === null ? { protocol_version: undefined } : {}),
    ...(row.origin === null ? { origin: undefined } : {}),
    ...(row.flows === null ? { flows: undefined } : {}),
  };
  return canonicalJson(content as unknown as Record<string, ChainScalar>, HASHED_COLUMNS);
}

/**
 * Rows, in seq order, as the chain verifier sees them. Each row's `max_time_ms` is checked too: it
 * must be the larger of the previous row's and the row's own time (for the first row, which may
 * follow deleted ones, at least its own time).
 */
export function* chainLinks(rows: Iterable<AuditRow>): Generator<ChainLink> {
  let previousMax: number | undefined;
  for (const row of rows) {
    const timeMs = Date.parse(row.time);
    const consistent =
      previousMax === undefined
        ? row.max_time_ms >= timeMs
        : row.max_time_ms === Math.max(previousMax, timeMs);
    yield {
      seq: row.seq,
      prevHash: row.prev_hash,
      hash: row.hash,
      contentJson: hashedContent(row),
      ...(consistent ? {} : { problem: `Record ${row.seq} has a changed time index (max_time_ms).` }),
    };
    previousMax = row.max_time_ms;
  }
}

/** A row as the contract's record; absent fields are left out rather than null. */
export function toRecord(row: AuditRow): AuditRecord {
  const record: Record<string, unknown> = {
    seq: row.seq,
    time: row.time,
    client: row.client,
    sessionId: row.session_id,
    ...(row.protocol_version !== null ? { protocolVersion: row.protocol_version } : {}),
    ...(row.origin !== null ? { origin: row.origin } : {}),
    method: row.method,
  };
  const optional: [string, string | number | null][] = [
    ['server', row.server],
    ['target', row.target],
    ['arguments', row.arguments],
    ['decision', row.decision],
    ['ruleId', row.rule_id],
    ['explanation', row.explanation],
  ];
  for (const [key, value] of optional) if (value !== null) record[key] = value;
  if (row.approval_kind !== null) {
    record.approval = {
      kind: row.approval_kind,
      ...(row.approval_decided_by !== null ? { decidedBy: row.approval_decided_by } : {}),
      waitedMs: row.approval_waited_ms ?? 0,
    };
  }
  record.outcome = row.outcome;
  record.durationMs = row.duration_ms;
  if (row.result_bytes !== null) record.resultBytes = row.result_bytes;
  if (row.error_message !== null) record.errorMessage = row.error_message;
  if (row.flows !== null) record.flows = parseStoredFlows(row.flows);
  record.prevHash = row.prev_hash;
  record.hash = row.hash;
  // The row was written from a validated entry; reading it back does not re-validate.
  return record as AuditRecord;
}

/**
 * An ISO 8601 time in the one form stored (`2025-01-31T12:00:00.000Z`), whose text order is time
 * order; undefined for text that is not a date within years 0000–9999.
 */
export function toIsoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** SQLite stores UTF-8, which cannot hold a lone surrogate; replace it as the encoder would. */
function wellFormed(text: string): string {
  if (!/[\uD800-\uDFFF]/.test(text)) return text;
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
