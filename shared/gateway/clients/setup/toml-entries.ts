/**
 * Adding, replacing and removing one `[a.b]` table of a TOML file (Codex's `[mcp_servers.NAME]`)
 * as a textual edit, so comments and layout everywhere else survive; smol-toml parses the file and
 * checks each edit (re-serialising would drop every comment). Appending a table and removing it
 * again gives back the original text.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'smol-toml';

/** One `[table]` or `[[array]]` header with the lines that belong to it. */
interface Section {
  readonly path: readonly string[];
  /** Offset of the header line. */
  readonly start: number;
  /** Offset of the comment lines right above the header (no blank line between), which describe it. */
  readonly commentStart: number;
  /** Offset just after the last line that is neither blank nor a comment (with its line break). */
  readonly end: number;
}

/** A key or quoted key in a header, followed by `.` or the closing bracket. */
const HEADER_KEY = /[ \t]*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')[ \t]*/y;

/** `text` with the table at `path` replaced by `value`, or appended when it is not there. */
export function setTomlTable(text: string, path: readonly string[], value: Record<string, unknown>): string {
  const eol = eolOf(text);
  const sections = sectionsOf(text).filter((section) => startsWith(section.path, path));
  const [only] = sections;
  if (sections.length === 1 && only && only.path.length === path.length) {
    // In place, ending the way the old table ended, so writing the same table twice changes nothing.
    const endsWithEol = /\n$/.test(text.slice(only.start, only.end));
    const table = renderTomlTable(path, value, eol) + (endsWithEol ? eol : '');
    return text.slice(0, only.start) + table + text.slice(only.end);
  }
  const rest = removeTomlTable(text, path);
  if (rest.trim() === '') return rest + renderTomlTable(path, value, eol) + eol;
  // A file without a final line break gets none after the table either, so removing it restores both.
  const endsWithEol = /\n$/.test(rest);
  return (
    rest + (endsWithEol ? eol : eol + eol) + renderTomlTable(path, value, eol) + (endsWithEol ? eol : '')
  );
}

/** `text` without the table at `path` and its sub-tables; unchanged when there is none. */
export function removeTomlTable(text: string, path: readonly string[]): string {
  const sections = sectionsOf(text).filter((section) => startsWith(section.path, path));
  return sections.reduceRight((current, section) => cut(current, section.commentStart, section.end), text);
}

/** Whether `after` holds exactly `before` with the table at `path` set to `value` (or removed). */
export function tomlEditIsExact(
  before: string,
  after: string,
  path: readonly [string, string],
  value: Record<string, unknown> | undefined,
): boolean {
  let actual: Record<string, unknown>;
  try {
    actual = plain(parse(after)) as Record<string, unknown>;
  } catch {
    return false;
  }
  const expected = plain(parse(before)) as Record<string, unknown>;
  const [root, name] = path;
  const table = (isTable(expected[root]) ? expected[root] : {}) as Record<string, unknown>;
  if (value === undefined) delete table[name];
  else table[name] = plain(value);
  expected[root] = table;
  // The last table under `root` takes its implicit parent with it.
  if (Object.keys(table).length === 0 && !(root in actual)) delete expected[root];
  return isDeepStrictEqual(expected, actual);
}

/** A table as TOML: a header and one `key = value` line per entry, nested tables inline. */
export function renderTomlTable(path: readonly string[], value: Record<string, unknown>, eol = '\n'): string {
  const lines = [`[${path.map(tomlKey).join('.')}]`];
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined && entry !== null) lines.push(`${tomlKey(key)} = ${tomlValue(entry)}`);
  }
  return lines.join(eol);
}

function tomlValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (isTable(value)) {
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== null);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([key, entry]) => `${tomlKey(key)} = ${tomlValue(entry)}`).join(', ')} }`;
  }
  // smol-toml knows TOML's escaping rules for strings, floats and dates.
  return stringify({ v: value }).replace(/^v = /, '').trimEnd();
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

/** Every table header in the file with the extent of its content. */
function sectionsOf(text: string): Section[] {
  const sections: { path: readonly string[]; start: number; commentStart: number; end: number }[] = [];
  let openString: string | undefined;
  let offset = 0;
  /** Where the run of comment lines just above the current line began. */
  let comments: number | undefined;
  for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const lineEnd = offset + line.length;
    const current = sections.at(-1);
    if (openString) {
      if (occurrences(line, openString) % 2 === 1) openString = undefined;
      if (current) current.end = lineEnd;
      comments = undefined;
    } else if (/^[ \t]*#/.test(line)) {
      comments ??= offset;
    } else {
      const header = headerPath(line);
      if (header)
        sections.push({ path: header, start: offset, commentStart: comments ?? offset, end: lineEnd });
      else if (current && line.trim() !== '') current.end = lineEnd;
      if (!header) openString = ['"""', "'''"].find((quotes) => occurrences(line, quotes) % 2 === 1);
      comments = undefined;
    }
    offset = lineEnd;
  }
  return sections;
}

/** The key path of a `[a."b.c"]` or `[[a.b]]` header line; undefined for any other line. */
function headerPath(line: string): readonly string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('[')) return undefined;
  const isArray = trimmed.startsWith('[[');
  const path: string[] = [];
  let position = isArray ? 2 : 1;
  for (;;) {
    HEADER_KEY.lastIndex = position;
    const match = HEADER_KEY.exec(trimmed);
    if (!match) return undefined;
    path.push(match[1] ?? (match[2] !== undefined ? unescapeBasic(match[2]) : (match[3] ?? '')));
    position = HEADER_KEY.lastIndex;
    if (trimmed[position] !== '.') break;
    position += 1;
  }
  const closing = isArray ? ']]' : ']';
  if (!trimmed.startsWith(closing, position)) return undefined;
  const after = trimmed.slice(position + closing.length).trim();
  return after === '' || after.startsWith('#') ? path : undefined;
}

/**
 * Removes `[start, end)`. Blank lines around it are tidied so that appending a table (after one
 * blank line) and cutting it again restores the text exactly.
 */
function cut(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  let after = text.slice(end);
  if (after.trim() === '') {
    const removedEndedLine = /\n$/.test(text.slice(start, end));
    let kept = /\r?\n\r?\n$/.test(before) ? before.replace(/\r?\n$/, '') : before;
    if (!removedEndedLine) kept = kept.replace(/\r?\n$/, '');
    return kept;
  }
  if (before === '' || /\n[ \t]*\r?\n$/.test(before)) after = after.replace(/^([ \t]*\r?\n)+/, '');
  return before + after;
}

function unescapeBasic(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

/** smol-toml's tables have no prototype; plain objects compare equal to what we expect. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (isTable(value))
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, plain(entry)]));
  return value;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.every((key, index) => path[index] === key);
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

function eolOf(text: string): string {
  const firstBreak = text.indexOf('\n');
  return firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
}
