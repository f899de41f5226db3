/**
 * Turns the bytes of a request body into a JSON value, refusing what later code must never see:
 * bytes that are not UTF-8 and nesting deep enough to overflow the stack of recursive code.
 *
 * `JSON.parse` itself copes with 100,000 nested arrays, but much of what runs after it does not:
 * `JSON.stringify` (forwarding a call upstream), `structuredClone`, recursive schemas. A message
 * nested that deep is an attack, not a tool call, so it is refused before it is even parsed.
 */

/**
 * The deepest nesting of arrays and objects a body may have. The JSON-RPC envelope takes three
 * levels (`params.arguments.…`); no real tool takes arguments anywhere near 60 levels deep, and
 * every recursive walk in the gateway and the SDK stays far from the stack limit at this depth.
 */
export const MAX_JSON_DEPTH = 64;

/** Why a body could not become a JSON value. */
export type JsonBodyProblem = 'encoding' | 'syntax' | 'depth';

/** A decoded body, or why there is none. */
export type JsonBodyResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: JsonBodyProblem };

// `fatal` makes invalid UTF-8 an error instead of silently turning it into U+FFFD, which would
// let two different byte strings reach the audit trail as the same text. Without `stream`, a
// decode call keeps no state, so one decoder serves every request.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body as UTF-8 JSON nested at most `maxDepth` levels. */
export function decodeJsonBody(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): JsonBodyResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'encoding' };
  }
  if (nestsDeeperThan(text, maxDepth)) return { ok: false, problem: 'depth' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'syntax' };
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether JSON text opens more than `maxDepth` arrays or objects inside one another. A single
 * linear pass without recursion or allocation, so it is safe on any input: brackets inside
 * strings do not count, and text that is not JSON at all gives an answer that does not matter
 * because `JSON.parse` refuses it next.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  // Each level takes at least one character, so short text cannot be too deep.
  if (text.length <= maxDepth) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_ARRAY || char === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (char === CLOSE_ARRAY || char === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
