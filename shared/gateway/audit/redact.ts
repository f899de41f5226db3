/**
 * Redaction: turns a request's arguments into a plain JSON value with every secret replaced by
 * `"[redacted]"`, before anything is written to disk. It runs in the audit flush, never on the
 * call path, and it never throws: arguments are whatever a client sent.
 */
import { Buffer } from 'node:buffer';

/** What a redacted value, key or text field is replaced with. */
export const REDACTED = '[redacted]';

/** A JSON value as stored. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Nesting deeper than this is cut: no real tool takes 32 levels of arguments, and a hostile
 * client must not be able to exhaust the stack of the process that keeps the audit trail.
 */
export const MAX_DEPTH = 32;

/**
 * How many values one walk visits before it cuts the rest: the stored text is capped at 16 KiB
 * anyway, so walking a million-element array would be work thrown away.
 */
export const MAX_NODES = 10_000;

/** Strings longer than this are cut during the walk (the stored text is smaller still). */
const MAX_STRING_CHARS = 16 * 1024;

/** Keys longer than this are cut: a key is a name, not a payload. */
const MAX_KEY_CHARS = 256;

/**
 * Substrings of a normalized key (lower case, letters and digits only, so `API-Key`, `api_key`
 * and `apiKey` all read `apikey`) that mark its value as a credential, at any depth.
 */
const CREDENTIAL_KEY_PARTS = [
  'token',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'authorization',
  'apikey',
  'cookie',
  'credential',
  'privatekey',
  'bearer',
  'accesskey',
  'sessionkey',
  'sessionid',
  'jwt',
];

/** Short key names that are credentials only when they are the whole key. */
const CREDENTIAL_KEYS = new Set(['auth', 'pwd', 'pass']);

/**
 * Numbers under these keys are counts (`max_tokens`, `totalTokens`), not credentials; keeping
 * them keeps the log useful for model-facing tools. A string under the same key is still redacted.
 */
const TOKEN_COUNT_KEY = /tokens$|tokencount|tokenlimit|^(max|min|num|total)token/;

/** `Bearer <token>` anywhere in a string, as pasted headers and curl commands carry it. */
const BEARER_VALUE = /\bbearer\s+[A-Za-z0-9._~+/=-]{16,}/i;

/**
 * Secrets shorter than this are matched only when a string equals them: a substring test with a
 * two-letter "secret" would blank half the log and protect nothing.
 */
export const MIN_CONTAINED_SECRET_CHARS = 4;

/** True when a key names a credential. */
export function isCredentialKey(key: string): boolean {
  const normalized = normalize(key);
  if (CREDENTIAL_KEYS.has(normalized)) return true;
  return CREDENTIAL_KEY_PARTS.some((part) => normalized.includes(part));
}

/** Tells whether a string holds a secret. */
export type SecretTest = (text: string) => boolean;

/**
 * Builds the test for one flush from the secrets Gatehouse holds now: a string is secret when it
 * equals one of them, contains one of at least four characters, or carries a bearer token.
 */
export function secretTest(knownSecrets: Iterable<string>): SecretTest {
  const exact = new Set<string>();
  const contained: string[] = [];
  for (const secret of knownSecrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    exact.add(secret);
    if (secret.length >= MIN_CONTAINED_SECRET_CHARS) contained.push(secret);
  }
  return (text) =>
    exact.has(text) || contained.some((secret) => text.includes(secret)) || BEARER_VALUE.test(text);
}

/** The text fields of a record (target, messages) as stored: a field holding a secret is replaced. */
export function redactText(text: string, isSecret: SecretTest): string {
  return isSecret(text) ? REDACTED : text;
}

/** Marker for a string cut short; `bytes` is the UTF-8 size of the whole original. */
export function truncatedMarker(bytes: number): string {
  return `…[truncated: ${bytes} bytes]`;
}

/**
 * Redacts a value: credential-named keys and secret-bearing strings become `"[redacted]"`; keys
 * that contain a secret are renamed; nesting past {@link MAX_DEPTH}, cycles, values past
 * {@link MAX_NODES} and non-JSON values (functions, bigints, binary) become short markers. The
 * result is plain JSON; `undefined` when the value itself is not representable (like
 * `JSON.stringify`).
 */
export function redact(value: unknown, isSecret: SecretTest): JsonValue | undefined {
  return new Walk(isSecret).value(value, 0);
}

class Walk {
  #nodes = 0;
  readonly #ancestors = new Set<object>();

  constructor(private readonly isSecret: SecretTest) {}

  value(value: unknown, depth: number): JsonValue | undefined {
    this.#nodes++;
    switch (typeof value) {
      case 'string':
        return this.#string(value);
      case 'number':
        return Number.isFinite(value) ? value : null;
      case 'boolean':
        return value;
      case 'bigint':
        return this.#string(value.toString());
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
      case 'object':
        return value === null ? null : this.#object(value, depth);
    }
  }

  #string(text: string): string {
    if (this.isSecret(text)) return REDACTED;
    if (text.length <= MAX_STRING_CHARS) return text;
    return cutString(text, MAX_STRING_CHARS);
  }

  #object(value: object, depth: number): JsonValue {
    if (depth >= MAX_DEPTH) return `[truncated: nested deeper than ${MAX_DEPTH} levels]`;
    if (this.#ancestors.has(value)) return '[circular]';
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (ArrayBuffer.isView(value)) return `[binary: ${value.byteLength} bytes]`;
    this.#ancestors.add(value);
    try {
      return Array.isArray(value) ? this.#array(value, depth) : this.#record(value, depth);
    } catch {
      // A getter or proxy that throws: the entry must still be written.
      return '[unreadable]';
    } finally {
      this.#ancestors.delete(value);
    }
  }

  #array(items: readonly unknown[], depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    for (let index = 0; index < items.length; index++) {
      if (this.#nodes >= MAX_NODES) {
        out.push(`…[truncated: ${items.length - index} more items]`);
        break;
      }
      // Like JSON: a hole or a function in an array reads as null.
      out.push(this.value(items[index], depth + 1) ?? null);
    }
    return out;
  }

  #record(value: object, depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    const keys = Object.keys(value);
    for (let index = 0; index < keys.length; index++) {
      if (this.#nodes >= MAX_NODES) {
        out['…[truncated]'] = `${keys.length - index} more keys`;
        break;
      }
      const key = keys[index]!;
      const child = (value as Record<string, unknown>)[key];
      const stored = this.#key(key, out);
      if (isCredentialKey(key) && !(typeof child === 'number' && TOKEN_COUNT_KEY.test(normalize(key)))) {
        this.#nodes++;
        out[stored] = REDACTED;
        continue;
      }
      const redacted = this.value(child, depth + 1);
      if (redacted !== undefined) out[stored] = redacted;
    }
    return out;
  }

  /** A key as stored: a key that holds a secret is renamed, keeping the names unique. */
  #key(key: string, taken: object): string {
    let stored = key;
    if (this.isSecret(key)) stored = REDACTED;
    else if (key.length > MAX_KEY_CHARS) stored = cutString(key, MAX_KEY_CHARS);
    if (!Object.hasOwn(taken, stored)) return stored;
    for (let n = 2; ; n++) {
      if (!Object.hasOwn(taken, `${stored} ${n}`)) return `${stored} ${n}`;
    }
  }
}

function normalize(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The first `chars` UTF-16 units of `text` (never half a surrogate pair) plus the marker. */
export function cutString(text: string, chars: number): string {
  return leading(text, chars) + truncatedMarker(Buffer.byteLength(text, 'utf8'));
}

/** The first `chars` UTF-16 units of `text`, never ending in half a surrogate pair. */
export function leading(text: string, chars: number): string {
  let end = Math.max(0, Math.min(chars, text.length));
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}
