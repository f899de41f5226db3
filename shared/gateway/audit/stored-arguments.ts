/**
 * Arguments as stored: redacted, then made to fit a fixed size, so one enormous call cannot bloat
 * the audit database or slow its full-text index.
 */
import { Buffer } from 'node:buffer';
import { type JsonValue, type SecretTest, leading, redact, truncatedMarker } from './redact.js';

/** The most UTF-8 bytes of argument JSON one record stores. */
export const MAX_ARGUMENT_BYTES = 16 * 1024;

/** Strings are never cut shorter than this while the shape is kept. */
const MIN_KEPT_STRING_CHARS = 32;

/**
 * The redacted arguments as JSON text of at most {@link MAX_ARGUMENT_BYTES} bytes, always valid
 * JSON. Oversized arguments are cut in two steps:
 *
 * 1. Long strings are cut, all to the same largest length that fits, each ending in
 *    `"…[truncated: N bytes]"` (N = the original string's size). The shape survives, so short
 *    fields such as a `path` beside a huge `content` stay whole and policy dry runs can still
 *    match them.
 * 2. If that is not enough (thousands of small values), the record stores a marker object instead:
 *    `{"[truncated]": "N bytes of JSON", "preview": "<the JSON text, cut>"}`.
 *
 * `undefined` when there are no arguments.
 */
export function storedArguments(args: unknown, isSecret: SecretTest): string | undefined {
  if (args === undefined) return undefined;
  const value = redact(args, isSecret);
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (byteLength(text) <= MAX_ARGUMENT_BYTES) return text;
  return cutStrings(value) ?? preview(text);
}

/** Step 1: the largest per-string length that fits, by binary search; undefined if none does. */
function cutStrings(value: JsonValue): string | undefined {
  let low = MIN_KEPT_STRING_CHARS;
  let high = longestString(value);
  let best = fitting(value, low);
  if (best === undefined) return undefined;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const text = fitting(value, middle);
    if (text === undefined) {
      high = middle - 1;
    } else {
      low = middle;
      best = text;
    }
  }
  return best;
}

function fitting(value: JsonValue, maxChars: number): string | undefined {
  const text = JSON.stringify(limitStrings(value, maxChars));
  return byteLength(text) <= MAX_ARGUMENT_BYTES ? text : undefined;
}

function limitStrings(value: JsonValue, maxChars: number): JsonValue {
  if (typeof value === 'string') return value.length > maxChars ? cut(value, maxChars) : value;
  if (Array.isArray(value)) return value.map((item) => limitStrings(item, maxChars));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, child] of Object.entries(value)) out[key] = limitStrings(child, maxChars);
    return out;
  }
  return value;
}

function longestString(value: JsonValue): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 0;
  let longest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    longest = Math.max(longest, longestString(child));
  }
  return longest;
}

/** Step 2: a marker object carrying as much of the JSON text as fits. */
function preview(text: string): string {
  const bytes = byteLength(text);
  let chars = MAX_ARGUMENT_BYTES;
  for (;;) {
    const stored = JSON.stringify({ '[truncated]': `${bytes} bytes of JSON`, preview: leading(text, chars) });
    const excess = byteLength(stored) - MAX_ARGUMENT_BYTES;
    if (excess <= 0) return stored;
    chars -= Math.max(excess, 16);
  }
}

/** A marker left by the redaction walk, which cuts very long strings already. */
const EARLIER_MARKER = /…\[truncated: (\d+) bytes\]$/;

/** Cuts a string, marking it, unless the marker would make it no shorter. */
function cut(text: string, maxChars: number): string {
  const earlier = EARLIER_MARKER.exec(text)?.[1];
  const marker = truncatedMarker(earlier === undefined ? byteLength(text) : Number(earlier));
  if (text.length <= maxChars + marker.length) return text;
  return leading(text, maxChars) + marker;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
