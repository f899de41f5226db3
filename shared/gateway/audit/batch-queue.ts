/**
 * The write-behind queue in front of the audit database: `push` only stores a reference, and a
 * timer writes what waits, so the call path never waits for the disk.
 */
import type { Logger } from '../logger.js';
import { GatehouseError, describeError } from '../errors.js';

/** A run of items that arrived while the backlog was at its bound, and were counted instead of kept. */
export interface DroppedStretch {
  readonly count: number;
  /** When the first and the last of them arrived (ms since the epoch). */
  readonly firstAt: number;
  readonly lastAt: number;
}

/** How the queue batches, bounds itself and reaches its storage. */
export interface BatchQueueOptions<Raw, Prepared> {
  /**
   * Turns waiting items into what is stored (redaction, for the audit log). If it throws, the
   * items stay queued as they were and the flush counts as failed.
   */
  readonly prepare: (items: readonly Raw[]) => Prepared[];
  /** Stores a batch atomically; throws on failure. */
  readonly write: (batch: readonly Prepared[]) => void;
  /** About how many bytes of memory a prepared item holds. */
  readonly sizeOf: (item: Prepared) => number;
  /** The item that records, in its place in the order, how many items were not kept. */
  readonly gapItem: (stretch: DroppedStretch) => Raw;
  /** Told when the queue's health changes (writes fail, the bound is reached, writes recover). */
  readonly onHealthChange?: () => void;
  readonly logger: Logger;
  readonly now: () => number;
  /** The longest an item waits before a write is attempted. */
  readonly intervalMs: number;
  /** This many waiting items trigger a write on the next turn of the event loop; also the largest transaction. */
  readonly maxBatch: number;
  /** The backlog's bound in items: beyond it new items are counted, not kept. */
  readonly maxQueued: number;
  /** The backlog's bound in bytes of prepared items. */
  readonly maxQueuedBytes: number;
  /** The longest pause between retries while writes fail; default 5 s. */
  readonly maxRetryMs?: number;
}

/** What the queue holds and whether it can write, for the audit health. */
export interface QueueHealth {
  readonly waiting: number;
  readonly bytes: number;
  /** When writes began failing (ms since the epoch); undefined while they succeed. */
  readonly failingSince: number | undefined;
  readonly lastError: string | undefined;
  /** Items counted but not kept since the backlog reached its bound (not yet written as a gap). */
  readonly notKept: number;
  /** Whether the backlog is at its bound. */
  readonly full: boolean;
}

/**
 * A bounded write-behind queue. A failed write keeps every item and retries with backoff, logging
 * once when writes start failing and once when they recover. While writes fail, new items are
 * prepared at once, so the backlog holds only the stored form (bounded per item) and its size in
 * bytes is known. After a failure, retries write small transactions first (1 item, then 2, 4, … up
 * to `maxBatch`), so when a little space returns something commits at once, instead of one big
 * transaction filling the space again with WAL frames that never commit.
 *
 * When the backlog reaches its bound (`maxQueued` items or `maxQueuedBytes`), new items are counted
 * rather than kept: the items kept are the oldest, so a flood cannot push out the record of how it
 * began. When there is room again, a gap item carrying the count takes the place of the missing
 * ones, so the loss is written into the trail itself, never silent.
 */
export class BatchQueue<Raw, Prepared> {
  #raw: Raw[] = [];
  #prepared: Prepared[] = [];
  #bytes = 0;
  #stretch: { count: number; firstAt: number; lastAt: number } | undefined;
  #failures = 0;
  #failingSince: number | undefined;
  #lastError: string | undefined;
  #chunk: number;
  #closed = false;
  #held = false;
  #lostAfterClose = 0;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;

  constructor(private readonly options: BatchQueueOptions<Raw, Prepared>) {
    this.#chunk = options.maxBatch;
  }

  /** How many items wait to be written. */
  get waiting(): number {
    return this.#raw.length + this.#prepared.length;
  }

  /** What the queue holds and whether it can write. */
  get health(): QueueHealth {
    return {
      waiting: this.waiting,
      bytes: this.#bytes,
      failingSince: this.#failingSince,
      lastError: this.#lastError,
      notKept: this.#stretch?.count ?? 0,
      full: this.#full(),
    };
  }

  /** Queues an item: O(1) while writes succeed, no I/O, never throws. */
  push(item: Raw): void {
    if (this.#closed) {
      if (this.#lostAfterClose++ === 0) {
        this.options.logger.warn('An audit record arrived after the audit log closed; it was not recorded.');
      }
      return;
    }
    if (this.#full()) {
      this.#countNotKept();
      return;
    }
    this.#endStretch();
    this.#raw.push(item);
    if (this.#failures > 0) this.#prepareQuietly();
    this.#schedule();
  }

  /**
   * Writes everything waiting now, in transactions of at most `maxBatch` items (fewer just after a
   * failure); returns how many items were written.
   * @throws GatehouseError `audit_unavailable` when a write fails; what was not written stays queued.
   */
  flush(): number {
    this.#cancelTimers();
    this.#endStretch();
    if (this.waiting === 0) return 0;
    let written = 0;
    try {
      // Writing makes room, which ends a stretch of items not kept: its gap item follows at once.
      for (this.#prepare(); this.#prepared.length > 0; this.#endStretch(), this.#prepare()) {
        const batch = this.#prepared.slice(0, this.#chunk);
        this.options.write(batch);
        this.#prepared.splice(0, batch.length);
        for (const item of batch) this.#bytes -= this.options.sizeOf(item);
        written += batch.length;
        this.#chunk = Math.min(this.#chunk * 2, this.options.maxBatch);
      }
    } catch (error: unknown) {
      this.#failed(error);
      throw new GatehouseError(
        'audit_unavailable',
        `The audit log could not write ${this.waiting} records (${describeError(error)}); they are kept and retried.`,
        { cause: error },
      );
    }
    this.#bytes = 0;
    if (this.#failures > 0) this.#recovered();
    return written;
  }

  /**
   * Keeps items waiting, without trying to write them, until `release()`: for a store that is not
   * ready yet (the audit key still on its way from the keychain). An explicit `flush()` still tries.
   */
  hold(): void {
    this.#held = true;
    this.#cancelTimers();
  }

  /** Ends a `hold()`: what waits is written as usual. */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    if (this.waiting > 0) this.#schedule();
  }

  /** Stops the timers; later pushes are not recorded. Flush first to keep what waits. */
  close(): void {
    this.#closed = true;
    this.#cancelTimers();
  }

  #full(): boolean {
    return this.waiting >= this.options.maxQueued || this.#bytes >= this.options.maxQueuedBytes;
  }

  #countNotKept(): void {
    const now = this.options.now();
    if (this.#stretch) {
      this.#stretch.count++;
      this.#stretch.lastAt = now;
      return;
    }
    this.#stretch = { count: 1, firstAt: now, lastAt: now };
    this.options.logger.error(
      `The audit backlog is full (${this.waiting} records, ${formatMegabytes(this.#bytes)} waiting to be written); ` +
        'new records are counted, not kept, until the audit log can write again.',
    );
    this.options.onHealthChange?.();
  }

  /** Once there is room again, the gap item takes the missing items' place in the order. */
  #endStretch(): void {
    if (!this.#stretch || this.#full()) return;
    const stretch = this.#stretch;
    this.#stretch = undefined;
    this.#raw.push(this.options.gapItem(stretch));
    if (this.#failures > 0) this.#prepareQuietly();
    this.options.logger.warn(
      `${stretch.count} audit records were not kept while the backlog was full; the trail records their count.`,
    );
    this.options.onHealthChange?.();
  }

  #prepare(): void {
    if (this.#raw.length === 0) return;
    for (const item of this.options.prepare(this.#raw)) {
      this.#prepared.push(item);
      this.#bytes += this.options.sizeOf(item);
    }
    this.#raw = [];
  }

  #prepareQuietly(): void {
    try {
      this.#prepare();
    } catch {
      // The next flush tries again and reports it.
    }
  }

  #schedule(): void {
    // While writes fail, the retry timer alone decides when to try again.
    if (this.#failures > 0 || this.#held) return;
    if (this.waiting >= this.options.maxBatch) {
      this.#immediate ??= setImmediate(() => this.#flushQuietly()).unref();
    } else {
      this.#timer ??= setTimeout(() => this.#flushQuietly(), this.options.intervalMs).unref();
    }
  }

  #flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // #failed has logged it and scheduled the retry.
    }
  }

  #failed(error: unknown): void {
    this.#failures++;
    this.#chunk = 1;
    this.#lastError = describeError(error);
    if (this.#failures === 1) {
      this.#failingSince = this.options.now();
      this.options.logger.error(
        `Audit records could not be written (${this.#lastError}); ` +
          `${this.waiting} are kept in memory and retried.`,
      );
    }
    this.options.onHealthChange?.();
    if (this.#closed) return;
    const delay = Math.min(this.options.intervalMs * 2 ** this.#failures, this.options.maxRetryMs ?? 5_000);
    this.#cancelTimers();
    this.#timer = setTimeout(() => this.#flushQuietly(), delay).unref();
  }

  #recovered(): void {
    this.#failures = 0;
    this.#failingSince = undefined;
    this.#lastError = undefined;
    this.#chunk = this.options.maxBatch;
    this.options.logger.info('The audit log is writing again.');
    this.options.onHealthChange?.();
  }

  #cancelTimers(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
  }
}

/** Bytes as megabytes with one decimal, for messages. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
