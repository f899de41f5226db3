/**
 * Turns an `AuditQuery` into SQL: filters combined with AND, full-text search through FTS5,
 * newest first by sequence number, keyset paging with an opaque cursor.
 */
import { Buffer } from 'node:buffer';
import type Database from 'better-sqlite3';
import { type AuditQuery, AuditQuerySchema } from '../../contracts/audit.js';
import { GatehouseError } from '../errors.js';
import { AUDIT_COLUMNS, type AuditRow, toIsoTime } from './audit-row.js';
import type { AuditMeta } from './audit-schema.js';
import { flowClause, parseFlowFilter, type FlowFilter } from './flow-filter.js';
import { SeqRanges } from './seq-range.js';

/** The filters of a query, checked and normalized. */
export interface AuditFilters {
  /** Inclusive lower bound on `time`, ISO form. */
  readonly from?: string;
  /** Exclusive upper bound on `time`, ISO form. */
  readonly to?: string;
  readonly client?: string;
  readonly server?: string;
  readonly target?: string;
  readonly decision?: string;
  readonly outcome?: string;
  /** An FTS5 query built from the person's words (never their raw syntax). */
  readonly match?: string;
  /** Records carrying a flow of this kind (see `parseFlowFilter`). */
  readonly flow?: FlowFilter;
}

/** A parsed query: filters, where the page starts, how many records. */
export interface ParsedQuery {
  readonly filters: AuditFilters;
  /** Records with a sequence number below this; from the cursor. */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/**
 * Checks and normalizes a query. `from` is inclusive and `to` exclusive, so adjacent ranges never
 * count a record twice.
 * @throws GatehouseError `audit_invalid` for a malformed filter or cursor.
 */
export function parseQuery(query: AuditQuery = {}): ParsedQuery {
  const parsed = AuditQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'query';
    throw new GatehouseError('audit_invalid', `The audit query is not valid at ${where}: ${issue?.message}.`);
  }
  const q = parsed.data;
  const filters: AuditFilters = {
    from: q.from === undefined ? undefined : boundary(q.from, 'from'),
    to: q.to === undefined ? undefined : boundary(q.to, 'to'),
    client: q.client,
    server: q.server,
    target: q.target,
    decision: q.decision,
    outcome: q.outcome,
    match: q.text === undefined ? undefined : ftsMatch(q.text),
    flow: q.flow === undefined ? undefined : parseFlowFilter(q.flow),
  };
  return { filters, beforeSeq: q.cursor === undefined ? undefined : decodeCursor(q.cursor), limit: q.limit };
}

function boundary(value: string, name: string): string {
  const iso = toIsoTime(value);
  if (iso === undefined) {
    throw new GatehouseError('audit_invalid', `The audit query's "${name}" is not a date: ${value}.`);
  }
  return iso;
}

/**
 * An FTS5 query from free text: each word becomes a quoted phrase (so `"`, `-`, `:` or `OR` in
 * what a person types are words, not syntax) and all must match; a trailing `*` on a word keeps
 * its meaning as a prefix search. Undefined when there is no word.
 */
export function ftsMatch(text: string): string | undefined {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  if (words.length === 0) return undefined;
  return words
    .map((word) => {
      const prefix = word.length > 1 && word.endsWith('*');
      const body = prefix ? word.slice(0, -1) : word;
      return `"${body.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
    })
    .join(' ');
}

const CURSOR_PREFIX = 'before:';

/** An opaque cursor for the page that starts below `seq`. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${seq}`, 'utf8').toString('base64url');
}

/** @throws GatehouseError `audit_invalid` for a cursor this module did not make. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new GatehouseError(
      'audit_invalid',
      'The audit page cursor is not valid; start again from page one.',
    );
  }
  return seq;
}

/** Where a page starts and which way it runs. */
export interface PageBounds {
  /** Newest first (queries) or oldest first (exports). */
  readonly order: 'desc' | 'asc';
  readonly beforeSeq?: number;
  readonly afterSeq?: number;
  readonly limit: number;
}

/** Runs queries, preparing each distinct statement once. */
export class AuditQueries {
  readonly #statements = new Map<string, Database.Statement<unknown[], AuditRow>>();
  readonly #ranges: SeqRanges;

  constructor(
    private readonly db: Database.Database,
    meta: AuditMeta,
  ) {
    this.#ranges = new SeqRanges(db, meta);
  }

  /** One page of rows matching `filters`, in the order asked for. */
  page(filters: AuditFilters, bounds: PageBounds): AuditRow[] {
    const { sql, params } = buildSelect(filters, this.#narrowed(filters, bounds));
    return this.#statement(sql).all(...params);
  }

  /** The same rows, one at a time; read them to the end before touching the database again. */
  iterate(filters: AuditFilters, bounds: PageBounds): IterableIterator<AuditRow> {
    const { sql, params } = buildSelect(filters, this.#narrowed(filters, bounds));
    return this.#statement(sql).iterate(...params);
  }

  /** Adds the seq range a time filter implies to the page's own bounds. */
  #narrowed(filters: AuditFilters, bounds: PageBounds): PageBounds {
    const range = this.#ranges.forTimes(filters.from, filters.to);
    return {
      ...bounds,
      afterSeq: maxDefined(bounds.afterSeq, range.min === undefined ? undefined : range.min - 1),
      beforeSeq: minDefined(bounds.beforeSeq, range.max === undefined ? undefined : range.max + 1),
    };
  }

  #statement(sql: string): Database.Statement<unknown[], AuditRow> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], AuditRow>(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

const COLUMNS = AUDIT_COLUMNS.map((column) => `r.${column}`).join(', ');

/**
 * The SQL for one page. With a text search the FTS table drives the loop: FTS5 hands out matches
 * by rowid in either direction, so "newest matches first" stops after one page instead of
 * collecting and sorting every match.
 */
export function buildSelect(filters: AuditFilters, bounds: PageBounds): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const seq = filters.match !== undefined ? 'f.rowid' : 'r.seq';
  if (filters.match !== undefined) {
    where.push('audit_fts MATCH ?');
    params.push(filters.match);
  }
  const add = (clause: string, value: unknown) => {
    where.push(clause);
    params.push(value);
  };
  if (bounds.beforeSeq !== undefined) add(`${seq} < ?`, bounds.beforeSeq);
  if (bounds.afterSeq !== undefined) add(`${seq} > ?`, bounds.afterSeq);
  if (filters.from !== undefined) add('r.time >= ?', filters.from);
  if (filters.to !== undefined) add('r.time < ?', filters.to);
  if (filters.client !== undefined) add('r.client = ?', filters.client);
  if (filters.server !== undefined) add('r.server = ?', filters.server);
  if (filters.target !== undefined) add('r.target = ?', filters.target);
  if (filters.decision !== undefined) add('r.decision = ?', filters.decision);
  if (filters.outcome !== undefined) add('r.outcome = ?', filters.outcome);
  if (filters.flow !== undefined) {
    const clause = flowClause(filters.flow);
    where.push(clause.sql);
    params.push(...clause.params);
  }
  const from =
    filters.match !== undefined ? 'audit_fts f JOIN audit_records r ON r.seq = f.rowid' : 'audit_records r';
  const sql =
    `SELECT ${COLUMNS} FROM ${from}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY ${seq} ${bounds.order === 'desc' ? 'DESC' : 'ASC'} LIMIT ?`;
  params.push(bounds.limit);
  return { sql, params };
}
