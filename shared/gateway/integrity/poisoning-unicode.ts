/**
 * Invisible Unicode in tool text: finding it (a poisoning sign of its own) and seeing through it
 * (so that `ig\u{200B}nore previous instructions` or an instruction spelled in tag characters
 * still reads as what it says to the phrase rules).
 */
import { spelledOut } from './poisoning-evidence.js';

/** Printable ASCII with ordinary whitespace: the common case, and nothing in it can hide. */
const plainAscii = /^[\x20-\x7E\t\n\r]*$/;

/**
 * Characters that render as nothing or change what is around them: format characters (zero-width
 * spaces and joiners, bidi controls, tags), private-use and lone surrogates, C0/C1 controls
 * (terminal escape sequences), Hangul fillers and the grapheme joiner that pass for letters, and
 * runs of variation selectors (one after a character is legitimate; a run is hidden bytes).
 */
const hiddenCandidate =
  /[\p{Cf}\p{Co}\p{Cs}\u{E0000}-\u{E007F}\u115F\u1160\u3164\uFFA0]|\u034F|(?![\t\n\r])\p{Cc}|\p{Variation_Selector}{2,}/gu;

/** What emoji sequences are made of, around a joiner: 👩‍💻, 👩🏽‍💻, 🏳️‍🌈. */
const emojiPart = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const emojiStart = /\p{Extended_Pictographic}/u;

/**
 * Letters of scripts whose spelling uses zero-width (non-)joiners: Persian, Urdu and Arabic
 * (ZWNJ in `می‌خواهم`), the Indic scripts, Sinhala, Khmer, Myanmar, Mongolian.
 */
const joiningScriptLetter =
  /[\p{sc=Arabic}\p{sc=Syriac}\p{sc=Nko}\p{sc=Mongolian}\p{sc=Devanagari}\p{sc=Bengali}\p{sc=Gurmukhi}\p{sc=Gujarati}\p{sc=Oriya}\p{sc=Tamil}\p{sc=Telugu}\p{sc=Kannada}\p{sc=Malayalam}\p{sc=Sinhala}\p{sc=Khmer}\p{sc=Myanmar}]/u;

/** A subdivision flag (🏴 then tag letters then a cancel tag, as in the flag of Scotland). */
const flagTagSequence = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{2,6}\u{E007F}/gu;

const tagRun = /[\u{E0000}-\u{E007F}]+/gu;
const invisibleForReading = /[\p{Cf}\p{Variation_Selector}\u115F\u1160\u3164\uFFA0]|\u034F/gu;
const controls = /(?![\t\n\r])\p{Cc}/gu;

const zeroWidthNonJoiner = 0x200c;
const zeroWidthJoiner = 0x200d;

function charBefore(text: string, index: number): string {
  const code = text.charCodeAt(index - 1);
  const start = code >= 0xdc00 && code <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return index > 0 ? String.fromCodePoint(text.codePointAt(start) ?? 0) : '';
}

function charAt(text: string, index: number): string {
  return index < text.length ? String.fromCodePoint(text.codePointAt(index) ?? 0) : '';
}

/** A joiner that belongs where it is: inside an emoji sequence or a word of a joining script. */
function isLegitimateJoiner(text: string, index: number, codePoint: number): boolean {
  if (codePoint !== zeroWidthJoiner && codePoint !== zeroWidthNonJoiner) return false;
  const before = charBefore(text, index);
  const after = charAt(text, index + 1);
  if (codePoint === zeroWidthJoiner && emojiPart.test(before) && emojiStart.test(after)) return true;
  return joiningScriptLetter.test(before) && joiningScriptLetter.test(after);
}

/** Past this many, the exact number says nothing more and counting only costs time. */
const countLimit = 1_000;

/** Hidden characters found in one text. */
export interface HiddenCharacters {
  /** How many, up to `countLimit`; `atLeast` when the count stopped there. */
  readonly count: number;
  readonly atLeast: boolean;
  /** Where the first one is, for the excerpt. */
  readonly firstIndex: number;
  /** The text the indexes refer to (subdivision flags folded to their visible 🏴). */
  readonly text: string;
  /** What any tag characters spell, decoded to ASCII. */
  readonly tagText: string;
}

/** Finds the hidden characters in a text, if any, ignoring the legitimate uses of joiners. */
export function findHiddenCharacters(raw: string): HiddenCharacters | undefined {
  if (plainAscii.test(raw)) return undefined;
  const text = raw.includes('\u{1F3F4}') ? raw.replace(flagTagSequence, '\u{1F3F4}') : raw;
  let count = 0;
  let firstIndex = -1;
  hiddenCandidate.lastIndex = 0;
  for (let match = hiddenCandidate.exec(text); match; match = hiddenCandidate.exec(text)) {
    const codePoint = match[0].codePointAt(0) ?? 0;
    if (isLegitimateJoiner(text, match.index, codePoint)) continue;
    // A run of variation selectors is one match but as many hidden characters.
    count += [...match[0]].length;
    if (firstIndex < 0) firstIndex = match.index;
    if (count >= countLimit) break;
  }
  if (count === 0) return undefined;
  return { count, atLeast: count >= countLimit, firstIndex, text, tagText: decodeTags(text) };
}

/** The ASCII that tag characters spell (U+E0041 is `A`); language and cancel tags drop out. */
function decodeTags(text: string): string {
  let decoded = '';
  for (const run of text.matchAll(tagRun)) decoded += ` ${asciiOfTags(run[0])}`;
  return decoded.trim();
}

function asciiOfTags(run: string): string {
  let ascii = '';
  for (const char of run) {
    const code = (char.codePointAt(0) ?? 0) - 0xe0000;
    if (code >= 0x20 && code <= 0x7e) ascii += String.fromCharCode(code);
  }
  return ascii;
}

/**
 * The text as a model would take it, for the phrase rules: tag characters decoded in place,
 * other invisible characters removed, controls turned into spaces, compatibility forms folded
 * (`ｉｇｎｏｒｅ` → `ignore`).
 */
export function readableText(raw: string): string {
  if (plainAscii.test(raw)) return raw;
  return raw
    .replace(tagRun, (run) => ` ${asciiOfTags(run)} `)
    .replace(invisibleForReading, '')
    .replace(controls, ' ')
    .normalize('NFKC');
}

/** Printable evidence of the first hidden character, with its neighbours for context. */
export function describeHidden(hidden: HiddenCharacters): string {
  if (hidden.tagText.length > 0) return `tag characters spelling "${hidden.tagText}"`;
  const plural = hidden.count === 1 ? 'character' : 'characters';
  const first = spelledOut(charAt(hidden.text, hidden.firstIndex));
  return `${hidden.count}${hidden.atLeast ? '+' : ''} hidden ${plural}, first ${first}`;
}
