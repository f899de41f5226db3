import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { servers, startServedGateway, waitFor, type ServedGateway, type ServeProcess } from './harness.js';

describe('answering approvals and managing policy from another terminal', () => {
  let env: ServedGateway;
  let dataDir: string;
  let serve: ServeProcess;
  let client: Client;
  const run = (...args: string[]) => env.run(...args);
  const pendingIds = () => env.pendingIds();

  beforeAll(async () => {
    env = await startServedGateway(
      {
        mcpServers: { everything: servers.everything },
        policies: { rules: [{ id: 'ask-echo', match: { tools: ['echo'] }, action: 'approve' }] },
      },
      'everything__echo',
    );
    ({ dataDir, serve, client } = env);
  }, 60_000);

  afterAll(async () => {
    await env?.stop();
  });

  it('publishes a runtime file only the person can read', () => {
    const file = join(dataDir, 'gateway.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      url: serve.url.href,
      adminToken: expect.any(String),
    });
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
  });

  it('lists a pending call and approves it', async () => {
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'approved by CLI' } });
    await waitFor(async () => (await pendingIds()).length === 1, 20_000, 'the pending approval');
    const listed = await run('approvals');
    expect(listed.stdout).toContain('agent → everything / echo');
    expect(listed.stdout).toContain('approved by CLI');
    const [id] = await pendingIds();
    const approved = await run('approve', id!);
    expect(approved.stdout).toContain('Allowed everything__echo for agent.');
    expect((await call).content).toEqual([{ type: 'text', text: 'Echo: approved by CLI' }]);
  }, 60_000);

  it('denies with a reason the model reads', async () => {
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'no' } });
    await waitFor(async () => (await pendingIds()).length === 1, 20_000, 'the pending approval');
    await run('deny', (await pendingIds())[0]!, '--reason', 'not on a Friday');
    const result = await call;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('not on a Friday');
  }, 60_000);

  it('pauses every tool call and resumes them, audited as refusals by the pause', async () => {
    const paused = await run('pause', '--json');
    expect(JSON.parse(paused.stdout)).toMatchObject({ pausedSince: expect.any(String), pendingApprovals: 0 });
    // Even a tool the policy allows without asking is refused while paused.
    const refused = await client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('All tool calls are paused in Gatehouse');
    const audit = JSON.parse((await run('audit', 'query', '--tool', 'get-sum', '--json')).stdout) as {
      records: { decision: string; ruleId?: string }[];
    };
    expect(audit.records[0]).toMatchObject({ decision: 'deny', ruleId: 'paused' });
    // Pausing twice changes nothing; resuming lets calls through again.
    expect(JSON.parse((await run('pause', '--json')).stdout).pausedSince).toBe(
      JSON.parse(paused.stdout).pausedSince,
    );
    expect((await run('resume')).stdout).toContain('Tool calls flow again.');
    const allowed = await client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } });
    expect(allowed.isError).toBeFalsy();
  }, 60_000);

  it('says clearly when an id is unknown, and refuses a wrong admin token', async () => {
    const unknown = await run('approve', 'no-such-id', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'approval_unknown' } });
    const forged = await fetch(new URL('/control/approvals.list', serve.url), {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
    const badArgs = JSON.parse(readFileSync(join(dataDir, 'gateway.json'), 'utf8')) as { adminToken: string };
    const invalid = await fetch(new URL('/control/approvals.decide', serve.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${badArgs.adminToken}` },
      body: JSON.stringify({ id: 1 }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  });

  it('imports a policy file into the running gateway, and refuses a bad one untouched', async () => {
    const good = join(dataDir, 'allow-all.json');
    writeFileSync(good, JSON.stringify({ defaultAction: 'allow', rules: [] }));
    expect((await run('policy', 'import', good)).stdout).toContain('The running gateway uses them now.');
    expect(
      (await client.callTool({ name: 'everything__echo', arguments: { message: 'free' } })).content,
    ).toEqual([{ type: 'text', text: 'Echo: free' }]);
    const bad = join(dataDir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        rules: [{ id: 'x', action: 'deny', match: { arguments: [{ pointer: '/a', regex: '(a)\\1' }] } }],
      }),
    );
    const refused = await run('policy', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not valid RE2/);
    expect(JSON.parse((await run('policy', 'show')).stdout)).toMatchObject({
      defaultAction: 'allow',
      rules: [],
    });
  });

  it('shows server status', async () => {
    expect((await run('status')).stdout).toMatch(/everything\tready/);
  });
});
