import { describe, expect, it } from 'vitest';
import { isAllowedHost, isAllowedOrigin } from '../../../../shared/gateway/http/request-guards.js';

const none = new Set<string>();

describe('isAllowedHost', () => {
  it.each([
    ['127.0.0.1:4283', true],
    ['localhost:4283', true],
    ['LOCALHOST:4283', true],
    ['[::1]:4283', true],
    ['127.0.0.1:4284', false],
    ['127.0.0.1', false],
    ['evil.example:4283', false],
    ['127.0.0.1.evil.example:4283', false],
    ['', false],
  ])('%s → %s', (host, allowed) => {
    expect(isAllowedHost(host || undefined, 4283, none)).toBe(allowed);
  });

  it('accepts a configured non-loopback host', () => {
    expect(isAllowedHost('192.168.1.5:4283', 4283, new Set(['192.168.1.5']))).toBe(true);
  });
});

describe('isAllowedOrigin', () => {
  it.each([
    [undefined, true],
    ['http://127.0.0.1:4283', true],
    ['http://localhost:4283', true],
    ['https://localhost:4283', false],
    ['http://localhost:3000', false],
    ['https://evil.example', false],
    ['null', false],
  ])('%s → %s', (origin, allowed) => {
    expect(isAllowedOrigin(origin, 4283, none)).toBe(allowed);
  });
});
