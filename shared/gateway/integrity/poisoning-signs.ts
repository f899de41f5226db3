/**
 * Signs of tool poisoning across all the text of one tool definition: its name, title,
 * description and the strings of its input schema. Each sign carries a short printable excerpt
 * so a person can judge it without opening the raw definition.
 */
import {
  PoisoningSignKindSchema,
  type PoisoningSign,
  type PoisoningSignKind,
} from '../../contracts/tool-integrity.js';
import { excerpt, printable } from './poisoning-evidence.js';
import { asksToHandle, phraseRules, sensitiveTarget, sentenceAround } from './poisoning-phrases.js';
import { describeHidden, findHiddenCharacters, readableText } from './poisoning-unicode.js';

/** One piece of tool text and where it came from (`description`, `schema properties.a.title`). */
export interface ToolText {
  readonly where: string;
  readonly text: string;
  /**
   * What the phrase rules read instead of `text`, when the caller has a better reading: a name
   * as words, or a description it has already made readable. Unicode and length use `text`.
   */
  readonly readAs?: string;
}

/**
 * When a single text is too long for a tool. The longest descriptions of the pinned reference
 * servers are far below it (server-filesystem's read_text_file, 457 characters; server-everything
 * and server-memory stay under 300), and the longest official one we know of,
 * server-sequential-thinking's, is 2,781 characters of legitimate guidance ("You should: …").
 * 4,000 leaves that room and still catches padding meant to push an instruction past what a
 * reviewer reads. A lower limit for long texts that merely sound instructive would trip on
 * sequential-thinking; text that actually instructs has its own signs at any length.
 */
export const overlongChars = 4_000;

/**
 * How much of each text the phrase and Unicode rules read. Anything longer is already `overlong`,
 * so capping costs no detection, and a hostile megabyte description costs no more than this.
 */
export const scanLimit = 16_384;

/** Several findings of one kind say no more than three do. */
const signsPerKind = 3;

/** Between texts: no `\s` or word character, so no phrase can run from one text into the next. */
const separator = '\n\u0000\n';

/** The readable form of every text, joined, so each rule runs once per tool. */
interface Joined {
  readonly text: string;
  readonly starts: readonly number[];
}

function join(texts: readonly ToolText[]): Joined {
  const starts: number[] = [];
  let text = '';
  for (const item of texts) {
    if (text.length > 0) text += separator;
    starts.push(text.length);
    text += item.readAs ?? readableText(item.text.slice(0, scanLimit));
  }
  return { text, starts };
}

/** Which text a position of the joined string belongs to. */
function textIndexAt(joined: Joined, position: number): number {
  let index = 0;
  while (index + 1 < joined.starts.length && (joined.starts[index + 1] ?? Infinity) <= position) index += 1;
  return index;
}

/** Where a text ends in the joined string. */
function endOf(joined: Joined, index: number): number {
  const next = joined.starts[index + 1];
  return next === undefined ? joined.text.length : next - separator.length;
}

/**
 * Runs one finder over the joined text and keeps its first finding in each text, up to the cap.
 * `find` returns the span of a finding at or after `from`, or undefined when there is none.
 */
function collect(
  kind: PoisoningSignKind,
  texts: readonly ToolText[],
  joined: Joined,
  find: (from: number) => { start: number; end: number } | undefined,
): PoisoningSign[] {
  const signs: PoisoningSign[] = [];
  let from = 0;
  while (signs.length < signsPerKind && from < joined.text.length) {
    const found = find(from);
    if (!found) break;
    const index = textIndexAt(joined, found.start);
    const start = joined.starts[index] ?? 0;
    const where = texts[index]?.where ?? '';
    const local = joined.text.slice(start, endOf(joined, index));
    signs.push({ kind, evidence: excerpt(where, local, found.start - start, found.end - start) });
    from = endOf(joined, index) + 1;
  }
  return signs;
}

function phraseFinder(pattern: RegExp, text: string) {
  return (from: number) => {
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    return match ? { start: match.index, end: match.index + match[0].length } : undefined;
  };
}

/**
 * A secret named in a sentence that asks for it to be read, included or sent. Each sentence is
 * judged once: after a harmless one the search resumes past it, which keeps a text that names
 * secrets thousands of times linear.
 */
function sensitiveFinder(text: string) {
  return (from: number) => {
    sensitiveTarget.lastIndex = from;
    for (let match = sensitiveTarget.exec(text); match; match = sensitiveTarget.exec(text)) {
      const end = match.index + match[0].length;
      const sentence = sentenceAround(text, match.index, end);
      if (asksToHandle(text.slice(sentence.from, sentence.to))) return { start: match.index, end };
      sensitiveTarget.lastIndex = sentence.to;
    }
    return undefined;
  };
}

function hiddenUnicodeSigns(texts: readonly ToolText[]): PoisoningSign[] {
  const signs: PoisoningSign[] = [];
  for (const { where, text } of texts) {
    const hidden = findHiddenCharacters(text.slice(0, scanLimit));
    if (!hidden) continue;
    const label = `${where}, ${describeHidden(hidden)}`;
    const evidence =
      hidden.tagText.length > 0
        ? printable(label)
        : excerpt(label, hidden.text, hidden.firstIndex, hidden.firstIndex + 1);
    signs.push({ kind: 'hidden-unicode', evidence });
    if (signs.length === signsPerKind) break;
  }
  return signs;
}

function overlongSigns(texts: readonly ToolText[], schemaTruncated: boolean): PoisoningSign[] {
  const signs: PoisoningSign[] = texts
    .filter(({ text }) => text.length > overlongChars)
    .slice(0, signsPerKind)
    .map(({ where, text }) => ({
      kind: 'overlong' as const,
      evidence: printable(`${where} is ${text.length} characters long (limit ${overlongChars}): ${text}`),
    }));
  if (schemaTruncated)
    signs.push({ kind: 'overlong', evidence: 'input schema is too large or too deep to read in full' });
  return signs;
}

/**
 * Every sign of poisoning in a tool's texts, in the order of the contract's kinds, then of the
 * texts. `schemaTruncated` says the schema walk stopped at a limit, which is a sign in itself.
 */
export function findPoisoningSigns(texts: readonly ToolText[], schemaTruncated = false): PoisoningSign[] {
  const joined = join(texts);
  const byKind = new Map<PoisoningSignKind, PoisoningSign[]>();
  for (const { kind, pattern } of phraseRules)
    byKind.set(kind, collect(kind, texts, joined, phraseFinder(pattern, joined.text)));
  byKind.set('sensitive-files', collect('sensitive-files', texts, joined, sensitiveFinder(joined.text)));
  byKind.set('hidden-unicode', hiddenUnicodeSigns(texts));
  byKind.set('overlong', overlongSigns(texts, schemaTruncated));
  return PoisoningSignKindSchema.options.flatMap((kind) => byKind.get(kind) ?? []);
}
