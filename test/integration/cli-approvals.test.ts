import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connectClient, servers, waitFor } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const cli = [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'shared/gateway/cli/main.ts')];

describe('answering approvals and managing policy from another terminal', () => {
  let dataDir: string;
  let serve: ChildProcess;
  let client: Client;
  let url: URL;

  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [...cli, ...args, '--data-dir', dataDir], {
      encoding: 'utf8',
      cwd: root,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const pendingIds = () =>
    (JSON.parse(run('approvals', '--json').stdout) as { approvals: { id: string }[] }).approvals.map(
      (a) => a.id,
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-approvals-'));
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        mcpServers: { everything: servers.everything },
        policies: { rules: [{ id: 'ask-echo', match: { tools: ['echo'] }, action: 'approve' }] },
      }),
    );
    const { token } = JSON.parse(run('client', 'add', 'agent', '--json').stdout) as { token: string };
    serve = spawn(process.execPath, [...cli, 'serve', '--port', '0', '--json', '--data-dir', dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    url = new URL(
      await new Promise<string>((ready) =>
        createInterface({ input: serve.stdout! }).once('line', (line) =>
          ready((JSON.parse(line) as { url: string }).url),
        ),
      ),
    );
    client = await connectClient(url, token);
    await waitFor(
      async () => (await client.listTools()).tools.some((tool) => tool.name === 'everything__echo'),
      20_000,
      'the upstream',
    );
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    serve?.kill('SIGTERM');
    await new Promise((r) => serve?.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes a runtime file only the person can read', () => {
    const file = join(dataDir, 'gateway.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      url: url.href,
      adminToken: expect.any(String),
    });
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
  });

  it('lists a pending call and approves it', async () => {
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'approved by CLI' } });
    await waitFor(() => pendingIds().length === 1, 20_000, 'the pending approval');
    const listed = run('approvals');
    expect(listed.stdout).toContain('agent → everything / echo');
    expect(listed.stdout).toContain('approved by CLI');
    const [id] = pendingIds();
    const approved = run('approve', id!);
    expect(approved.stdout).toContain('Allowed everything__echo for agent.');
    expect((await call).content).toEqual([{ type: 'text', text: 'Echo: approved by CLI' }]);
  }, 60_000);

  it('denies with a reason the model reads', async () => {
    const call = client.callTool({ name: 'everything__echo', arguments: { message: 'no' } });
    await waitFor(() => pendingIds().length === 1, 20_000, 'the pending approval');
    run('deny', pendingIds()[0]!, '--reason', 'not on a Friday');
    const result = await call;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('not on a Friday');
  }, 60_000);

  it('says clearly when an id is unknown, and refuses a wrong admin token', async () => {
    const unknown = run('approve', 'no-such-id', '--json');
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'approval_unknown' } });
    const forged = await fetch(new URL('/control/approvals.list', url), {
      method: 'POST',
      headers: { authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
    const badArgs = JSON.parse(readFileSync(join(dataDir, 'gateway.json'), 'utf8')) as { adminToken: string };
    const invalid = await fetch(new URL('/control/approvals.decide', url), {
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
    expect(run('policy', 'import', good).stdout).toContain('The running gateway uses them now.');
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
    const refused = run('policy', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not valid RE2/);
    expect(JSON.parse(run('policy', 'show').stdout)).toMatchObject({ defaultAction: 'allow', rules: [] });
  });

  it('shows server status', () => {
    expect(run('status').stdout).toMatch(/everything\tready/);
  });
});
