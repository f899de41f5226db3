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

/** Folded characters whose origins are kept: enough for a gram at the far end of a window. */
const ORIGINS = 64;
const ORIGINS_MASK = ORIGINS - 1;

/** Fingerprints one text at a time; `reset()` between texts so no gram spans two of them. */
export class Winnower {
  private readonly table = fold();
  /** The last GRAM folded characters, to roll the oldest out of the hash. */
  private readonly chars = new Uint16Array(GRAM);
  /** Where each of the last ORIGINS folded characters was in the text fed (when positions are kept). */
  private readonly origins = new Float64Array(ORIGINS);
  /** The last WINDOW hashes, by gram index modulo WINDOW. */
  private readonly hashes = new Uint32Array(WINDOW);
  private rolling = 0;
  /** Folded characters seen since the reset. */
  private count = 0;
  /** Offset of the next chunk's first character in the whole text. */
  private offset = 0;
  /** The gram index of the window's current minimum, or -1 when it must be found again. */
  private minGram = -1;
  /** The gram index last emitted, so a minimum that stays is emitted once. */
  private emitted = -1;

  /**
   * @param sink told of each fingerprint
   * @param positions whether the sink needs the grams' UTF-16 spans (finding, not remembering)
   */
  constructor(
    private readonly sink: FingerprintSink,
    private readonly positions = true,
  ) {}

  /** Starts a new text. */
  reset(): void {
    this.rolling = 0;
    this.count = 0;
    this.offset = 0;
    this.minGram = -1;
    this.emitted = -1;
  }

  /** Feeds the next piece of the current text. */
  feed(text: string): void {
    const { table, chars, origins, hashes, sink, positions } = this;
    const base = this.offset;
    let rolling = this.rolling;
    let count = this.count;
    let minGram = this.minGram;
    let emitted = this.emitted;
    const length = text.length;
    for (let index = 0; index < length; index++) {
      const code = table[text.charCodeAt(index)]!;
      if (code === 0) continue;
      const slot = count & GRAM_MASK;
      if (count >= GRAM) rolling = (rolling - Math.imul(chars[slot]!, BASE_POW)) | 0;
      rolling = (Math.imul(rolling, BASE) + code) | 0;
      chars[slot] = code;
      if (positions) origins[count & ORIGINS_MASK] = base + index;
      count++;
      if (count < GRAM) continue;
      const gram = count - GRAM;
      // Murmur3's finalizer spreads every bit of the rolling hash over the fingerprint.
      let hash = rolling ^ (rolling >>> 16);
      hash = Math.imul(hash, 0x85ebca6b);
      hash ^= hash >>> 13;
      hash = Math.imul(hash, 0xc2b2ae35);
      hash = (hash ^ (hash >>> 16)) >>> 0 || 1;
      hashes[gram & WINDOW_MASK] = hash;
      if (minGram >= 0 && gram - minGram >= WINDOW) minGram = -1; // the minimum left the window
      if (minGram < 0) {
        // Find the minimum again, the rightmost of equals.
        const first = gram >= WINDOW ? gram - WINDOW + 1 : 0;
        minGram = first;
        let least = hashes[first & WINDOW_MASK]!;
        for (let g = first + 1; g <= gram; g++) {
          const h = hashes[g & WINDOW_MASK]!;
          if (h <= least) {
            least = h;
            minGram = g;
          }
        }
      } else if (hash <= hashes[minGram & WINDOW_MASK]!) {
        minGram = gram;
      }
      if (gram < WINDOW - 1 || minGram === emitted) continue; // the first window is not full yet
      emitted = minGram;
      if (positions)
        sink(
          hashes[minGram & WINDOW_MASK]!,
          minGram,
          origins[minGram & ORIGINS_MASK]!,
          origins[(minGram + GRAM - 1) & ORIGINS_MASK]! + 1,
        );
      else sink(hashes[minGram & WINDOW_MASK]!, minGram, 0, 0);
    }
    this.rolling = rolling;
    this.count = count;
    this.minGram = minGram;
    this.emitted = emitted;
    this.offset = base + length;
  }
}

function powMod32(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i++) result = Math.imul(result, base);
  return result;
}
