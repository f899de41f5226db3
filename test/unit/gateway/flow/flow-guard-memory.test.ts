/**
 * Bounded memory: a client that reads 1 GB keeps the guard within its budget. The gigabyte is
 * streamed through the guard in 1 MB chunks (never held whole), as one long result; the oldest
 * text ages out as documented (by size first, then by time).
 */
import { randomFillSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FlowGuardSettingsSchema } from '../../../../shared/contracts/flow.js';
import { FlowGuard } from '../../../../shared/gateway/flow/flow-guard.js';

const MB = 1024 * 1024;
/**
 * `bytes` characters of random base64: text no other chunk shares a run with, made natively
 * (a JavaScript loop over a gigabyte would take longer than the guard does).
 */
function randomText(bytes: number): string {
  return randomFillSync(Buffer.alloc((bytes / 4) * 3)).toString('base64');
}

describe('FlowGuard memory budget', () => {
  it('stays within its budget while a client reads 1 GB, and forgets the oldest text first', () => {
    let now = Date.UTC(2026, 0, 1);
    const budgetMB = 16;
    const settings = FlowGuardSettingsSchema.parse({ memoryMB: budgetMB, memoryMinutes: 60 });
    const guard = new FlowGuard({
      settings: () => settings,
      secrets: () => [],
      dataClassOf: () => 'private',
      clock: { now: () => now },
    });
    let first = '';
    let last = '';
    let maxChars = 0;
    let maxBytes = 0;
    guard.record('agent', { method: 'tools/call', server: 'files', name: 'read_text_file' }, (recorder) => {
      recorder.text();
      for (let chunk = 0; chunk < 1024; chunk++) {
        const text = randomText(MB);
        if (chunk === 0) first = text.slice(0, 4096);
        if (chunk === 1023) last = text.slice(MB - 4096);
        recorder.feed(text);
        const stats = guard.stats();
        maxChars = Math.max(maxChars, stats.chars);
        maxBytes = Math.max(maxBytes, stats.bytes);
      }
    });
    expect(maxChars).toBeLessThanOrEqual(budgetMB * MB);
    // Fingerprints of 16 MB of text, forgotten ones swept as the table fills: a few MB at most.
    expect(maxBytes).toBeLessThanOrEqual(budgetMB * MB);
    expect(guard.trace('agent', { body: first })).toEqual([]);
    expect(guard.trace('agent', { body: last })).toHaveLength(1);
    // Then time: an hour later, nothing is left.
    now += 61 * 60_000;
    expect(guard.trace('agent', { body: last })).toEqual([]);
    expect(guard.stats().chars).toBe(0);
  }, 600_000);
});
