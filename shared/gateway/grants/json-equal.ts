/**
 * JSON equality and a short digest of a call's arguments, both over one canonical form (keys
 * sorted, no whitespace), so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same arguments.
 */
import { createHash } from 'node:crypto';

/** The canonical JSON text of a value; undefined for what JSON cannot hold. */
export function canonicalJsonText(value: unknown): string | undefined {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  if (Array.isArray(value)) {
    const items = value.map(canonicalJsonText);
    return items.includes(undefined) ? undefined : `[${items.join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const text = canonicalJsonText((value as Record<string, unknown>)[key]);
      if (text === undefined) return undefined;
      entries.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${entries.join(',')}}`;
  }
  return undefined;
}

/** Whether two values are the same JSON (exact: case, types and every key count). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const left = canonicalJsonText(a);
  return left !== undefined && left === canonicalJsonText(b);
}

/**
 * The first 12 hex digits of the SHA-256 of the arguments' canonical JSON: short enough to read
 * aloud and compare with the audit trail, long enough that two different calls do not share it.
 */
export function argumentsDigest(args: unknown): string {
  const text = canonicalJsonText(args ?? {}) ?? JSON.stringify(String(args));
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
