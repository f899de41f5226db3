/**
 * The audit trail store: one record per request, written behind the call path to SQLite in the
 * data directory, redacted, hash-chained, queryable and exportable.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import type {
  AuditEntry,
  AuditHealth,
  AuditPage,
  AuditQuery,
  AuditRecord,
  AuditVerifyReport,
  ExportCursor,
} from '../../contracts/audit.js';
import type { AuditFailurePolicy } from '../../contracts/config.js';
import { type Clock, systemClock } from '../clock.js';
import { PRIVATE_DIR_MODE, createPrivateFile } from '../config/private-files.js';
import { GatehouseError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type ExportFormat, type ExportPage, exportPage, exportRecords } from './audit-export.js';
import { AuditQueries, encodeCursor, parseQuery } from './audit-query.js';
import { type RetentionRule, applyRetention } from './audit-retention.js';
import { type AuditRow, type StoredContent, chainLinks, toRecord, toStoredContent } from './audit-row.js';
import { AuditMeta, type SyncMode, prepareDatabase } from './audit-schema.js';
import { type AuditKey, type KeyLookup, describeKeyPlace } from './audit-key.js';
import { type SignedCheckpoint, checkpointSigned, signCheckpoint } from './audit-checkpoint.js';
import { keyFits, keyingMac, planVerification } from './audit-keying.js';
import { type BacklogBounds, DEFAULT_BACKLOG, auditHealth, auditRefusal } from './audit-health.js';
import { AuditWriter } from './audit-writer.js';
import { BatchQueue, type DroppedStretch } from './batch-queue.js';
import { verifyChain } from './hash-chain.js';
import { secretTest } from './redact.js';

/** The database's file name in the data directory. */
export const AUDIT_DB_FILE = 'audit.db';

/** What `AuditLog.open` needs. */
export interface AuditLogOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The secrets Gatehouse holds now (tokens, keychain values); asked once per flush. */
  readonly knownSecrets?: () => Iterable<string>;
  /** The longest an appended entry waits before it is written; default 50 ms. */
  readonly flushIntervalMs?: number;
  /** This many waiting entries are written without waiting for the interval; default 256. */
  readonly maxBatch?: number;
  /**
   * How many records, and how many bytes of them, are kept in memory while writes fail; beyond
   * either, new ones are counted instead of kept. Default {@link DEFAULT_BACKLOG}.
   */
  readonly backlog?: BacklogBounds;
  /** The `settings.auditFailure` in force; read whenever the health is asked. Default `keep-serving`. */
  readonly failurePolicy?: () => AuditFailurePolicy;
  /** Told when writes start failing, the backlog fills, or writing catches up. */
  readonly onHealthChange?: (health: AuditHealth) => void;
  /** The longest pause between retries while writes fail; default 5 s. */
  readonly maxRetryMs?: number;
  /** `full` (default) or `normal`: see the durability note on {@link AuditLog}. */
  readonly synchronous?: SyncMode;
}

/**
 * The audit trail.
 *
 * Durability: the database runs in WAL mode with `synchronous = FULL`. `append` only queues;
 * queued entries are committed in one transaction per batch, at most `flushIntervalMs` (50 ms)
 * after they were appended, or as soon as `maxBatch` (256) are waiting. A committed record is
 * never lost: if Gatehouse is killed (crash, SIGKILL), the operating system crashes or the power
 * fails, the file reopens consistent, the chain verifies, and every committed record is there.
 * What can be lost is only what was appended in the last interval and not yet committed. Once
 * `flush()` returns, everything appended before it is committed; `close()` flushes, so a clean
 * shutdown loses nothing. (FULL syncs the WAL at each commit, one fsync per batch, measured at
 * under a millisecond; `synchronous: 'normal'` skips it and keeps the process-crash promise
 * but not the power-loss one. Power-loss safety also needs a disk that honours fsync.)
 *
 * The gateway appends a call's record just after the call's answer went out, so an answer a
 * client holds does not promise a committed record: after a kill, the records of calls answered
 * in the last interval may be missing (test/integration/faults-sigkill.test.ts states and tests
 * the whole promise).
 *
 * Reads (`query`, `get`, `recent`, `verify`, `exportTo`) see written records, not queued ones;
 * call `flush()` first when that matters. All methods run on the caller's thread; none but
 * `exportTo` is asynchronous.
 */
export class AuditLog {
  readonly #queue: BatchQueue<AuditEntry, StoredContent>;
  readonly #meta: AuditMeta;
  readonly #queries: AuditQueries;
  readonly #get: Database.Statement<[number], AuditRow>;
  readonly #lastSeq: Database.Statement<[], { seq: number | null }>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #bounds: BacklogBounds;
  readonly #writer: AuditWriter;
  #key: AuditKey | undefined;
  readonly #policy: () => AuditFailurePolicy;
  #closed = false;

  private constructor(
    private readonly db: Database.Database,
    /** The database file, for messages. */
    readonly file: string,
    options: AuditLogOptions,
  ) {
    const clock = (this.#clock = options.clock ?? systemClock);
    this.#logger = options.logger;
    this.#meta = new AuditMeta(db);
    const writer = (this.#writer = new AuditWriter(db, this.#meta));
    const knownSecrets = options.knownSecrets ?? (() => []);
    const bounds = (this.#bounds = options.backlog ?? DEFAULT_BACKLOG);
    this.#policy = options.failurePolicy ?? (() => 'keep-serving');
    const onHealthChange = options.onHealthChange;
    this.#queue = new BatchQueue<AuditEntry, StoredContent>({
      prepare: (entries) => {
        // If the secrets cannot be read, this throws and the batch waits: writing it with only
        // key-based redaction could put a secret on disk.
        const isSecret = secretTest(knownSecrets());
        const now = clock.now();
        return entries.map((entry) => toStoredContent(entry, isSecret, now));
      },
      write: (batch) => void writer.write(batch),
      sizeOf: storedSize,
      gapItem: gapEntry,
      onHealthChange: onHealthChange && (() => onHealthChange(this.health())),
      logger: options.logger,
      now: () => clock.now(),
      intervalMs: options.flushIntervalMs ?? 50,
      maxBatch: options.maxBatch ?? 256,
      maxQueued: bounds.maxRecords,
      maxQueuedBytes: bounds.maxBytes,
      ...(options.maxRetryMs === undefined ? {} : { maxRetryMs: options.maxRetryMs }),
    });
    this.#queries = new AuditQueries(db, this.#meta);
    this.#get = db.prepare<[number], AuditRow>('SELECT * FROM audit_records WHERE seq = ?');
    this.#lastSeq = db.prepare('SELECT max(seq) AS seq FROM audit_records');
  }

  /**
   * Opens (creating if needed) `audit.db` in the data directory.
   * @throws GatehouseError `audit_unavailable` naming the file when it cannot be opened or is not
   *   a readable audit database.
   */
  static open(options: AuditLogOptions): AuditLog {
    const file = join(options.dataDir, AUDIT_DB_FILE);
    let db: Database.Database | undefined;
    try {
      mkdirSync(options.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      // SQLite gives the -wal and -shm files the database's mode: 600 here makes all three private.
      createPrivateFile(file);
      db = new Database(file);
      prepareDatabase(db, file, options.synchronous ?? 'full');
      return new AuditLog(db, file, options);
    } catch (error: unknown) {
      db?.close();
      if (error instanceof GatehouseError) throw error;
      throw openError(file, error);
    }
  }

  /** Queues one record. O(1), no I/O, never throws; redaction and hashing happen in the flush. */
  append(entry: AuditEntry): void {
    this.#queue.push(entry);
  }

  /**
   * Writes everything queued now, in one transaction; returns how many records were written.
   * @throws GatehouseError `audit_unavailable` when the write fails (the entries stay queued and
   *   are retried).
   */
  flush(): number {
    return this.#queue.flush();
  }

  /** Whether the trail is being written, what waits in memory, and what the failure policy does. */
  health(): AuditHealth {
    return auditHealth(this.#queue.health, this.#bounds, this.#policy());
  }

  /** The sentence a tool call is refused with while it could not be recorded, or undefined. */
  refusal(): string | undefined {
    return auditRefusal(this.health());
  }

  /** Writes what is queued and closes the database; a clean shutdown loses nothing. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#queue.flush();
    } catch {
      this.#logger.error(
        `${this.#queue.waiting} audit records could not be written before Gatehouse closed ${this.file}; they are lost.`,
      );
    }
    this.#queue.close();
    this.db.close();
  }

  /** A page of records, newest first. @throws GatehouseError `audit_invalid` */
  query(query: AuditQuery = {}): AuditPage {
    const { filters, beforeSeq, limit } = parseQuery(query);
    const rows = this.#read(() =>
      this.#queries.page(filters, { order: 'desc', limit: limit + 1, beforeSeq }),
    );
    const records = rows.slice(0, limit).map(toRecord);
    const last = records.at(-1);
    return rows.length > limit && last ? { records, nextCursor: encodeCursor(last.seq) } : { records };
  }

  /** One record by sequence number, for a detail view. */
  get(seq: number): AuditRecord | undefined {
    const row = this.#read(() => this.#get.get(seq));
    return row && toRecord(row);
  }

  /** The last `n` records written, newest first: what a policy dry run re-evaluates. */
  recent(n: number): AuditRecord[] {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new GatehouseError(
        'audit_invalid',
        `The number of recent audit records must be a whole number, not ${n}.`,
      );
    }
    return this.#read(() => this.#queries.page({}, { order: 'desc', limit: n })).map(toRecord);
  }

  /** This trail's id, which names its key in the keychain; undefined for a trail never keyed. */
  get trailId(): string | undefined {
    return this.#read(() => this.#meta.trailId());
  }

  /** Whether `key` is the key this trail was keyed with (true for a trail not keyed yet). */
  keyFits(key: Buffer): boolean {
    const trailId = this.trailId;
    const keying = this.#read(() => this.#meta.keying());
    return !keying || trailId === undefined || keyFits(key, trailId, keying);
  }

  /**
   * Links every record written from now on with an HMAC under `key`. The first time, under a new
   * `trailId`, a checkpoint records where keyed links begin; the records before keep their plain
   * links and still verify. Call before anything is appended.
   * @throws GatehouseError `audit_key_wrong` when the trail was keyed with another key.
   */
  useKey(key: AuditKey, trailId: string): void {
    if (this.#closed) return;
    this.db
      .transaction(() => {
        const keying = this.#meta.keying();
        const existingId = this.#meta.trailId();
        if (keying && existingId !== undefined) {
          if (!keyFits(key.bytes, existingId, keying)) {
            throw new GatehouseError(
              'audit_key_wrong',
              `The audit key in ${describeKeyPlace(key)} is not the key ${this.file} was written with. ` +
                'Restore the right key, or move the audit log aside to start a new trail.',
            );
          }
          return;
        }
        const head = this.#writer.head();
        this.#meta.setTrailId(trailId);
        this.#meta.setKeying({ ...head, mac: keyingMac(key.bytes, trailId, head) });
        this.#logger.info(
          `The audit trail is keyed from record ${head.seq + 1} on (key in ${describeKeyPlace(key)}).`,
        );
      })
      .immediate();
    this.#writer.useKey(key.bytes);
    this.#key = key;
    this.#queue.release();
  }

  /**
   * For a keyed trail, holds records in memory (no write is tried) until `useKey` or
   * `keyUnavailable`: the key may take a while to come from a locked keychain. A trail not keyed
   * yet writes plain links meanwhile, and keying begins wherever the chain is when the key comes.
   */
  holdUntilKeyed(): void {
    if (this.#read(() => this.#meta.keying())) this.#queue.hold();
  }

  /**
   * The key of this keyed trail cannot be had: writes are tried and fail with `reason`, so the
   * audit health (and `settings.auditFailure`) take over, as for a full disk.
   */
  keyUnavailable(reason: string): void {
    if (this.#closed) return;
    this.#logger.error(reason);
    this.#writer.noKey(reason);
    this.#queue.release();
  }

  /**
   * Walks the hash chain from the checkpoint and reports the first record that does not verify.
   * Keyed records are checked with the key this log uses, or the one `lookup` found (the CLI).
   */
  verify(lookup?: KeyLookup): AuditVerifyReport {
    return this.#read(() => {
      const start = this.#meta.checkpoint();
      const found = lookup ?? (this.#key ? { key: this.#key } : undefined);
      const plan = planVerification(this.#meta.trailId(), this.#meta.keying(), found, {
        ...start,
        mac: this.#meta.checkpointMac(),
      });
      if (!plan.walk) return plan.report;
      const rows = this.db
        .prepare<[number], AuditRow>('SELECT * FROM audit_records WHERE seq > ? ORDER BY seq')
        .iterate(start.seq);
      const report = verifyChain(chainLinks(rows), start, this.#meta.head(), plan.keying);
      return plan.keyed ? { ...report, keyed: plan.keyed } : report;
    });
  }

  /**
   * The trail's head, record count and time, signed with its key, to be kept elsewhere.
   * @throws GatehouseError `audit_key_missing` when no key is at hand (a trail never keyed, or the
   *   key not found).
   */
  signedCheckpoint(lookup?: KeyLookup): SignedCheckpoint {
    const key = lookup?.key ?? this.#key;
    const trailId = this.trailId;
    if (!key || trailId === undefined) {
      throw new GatehouseError(
        'audit_key_missing',
        lookup && !lookup.key
          ? lookup.problem
          : 'This audit trail has no key yet: start the gateway once, so it keys the trail, then export a checkpoint.',
      );
    }
    return this.#read(() => {
      const head = this.#writer.head();
      const records =
        this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_records').get()?.n ?? 0;
      return signCheckpoint(key.bytes, {
        trailId,
        seq: head.seq,
        hash: head.hash,
        records,
        time: new Date(this.#clock.now()).toISOString(),
      });
    });
  }

  /**
   * Checks an exported checkpoint against the trail: signed with this trail's key, and its record
   * still here with the same hash. Returns a sentence: undefined when it holds.
   */
  checkCheckpoint(checkpoint: SignedCheckpoint, lookup?: KeyLookup): string | undefined {
    const key = lookup?.key ?? this.#key;
    if (!key)
      return lookup && !lookup.key ? lookup.problem : 'The audit key is not at hand to check the checkpoint.';
    if (checkpoint.trailId !== this.trailId || !checkpointSigned(key.bytes, checkpoint)) {
      return "The checkpoint was not signed with this trail's key: it belongs to another trail, or was changed.";
    }
    if (checkpoint.seq === 0) return undefined;
    if (checkpoint.seq <= this.#read(() => this.#meta.checkpoint().seq)) {
      return `Record ${checkpoint.seq}, the checkpoint's head, was removed by audit retention, so it cannot be compared.`;
    }
    const row = this.#read(() => this.#get.get(checkpoint.seq));
    if (!row)
      return `Record ${checkpoint.seq}, the checkpoint's head, is no longer in the trail: it was removed.`;
    if (row.hash !== checkpoint.hash) {
      return `Record ${checkpoint.seq} is not the record the checkpoint names: the trail was rewritten since.`;
    }
    return undefined;
  }

  /**
   * Streams the records matching `query` (its `cursor` and `limit` are ignored), oldest first, as
   * JSON Lines or CSV; resolves with the number written. Does not end `out`.
   */
  async exportTo(out: Writable, format: ExportFormat, query: AuditQuery = {}): Promise<number> {
    const { filters } = parseQuery({ ...query, cursor: undefined, limit: undefined });
    try {
      const last = this.#read(() => this.#lastSeq.get()?.seq ?? 0);
      return await exportRecords(this.#queries, filters, last, out, format);
    } catch (error: unknown) {
      throw this.#readError(error);
    }
  }

  /**
   * One page of an export of the records matching `query` (its `cursor` and `limit` are ignored),
   * oldest first. Without `cursor` the export starts and ends at the last record written now, so
   * records written while the pages are fetched do not join it; pass each page's `next` back until
   * it is `null`. The gateway holds one page at a time, however long the trail.
   */
  exportPage(format: ExportFormat, query: AuditQuery = {}, cursor?: ExportCursor): ExportPage {
    const { filters } = parseQuery({ ...query, cursor: undefined, limit: undefined });
    try {
      return this.#read(() =>
        exportPage(
          this.#queries,
          filters,
          cursor ?? { afterSeq: 0, upToSeq: this.#lastSeq.get()?.seq ?? 0 },
          format,
        ),
      );
    } catch (error: unknown) {
      throw this.#readError(error);
    }
  }

  /**
   * Deletes old records (by age and/or count) and moves the verification checkpoint; returns how
   * many were deleted. Run it at startup or when idle: it works on the caller's thread.
   * @throws GatehouseError `audit_invalid` for a negative rule.
   */
  applyRetention(rule: RetentionRule): number {
    const keying = this.#meta.keying();
    const chainKeying = keying && this.#key ? { fromSeq: keying.seq, key: this.#key.bytes } : undefined;
    const result = this.#read(() =>
      applyRetention(this.db, this.#meta, rule, this.#clock.now(), chainKeying),
    );
    if (result.keptFrom) {
      this.#logger.warn(
        `Audit retention stopped at record ${result.keptFrom.seq}, which does not verify, and kept it ` +
          `and everything after it as evidence: ${result.keptFrom.problem}`,
      );
    }
    return result.deleted;
  }

  /**
   * Applies the retention settings, if any are set, logging what it removed; a failure is logged
   * and left for the next start, never fatal.
   */
  applyRetentionSettings(settings: { auditMaxAgeDays?: number; auditMaxRecords?: number }): void {
    const { auditMaxAgeDays, auditMaxRecords } = settings;
    // It runs once the key is in place, which may be after a quick stop closed the log.
    if (this.#closed || (auditMaxAgeDays === undefined && auditMaxRecords === undefined)) return;
    if (!this.#key && this.#read(() => this.#meta.keying())) {
      // Without the key, keyed records cannot be checked before they go: keep them for now.
      this.#logger.warn('Audit retention did not run: the audit key is not at hand.');
      return;
    }
    try {
      const removed = this.applyRetention({ maxAgeDays: auditMaxAgeDays, maxRecords: auditMaxRecords });
      if (removed > 0) this.#logger.info(`Audit retention removed ${removed} old records.`);
    } catch (error: unknown) {
      this.#logger.warn(`Audit retention did not run: ${describeError(error)}`);
    }
  }

  #read<T>(read: () => T): T {
    try {
      return read();
    } catch (error: unknown) {
      throw this.#readError(error);
    }
  }

  #readError(error: unknown): unknown {
    if (error instanceof GatehouseError || !isSqliteError(error)) return error;
    return new GatehouseError(
      'audit_unavailable',
      `The audit log ${this.file} could not be read (${describeError(error)}).`,
      { cause: error },
    );
  }
}

/** The record written in place of records that were counted but not kept. */
function gapEntry(stretch: DroppedStretch): AuditEntry {
  const from = new Date(stretch.firstAt).toISOString();
  const to = new Date(stretch.lastAt).toISOString();
  return {
    time: from,
    client: 'gatehouse',
    sessionId: '',
    method: 'gatehouse/audit-gap',
    arguments: { notKept: stretch.count, firstAt: from, lastAt: to },
    explanation:
      `${stretch.count} ${stretch.count === 1 ? 'record' : 'records'} from ${from} to ${to} were not kept: ` +
      'the audit trail could not be written and the records waiting in memory had reached their bound.',
    outcome: 'ok',
    durationMs: 0,
  };
}

/** About what a stored record holds in memory: two bytes per character, plus the object. */
function storedSize(content: StoredContent): number {
  let chars = 0;
  for (const value of Object.values(content)) if (typeof value === 'string') chars += value.length;
  return chars * 2 + 200;
}

function openError(file: string, error: unknown): GatehouseError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message =
    code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT'
      ? `The audit log ${file} is damaged or is not a Gatehouse database; move it aside and start Gatehouse again to begin a new one.`
      : `The audit log ${file} cannot be opened (${describeError(error)}); check that its folder exists and is writable.`;
  return new GatehouseError('audit_unavailable', message, { cause: error });
}

function isSqliteError(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError || (error instanceof TypeError && !!/database/i.exec(error.message))
  );
}
