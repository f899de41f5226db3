/**
 * Grants from the command line against `gatehouse serve`: `approve --for N --exact ARG=VALUE`
 * gives a narrowed grant, `grants` lists it, `grants revoke` ends it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../../shared/contracts/grants.js';
import { conditionsFromOptions } from '../../shared/gateway/cli/grant-options.js';
import { servers, startServedGateway, waitFor, type ServedGateway } from './harness.js';

let env: ServedGateway;

beforeAll(async () => {
  env = await startServedGateway(
    {
      mcpServers: { everything: servers.everything },
      policies: { rules: [{ id: 'ask-echo', match: { tools: ['echo'] }, action: 'approve' }] },
    },
    'everything__echo',
  );
}, 60_000);

afterAll(async () => env?.stop());

const echo = (message: string) => env.client.callTool({ name: 'everything__echo', arguments: { message } });

async function onlyPending(): Promise<string> {
  let ids: string[] = [];
  await waitFor(async () => (ids = await env.pendingIds()).length === 1, 15_000, 'one pending approval');
  return ids[0]!;
}

describe('grants from the command line', () => {
  it('parses --inside and --exact, refusing a value without "="', () => {
    expect(conditionsFromOptions(['path=/srv/a=b'], ['n=3', 'mode=fast', 'q="x"'])).toEqual([
      { kind: 'path-prefix', argument: 'path', prefix: '/srv/a=b' },
      { kind: 'exact', argument: 'n', value: 3 },
      { kind: 'exact', argument: 'mode', value: 'fast' },
      { kind: 'exact', argument: 'q', value: 'x' },
    ]);
    expect(() => conditionsFromOptions(['/srv/a'])).toThrow('--inside takes ARGUMENT=VALUE');
  });

  it('approve --for --exact lets exactly that value through; grants lists it; revoke ends it', async () => {
    const first = echo('hello');
    const approvals = await env.run('approvals');
    expect(approvals.stdout).toMatch(/arguments digest: [0-9a-f]{12}/);
    const approved = await env.run('approve', await onlyPending(), '--for', '10', '--exact', 'message=hello');
    expect(approved.code).toBe(0);
    expect((await first).isError).toBeFalsy();

    expect((await echo('hello')).isError).toBeFalsy(); // covered: not asked
    const listed = JSON.parse((await env.run('grants', '--json')).stdout) as { grants: Grant[] };
    expect(listed.grants).toHaveLength(1);
    expect(listed.grants[0]!.summary).toBe(
      'agent may call everything/echo without asking when message is exactly "hello".',
    );

    const other = echo('goodbye'); // not covered: asked
    expect((await env.run('deny', await onlyPending())).code).toBe(0);
    expect((await other).isError).toBe(true);

    const revoked = await env.run('grants', 'revoke', listed.grants[0]!.id);
    expect(revoked.stdout).toBe(`Revoked ${listed.grants[0]!.id}.\n`);
    const again = echo('hello'); // revoked: asked again
    expect((await env.run('approve', await onlyPending())).code).toBe(0);
    expect((await again).isError).toBeFalsy();
  }, 180_000);

  it('--inside without --for is refused with a sentence', async () => {
    const waiting = echo('x');
    const result = await env.run('approve', await onlyPending(), '--inside', 'path=/tmp');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--inside and --exact narrow a grant: give --for MINUTES too.');
    expect((await env.run('deny', (await env.pendingIds())[0]!)).code).toBe(0);
    await waiting;
  }, 120_000);
});
