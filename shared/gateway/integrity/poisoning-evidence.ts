/**
 * Evidence for a poisoning sign: a short excerpt a person can read in the review screen, with
 * every invisible character spelled out so that what hid from the model's readers cannot hide
 * from the reviewer too.
 */

/** The contract's promise: evidence fits on a line. */
export const evidenceLimit = 120;

/** Characters a person cannot see: format, private-use, surrogate, control, tag, selector, filler. */
const invisible =
  /^(?:[\p{Cf}\p{Co}\p{Cs}\p{Cc}\p{Variation_Selector}\u{E0000}-\u{E007F}\u115F\u1160\u3164\uFFA0]|\u034F)$/u;

/** `\u{200B}`: the form the contract asks for. */
export function spelledOut(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  return `\\u{${codePoint.toString(16).toUpperCase().padStart(4, '0')}}`;
}

/**
 * The text as one printable line of at most `limit` characters: runs of spaces and line breaks
 * become one space, invisible characters are spelled out, and a cut end gets an ellipsis.
 */
export function printable(text: string, limit = evidenceLimit): string {
  let line = '';
  let lastWasSpace = false;
  for (const char of text) {
    const isSpace = char === ' ' || char === '\n' || char === '\r' || char === '\t';
    if (isSpace && lastWasSpace) continue;
    lastWasSpace = isSpace;
    const shown = isSpace ? ' ' : invisible.test(char) ? spelledOut(char) : char;
    if (line.length + shown.length > limit - 1) return `${line}…`;
    line += shown;
  }
  return line;
}

/** Index moved off the second half of a surrogate pair, so a cut never splits a character. */
function onCharacter(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/**
 * Evidence for a finding at `start..end` of a text: where it was (`description`,
 * `schema properties.a.description`), then the finding with a little context either side.
 */
export function excerpt(where: string, text: string, start: number, end: number): string {
  const from = onCharacter(text, Math.max(0, start - 24));
  const to = onCharacter(text, Math.min(text.length, end + 48));
  const body = `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  return printable(`${where}: ${body}`);
}
