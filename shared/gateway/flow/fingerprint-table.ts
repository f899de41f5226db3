/**
 * A compact hash map from a 32-bit fingerprint to the id of the remembered piece it came from:
 * two typed arrays with open addressing (linear probing), eight bytes a slot, so a megabyte of
 * remembered text costs under a megabyte of fingerprints instead of the several a `Map` takes.
 *
 * Nothing is deleted one by one. Ids only grow, and a piece that was forgotten has an id below
 * `oldestLive`: its fingerprints read as absent, and are dropped when the table next fills up.
 * The capacity is any size (slots are found by multiplying, not masking), so the table can stay
 * close to what is live instead of doubling past it.
 */

const EMPTY = 0;
const MIN_CAPACITY = 1024;
/** Rebuilt (forgotten entries dropped) when this full. */
const MAX_LOAD = 0.8;
/** Sized to this load after a rebuild. */
const TARGET_LOAD = 0.55;
const TWO_32 = 4294967296;

/** Fingerprint → piece id (ids start at 1). */
export class FingerprintTable {
  private keys = new Uint32Array(MIN_CAPACITY);
  private ids = new Uint32Array(MIN_CAPACITY);
  private used = 0;
  private limit = Math.floor(MIN_CAPACITY * MAX_LOAD);
  /** Ids below this belong to forgotten pieces. */
  private oldestLive = 1;

  /** Marks every id below `id` as forgotten. */
  forgetBefore(id: number): void {
    if (id > this.oldestLive) this.oldestLive = id;
  }

  /** The live piece id for `key` (never 0; see winnow.ts), or 0. */
  get(key: number): number {
    const keys = this.keys;
    const capacity = keys.length;
    let slot = slotOf(key, capacity);
    for (;;) {
      const found = keys[slot]!;
      if (found === EMPTY) return 0;
      if (found === key) {
        const id = this.ids[slot]!;
        return id >= this.oldestLive ? id : 0;
      }
      if (++slot === capacity) slot = 0;
    }
  }

  /** Maps `key` to `id`, replacing an older piece's claim: the newest source is the one named. */
  set(key: number, id: number): void {
    if (this.used >= this.limit) this.rebuild();
    const keys = this.keys;
    const capacity = keys.length;
    let slot = slotOf(key, capacity);
    for (;;) {
      const found = keys[slot]!;
      if (found === EMPTY) {
        keys[slot] = key;
        this.ids[slot] = id;
        this.used++;
        return;
      }
      if (found === key) {
        this.ids[slot] = id;
        return;
      }
      if (++slot === capacity) slot = 0;
    }
  }

  /** Bytes the table holds now. */
  get bytes(): number {
    return this.keys.byteLength + this.ids.byteLength;
  }

  /** Slots in use, forgotten ones included until the next rebuild. */
  get size(): number {
    return this.used;
  }

  /** Empties the table. */
  clear(): void {
    this.keys = new Uint32Array(MIN_CAPACITY);
    this.ids = new Uint32Array(MIN_CAPACITY);
    this.used = 0;
    this.limit = Math.floor(MIN_CAPACITY * MAX_LOAD);
  }

  /** Drops forgotten entries and resizes to what is live (growing or shrinking). */
  private rebuild(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    const oldestLive = this.oldestLive;
    let live = 0;
    for (let slot = 0; slot < oldKeys.length; slot++)
      if (oldKeys[slot] !== EMPTY && oldIds[slot]! >= oldestLive) live++;
    const capacity = Math.max(MIN_CAPACITY, Math.ceil((live + 1) / TARGET_LOAD));
    const keys = new Uint32Array(capacity);
    const ids = new Uint32Array(capacity);
    for (let old = 0; old < oldKeys.length; old++) {
      const key = oldKeys[old]!;
      const id = oldIds[old]!;
      if (key === EMPTY || id < oldestLive) continue;
      let slot = slotOf(key, capacity);
      while (keys[slot] !== EMPTY) if (++slot === capacity) slot = 0;
      keys[slot] = key;
      ids[slot] = id;
    }
    this.keys = keys;
    this.ids = ids;
    this.used = live;
    this.limit = Math.floor(capacity * MAX_LOAD);
  }
}

/**
 * The home slot of a key. Fingerprints are window minimums, so their values crowd toward zero:
 * they are spread again by a multiplication (Fibonacci hashing, a bijection on 32 bits), then
 * scaled to the capacity (Lemire's "fast range"). The product can exceed a double's exact range,
 * and rounding could land on `capacity` itself; clamp.
 */
function slotOf(key: number, capacity: number): number {
  const spread = Math.imul(key, 0x9e3779b1) >>> 0;
  const slot = Math.floor((spread * capacity) / TWO_32);
  return slot < capacity ? slot : capacity - 1;
}
