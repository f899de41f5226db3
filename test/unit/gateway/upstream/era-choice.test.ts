import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../../../shared/contracts/config.js';
import { EraChoice, VERDICT_HORIZON_MS } from '../../../../shared/gateway/upstream/era-choice.js';
import { verdictFrom } from '../../../../shared/gateway/upstream/era-probe.js';
import { EraVerdictFile } from '../../../../shared/gateway/upstream/era-verdicts.js';

/** An entry whose probe finds a 2025 server at once: the program does not exist, so it says nothing. */
const entry: ServerConfig = { command: '/nonexistent/gatehouse-test-server', args: ['stdio'] };
const discover = { supportedVersions: ['2026-07-28'], capabilities: { tools: {} } };

describe('era choice', () => {
  it('reads the spec-prescribed verdicts from a probe answer', () => {
    expect(verdictFrom({ result: discover })).toMatchObject({ era: 'modern' });
    expect(verdictFrom({ error: { code: -32022, data: { supported: ['2026-07-28'] } } })).toEqual({
      era: 'modern',
    });
    // Never keyed to one code: every other answer, and none, is a 2025 server.
    for (const answer of [
      { error: { code: -32601 } },
      { error: { code: -32602 } },
      { result: {} },
      undefined,
    ])
      expect(verdictFrom(answer)).toEqual({ era: 'legacy' });
  });

  it('skips the probe when the entry pins the era', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-era-'));
    const store = new EraVerdictFile(dataDir);
    expect(await new EraChoice('a', { ...entry, protocol: '2026-07-28' }, '1', store).choose(entry)).toEqual({
      verdict: { era: 'modern' },
      detected: false,
    });
    expect(
      await new EraChoice('a', { ...entry, protocol: 'legacy' }, '1', store).choose(entry),
    ).toMatchObject({
      verdict: { era: 'legacy' },
      detected: false,
    });
  });

  it('keeps a verdict across restarts for the same entry, for a day, in a private file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-era-'));
    const store = new EraVerdictFile(dataDir);
    let now = 1_000_000;
    store.write('a', entry, { verdict: { era: 'modern', discover: discover as never }, at: now });
    expect(statSync(join(dataDir, 'protocol-eras.json')).mode & 0o777).toBe(0o600);
    // A later start trusts it (the probe of this entry would find a 2025 server).
    const restarted = new EraChoice('a', entry, '1', store, () => now);
    expect(await restarted.choose(entry)).toMatchObject({
      verdict: { era: 'modern', discover },
      detected: true,
    });
    // Past the horizon it asks again, and keeps the new answer.
    now += VERDICT_HORIZON_MS + 1;
    expect(await new EraChoice('a', entry, '1', store, () => now).choose(entry)).toMatchObject({
      verdict: { era: 'legacy' },
    });
    expect(store.read('a', entry)?.verdict).toEqual({ era: 'legacy' });
  });

  it('asks again for a changed entry, after a failure, and over a damaged file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-era-'));
    const store = new EraVerdictFile(dataDir);
    store.write('a', entry, { verdict: { era: 'modern' }, at: Date.now() });
    const changed = { ...entry, args: ['stdio', '--other'] };
    expect(store.read('a', changed)).toBeUndefined();
    const choice = new EraChoice('a', entry, '1', store);
    expect((await choice.choose(entry)).verdict.era).toBe('modern');
    choice.forget();
    expect(store.read('a', entry)).toBeUndefined();
    writeFileSync(join(dataDir, 'protocol-eras.json'), '{ not json');
    expect(store.read('a', entry)).toBeUndefined();
    expect((await new EraChoice('a', entry, '1', store).choose(entry)).verdict.era).toBe('legacy');
    expect(JSON.parse(readFileSync(join(dataDir, 'protocol-eras.json'), 'utf8')).a.era).toBe('legacy');
  });
});
