/**
 * How the guard reads text: case folded and whitespace left out, so a copy that was re-wrapped,
 * re-indented or re-cased still reads as the same characters.
 */

/** 0 marks a character that is skipped (whitespace); any other value is the folded code unit. */
let foldTable: Uint16Array | undefined;

/**
 * The folded form of every UTF-16 code unit, built once (about 65,000 `toLowerCase` calls, a few
 * milliseconds) so the hot loop is one array read per character.
 */
export function fold(): Uint16Array {
  if (foldTable) return foldTable;
  const table = new Uint16Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) {
      table[code] = code;
      continue;
    }
    const lower = String.fromCharCode(code).toLowerCase();
    table[code] = lower.length === 1 ? lower.charCodeAt(0) : code;
  }
  // Whitespace as JavaScript's \s knows it, plus the zero-width space and NUL.
  for (const code of [
    0x00, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
    0xfeff, 0x200b,
  ])
    table[code] = 0;
  for (let code = 0x2000; code <= 0x200a; code++) table[code] = 0;
  foldTable = table;
  return table;
}

/** The text as the guard reads it: for tests and explanations, not the hot path. */
export function folded(text: string): string {
  const table = fold();
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const code = table[text.charCodeAt(index)]!;
    if (code !== 0) out += String.fromCharCode(code);
  }
  return out;
}
