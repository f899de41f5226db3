/**
 * The write-behind queue in front of the audit database: `push` only stores a reference, and a
 * timer writes what waits in one transaction, so the call path never waits for the disk.
 */
import type { Logger } from '../logger.js';
import { GatehouseError, describeError } from '../errors.js';

/** How the queue batches, bounds itself and reaches its storage. */
export interface BatchQueueOptions<Raw, Prepared> {
  /**
   * Turns waiting items into what is stored (redaction, for the audit log). If it throws, the
   * items stay queued as they were and the flush counts as failed.
   */
  readonly prepare: (items: readonly Raw[]) => Prepared[];
  /** Stores a batch atomically, with how many items were dropped since the last write; throws on failure. */
  readonly write: (batch: readonly Prepared[], dropped: number) => void;
  readonly logger: Logger;
  /** The longest an item waits before a write is attempted. */
  readonly intervalMs: number;
  /** This many waiting items trigger a write on the next turn of the event loop. */
  readonly maxBatch: number;
  /** Beyond this many waiting items, new items are dropped (and counted). */
  readonly maxQueued: number;
}

/** The longest pause between retries while writes fail. */
const MAX_RETRY_MS = 5_000;

/**
 * A bounded write-behind queue. A failed write keeps every item (already prepared, so a retry
 * does not redo the work and memory per item stays bounded) and retries with backoff, logging
 * once when writes start failing and once when they recover. When `maxQueued` items wait, new
 * items are dropped and counted rather than queued: the items kept are the oldest, so the gap is
 * one stretch at the end, and a flood cannot push out the record of how it began. The count is
 * logged and passed to the next successful write.
 */
export class BatchQueue<Raw, Prepared> {
  #raw: Raw[] = [];
  #prepared: Prepared[] = [];
  #dropped = 0;
  #failures = 0;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #immediate: NodeJS.Immediate | undefined;

  constructor(private readonly options: BatchQueueOptions<Raw, Prepared>) {}

  /** How many items wait to be written. */
  get waiting(): number {
    return this.#raw.length + this.#prepared.length;
  }

  /** Queues an item: O(1), no I/O, never throws. */
  push(item: Raw): void {
    if (this.#closed) {
      if (this.#dropped++ === 0) {
        this.options.logger.warn('An audit record arrived after the audit log closed; it was not recorded.');
      }
      return;
    }
    if (this.waiting >= this.options.maxQueued) {
      if (this.#dropped++ === 0) {
        this.options.logger.error(
          `The audit queue is full (${this.options.maxQueued} records waiting to be written); ` +
            'new records are dropped until the audit log can write again.',
        );
      }
      return;
    }
    this.#raw.push(item);
    this.#schedule();
  }

  /**
   * Writes everything waiting now, in one transaction; returns how many items were written.
   * @throws GatehouseError `audit_unavailable` when the write fails; the items stay queued.
   */
  flush(): number {
    this.#cancelTimers();
    if (this.waiting === 0 && this.#dropped === 0) return 0;
    const count = this.waiting;
    try {
      if (this.#raw.length > 0) {
        for (const item of this.options.prepare(this.#raw)) this.#prepared.push(item);
        this.#raw = [];
      }
      this.options.write(this.#prepared, this.#dropped);
    } catch (error: unknown) {
      this.#failed(error);
      throw new GatehouseError(
        'audit_unavailable',
        `The audit log could not write ${count} records (${describeError(error)}); they are kept and retried.`,
        { cause: error },
      );
    }
    this.#prepared = [];
    if (this.#failures > 0) this.options.logger.info('The audit log is writing again.');
    if (this.#dropped > 0) {
      this.options.logger.warn(`${this.#dropped} audit records were dropped and are missing from the log.`);
    }
    this.#failures = 0;
    this.#dropped = 0;
    return count;
  }

  /** Stops the timers; later pushes are dropped. Flush first to keep what waits. */
  close(): void {
    this.#closed = true;
    this.#cancelTimers();
  }

  #schedule(): void {
    // While writes fail, the retry timer alone decides when to try again.
    if (this.#failures > 0) return;
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
    if (this.#failures === 1) {
      this.options.logger.error(
        `Audit records could not be written (${describeError(error)}); ` +
          `${this.waiting} are kept in memory and retried.`,
      );
    }
    if (this.#closed) return;
    const delay = Math.min(this.options.intervalMs * 2 ** this.#failures, MAX_RETRY_MS);
    this.#cancelTimers();
    this.#timer = setTimeout(() => this.#flushQuietly(), delay).unref();
  }

  #cancelTimers(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
  }
}
