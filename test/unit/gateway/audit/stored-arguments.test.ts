import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { REDACTED, secretTest } from '../../../../shared/gateway/audit/redact.js';
import { MAX_ARGUMENT_BYTES, storedArguments } from '../../../../shared/gateway/audit/stored-arguments.js';

const noSecrets = secretTest([]);
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('storedArguments', () => {
  it('stores small arguments as their JSON, and nothing for no arguments', () => {
    expect(storedArguments({ path: '/a', n: 1 }, noSecrets)).toBe('{"path":"/a","n":1}');
    expect(storedArguments(undefined, noSecrets)).toBeUndefined();
  });

  it('cuts a huge string with a marker giving its size, and keeps the short fields whole', () => {
    const content = 'x'.repeat(200_000);
    const stored = storedArguments({ path: '/home/me/big.txt', content, mode: 'w' }, noSecrets)!;
    expect(bytes(stored)).toBeLessThanOrEqual(MAX_ARGUMENT_BYTES);
    const parsed = JSON.parse(stored) as { path: string; content: string; mode: string };
    expect(parsed.path).toBe('/home/me/big.txt');
    expect(parsed.mode).toBe('w');
    expect(parsed.content).toMatch(/^x+…\[truncated: 200000 bytes\]$/);
    expect(parsed.content.length).toBeGreaterThan(MAX_ARGUMENT_BYTES / 2);
  });

  it('counts UTF-8 bytes, not characters, and never splits a surrogate pair', () => {
    const content = '😀'.repeat(50_000);
    const stored = storedArguments({ content }, noSecrets)!;
    expect(bytes(stored)).toBeLessThanOrEqual(MAX_ARGUMENT_BYTES);
    const parsed = JSON.parse(stored) as { content: string };
    expect(parsed.content).toMatch(/^(😀)+…\[truncated: 200000 bytes\]$/u);
  });

  it('falls back to a marker object with a preview when thousands of small values do not fit', () => {
    const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`key${i}`, i]));
    const stored = storedArguments(many, noSecrets)!;
    expect(bytes(stored)).toBeLessThanOrEqual(MAX_ARGUMENT_BYTES);
    const parsed = JSON.parse(stored) as Record<string, string>;
    expect(parsed['[truncated]']).toMatch(/^\d+ bytes of JSON$/);
    expect(parsed.preview!.startsWith('{"key0":0,"key1":1')).toBe(true);
  });

  it('redacts before it cuts, so no part of a secret survives the cut', () => {
    const secret = 'sk-live-0123456789abcdef';
    const stored = storedArguments({ a: 'y'.repeat(40_000) + secret }, secretTest([secret]))!;
    expect(stored).toBe(JSON.stringify({ a: REDACTED }));
  });

  it('stores deeply nested arguments without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const stored = storedArguments(deep, noSecrets)!;
    expect(stored).toContain('[truncated: nested deeper than');
  });
});
