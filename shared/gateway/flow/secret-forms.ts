/**
 * The ways a secret can be written into a tool call without being spelled out: plain, base64
 * (standard and URL alphabets, at each of the three byte alignments it can take inside a longer
 * encoded text), hex (either case) and URL-encoded.
 */
import { Buffer } from 'node:buffer';
import type { SecretEncoding } from '../../contracts/flow.js';

/** Secrets shorter than this are not looked for: `true`, a port or a region name is no secret. */
export const MIN_SECRET_CHARS = 8;

/** One way a secret reads. */
export interface SecretForm {
  readonly text: string;
  readonly encoding: SecretEncoding;
}

/** Every form of `secret` worth looking for, longest first, without duplicates. */
export function secretForms(secret: string): SecretForm[] {
  if (secret.length < MIN_SECRET_CHARS) return [];
  const forms: SecretForm[] = [{ text: secret, encoding: 'plain' }];
  const bytes = Buffer.from(secret, 'utf8');
  for (const aligned of base64Alignments(bytes)) {
    forms.push({ text: aligned, encoding: 'base64' });
    const url = aligned.replaceAll('+', '-').replaceAll('/', '_');
    if (url !== aligned) forms.push({ text: url, encoding: 'base64url' });
  }
  const hex = bytes.toString('hex');
  forms.push({ text: hex, encoding: 'hex' }, { text: hex.toUpperCase(), encoding: 'hex' });
  const encoded = encodeURIComponent(secret);
  forms.push(
    { text: encoded, encoding: 'url-encoded' },
    { text: encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()), encoding: 'url-encoded' },
    { text: encoded.replaceAll('%20', '+'), encoding: 'url-encoded' },
  );
  const seen = new Set<string>();
  return forms
    .filter((form) => form.text.length >= MIN_SECRET_CHARS && !seen.has(form.text) && seen.add(form.text))
    .sort((a, b) => b.text.length - a.text.length);
}

/**
 * The base64 characters that depend on the secret's bytes alone, for the secret starting at byte
 * offset 0, 1 or 2 of a longer encoded text (`Basic base64(user:secret)`, a JSON blob): a
 * character encodes six bits, so the first and last ones may mix in the neighbours' bits.
 */
function base64Alignments(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6); // exclusive: the last whole char
    out.push(encoded.slice(first, last));
  }
  return out;
}
