/**
 * Upstreams that fail in the middle of the work: one that crashes during a call and one that stops
 * answering. The client must get a clear error for that call (never a hang or a broken session),
 * everything else must carry on, the server must come back, and the audit trail must say what
 * happened in a sentence.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AuditRecord } from '../../shared/contracts/audit.js';
import type { UpstreamStatus } from '../../shared/contracts/upstream-status.js';
import { createControlHandlers } from '../../shared/gateway/control/control-service.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import type { Logger } from '../../shared/gateway/logger.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, isAlive, servers, startGateway, waitFor, type TestGateway } from './harness.js';

const root = resolve(import.meta.dirname, '../..');
/** The misbehaving fixture, run from source. */
const faulty = {
  command: process.execPath,
  args: ['--import', 'tsx', join(root, 'test/fixtures/faulty-server.ts')],
  cwd: root,
};

let env: TestGateway | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => {})));
  await env?.stop();
  env = undefined;
});

async function client(): Promise<Client> {
  const connected = await connectClient(env!.gateway.url, env!.token);
  clients.push(connected);
  return connected;
}

/**
 * The text of a call that failed as a tool error: a server that crashed or stayed silent fails the
 * call, not the protocol, so the model reads why in the result.
 */
async function toolFailure(call: Promise<unknown>): Promise<string> {
  const result = (await call) as { isError?: boolean; content?: { type: string; text?: string }[] };
  expect(result.isError).toBe(true);
  return result.content?.map((part) => part.text ?? '').join('') ?? '';
}

/** Every status the gateway announced for one server, in order. */
function statusLog(gateway: Gateway, server: string): UpstreamStatus[] {
  const seen: UpstreamStatus[] = [];
  gateway.events.subscribe((event) => {
    if (event.type === 'server.status' && event.status.name === server) seen.push(event.status);
  });
  return seen;
}

/** The audit record of the one call to `tool`, once it is written. */
async function auditedCall(gateway: Gateway, tool: string): Promise<AuditRecord> {
  let found: AuditRecord | undefined;
  await waitFor(
    () => {
      gateway.auditLog!.flush();
      found = gateway.auditLog!.query({ target: tool }).records[0];
      return found !== undefined;
    },
    10_000,
    `the audit record of ${tool}`,
  );
  return found!;
}

/** A logger that keeps warnings, to learn what the gateway decided about a server. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    info() {},
    warn: (message) => warnings.push(message),
    error: (message) => warnings.push(message),
  };
}

/** A sentence: starts with a capital, ends with a full stop, names no stack frame. */
const SENTENCE = /^[A-Z][^\n]*\.$/;

describe('an upstream that crashes in the middle of a call', () => {
  it('fails that call with a clear tool error, leaves other upstreams and sessions alone, comes back and is audited', async () => {
    env = await startGateway(
      { mcpServers: { faulty, everything: servers.everything } },
      { secretStore: new MemorySecretStore() },
    );
    const gateway = env.gateway;
    const statuses = statusLog(gateway, 'faulty');
    const [crasher, bystander] = [await client(), await client()];
    const faultyUpstream = gateway.upstream('faulty')!;
    const crashedPid = faultyUpstream.pid;
    const everythingPid = gateway.upstream('everything')!.pid;

    // Another session has a call running on the other upstream when the crash happens.
    const longCall = bystander.callTool({
      name: 'everything__trigger-long-running-operation',
      arguments: { duration: 4, steps: 4 },
    });
    await waitFor(() => gateway.router.inFlightCount === 1, 10_000, 'the bystander call in flight');
    const crashed = await toolFailure(crasher.callTool({ name: 'faulty__crash', arguments: {} }));

    expect(crashed).toMatch(
      /The server "faulty" did not answer tools\/call: the connection closed( \(last output: faulty-server: crashing on purpose\))?\. Gatehouse is bringing it back; try again in a moment\.$/,
    );
    expect(JSON.stringify((await longCall).content)).toContain('completed');

    // Backoff brings it back as a new process; the crashing session keeps working.
    await waitFor(
      () => faultyUpstream.state === 'ready' && faultyUpstream.pid !== crashedPid,
      30_000,
      'the crashed server to come back',
    );
    const retry = statuses.find((status) => status.state === 'error');
    expect(retry?.retryAt).toBeDefined();
    expect(retry?.message).toMatch(/^the connection closed/);
    expect(await crasher.callTool({ name: 'faulty__echo', arguments: { text: 'back' } })).toMatchObject({
      content: [{ type: 'text', text: 'echo: back' }],
    });
    expect(gateway.upstream('everything')!.pid).toBe(everythingPid);
    expect(gateway.sessionCount).toBe(2);
    expect(isAlive(crashedPid!)).toBe(false);

    const record = await auditedCall(gateway, 'crash');
    expect(record).toMatchObject({ server: 'faulty', outcome: 'protocol_error' });
    expect(record.errorMessage).toMatch(SENTENCE);
    expect(record.errorMessage).toContain('The server "faulty" did not answer tools/call');
    expect((await auditedCall(gateway, 'trigger-long-running-operation')).outcome).toBe('ok');
  }, 90_000);
});

describe('an upstream that stops answering', () => {
  it("times a call out at the server's own limit, and keeps a server that still answers a ping", async () => {
    const logger = recordingLogger();
    env = await startGateway(
      { mcpServers: { faulty: { ...faulty, requestTimeoutMs: 1500 } } },
      { secretStore: new MemorySecretStore(), logger },
    );
    const caller = await client();
    const upstream = env.gateway.upstream('faulty')!;
    const pid = upstream.pid;

    const startedAt = Date.now();
    const hung = await toolFailure(
      caller.callTool({ name: 'faulty__hang', arguments: {} }, undefined, { timeout: 60_000 }),
    );
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1400);
    expect(hung).toContain(
      'The server "faulty" did not answer tools/call within 1.5 s, so Gatehouse cancelled the request.',
    );

    await waitFor(
      () => logger.warnings.some((line) => line.includes('still answers a ping')),
      15_000,
      'the ping after the timeout',
    );
    expect(upstream.pid).toBe(pid);
    expect(upstream.state).toBe('ready');
    expect(await caller.callTool({ name: 'faulty__echo', arguments: { text: 'still' } })).toMatchObject({
      content: [{ type: 'text', text: 'echo: still' }],
    });
    const record = await auditedCall(env.gateway, 'hang');
    expect(record.outcome).toBe('timeout');
    expect(record.errorMessage).toMatch(SENTENCE);
  }, 60_000);

  it('replaces a process that answers nothing, not even a ping, and serves later calls from the new one', async () => {
    env = await startGateway(
      { mcpServers: { faulty: { ...faulty, requestTimeoutMs: 1500 } } },
      { secretStore: new MemorySecretStore() },
    );
    const statuses = statusLog(env.gateway, 'faulty');
    const caller = await client();
    const upstream = env.gateway.upstream('faulty')!;
    const frozenPid = upstream.pid!;

    const frozen = await toolFailure(
      caller.callTool({ name: 'faulty__freeze', arguments: {} }, undefined, { timeout: 60_000 }),
    );
    expect(frozen).toContain('did not answer tools/call within 1.5 s');

    await waitFor(
      () => upstream.state === 'ready' && upstream.pid !== frozenPid,
      30_000,
      'a new process in place of the frozen one',
    );
    expect(
      statuses.some((status) =>
        /^it stopped responding \(no answer to a ping within 1\.5 s/.test(status.message ?? ''),
      ),
    ).toBe(true);
    await waitFor(() => !isAlive(frozenPid), 10_000, 'the frozen process to end');
    expect(await caller.callTool({ name: 'faulty__echo', arguments: { text: 'new' } })).toMatchObject({
      content: [{ type: 'text', text: 'echo: new' }],
    });
    expect((await auditedCall(env.gateway, 'freeze')).outcome).toBe('timeout');
  }, 60_000);

  it('uses settings.upstreamRequestTimeoutMs for a server without its own limit, changed while running', async () => {
    env = await startGateway(
      { mcpServers: { everything: servers.everything } },
      { secretStore: new MemorySecretStore() },
    );
    const caller = await client();
    const control = createControlHandlers(env.gateway);
    const updated = await control['settings.update'](
      { settings: { upstreamRequestTimeoutMs: 1000 } },
      'test',
    );
    expect(updated.restartNeeded).toBe(false);

    const slow = await toolFailure(
      caller.callTool(
        { name: 'everything__trigger-long-running-operation', arguments: { duration: 10, steps: 2 } },
        undefined,
        { timeout: 60_000 },
      ),
    );
    expect(slow).toContain('did not answer tools/call within 1 s');
  }, 60_000);

  it('refuses a per-server limit under a second, naming the field', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-faults-'));
    try {
      writeFileSync(
        join(dataDir, 'config.json'),
        JSON.stringify({ mcpServers: { faulty: { ...faulty, requestTimeoutMs: 500 } } }),
      );
      await expect(
        Gateway.start({ dataDir, port: 0, audit: false, secretStore: new MemorySecretStore() }),
      ).rejects.toThrow(
        /config\.json is not a valid Gatehouse file: mcpServers\.faulty\.requestTimeoutMs: must be at least 1000 \(milliseconds\)/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
