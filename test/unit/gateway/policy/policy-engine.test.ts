import { describe, expect, it } from 'vitest';
import { PolicySetSchema, type PolicySet } from '../../../../shared/contracts/policy.js';
import { PolicyEngine, type CallFacts } from '../../../../shared/gateway/policy/policy-engine.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function engine(policy: Record<string, unknown>, clock = manualClock()) {
  return new PolicyEngine(PolicySetSchema.parse(policy) as PolicySet, clock);
}

const call = (overrides: Partial<CallFacts> = {}): CallFacts => ({
  client: 'cursor',
  server: 'files',
  tool: 'read_file',
  annotations: { readOnlyHint: true },
  arguments: { path: '/home/me/notes.txt' },
  ...overrides,
});

describe('PolicyEngine: matching and ordering', () => {
  const policy = {
    defaultAction: 'approve',
    rules: [
      {
        id: 'no-ssh',
        match: { arguments: [{ anyString: true, glob: '**/.ssh/**' }] },
        action: 'deny',
        reason: 'SSH keys stay private.',
      },
      {
        id: 'codex-no-writes',
        match: { clients: ['codex'], annotations: { readOnlyHint: false } },
        action: 'deny',
      },
      { id: 'read-only', match: { annotations: { readOnlyHint: true } }, action: 'allow' },
      { id: 'destructive', match: { annotations: { destructiveHint: true } }, action: 'approve' },
      {
        id: 'github-writes',
        match: { servers: ['github*'], tools: ['create_*', 'update_*'] },
        action: 'log',
      },
    ],
  };
  const compiled = engine(policy);

  it.each<[string, Partial<CallFacts>, string, string | undefined]>([
    ['a read-only tool', {}, 'allow', 'read-only'],
    [
      'a path into .ssh anywhere in the arguments',
      { arguments: { nested: [{ p: '/home/me/.ssh/id_ed25519' }] } },
      'deny',
      'no-ssh',
    ],
    [
      'the first matching rule wins',
      { arguments: { path: '/root/.ssh/config' }, annotations: { readOnlyHint: true } },
      'deny',
      'no-ssh',
    ],
    [
      'a client-specific rule',
      { client: 'codex', tool: 'write_file', annotations: { readOnlyHint: false } },
      'deny',
      'codex-no-writes',
    ],
    [
      'the same call from another client',
      { client: 'cursor', tool: 'write_file', annotations: { readOnlyHint: false } },
      'approve',
      undefined,
    ],
    [
      'a destructive tool',
      { tool: 'delete', annotations: { destructiveHint: true } },
      'approve',
      'destructive',
    ],
    [
      'a server and tool glob',
      { server: 'github-work', tool: 'create_issue', annotations: {} },
      'log',
      'github-writes',
    ],
    [
      'an absent hint does not match a hint rule',
      { tool: 'mystery', annotations: undefined },
      'approve',
      undefined,
    ],
  ])('%s → %s', (_label, overrides, action, ruleId) => {
    const decision = compiled.decide(call(overrides));
    expect(decision.action).toBe(action);
    expect(decision.ruleId).toBe(ruleId);
  });

  it('explains each decision in one line', () => {
    expect(compiled.decide(call({ arguments: { p: '/x/.ssh/y' } })).explanation).toBe(
      'Denied by rule "no-ssh": SSH keys stay private.',
    );
    expect(compiled.decide(call()).explanation).toBe('Allowed by rule "read-only".');
    expect(compiled.decide(call({ tool: 'x', annotations: {} })).explanation).toBe(
      'No rule matched; the default action is approve.',
    );
  });

  it('skips disabled rules', () => {
    const decision = engine({ rules: [{ id: 'off', enabled: false, match: {}, action: 'deny' }] }).decide(
      call(),
    );
    expect(decision).toMatchObject({ action: 'allow', ruleId: undefined });
  });
});

describe('PolicyEngine: argument conditions', () => {
  const decide = (condition: Record<string, unknown>, args: unknown) =>
    engine({
      defaultAction: 'allow',
      rules: [{ id: 'c', match: { arguments: [condition] }, action: 'deny' }],
    }).decide(call({ arguments: args })).action;

  it.each<[string, Record<string, unknown>, unknown, string]>([
    ['equals a string', { pointer: '/mode', equals: 'force' }, { mode: 'force' }, 'deny'],
    ['equals is exact', { pointer: '/mode', equals: 'force' }, { mode: 'Force' }, 'allow'],
    [
      'equals ignoring case',
      { pointer: '/mode', equals: 'force', ignoreCase: true },
      { mode: 'FORCE' },
      'deny',
    ],
    ['equals an object', { pointer: '/opt', equals: { a: [1, 2] } }, { opt: { a: [1, 2] } }, 'deny'],
    ['one of', { pointer: '/env', oneOf: ['prod', 'production'] }, { env: 'production' }, 'deny'],
    ['prefix', { pointer: '/path', prefix: '/etc/' }, { path: '/etc/passwd' }, 'deny'],
    ['prefix on a non-string', { pointer: '/path', prefix: '/etc/' }, { path: 42 }, 'allow'],
    [
      'glob with **',
      { pointer: '/path', glob: '/home/*/.aws/**' },
      { path: '/home/me/.aws/credentials' },
      'deny',
    ],
    [
      'regex finds anywhere',
      { pointer: '/url', regex: '^https?://(internal|10\\.)' },
      { url: 'http://internal/x' },
      'deny',
    ],
    [
      'regex ignoring case',
      { pointer: '/q', regex: 'drop\\s+table', ignoreCase: true },
      { q: 'DROP  TABLE x' },
      'deny',
    ],
    ['numeric gt', { pointer: '/amount', gt: 100 }, { amount: 101 }, 'deny'],
    ['numeric range miss', { pointer: '/amount', gte: 10, lt: 20 }, { amount: 20 }, 'allow'],
    ['array index in a pointer', { pointer: '/files/1', equals: 'b' }, { files: ['a', 'b'] }, 'deny'],
    ['escaped pointer tokens', { pointer: '/a~1b/c~0d', equals: 1 }, { 'a/b': { 'c~d': 1 } }, 'deny'],
    ['a missing value fails the test', { pointer: '/nope', equals: 1 }, {}, 'allow'],
    ['not inverts', { pointer: '/path', prefix: '/tmp/', not: true }, { path: '/etc/x' }, 'deny'],
    [
      'anyString matches any string value',
      { anyString: true, regex: 'evil\\.example' },
      { a: [{ b: 'https://evil.example/x' }] },
      'deny',
    ],
    [
      'anyString with not means none matches',
      { anyString: true, prefix: '/tmp/', not: true },
      { a: '/tmp/x', b: '/tmp/y' },
      'allow',
    ],
  ])('%s', (_label, condition, args, action) => {
    expect(decide(condition, args)).toBe(action);
  });

  it('runs a catastrophic pattern in linear time on hostile input', () => {
    const hostile = { text: `${'a'.repeat(50_000)}!` };
    const started = Date.now();
    expect(decide({ pointer: '/text', regex: '^(a+)+$' }, hostile)).toBe('allow');
    // Backtracking engines take ages here; RE2 takes milliseconds. Generous bound for slow machines.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses patterns RE2 cannot run, naming the rule', () => {
    expect(() => decide({ pointer: '/x', regex: '(a)\\1' }, {})).toThrow(
      /Rule "c", argument condition 1: the regex "\(a\)\\1" is not valid RE2/,
    );
  });

  it('bounds the work of anyString on huge arguments', () => {
    const huge = { list: Array.from({ length: 200_000 }, (_, i) => `item-${i}`) };
    expect(decide({ anyString: true, equals: 'item-199999' }, huge)).toBe('allow');
    expect(decide({ anyString: true, equals: 'item-5' }, huge)).toBe('deny');
  });
});

describe('PolicyEngine: rate limits', () => {
  const policy = {
    rules: [
      {
        id: 'burst',
        match: { tools: ['search'] },
        action: 'deny',
        rateLimit: { max: 2, windowSeconds: 60, per: 'client' },
      },
    ],
  };

  it('refuses calls over the limit, says when to retry, and lets calls through again later', () => {
    const clock = manualClock();
    const compiled = engine(policy, clock);
    const search = call({ tool: 'search' });
    expect(compiled.decide(search).action).toBe('allow');
    clock.advance(10_000);
    expect(compiled.decide(search).action).toBe('allow');
    const over = compiled.decide(search);
    expect(over).toMatchObject({ action: 'deny', ruleId: 'burst', retryAfterMs: 50_000 });
    expect(over.explanation).toMatch(/at most 2 calls per 60 s per client; try again in 50 s/);
    clock.advance(50_000);
    expect(compiled.decide(search).action).toBe('allow');
  });

  it('keeps separate counts per client', () => {
    const compiled = engine(policy);
    for (let i = 0; i < 2; i++) compiled.decide(call({ tool: 'search', client: 'a' }));
    expect(compiled.decide(call({ tool: 'search', client: 'a' })).action).toBe('deny');
    expect(compiled.decide(call({ tool: 'search', client: 'b' })).action).toBe('allow');
  });
});

describe('PolicyEngine: tools left out of tools/list', () => {
  const compiled = engine({
    defaultAction: 'allow',
    rules: [
      {
        id: 'args',
        match: { tools: ['write_file'], arguments: [{ pointer: '/path', prefix: '/etc' }] },
        action: 'deny',
      },
      { id: 'no-delete', match: { tools: ['delete_*'], clients: ['cursor'] }, action: 'deny' },
      {
        id: 'limited',
        match: { tools: ['search'] },
        action: 'deny',
        rateLimit: { max: 1, windowSeconds: 1, per: 'tool' },
      },
    ],
  });

  it.each<[string, string, boolean]>([
    ['delete_file', 'cursor', true],
    ['delete_file', 'codex', false],
    ['write_file', 'cursor', false],
    ['search', 'cursor', false],
    ['read_file', 'cursor', false],
  ])('%s for %s hidden: %s', (tool, client, hidden) => {
    expect(compiled.isDeniedOutright({ client, server: 'files', tool })).toBe(hidden);
  });

  it('hides everything unmatched when the default is deny', () => {
    expect(engine({ defaultAction: 'deny' }).isDeniedOutright({ client: 'c', server: 's', tool: 't' })).toBe(
      true,
    );
  });
});

describe('PolicySetSchema', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a condition with two tests',
      {
        rules: [
          { id: 'x', action: 'deny', match: { arguments: [{ pointer: '/a', equals: 1, prefix: 'b' }] } },
        ],
      },
      /exactly one test/,
    ],
    [
      'a condition with no target',
      { rules: [{ id: 'x', action: 'deny', match: { arguments: [{ equals: 1 }] } }] },
      /"pointer" or "anyString"/,
    ],
    [
      'a bad pointer',
      { rules: [{ id: 'x', action: 'deny', match: { arguments: [{ pointer: 'a', equals: 1 }] } }] },
      /JSON pointer/,
    ],
    [
      'a rate limit that allows',
      { rules: [{ id: 'x', action: 'allow', rateLimit: { max: 1, windowSeconds: 1, per: 'client' } }] },
      /must be "deny"/,
    ],
    [
      'duplicate ids',
      {
        rules: [
          { id: 'x', action: 'deny' },
          { id: 'x', action: 'allow' },
        ],
      },
      /unique/,
    ],
    ['an unknown action', { rules: [{ id: 'x', action: 'maybe' }] }, /Invalid option/],
  ])('refuses %s', (_label, policy, message) => {
    const parsed = PolicySetSchema.safeParse(policy);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join('\n')).toMatch(message);
  });
});
