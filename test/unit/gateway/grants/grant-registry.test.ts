import { describe, expect, it } from 'vitest';
import type { GrantCondition } from '../../../../shared/contracts/grants.js';
import { GrantRegistry } from '../../../../shared/gateway/grants/grant-registry.js';
import { argumentsDigest } from '../../../../shared/gateway/grants/json-equal.js';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-12-05T10:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

const target = { client: 'agent', server: 'files', tool: 'read_file' };

function registryWith(conditions: GrantCondition[], minutes = 60) {
  const clock = manualClock();
  let next = 0;
  const registry = new GrantRegistry(clock, () => `grant-${++next}`);
  const grant = registry.add(target, { minutes, conditions }, 'admin');
  return { clock, registry, grant };
}

const call = (args: unknown, overrides: Partial<typeof target> = {}) => ({
  ...target,
  ...overrides,
  arguments: args,
});

describe('GrantRegistry: a narrowed grant lets exactly the covered calls through', () => {
  const pathGrant = [
    { kind: 'path-prefix', argument: 'path', prefix: '/home/a/projects' },
  ] as GrantCondition[];

  it.each([
    [{ path: '/home/a/projects/notes.md' }, true],
    [{ path: '/home/a/projects/notes.md', head: 10 }, true], // other arguments are not narrowed
    [{ path: '/home/a/projects' }, true],
    [{ path: '/home/a/projects-evil/notes.md' }, false],
    [{ path: '/home/a/projects/../../b/secret' }, false],
    [{ path: '/home/a/projects/x/../notes.md' }, false],
    [{ path: 'notes.md' }, false],
    [{ path: ['/home/a/projects/a', '/home/a/projects/b'] }, true],
    [{ path: ['/home/a/projects/a', '/etc/passwd'] }, false],
    [{ path: [] }, false],
    [{ path: 42 }, false],
    [{ other: '/home/a/projects/notes.md' }, false], // the narrowed argument is missing
    [JSON.parse('{"__proto__": {"path": "/home/a/projects/x"}}'), false],
    [undefined, false],
    [['/home/a/projects/x'], false],
  ])('path prefix: %j → %s', async (args, covered) => {
    const { registry } = registryWith(pathGrant);
    expect((await registry.covering(call(args)))?.id).toBe(covered ? 'grant-1' : undefined);
  });

  const exactGrant = [{ kind: 'exact', argument: 'query', value: 'SELECT 1' }] as GrantCondition[];
  it.each([
    [{ query: 'SELECT 1' }, true],
    [{ query: 'select 1' }, false],
    [{ query: 'SELECT 1 ' }, false],
    [{ query: 'SELECT 1; DROP TABLE users' }, false],
    [{ query: ['SELECT 1'] }, false],
    [{}, false],
  ])('exact value: %j → %s', async (args, covered) => {
    const { registry } = registryWith(exactGrant);
    expect((await registry.covering(call(args)))?.id).toBe(covered ? 'grant-1' : undefined);
  });

  it('an exact object value ignores key order but nothing else', async () => {
    const { registry } = registryWith([{ kind: 'exact', argument: 'options', value: { a: 1, b: [true] } }]);
    expect(await registry.covering(call({ options: { b: [true], a: 1 } }))).toBeDefined();
    expect(await registry.covering(call({ options: { a: 1, b: [true], c: 0 } }))).toBeUndefined();
    expect(await registry.covering(call({ options: { a: '1', b: [true] } }))).toBeUndefined();
  });

  it('every condition must hold', async () => {
    const { registry } = registryWith([...pathGrant, { kind: 'exact', argument: 'encoding', value: 'utf8' }]);
    expect(await registry.covering(call({ path: '/home/a/projects/x', encoding: 'utf8' }))).toBeDefined();
    expect(await registry.covering(call({ path: '/home/a/projects/x', encoding: 'base64' }))).toBeUndefined();
    expect(await registry.covering(call({ path: '/tmp/x', encoding: 'utf8' }))).toBeUndefined();
  });

  it('covers only its own client, server and tool', async () => {
    const { registry } = registryWith([]);
    expect(await registry.covering(call({ path: '/anything' }))).toBeDefined();
    expect(await registry.covering(call({}, { client: 'other' }))).toBeUndefined();
    expect(await registry.covering(call({}, { server: 'other' }))).toBeUndefined();
    expect(await registry.covering(call({}, { tool: 'write_file' }))).toBeUndefined();
  });
});

describe('GrantRegistry: time and revocation', () => {
  it('expires exactly on time (injected clock)', async () => {
    const { registry, clock, grant } = registryWith([], 15);
    expect(grant.expiresAt).toBe('2026-12-05T10:15:00.000Z');
    clock.advance(15 * 60_000 - 1);
    expect(await registry.covering(call({}))).toBeDefined();
    expect(registry.list()).toHaveLength(1);
    clock.advance(1);
    expect(await registry.covering(call({}))).toBeUndefined();
    expect(registry.list()).toEqual([]);
  });

  it('revoking takes effect on the next call, and is reported to listeners', async () => {
    const { registry, grant } = registryWith([]);
    let changes = 0;
    registry.onChange(() => changes++);
    expect(registry.revoke(grant.id)).toBe(true);
    expect(await registry.covering(call({}))).toBeUndefined();
    expect(registry.revoke(grant.id)).toBe(false);
    expect(changes).toBe(1);
  });

  it('lists grants soonest to end first, with a sentence of what each covers', () => {
    const clock = manualClock();
    const registry = new GrantRegistry(clock);
    registry.add(target, { minutes: 60, conditions: [] }, 'admin');
    registry.add(
      target,
      { minutes: 5, conditions: [{ kind: 'path-prefix', argument: 'path', prefix: '/srv/data' }] },
      'admin',
    );
    const [first, second] = registry.list();
    expect(first?.summary).toBe(
      'agent may call files/read_file without asking when path is inside /srv/data.',
    );
    expect(second?.summary).toBe('agent may call files/read_file without asking with any arguments.');
    expect(first?.id).toMatch(/^grant-[0-9a-f]{10}$/);
  });

  it('refuses a folder that cannot be granted, with a sentence', () => {
    const registry = new GrantRegistry(manualClock());
    expect(() =>
      registry.add(
        target,
        { minutes: 5, conditions: [{ kind: 'path-prefix', argument: 'path', prefix: '~/x' }] },
        'a',
      ),
    ).toThrow('The folder "~/x" cannot be granted: it is not an absolute path.');
    expect(() =>
      registry.add(
        target,
        { minutes: 5, conditions: [{ kind: 'path-prefix', argument: 'path', prefix: '/a/../b' }] },
        'a',
      ),
    ).toThrow('contains a ".." segment');
    expect(registry.list()).toEqual([]);
  });
});

describe('argumentsDigest', () => {
  it('is short, stable under key order, and differs for different arguments', () => {
    expect(argumentsDigest({ a: 1, b: 'x' })).toMatch(/^[0-9a-f]{12}$/);
    expect(argumentsDigest({ b: 'x', a: 1 })).toBe(argumentsDigest({ a: 1, b: 'x' }));
    expect(argumentsDigest({ a: 1, b: 'y' })).not.toBe(argumentsDigest({ a: 1, b: 'x' }));
  });
});
