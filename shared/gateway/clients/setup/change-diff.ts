/**
 * The lines a config change adds and removes, for a person to read before saying yes. Tokens and
 * credential values in them are masked: the preview travels to the UI, the file's secrets do not.
 */
import type { DiffLine } from '../../../contracts/client-setup.js';
import { REDACTED, isCredentialKey } from '../../audit/redact.js';

/** Unchanged lines shown around each change. */
const CONTEXT_LINES = 2;

/** Above this many line pairs the middle is shown as removed-then-added instead of matched up. */
const MAX_MATCHED_PAIRS = 1_000_000;

/** `key: "value"` (JSON) and `key = "value"` (TOML), the key optionally quoted. */
const KEYED_STRING = /((["']?)([A-Za-z0-9_.-]+)\2\s*[:=]\s*)"((?:[^"\\]|\\.)*)"/g;

/** A bearer token wherever it appears, as a header value or an argument. */
const BEARER = /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/** The changed lines of `before` → `after` with a little context, secrets masked. */
export function changeDiff(before: string, after: string, secrets: readonly string[]): DiffLine[] {
  const mask = masker(secrets);
  return withContext(lineDiff(splitLines(before), splitLines(after))).map((line) => ({
    op: line.op,
    text: mask(line.text),
  }));
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r?\n$/, '').split(/\r?\n/);
}

/** Every line, marked: common head and tail first, then the smallest edit between the middles. */
function lineDiff(before: string[], after: string[]): DiffLine[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  )
    tail++;
  const removed = before.slice(head, before.length - tail);
  const added = after.slice(head, after.length - tail);
  const context = (text: string): DiffLine => ({ op: 'context', text });
  return [
    ...before.slice(0, head).map(context),
    ...middleDiff(removed, added),
    ...before.slice(before.length - tail).map(context),
  ];
}

/** Longest common subsequence of the changed middles, so lines kept between two edits stay context. */
function middleDiff(removed: string[], added: string[]): DiffLine[] {
  if (removed.length * added.length > MAX_MATCHED_PAIRS) {
    return [
      ...removed.map((text): DiffLine => ({ op: 'removed', text })),
      ...added.map((text): DiffLine => ({ op: 'added', text })),
    ];
  }
  const rows = removed.length + 1;
  const columns = added.length + 1;
  const common = new Uint32Array(rows * columns);
  for (let r = removed.length - 1; r >= 0; r--) {
    for (let c = added.length - 1; c >= 0; c--) {
      common[r * columns + c] =
        removed[r] === added[c]
          ? common[(r + 1) * columns + c + 1]! + 1
          : Math.max(common[(r + 1) * columns + c]!, common[r * columns + c + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let r = 0;
  let c = 0;
  while (r < removed.length || c < added.length) {
    if (r < removed.length && c < added.length && removed[r] === added[c]) {
      lines.push({ op: 'context', text: removed[r]! });
      r++;
      c++;
    } else if (
      r < removed.length &&
      (c === added.length || common[(r + 1) * columns + c]! >= common[r * columns + c + 1]!)
    ) {
      lines.push({ op: 'removed', text: removed[r]! });
      r++;
    } else {
      lines.push({ op: 'added', text: added[c]! });
      c++;
    }
  }
  return lines;
}

/** Keeps changed lines and up to {@link CONTEXT_LINES} unchanged lines on either side of each. */
function withContext(lines: DiffLine[]): DiffLine[] {
  const changed = lines.map((line) => line.op !== 'context');
  return lines.filter((_, index) => {
    for (let distance = -CONTEXT_LINES; distance <= CONTEXT_LINES; distance++)
      if (changed[index + distance]) return true;
    return false;
  });
}

function masker(secrets: readonly string[]): (text: string) => string {
  const known = secrets.filter((secret) => secret.length >= 4);
  return (text) => {
    let masked = text;
    for (const secret of known) masked = masked.split(secret).join(REDACTED);
    masked = masked.replace(KEYED_STRING, (whole, prefix: string, _quote, key: string) =>
      isCredentialKey(key) ? `${prefix}"${REDACTED}"` : whole,
    );
    return masked.replace(BEARER, `$1${REDACTED}`);
  };
}
