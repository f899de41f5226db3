/**
 * A compact hash map from a 32-bit fingerprint to the id of the remembered piece it came from:
 * two typed arrays with open addressing (linear probing), eight bytes a slot, so ten megabytes of
 * remembered text cost about a megabyte of fingerprints instead of the tens a `Map` would take.
 *
 * Nothing is deleted one by one. Ids only grow, and a piece that was forgotten has an id below
 * `oldestLive`: its fingerprints read as absent, and are dropped when the table next fills up.
 */

const EMPTY = 0;
const MIN_CAPACITY = 1024;
const MAX_LOAD = 0.7;

/** Fingerprint → piece id (ids start at 1). */
export class FingerprintTable {
  #keys = new Uint32Array(MIN_CAPACITY);
  #ids = new Uint32Array(MIN_CAPACITY);
  #used = 0;
  /** Ids below this belong to forgotten pieces. */
  #oldestLive = 1;

  /** Marks every id below `id` as forgotten. */
  forgetBefore(id: number): void {
    if (id > this.#oldestLive) this.#oldestLive = id;
  }

  /** The live piece id for `key` (never 0; see `mix` in winnow.ts), or 0. */
  get(key: number): number {
    const keys = this.#keys;
    const mask = keys.length - 1;
    let slot = key & mask;
    for (;;) {
      const found = keys[slot]!;
      if (found === EMPTY) return 0;
      if (found === key) {
        const id = this.#ids[slot]!;
        return id >= this.#oldestLive ? id : 0;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Maps `key` to `id`, replacing an older piece's claim: the newest source is the one named. */
  set(key: number, id: number): void {
    if (this.#used + 1 > this.#keys.length * MAX_LOAD) this.#rebuild();
    const keys = this.#keys;
    const mask = keys.length - 1;
    let slot = key & mask;
    for (;;) {
      const found = keys[slot]!;
      if (found === EMPTY) {
        keys[slot] = key;
        this.#ids[slot] = id;
        this.#used++;
        return;
      }
      if (found === key) {
        this.#ids[slot] = id;
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Bytes the table holds now. */
  get bytes(): number {
    return this.#keys.byteLength + this.#ids.byteLength;
  }

  /** Slots in use, forgotten ones included until the next rebuild. */
  get size(): number {
    return this.#used;
  }

  /** Empties the table. */
  clear(): void {
    this.#keys = new Uint32Array(MIN_CAPACITY);
    this.#ids = new Uint32Array(MIN_CAPACITY);
    this.#used = 0;
  }

  /**
   * Drops forgotten entries; grows when the live ones still fill more than half the table, and
   * shrinks when they fill less than a tenth, so memory follows what is remembered.
   */
  #rebuild(): void {
    const oldKeys = this.#keys;
    const oldIds = this.#ids;
    let live = 0;
    for (let slot = 0; slot < oldKeys.length; slot++)
      if (oldKeys[slot] !== EMPTY && oldIds[slot]! >= this.#oldestLive) live++;
    let capacity = oldKeys.length;
    if (live + 1 > capacity * (MAX_LOAD / 2)) capacity *= 2;
    else while (capacity > MIN_CAPACITY && live < capacity / 10) capacity /= 2;
    this.#keys = new Uint32Array(capacity);
    this.#ids = new Uint32Array(capacity);
    this.#used = 0;
    const mask = capacity - 1;
    for (let old = 0; old < oldKeys.length; old++) {
      const key = oldKeys[old]!;
      const id = oldIds[old]!;
      if (key === EMPTY || id < this.#oldestLive) continue;
      let slot = key & mask;
      while (this.#keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.#keys[slot] = key;
      this.#ids[slot] = id;
      this.#used++;
    }
  }
}
