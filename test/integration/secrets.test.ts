/**
 * Secret references through a real gateway with real servers (an in-memory store stands in for
 * the keychain here; test/keychain/ runs the same against GNOME Keyring).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createControlHandlers } from '../../shared/gateway/control/control-service.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, servers, startGateway, waitFor, type TestGateway } from './harness.js';

let running: TestGateway | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  await running?.stop();
  client = running = undefined;
});

function textOf(result: unknown): string {
  return ((result as { content: { text?: string }[] }).content ?? []).map((part) => part.text ?? '').join('');
}

describe('secrets in server config', () => {
  it('a server whose secret is missing says so while the others run; setting it starts the server', async () => {
    const store = new MemorySecretStore();
    running = await startGateway(
      {
        mcpServers: {
          everything: { ...servers.everything, env: { API_TOKEN: '${secret:EVERYTHING_TOKEN}' } },
          memory: servers.memory,
        },
      },
      { secretStore: store },
    );
    const byName = () => Object.fromEntries(running!.gateway.upstreamStatuses().map((s) => [s.name, s]));
    expect(byName().everything).toMatchObject({
      state: 'needs-secret',
      missingSecrets: ['EVERYTHING_TOKEN'],
      message: 'needs secret EVERYTHING_TOKEN. Set it with "gatehouse secret set EVERYTHING_TOKEN".',
    });
    expect(byName().memory?.state).toBe('ready');

    client = await connectClient(running.gateway.url, running.token);
    // Its tools are simply not there yet; the other server's are.
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names.some((name) => name.startsWith('memory__'))).toBe(true);
    expect(names.some((name) => name.startsWith('everything__'))).toBe(false);

    const control = createControlHandlers(running.gateway);
    const set = await control['secrets.set']({ name: 'EVERYTHING_TOKEN', value: 'tok-4242-secret' }, 'admin');
    expect(set).toEqual({ name: 'EVERYTHING_TOKEN', restarted: ['everything'] });
    await waitFor(() => byName().everything?.state === 'ready', 20_000, 'everything to start');

    const env = await client.callTool({ name: 'everything__get-env', arguments: {} });
    expect(textOf(env)).toContain('tok-4242-secret');
    expect(await control['secrets.list']({}, 'admin')).toEqual([
      { name: 'EVERYTHING_TOKEN', stored: true, usedBy: ['everything'] },
    ]);

    await control['secrets.delete']({ name: 'EVERYTHING_TOKEN' }, 'admin');
    await waitFor(
      () => byName().everything?.state === 'needs-secret',
      20_000,
      'everything to need its secret',
    );
  });

  it('${env:…} references come from the environment Gatehouse runs in', async () => {
    running = await startGateway(
      { mcpServers: { everything: { ...servers.everything, env: { REGION: 'eu-${env:TEST_REGION}' } } } },
      { secretStore: new MemorySecretStore(), environment: { TEST_REGION: 'west-1' } },
    );
    client = await connectClient(running.gateway.url, running.token);
    const env = await client.callTool({ name: 'everything__get-env', arguments: {} });
    expect(textOf(env)).toContain('eu-west-1');
  });
});
