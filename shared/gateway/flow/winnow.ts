/**
 * Fingerprints of text by winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms
 * for document fingerprinting", SIGMOD 2003): a rolling hash of every run of GRAM folded
 * characters, and from each WINDOW consecutive hashes the smallest (the rightmost on ties). Two
 * texts that share a run of at least GRAM + WINDOW - 1 folded characters share a fingerprint, at
 * the same place in the run, and fingerprints of a long shared run are at most WINDOW apart.
 *
 * The winnower is streaming: text can arrive in chunks of any size (a 1 GB read is fed piece by
 * piece) and holds only GRAM characters and WINDOW hashes of state.
 */
import { fold } from './text-fold.js';

/** Characters per hashed run. */
export const GRAM = 16;

/** Hashes per window: at most this many gram positions lie between two fingerprints of a copy. */
export const WINDOW = 16;

/** The shortest shared run that always yields a shared fingerprint. */
export const GUARANTEED_RUN = GRAM + WINDOW - 1;

// An odd multiplier; the hash is mixed (below) before use, so its weak low bits do not matter.
const BASE = 0x01000193;
const BASE_POW = powMod32(BASE, GRAM - 1);

/** Told of each fingerprint: its hash, the folded-character index of its gram, and the gram's UTF-16 span in the text fed. */
export type FingerprintSink = (hash: number, foldedIndex: number, start: number, end: number) => void;

/** Fingerprints one text at a time; `reset()` between texts so no gram spans two of them. */
export class Winnower {
  readonly #table = fold();
  /** The last GRAM folded characters and where each came from (offset in the text fed). */
  readonly #chars = new Uint16Array(GRAM);
  readonly #origins = new Float64Array(GRAM);
  /** The last WINDOW hashes, with their gram's folded index and UTF-16 span. */
  readonly #hashes = new Uint32Array(WINDOW);
  readonly #gramIndex = new Float64Array(WINDOW);
  readonly #gramStart = new Float64Array(WINDOW);
  readonly #gramEnd = new Float64Array(WINDOW);
  #rolling = 0;
  /** Folded characters seen since the reset. */
  #count = 0;
  /** Offset of the next chunk's first character in the whole text. */
  #offset = 0;
  /** The slot of the window's current minimum, or -1 when it left the window. */
  #minSlot = -1;
  /** The gram index last emitted, so a minimum that stays is emitted once. */
  #emitted = -1;

  constructor(private readonly sink: FingerprintSink) {}

  /** Starts a new text. */
  reset(): void {
    this.#rolling = 0;
    this.#count = 0;
    this.#offset = 0;
    this.#minSlot = -1;
    this.#emitted = -1;
  }

  /** Feeds the next piece of the current text. */
  feed(text: string): void {
    const table = this.#table;
    const chars = this.#chars;
    const origins = this.#origins;
    const base = this.#offset;
    let rolling = this.#rolling;
    let count = this.#count;
    for (let index = 0; index < text.length; index++) {
      const code = table[text.charCodeAt(index)]!;
      if (code === 0) continue;
      const slot = count % GRAM;
      if (count >= GRAM) rolling = (rolling - Math.imul(chars[slot]!, BASE_POW)) | 0;
      rolling = (Math.imul(rolling, BASE) + code) | 0;
      chars[slot] = code;
      origins[slot] = base + index;
      count++;
      if (count >= GRAM) {
        const gram = count - GRAM;
        this.#push(mix(rolling), gram, origins[gram % GRAM]!, base + index + 1);
      }
    }
    this.#rolling = rolling;
    this.#count = count;
    this.#offset = base + text.length;
  }

  /** Adds one gram's hash to the window and emits the window's minimum when it is new. */
  #push(hash: number, gram: number, start: number, end: number): void {
    const slot = gram % WINDOW;
    // The slot about to be overwritten held the gram that now leaves the window.
    if (this.#minSlot === slot) this.#minSlot = -1;
    this.#hashes[slot] = hash;
    this.#gramIndex[slot] = gram;
    this.#gramStart[slot] = start;
    this.#gramEnd[slot] = end;
    if (this.#minSlot === -1) {
      // The minimum left the window: find the new one, the rightmost of equals.
      const first = Math.max(0, gram - WINDOW + 1);
      let best = -1;
      for (let g = first; g <= gram; g++) {
        const s = g % WINDOW;
        if (best === -1 || this.#hashes[s]! <= this.#hashes[best]!) best = s;
      }
      this.#minSlot = best;
    } else if (hash <= this.#hashes[this.#minSlot]!) {
      this.#minSlot = slot;
    }
    if (gram < WINDOW - 1) return; // the first window is not full yet
    const min = this.#minSlot;
    const minGram = this.#gramIndex[min]!;
    if (minGram === this.#emitted) return;
    this.#emitted = minGram;
    this.sink(this.#hashes[min]!, minGram, this.#gramStart[min]!, this.#gramEnd[min]!);
  }
}

/** Murmur3's finalizer: spreads every input bit over the 32-bit result. Never returns 0. */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}

function powMod32(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = Math.imul(result, base);
  return result;
}
