/**
 * Fingerprints of text by winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms
 * for document fingerprinting", SIGMOD 2003): a rolling hash of every run of GRAM folded
 * characters, and from each WINDOW consecutive hashes the smallest (the rightmost on ties). Two
 * texts that share a run of at least GRAM + WINDOW - 1 folded characters share a fingerprint, at
 * the same place in the run, and fingerprints of a long shared run are at most WINDOW grams apart.
 * About 2 / (WINDOW + 1) of the positions are kept: one fingerprint per 16 characters or so.
 *
 * The winnower is streaming: text can arrive in chunks of any size (a 1 GB read is fed piece by
 * piece) and holds only GRAM characters and WINDOW hashes of state. The loop is written out by
 * hand with local variables: it runs over every character a client is given.
 */
import { fold } from './text-fold.js';

/** Characters per hashed run (a power of two: slots are found by masking). */
export const GRAM = 16;

/** Hashes per window (a power of two): at most this many grams lie between two fingerprints of a copy. */
export const WINDOW = 32;

/** The shortest shared run that always yields a shared fingerprint. */
export const GUARANTEED_RUN = GRAM + WINDOW - 1;

const GRAM_MASK = GRAM - 1;
const WINDOW_MASK = WINDOW - 1;
// An odd multiplier; the hash is mixed before use, so its weak low bits do not matter.
const BASE = 0x01000193;
const BASE_POW = powMod32(BASE, GRAM - 1);

/**
 * Told of each fingerprint: its hash (never 0), the folded-character index of its gram, and the
 * gram's UTF-16 span in the text fed since the reset.
 */
export type FingerprintSink = (hash: number, foldedIndex: number, start: number, end: number) => void;

/** Fingerprints one text at a time; `reset()` between texts so no gram spans two of them. */
export class Winnower {
  private readonly table = fold();
  /** The last GRAM folded characters and where each came from (offset in the text fed). */
  private readonly chars = new Uint16Array(GRAM);
  private readonly origins = new Float64Array(GRAM);
  /** The last WINDOW hashes, with their gram's folded index and UTF-16 span. */
  private readonly hashes = new Uint32Array(WINDOW);
  private readonly gramIndex = new Float64Array(WINDOW);
  private readonly gramStart = new Float64Array(WINDOW);
  private readonly gramEnd = new Float64Array(WINDOW);
  private rolling = 0;
  /** Folded characters seen since the reset. */
  private count = 0;
  /** Offset of the next chunk's first character in the whole text. */
  private offset = 0;
  /** The slot of the window's current minimum, or -1 when it must be found again. */
  private minSlot = -1;
  /** The gram index last emitted, so a minimum that stays is emitted once. */
  private emitted = -1;

  constructor(private readonly sink: FingerprintSink) {}

  /** Starts a new text. */
  reset(): void {
    this.rolling = 0;
    this.count = 0;
    this.offset = 0;
    this.minSlot = -1;
    this.emitted = -1;
  }

  /** Feeds the next piece of the current text. */
  feed(text: string): void {
    const { table, chars, origins, hashes, gramIndex, gramStart, gramEnd, sink } = this;
    const base = this.offset;
    let rolling = this.rolling;
    let count = this.count;
    let minSlot = this.minSlot;
    let emitted = this.emitted;
    const length = text.length;
    for (let index = 0; index < length; index++) {
      const code = table[text.charCodeAt(index)]!;
      if (code === 0) continue;
      const slot = count & GRAM_MASK;
      if (count >= GRAM) rolling = (rolling - Math.imul(chars[slot]!, BASE_POW)) | 0;
      rolling = (Math.imul(rolling, BASE) + code) | 0;
      chars[slot] = code;
      origins[slot] = base + index;
      count++;
      if (count < GRAM) continue;
      const gram = count - GRAM;
      // Murmur3's finalizer spreads every bit of the rolling hash over the fingerprint.
      let hash = rolling ^ (rolling >>> 16);
      hash = Math.imul(hash, 0x85ebca6b);
      hash ^= hash >>> 13;
      hash = Math.imul(hash, 0xc2b2ae35);
      hash = (hash ^ (hash >>> 16)) >>> 0 || 1;
      const windowSlot = gram & WINDOW_MASK;
      // The slot about to be overwritten held the gram that now leaves the window.
      if (minSlot === windowSlot) minSlot = -1;
      hashes[windowSlot] = hash;
      gramIndex[windowSlot] = gram;
      gramStart[windowSlot] = origins[gram & GRAM_MASK]!;
      gramEnd[windowSlot] = base + index + 1;
      if (minSlot === -1) {
        // Find the minimum again, the rightmost of equals.
        const first = gram >= WINDOW ? gram - WINDOW + 1 : 0;
        let best = first & WINDOW_MASK;
        for (let g = first + 1; g <= gram; g++) {
          const s = g & WINDOW_MASK;
          if (hashes[s]! <= hashes[best]!) best = s;
        }
        minSlot = best;
      } else if (hash <= hashes[minSlot]!) {
        minSlot = windowSlot;
      }
      if (gram < WINDOW - 1) continue; // the first window is not full yet
      const minGram = gramIndex[minSlot]!;
      if (minGram === emitted) continue;
      emitted = minGram;
      sink(hashes[minSlot]!, minGram, gramStart[minSlot]!, gramEnd[minSlot]!);
    }
    this.rolling = rolling;
    this.count = count;
    this.minSlot = minSlot;
    this.emitted = emitted;
    this.offset = base + length;
  }
}

function powMod32(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = Math.imul(result, base);
  return result;
}
