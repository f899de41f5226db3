import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../shared/gateway/upstream/backoff.js';
import { StderrTail } from '../../../../shared/gateway/upstream/stderr-tail.js';

describe('StderrTail', () => {
  it('keeps the last lines across chunk boundaries', () => {
    const tail = new StderrTail(2);
    tail.push('one\ntw');
    tail.push('o\nthree\nfour');
    expect(tail.lines()).toEqual(['two', 'three', 'four']);
    expect(tail.lastLine()).toBe('four');
  });

  it('cuts a runaway line', () => {
    const tail = new StderrTail();
    tail.push(`${'x'.repeat(5000)}\n`);
    expect(tail.lines()[0]).toHaveLength(2000);
  });
});

describe('backoffDelay', () => {
  const options = { initialDelayMs: 1000, maxDelayMs: 60_000, healthyAfterMs: 30_000 };

  it('doubles up to the cap, with jitter below the base', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, options, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(backoffDelay(20, options, () => 1)).toBe(60_000);
    expect(backoffDelay(0, options, () => 0)).toBe(800);
  });
});
