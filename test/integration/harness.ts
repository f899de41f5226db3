/**
 * Starts real gateways in front of real MCP servers from npm, for integration tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { ClientRegistry } from '../../shared/gateway/config/client-registry.js';
import { Gateway, type GatewayOptions } from '../../shared/gateway/gateway.js';

const root = resolve(import.meta.dirname, '../..');

/** Launch settings for the real stdio servers the tests use. */
export const servers = {
  everything: {
    command: process.execPath,
    args: [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
  },
  memory: {
    command: process.execPath,
    args: [join(root, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js')],
  },
};

/** The dual-era fixture (the SDK's v2 server), and how the tests launch it. */
export const dualEraFixture = {
  path: join(root, 'test/fixtures/dual-era/dual-era-server.ts'),
  tsx: join(root, 'node_modules/.bin/tsx'),
  /** A server entry that runs it over stdio, 2026-only. */
  modernOnlyStdio(): Record<string, unknown> {
    return { command: this.tsx, args: [this.path, 'stdio', '--legacy', 'reject'] };
  },
};

/** Starts the dual-era fixture over Streamable HTTP, 2026-only; resolves with its URL. */
export async function startModernOnlyHttpFixture(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    dualEraFixture.tsx,
    [dualEraFixture.path, 'http', '--port', '0', '--legacy', 'reject'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('listening ')) resolveUrl(line.slice('listening '.length));
    });
    child.once('exit', (code) => reject(new Error(`the dual-era fixture exited with ${code}`)));
  });
  return { url, stop: () => void child.kill() };
}

/** Fast reconnection so tests of crashes do not wait a second per attempt. */
export const fastBackoff = { initialDelayMs: 50, maxDelayMs: 500, healthyAfterMs: 1000 };

/** A gateway under test with its data directory and one client token. */
export interface TestGateway {
  readonly gateway: Gateway;
  readonly dataDir: string;
  readonly token: string;
  readonly registry: ClientRegistry;
  stop(): Promise<void>;
}

/** Writes a config, creates a client token and starts a gateway on a free port. */
export async function startGateway(
  config: Record<string, unknown>,
  options: Partial<Omit<GatewayOptions, 'dataDir'>> = {},
): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config, null, 2));
  const registry = new ClientRegistry(dataDir);
  const { token } = registry.add('tester');
  const gateway = await Gateway.start({ dataDir, port: 0, backoff: fastBackoff, ...options });
  await gateway.whenUpstreamsSettled();
  return {
    gateway,
    dataDir,
    token,
    registry,
    async stop() {
      await gateway.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An SDK client connected to the gateway with a bearer token. */
export async function connectClient(
  url: URL,
  token: string,
  capabilities: ClientCapabilities = {},
): Promise<Client> {
  const client = new Client({ name: 'integration-test', version: '1.0.0' }, { capabilities });
  await client.connect(
    new StreamableHTTPClientTransport(url, {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** A real MCP server over HTTP in a child process. */
export interface HttpUpstream {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts server-everything over Streamable HTTP or SSE on 127.0.0.1. */
export async function startHttpUpstream(
  mode: 'streamable-http' | 'sse',
  extraArgs: string[] = [],
): Promise<HttpUpstream> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/fixtures/http-upstream.ts'), mode, ...extraArgs],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match) resolveUrl(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`http-upstream exited with ${code}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}

/** Waits until `check` returns true, polling an in-process condition; fails after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a process id is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The CLI from source, as `node` arguments. */
export const gatehouseCli = [
  join(root, 'node_modules/tsx/dist/cli.mjs'),
  join(root, 'shared/gateway/cli/main.ts'),
];

/** What a CLI run printed and how it exited. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `gatehouse … --data-dir DIR` without blocking this process: SDK clients in the test must
 * keep working (and sending cancellations) while the CLI runs.
 */
export function runCli(dataDir: string, ...args: string[]): Promise<CliResult> {
  return runCliWith({}, dataDir, ...args);
}

/** What else a CLI run gets: text on stdin (a secret's value), extra environment. */
export interface CliInput {
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `gatehouse … --data-dir DIR` with stdin text and environment of the test's choosing. */
export function runCliWith(options: CliInput, dataDir: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolveRun) => {
    const child = execFile(
      process.execPath,
      [...gatehouseCli, ...args, '--data-dir', dataDir],
      { encoding: 'utf8', cwd: root, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) =>
        resolveRun({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** A `gatehouse serve` child process. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: URL;
  /** The management UI's address, admin token included. */
  readonly uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts `gatehouse serve --port 0 --json` on a data directory and waits for its URL. */
export async function startServe(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [...gatehouseCli, 'serve', '--port', '0', '--json', '--data-dir', dataDir],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const { url, uiUrl } = await new Promise<{ url: string; uiUrl?: string }>((ready, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      ready(JSON.parse(line) as { url: string; uiUrl?: string }),
    );
    child.once('exit', (code) => reject(new Error(`gatehouse serve exited with ${code}`)));
  });
  return {
    child,
    url: new URL(url),
    ...(uiUrl ? { uiUrl } : {}),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits until the client sees a tool, since upstreams connect after `serve` is ready. */
export async function waitForTool(client: Client, name: string): Promise<void> {
  await waitFor(
    async () => (await client.listTools()).tools.some((tool) => tool.name === name),
    20_000,
    `the tool ${name}`,
  );
}

/** `gatehouse serve` on a fresh data directory, with one connected client and the CLI at hand. */
export interface ServedGateway {
  readonly dataDir: string;
  readonly serve: ServeProcess;
  readonly client: Client;
  /** Runs `gatehouse … --data-dir` on this data directory. */
  run(...args: string[]): Promise<CliResult>;
  /** The ids of pending approvals, through `gatehouse approvals --json`. */
  pendingIds(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Writes `config`, adds a client named "agent", starts `serve`, connects an SDK client and, when
 * given, waits until `waitForToolName` is listed (upstreams connect after `serve` is ready).
 */
export async function startServedGateway(
  config: Record<string, unknown>,
  waitForToolName?: string,
): Promise<ServedGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-served-'));
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(config));
  const run = (...args: string[]) => runCli(dataDir, ...args);
  const { token } = JSON.parse((await run('client', 'add', 'agent', '--json')).stdout) as { token: string };
  const serve = await startServe(dataDir);
  const client = await connectClient(serve.url, token);
  if (waitForToolName) await waitForTool(client, waitForToolName);
  return {
    dataDir,
    serve,
    client,
    run,
    pendingIds: async () =>
      (
        JSON.parse((await run('approvals', '--json')).stdout) as { approvals: { id: string }[] }
      ).approvals.map((approval) => approval.id),
    async stop() {
      await client.close().catch(() => {});
      await serve.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
