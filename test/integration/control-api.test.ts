/**
 * The control API's management methods and its event stream, over HTTP against a real gateway
 * with real servers and a real SDK client — what the UI does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createParser } from 'eventsource-parser';
import {
  HIDDEN_VALUE,
  type ControlArgs,
  type ControlMethod,
  type ControlResult,
} from '../../shared/contracts/control-api.js';
import type { ControlEvent } from '../../shared/contracts/control-events.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, servers, startGateway, waitFor, waitForTool, type TestGateway } from './harness.js';

let env: TestGateway;
let client: Client;
let uiDir: string;

async function control<M extends ControlMethod>(
  method: M,
  args: ControlArgs<M>,
  token = env.gateway.adminToken,
): Promise<{
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}> {
  const response = await fetch(new URL(`/control/${method}`, env.gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: (await response.json()) as never };
}

async function value<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResult<M>> {
  const { body } = await control(method, args);
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value as ControlResult<M>;
}

/** Reads the event stream into an array until stopped. */
async function listen(token = env.gateway.adminToken) {
  const abort = new AbortController();
  const response = await fetch(new URL('/control/events', env.gateway.url), {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const events: ControlEvent[] = [];
  if (response.ok && response.body) {
    const parser = createParser({ onEvent: (event) => events.push(JSON.parse(event.data) as ControlEvent) });
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of response.body!)
          parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      } catch {
        // Aborted by stop().
      }
    })();
  }
  return { status: response.status, events, stop: () => abort.abort() };
}

beforeAll(async () => {
  uiDir = mkdtempSync(join(tmpdir(), 'gatehouse-ui-'));
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  env = await startGateway(
    {
      mcpServers: {
        everything: { ...servers.everything, env: { API_KEY: 'plain-secret-123', MODE: 'test' } },
      },
    },
    { secretStore: new MemorySecretStore(), uiDirectory: uiDir },
  );
  client = await connectClient(env.gateway.url, env.token);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await env?.stop();
  rmSync(uiDir, { recursive: true, force: true });
});

describe('control API: servers', () => {
  it('lists servers with plain-text credentials hidden, and an edit keeps them', async () => {
    const list = await value('servers.list', {});
    expect(list[0]).toMatchObject({
      name: 'everything',
      config: { env: { API_KEY: HIDDEN_VALUE, MODE: 'test' } },
      status: { state: 'ready' },
    });
    await value('servers.save', { name: 'everything', config: list[0]!.config, replace: true });
    expect(env.gateway.config.mcpServers.everything).toMatchObject({ env: { API_KEY: 'plain-secret-123' } });
    await waitForTool(client, 'everything__echo');
  }, 30_000);

  it('adds, disables, enables and removes a server, the catalog following', async () => {
    await value('servers.save', { name: 'memory', config: servers.memory });
    await waitForTool(client, 'memory__read_graph');
    expect(
      (await value('servers.tools', { name: 'memory' })).map((tool: { key: string }) => tool.key),
    ).toContain('memory/read_graph');
    await value('servers.setEnabled', { name: 'memory', enabled: false });
    await waitFor(
      async () => !(await client.listTools()).tools.some((t) => t.name === 'memory__read_graph'),
      10_000,
      'memory gone',
    );
    await value('servers.setEnabled', { name: 'memory', enabled: true });
    await waitForTool(client, 'memory__read_graph');
    await value('servers.remove', { name: 'memory' });
    expect(env.gateway.config.mcpServers.memory).toBeUndefined();
    const duplicate = await control('servers.save', { name: 'everything', config: servers.memory });
    expect(duplicate.body.error?.message).toBe('A server called "everything" already exists.');
  }, 60_000);
});

describe('control API: tool access and the event stream', () => {
  it('a tool switched off disappears from the client, with list_changed, and a call to it is refused and audited', async () => {
    const stream = await listen();
    let listChanged = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void listChanged++);
    const matrix = await value('access.set', {
      changes: [{ client: 'tester', server: 'everything', tool: 'get-sum', enabled: false }],
    });
    expect(matrix.enabled.tester?.['everything/get-sum']).toBe(false);
    expect(matrix.enabled.tester?.['everything/echo']).toBe(true);
    await waitFor(() => listChanged > 0, 5000, 'tools/list_changed');
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('everything__get-sum');
    expect(names).toContain('everything__echo');

    const refused = await client.callTool({ name: 'everything__get-sum', arguments: { a: 1, b: 2 } });
    expect(refused.isError).toBe(true);
    expect((refused.content as { text: string }[])[0]?.text).toBe(
      'Gatehouse refused this call. everything__get-sum: this tool is switched off for the client "tester" in Gatehouse.',
    );
    await client.callTool({ name: 'everything__echo', arguments: { message: 'hi' } });

    await waitFor(
      () => stream.events.filter((e) => e.type === 'call.finished').length >= 2,
      5000,
      'call events',
    );
    stream.stop();
    const finished = stream.events.filter((e) => e.type === 'call.finished');
    expect(finished.map((e) => e.type === 'call.finished' && [e.call.tool, e.call.outcome])).toEqual([
      ['get-sum', 'denied'],
      ['echo', 'ok'],
    ]);
    expect(stream.events.some((e) => e.type === 'call.started')).toBe(true);
    expect(stream.events).toContainEqual({ type: 'config.changed', area: 'access' });

    env.gateway.auditLog!.flush();
    const page = await value('audit.query', { target: 'get-sum' });
    expect(page.records[0]).toMatchObject({ decision: 'deny', ruleId: 'tool-access', outcome: 'denied' });

    await value('access.set', { changes: [{ client: 'tester', server: 'everything', enabled: true }] });
    await waitForTool(client, 'everything__get-sum');
  }, 30_000);

  it('a new default for tools leaves the tools shown so far as they are', async () => {
    const matrix = await value('access.setDefault', { newTools: 'disabled' });
    expect(matrix.newTools).toBe('disabled');
    expect(Object.values(matrix.enabled.tester ?? {}).every(Boolean)).toBe(true);
    await value('access.setDefault', { newTools: 'enabled' });
  });

  it('refuses the event stream and methods without the admin token', async () => {
    expect((await listen('wrong')).status).toBe(401);
    const refused = await control('servers.list', {}, 'wrong');
    expect(refused).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    const bad = await control('access.set', { changes: [] } as never);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('invalid_arguments');
  });
});

describe('control API: clients, policy, settings, export', () => {
  it('adds a client with its token shown once and instructions for every kind', async () => {
    const created = await value('clients.add', { name: 'cursor', kind: 'cursor' });
    expect(created.token).toMatch(/^gth_/);
    expect(created.instructions.snippet.text).toContain(created.token);
    expect(created.instructions.snippet.text).toContain(env.gateway.url.href);
    for (const kind of [
      'claude-code',
      'claude-desktop',
      'cursor',
      'vscode',
      'windsurf',
      'codex',
      'other',
    ] as const) {
      const instructions = await value('clients.instructions', { name: 'cursor', kind });
      expect(instructions.snippet.text).not.toContain(created.token);
    }
    expect((await value('clients.list', {})).map((c: { name: string }) => c.name)).toEqual([
      'tester',
      'cursor',
    ]);
    await value('clients.revoke', { name: 'cursor' });
  });

  it('validates a draft policy, naming the problem, and saves a good one', async () => {
    const bad = await value('policy.validate', {
      policies: {
        rules: [{ id: 'r', action: 'deny', match: { arguments: [{ anyString: true, regex: '(?<=a)b' }] } }],
      },
    });
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatch(/r/);
    const saved = await value('policy.set', {
      policies: { rules: [{ id: 'no-sum', action: 'deny', match: { tools: ['get-sum'] } }] },
    });
    expect(saved.rules.map((rule: { id: string }) => rule.id)).toEqual(['no-sum']);
    expect(env.gateway.policies.rules).toHaveLength(1);
    await value('policy.set', { policies: { rules: [] } });
  });

  it('updates settings and says when a restart is needed', async () => {
    const result = await value('settings.update', { settings: { upstreamRequestTimeoutMs: 120_000 } });
    expect(result).toMatchObject({ settings: { upstreamRequestTimeoutMs: 120_000 }, restartNeeded: false });
    const port = await value('settings.update', { settings: { port: 4999 } });
    expect(port.restartNeeded).toBe(true);
    await value('settings.update', { settings: { auditMaxAgeDays: 30 } });
    const removed = await value('settings.update', { settings: { auditMaxAgeDays: null } });
    expect(removed.settings.auditMaxAgeDays).toBeUndefined();
  });

  it('exports the audit trail as CSV', async () => {
    env.gateway.auditLog!.flush();
    const exported = await value('audit.export', { format: 'csv' });
    expect(exported.records).toBeGreaterThan(0);
    expect(exported.text.split('\n')[0]).toMatch(/^seq,time,client/);
    expect(exported.next).toBeNull();
  });
});

describe('the UI files', () => {
  it('serves the built UI with a strict CSP and never a file outside it', async () => {
    const page = await fetch(new URL('/ui/', env.gateway.url));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<title>Gatehouse</title>');
    for (const path of ['/ui/..%2f..%2fpackage.json', '/ui/%2e%2e/config.json', '/ui/missing.js']) {
      expect((await fetch(new URL(path, env.gateway.url))).status).toBe(404);
    }
    expect(env.gateway.uiUrl.href).toMatch(/\/ui\/#token=/);
  });
});
