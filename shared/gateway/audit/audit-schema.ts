/**
 * The audit database's schema, its connection settings and its small key-value meta table.
 */
import type Database from 'better-sqlite3';
import { GatehouseError } from '../errors.js';
import { GENESIS_HASH, type ChainAnchor } from './hash-chain.js';

/** Bumped when the schema changes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 4;

/** How a commit reaches the disk: see the durability note on `AuditLog`. */
export type SyncMode = 'normal' | 'full';

/**
 * Records are keyed by `seq`, the position in the hash chain, assigned by the writer (not
 * AUTOINCREMENT, whose hidden table would be one more thing to keep consistent). Queries list
 * newest first by `seq`; since every index ends in the rowid, an index on `client` alone is in
 * effect one on `(client, seq)`, which serves "this client, newest first" without a sort. There is
 * no index on `time`: a time range becomes a seq range (see `SeqRanges`), which every index serves.
 * The full-text index is an external-content FTS5 table over the target and the arguments. The
 * writer adds each new row to it (see `AuditWriter`); triggers keep it in step with deletes
 * (retention) and updates, which are rare.
 */
const SCHEMA = `
CREATE TABLE audit_records (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  client TEXT NOT NULL,
  session_id TEXT NOT NULL,
  method TEXT NOT NULL,
  server TEXT,
  target TEXT,
  arguments TEXT,
  decision TEXT,
  rule_id TEXT,
  explanation TEXT,
  approval_kind TEXT,
  approval_decided_by TEXT,
  approval_waited_ms REAL,
  outcome TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  result_bytes INTEGER,
  error_message TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  max_time_ms INTEGER NOT NULL,
  protocol_version TEXT,
  origin TEXT,
  flows TEXT
) STRICT;
CREATE INDEX audit_records_flows ON audit_records (seq) WHERE flows IS NOT NULL;
CREATE INDEX audit_records_client ON audit_records (client);
CREATE INDEX audit_records_server ON audit_records (server);
CREATE INDEX audit_records_target ON audit_records (target);
CREATE INDEX audit_records_outcome ON audit_records (outcome);
CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT, WITHOUT ROWID;
CREATE VIRTUAL TABLE audit_fts USING fts5 (
  target, arguments,
  content = 'audit_records', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER audit_fts_delete AFTER DELETE ON audit_records BEGIN
  INSERT INTO audit_fts (audit_fts, rowid, target, arguments)
    VALUES ('delete', old.seq, old.target, old.arguments);
END;
CREATE TRIGGER audit_fts_update AFTER UPDATE OF target, arguments ON audit_records BEGIN
  INSERT INTO audit_fts (audit_fts, rowid, target, arguments)
    VALUES ('delete', old.seq, old.target, old.arguments);
  INSERT INTO audit_fts (rowid, target, arguments) VALUES (new.seq, new.target, new.arguments);
END;
`;

/**
 * Sets up a freshly opened connection: WAL, the chosen sync mode, and the schema (created on
 * first use). A short busy timeout, because writes run on the gateway's event loop.
 * @throws GatehouseError `audit_unavailable` for a database written by a newer Gatehouse.
 */
export function prepareDatabase(db: Database.Database, file: string, sync: SyncMode): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 250');
  // SQLite's own default page cache (2 MB) instead of better-sqlite3's 16 MB: appends touch only
  // the newest pages and queries go through indexes, while a 16 MB cache filling up as the trail
  // grows was most of the gateway's memory growth in the soak benchmark.
  db.pragma('cache_size = -2000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new GatehouseError(
      'audit_unavailable',
      `The audit log ${file} was written by a newer version of Gatehouse; update Gatehouse to open it.`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version === 0) db.exec(SCHEMA);
    if (version === 1) db.exec(FROM_VERSION_1);
    if (version === 1 || version === 2) db.exec(FROM_VERSION_2);
    if (version >= 1 && version <= 3) db.exec(FROM_VERSION_3);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/**
 * Version 3 kept no origin (requests MCP Apps views made) and no flows (the data-flow guard's
 * provenance). Old records keep null in both, and their hashes still verify (see `hashedContent`).
 */
const FROM_VERSION_3 = `
ALTER TABLE audit_records ADD COLUMN origin TEXT;
ALTER TABLE audit_records ADD COLUMN flows TEXT;
CREATE INDEX audit_records_flows ON audit_records (seq) WHERE flows IS NOT NULL;
`;

/**
 * Version 2 kept no protocol version. Old records keep null there, and their hashes still verify
 * (see `hashedContent`).
 */
const FROM_VERSION_2 = `ALTER TABLE audit_records ADD COLUMN protocol_version TEXT;`;

/**
 * Version 1 (development builds only) had no `max_time_ms`, an index on `time` instead, and a
 * full-text trigger that fired on any update. Hashes are unchanged: they never covered the index.
 */
const FROM_VERSION_1 = `
DROP INDEX IF EXISTS audit_records_time;
DROP INDEX IF EXISTS audit_records_decision;
DROP INDEX IF EXISTS audit_records_client;
CREATE INDEX audit_records_client ON audit_records (client);
DROP TRIGGER IF EXISTS audit_fts_update;
CREATE TRIGGER audit_fts_update AFTER UPDATE OF target, arguments ON audit_records BEGIN
  INSERT INTO audit_fts (audit_fts, rowid, target, arguments)
    VALUES ('delete', old.seq, old.target, old.arguments);
  INSERT INTO audit_fts (rowid, target, arguments) VALUES (new.seq, new.target, new.arguments);
END;
ALTER TABLE audit_records ADD COLUMN max_time_ms INTEGER NOT NULL DEFAULT 0;
UPDATE audit_records SET max_time_ms = running.max_ms
  FROM (
    SELECT seq AS at, max(CAST(round(unixepoch(time, 'subsec') * 1000) AS INTEGER)) OVER (ORDER BY seq) AS max_ms
    FROM audit_records
  ) AS running
  WHERE seq = running.at;
INSERT INTO audit_meta (key, value)
  SELECT 'max_lag_ms', CAST(coalesce(max(max_time_ms - CAST(round(unixepoch(time, 'subsec') * 1000) AS INTEGER)), 0) AS TEXT)
  FROM audit_records
  WHERE true
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
`;

/** Meta keys: the chain's last written record, retention's checkpoint, and where keying began. */
const HEAD_SEQ = 'head_seq';
const HEAD_HASH = 'head_hash';
const CHECKPOINT_SEQ = 'checkpoint_seq';
const CHECKPOINT_HASH = 'checkpoint_hash';
const CHECKPOINT_MAC = 'checkpoint_mac';
const MAX_LAG = 'max_lag_ms';
const TRAIL_ID = 'trail_id';
const KEYED_FROM_SEQ = 'keyed_from_seq';
const KEYED_FROM_HASH = 'keyed_from_hash';
const KEYED_FROM_MAC = 'keyed_from_mac';

/** Where keyed links begin, with an HMAC over it that also tells whether a key is the right one. */
export interface KeyingCheckpoint extends ChainAnchor {
  readonly mac: string;
}

/** Reads and writes the meta table; statements are prepared once. */
export class AuditMeta {
  readonly #get: Database.Statement<[string], { value: string }>;
  readonly #set: Database.Statement<[string, string]>;
  readonly #delete: Database.Statement<[string]>;

  constructor(db: Database.Database) {
    this.#get = db.prepare('SELECT value FROM audit_meta WHERE key = ?');
    this.#delete = db.prepare('DELETE FROM audit_meta WHERE key = ?');
    this.#set = db.prepare(
      'INSERT INTO audit_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  /** The last record the writer committed; undefined before the first. */
  head(): ChainAnchor | undefined {
    return this.#anchor(HEAD_SEQ, HEAD_HASH);
  }

  /** Records the last committed record; call inside the writing transaction. */
  setHead(anchor: ChainAnchor): void {
    this.#set.run(HEAD_SEQ, String(anchor.seq));
    this.#set.run(HEAD_HASH, anchor.hash);
  }

  /** Where verification starts: the last record retention deleted, or the genesis. */
  checkpoint(): ChainAnchor {
    return this.#anchor(CHECKPOINT_SEQ, CHECKPOINT_HASH) ?? { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Moves the checkpoint; call inside the deleting transaction. `mac` (a keyed trail's) shows later
   * that retention moved it, not a hand that removed records before it.
   */
  setCheckpoint(anchor: ChainAnchor, mac?: string): void {
    this.#set.run(CHECKPOINT_SEQ, String(anchor.seq));
    this.#set.run(CHECKPOINT_HASH, anchor.hash);
    if (mac === undefined) this.#delete.run(CHECKPOINT_MAC);
    else this.#set.run(CHECKPOINT_MAC, mac);
  }

  /** The checkpoint's HMAC, when retention moved it on a keyed trail. */
  checkpointMac(): string | undefined {
    return this.#get.get(CHECKPOINT_MAC)?.value;
  }

  /**
   * The most any record's `time` ever fell behind an earlier-written record's (a call that ran or
   * waited long is written after calls that arrived later); bounds time-to-seq translation.
   */
  maxLagMs(): number {
    return Number(this.#get.get(MAX_LAG)?.value ?? 0);
  }

  /** Raises the lag bound; call inside the writing transaction. */
  setMaxLagMs(ms: number): void {
    this.#set.run(MAX_LAG, String(ms));
  }

  /** This trail's random id, which names its key in the keychain; undefined until keying. */
  trailId(): string | undefined {
    return this.#get.get(TRAIL_ID)?.value;
  }

  /** Sets the trail's id; call inside a writing transaction. */
  setTrailId(id: string): void {
    this.#set.run(TRAIL_ID, id);
  }

  /** Where keyed links begin; undefined for a trail never keyed. */
  keying(): KeyingCheckpoint | undefined {
    const anchor = this.#anchor(KEYED_FROM_SEQ, KEYED_FROM_HASH);
    const mac = this.#get.get(KEYED_FROM_MAC)?.value;
    return anchor && mac !== undefined ? { ...anchor, mac } : undefined;
  }

  /** Marks where keyed links begin; call inside a writing transaction. */
  setKeying(checkpoint: KeyingCheckpoint): void {
    this.#set.run(KEYED_FROM_SEQ, String(checkpoint.seq));
    this.#set.run(KEYED_FROM_HASH, checkpoint.hash);
    this.#set.run(KEYED_FROM_MAC, checkpoint.mac);
  }

  #anchor(seqKey: string, hashKey: string): ChainAnchor | undefined {
    const seq = this.#get.get(seqKey)?.value;
    const hash = this.#get.get(hashKey)?.value;
    return seq === undefined || hash === undefined ? undefined : { seq: Number(seq), hash };
  }
}
