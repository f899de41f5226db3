import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { servers } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
const cli = [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'shared/gateway/cli/main.ts')];

function run(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [...cli, ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    cwd: root,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('gatehouse CLI', () => {
  let dataDir: string;
  let serve: ChildProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  });

  afterAll(() => {
    serve?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds, lists and revokes clients, with --json', () => {
    const added = run(['client', 'add', 'claude-desktop', '--json'], dataDir);
    expect(added.code).toBe(0);
    const { token, name } = JSON.parse(added.stdout) as { token: string; name: string };
    expect(name).toBe('claude-desktop');
    expect(token).toMatch(/^gth_/);
    expect((statSync(join(dataDir, 'clients.json')).mode & 0o777).toString(8)).toBe('600');

    const listed = JSON.parse(run(['client', 'list', '--json'], dataDir).stdout) as {
      clients: { name: string }[];
    };
    expect(listed.clients.map((client) => client.name)).toEqual(['claude-desktop']);
    expect(JSON.stringify(listed)).not.toContain(token);

    const duplicate = run(['client', 'add', 'claude-desktop', '--json'], dataDir);
    expect(duplicate.code).toBe(1);
    expect(JSON.parse(duplicate.stdout)).toEqual({
      error: { code: 'client_exists', message: expect.stringContaining('exists already') },
    });

    expect(run(['client', 'revoke', 'claude-desktop'], dataDir).stdout).toContain(
      'Revoked client "claude-desktop"',
    );
  });

  it('explains a broken config in one sentence, without a stack trace', () => {
    const brokenDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-broken-'));
    writeFileSync(
      join(brokenDir, 'config.json'),
      JSON.stringify({ mcpServers: { github: { command: 42 } } }),
    );
    const result = run(['serve', '--port', '0'], brokenDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\.json is not a valid Gatehouse file: mcpServers\.github/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    rmSync(brokenDir, { recursive: true, force: true });
  });

  it('serves, and `connect` bridges a stdio client to it', async () => {
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ mcpServers: { everything: servers.everything } }),
    );
    const { token } = JSON.parse(run(['client', 'add', 'bridge', '--json'], dataDir).stdout) as {
      token: string;
    };
    serve = spawn(process.execPath, [...cli, 'serve', '--port', '0', '--json', '--data-dir', dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ready = await new Promise<{ url: string }>((resolveReady, reject) => {
      createInterface({ input: serve!.stdout! }).once('line', (line) =>
        resolveReady(JSON.parse(line) as { url: string }),
      );
      serve!.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);

    const client = new Client({ name: 'desktop-like', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [...cli, 'connect', '--url', ready.url, '--data-dir', dataDir],
        env: { GATEHOUSE_TOKEN: token, PATH: process.env.PATH ?? '' },
        cwd: root,
      }),
    );
    try {
      let tools: string[] = [];
      for (let attempt = 0; attempt < 100 && !tools.includes('everything__echo'); attempt++) {
        tools = (await client.listTools()).tools.map((tool) => tool.name);
        if (!tools.includes('everything__echo')) await new Promise((r) => setTimeout(r, 100));
      }
      expect(tools).toContain('everything__echo');
      const result = await client.callTool({
        name: 'everything__echo',
        arguments: { message: 'over stdio' },
      });
      expect(result.content).toEqual([{ type: 'text', text: 'Echo: over stdio' }]);
    } finally {
      await client.close();
    }
  });

  it('tells a bridge without a token what to do', () => {
    const result = spawnSync(process.execPath, [...cli, 'connect', '--data-dir', dataDir], {
      encoding: 'utf8',
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      input: '',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('set GATEHOUSE_TOKEN');
  });
});
