/**
 * One client's provenance memory: fingerprints of the text its requests returned, each labelled
 * with where and when it came from, bounded in size and in age. The text itself is never kept.
 *
 * Text is remembered in pieces of at most PIECE_CHARS characters, oldest first out: when the
 * remembered characters pass the budget, or a piece is older than the age limit, the oldest
 * pieces are forgotten. A long result therefore fades from its beginning, not all at once.
 */
import type { FlowMethod } from '../../contracts/flow.js';
import type { Clock } from '../clock.js';
import { FingerprintTable } from './fingerprint-table.js';
import { GRAM, WINDOW, Winnower } from './winnow.js';

/** Where a remembered result came from. */
export interface ResultLabel {
  readonly method: FlowMethod;
  readonly server: string;
  readonly name: string;
  /** When it was returned, ms since the epoch. */
  readonly at: number;
}

/** The memory's bounds. */
export interface MemoryLimits {
  /** Characters remembered at most (about bytes, for ASCII text). */
  readonly maxChars: number;
  readonly maxAgeMs: number;
}

/** Text of one result found in an argument. */
export interface FoundRun {
  readonly label: ResultLabel;
  /** Folded characters matched, summed over the spans. */
  readonly length: number;
  /** UTF-16 spans of the argument text, end exclusive, in order. */
  readonly spans: [number, number][];
}

/** How many characters one piece holds: the unit in which old text is forgotten. */
export const PIECE_CHARS = 64 * 1024;

/** How much text is fed to the winnower at once, so a huge string is never copied whole. */
const FEED_SLICE = 1024 * 1024;

interface Piece {
  readonly id: number;
  readonly origin: number;
  readonly at: number;
  chars: number;
}

interface Origin {
  readonly label: ResultLabel;
  lastPiece: number;
}

/** Feeds one result's text into a memory; `end()` when done. */
export interface Recorder {
  /** Starts the next text of the result (each content item is its own text). */
  text(): void;
  /** Feeds the next piece of the current text. */
  feed(chunk: string): void;
}

/** Fingerprints of what one client was given. */
export class ProvenanceMemory {
  readonly #table = new FingerprintTable();
  readonly #pieces: Piece[] = [];
  #head = 0;
  readonly #origins = new Map<number, Origin>();
  #chars = 0;
  #nextPiece = 1;
  #nextOrigin = 1;
  #current: Piece | undefined;
  /** The id fingerprints are filed under now (the open piece's). */
  private currentId = 0;
  readonly #winnower = new Winnower((hash) => this.#table.set(hash, this.currentId), false);

  constructor(
    /** Read on every change, so a new setting applies at once. */
    private readonly limits: () => MemoryLimits,
    private readonly clock: Clock,
  ) {}

  /** Remembers a result's texts. */
  remember(label: ResultLabel, texts: Iterable<string>): void {
    this.record(label, (recorder) => {
      for (const text of texts) {
        recorder.text();
        recorder.feed(text);
      }
    });
  }

  /** Remembers a result whose text arrives in chunks, as `write` feeds it to the recorder. */
  record(label: ResultLabel, write: (recorder: Recorder) => void): void {
    this.#forgetOld();
    const origin = this.#nextOrigin++;
    const entry: Origin = { label, lastPiece: 0 };
    this.#origins.set(origin, entry);
    this.#openPiece(origin, label.at, entry);
    const recorder: Recorder = {
      text: () => this.#winnower.reset(),
      feed: (chunk) => {
        for (let from = 0; from < chunk.length; from += FEED_SLICE) {
          const slice =
            from === 0 && chunk.length <= FEED_SLICE ? chunk : chunk.slice(from, from + FEED_SLICE);
          this.#feedPieces(slice, origin, label.at, entry);
        }
      },
    };
    try {
      write(recorder);
    } finally {
      this.#current = undefined;
      this.#winnower.reset();
    }
  }

  /**
   * The remembered results found in `text`: runs of at least `minLength` folded characters whose
   * fingerprints match, grouped by result.
   */
  find(text: string, minLength: number): FoundRun[] {
    this.#forgetOld();
    if (this.#origins.size === 0) return [];
    const runs = new Map<number, OpenRun>();
    const found = new Map<number, FoundRun>();
    const close = (origin: number, run: OpenRun) => {
      const length = run.lastGram + GRAM - run.firstGram;
      if (length < minLength) return;
      const label = this.#origins.get(origin)?.label;
      if (!label) return;
      const earlier = found.get(origin);
      if (earlier) {
        earlier.spans.push([run.start, run.end]);
        found.set(origin, { ...earlier, length: earlier.length + length });
      } else found.set(origin, { label, length, spans: [[run.start, run.end]] });
    };
    const winnower = new Winnower((hash, gram, start, end) => {
      const piece = this.#table.get(hash);
      if (piece === 0) return;
      const origin = this.#pieceOrigin(piece);
      if (origin === undefined) return;
      const run = runs.get(origin);
      if (run && gram - run.lastGram <= WINDOW) {
        run.lastGram = gram;
        run.end = Math.max(run.end, end);
        return;
      }
      if (run) close(origin, run);
      runs.set(origin, { firstGram: gram, lastGram: gram, start, end });
    });
    winnower.feed(text);
    for (const [origin, run] of runs) close(origin, run);
    return [...found.values()];
  }

  /** Characters remembered now. */
  get chars(): number {
    return this.#chars;
  }

  /** Results with at least one piece still remembered. */
  get results(): number {
    return this.#origins.size;
  }

  /** An estimate of the memory this holds, in bytes: the table plus about 100 bytes a piece. */
  get bytes(): number {
    return this.#table.bytes + (this.#pieces.length - this.#head) * 100 + this.#origins.size * 200;
  }

  /** Forgets everything. */
  clear(): void {
    this.#table.forgetBefore(this.#nextPiece);
    this.#table.clear();
    this.#pieces.length = 0;
    this.#head = 0;
    this.#origins.clear();
    this.#chars = 0;
  }

  #feedPieces(text: string, origin: number, at: number, entry: Origin): void {
    let from = 0;
    while (from < text.length) {
      const piece = this.#current!;
      const room = PIECE_CHARS - piece.chars;
      if (room <= 0) {
        this.#openPiece(origin, at, entry);
        continue;
      }
      const part = from === 0 && text.length <= room ? text : text.slice(from, from + room);
      this.#winnower.feed(part);
      piece.chars += part.length;
      this.#chars += part.length;
      from += part.length;
      this.#forgetOverBudget();
    }
  }

  #openPiece(origin: number, at: number, entry: Origin): void {
    const piece: Piece = { id: this.#nextPiece++, origin, at, chars: 0 };
    this.#pieces.push(piece);
    entry.lastPiece = piece.id;
    this.#current = piece;
    this.currentId = piece.id;
  }

  /** The origin of a live piece: pieces are in id order, so its place is known. */
  #pieceOrigin(id: number): number | undefined {
    const first = this.#pieces[this.#head];
    if (!first) return undefined;
    return this.#pieces[this.#head + (id - first.id)]?.origin;
  }

  #forgetOverBudget(): void {
    while (this.#chars > this.limits().maxChars && this.#head < this.#pieces.length - 1) this.#forgetOldest();
  }

  #forgetOld(): void {
    const cutoff = this.clock.now() - this.limits().maxAgeMs;
    while (this.#head < this.#pieces.length && this.#pieces[this.#head]!.at < cutoff) this.#forgetOldest();
  }

  #forgetOldest(): void {
    const piece = this.#pieces[this.#head]!;
    this.#head++;
    this.#chars -= piece.chars;
    this.#table.forgetBefore(piece.id + 1);
    const origin = this.#origins.get(piece.origin);
    if (origin && origin.lastPiece === piece.id) this.#origins.delete(piece.origin);
    // Compact the queue now and then rather than shifting it on every piece.
    if (this.#head > 1024 && this.#head * 2 > this.#pieces.length) {
      this.#pieces.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

interface OpenRun {
  firstGram: number;
  lastGram: number;
  start: number;
  end: number;
}
