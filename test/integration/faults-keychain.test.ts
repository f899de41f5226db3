/**
 * The keychain locked or missing when the gateway starts: a server that needs a `${secret:…}`
 * says so, with the keychain's sentence, and every other server runs and serves calls — also
 * while the keychain is still deciding whether to answer.
 *
 * Fake stores stand in for the OS keychain and fail the way the keytar adapter fails: with its
 * `keychainUnavailable` error, at once (no Secret Service, keytar not loadable) or after a wait
 * (a locked keyring whose unlock prompt nobody sees, cut off by the adapter's timeout).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { UpstreamStatus } from '../../shared/contracts/upstream-status.js';
import { ClientRegistry } from '../../shared/gateway/config/client-registry.js';
import { createControlHandlers } from '../../shared/gateway/control/control-service.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { keychainUnavailable } from '../../shared/gateway/secrets/keytar-secret-store.js';
import type { SecretStore } from '../../shared/gateway/secrets/secret-store.js';
import { connectClient, fastBackoff, servers, waitFor } from './harness.js';

/** The keytar adapter's own words when it cannot reach a keychain, and when one does not answer. */
const NOT_LOADABLE = 'keytar could not be loaded (libsecret-1.so.0: cannot open shared object file)';
const LOCKED = 'it did not answer within 10 s (is it locked?)';

/** A keychain that refuses every operation, after `gate` settles when one is given. */
class UnreachableKeychain implements SecretStore {
  /** Questions about the person's secrets (the gateway also asks for its audit key, apart). */
  asked = 0;

  constructor(
    private readonly detail: string,
    private readonly gate: Promise<void> = Promise.resolve(),
  ) {}

  async get(account: string): Promise<string | undefined> {
    return this.#fail(account);
  }

  async set(account: string): Promise<void> {
    return this.#fail(account);
  }

  async delete(): Promise<boolean> {
    return this.#fail();
  }

  async accounts(): Promise<string[]> {
    return this.#fail();
  }

  async #fail(account?: string): Promise<never> {
    if (!account?.startsWith('audit-key/')) this.asked++;
    await this.gate;
    throw keychainUnavailable(this.detail);
  }
}

let gateway: Gateway | undefined;
let client: Client | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await client?.close().catch(() => {});
  await gateway?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  client = gateway = dataDir = undefined;
});

/** Starts a gateway without waiting for its upstreams, as `serve` does. */
async function start(secretStore: SecretStore): Promise<{ token: string }> {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-faults-keychain-'));
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      mcpServers: {
        everything: { ...servers.everything, env: { API_TOKEN: '${secret:EVERYTHING_TOKEN}' } },
        memory: servers.memory,
      },
    }),
  );
  const { token } = new ClientRegistry(dataDir).add('tester');
  gateway = await Gateway.start({ dataDir, port: 0, backoff: fastBackoff, secretStore });
  return { token };
}

function status(name: string): UpstreamStatus | undefined {
  return gateway!.upstreamStatuses().find((candidate) => candidate.name === name);
}

/** The memory server answers a real call through the gateway. */
async function memoryServes(): Promise<void> {
  await client!.callTool({
    name: 'memory__create_entities',
    arguments: { entities: [{ name: 'Keychain', entityType: 'fault', observations: ['was locked'] }] },
  });
  const graph = await client!.callTool({ name: 'memory__read_graph', arguments: {} });
  expect(JSON.stringify(graph.content)).toContain('was locked');
}

describe('the keychain unavailable at start', () => {
  it('marks the server that needs a secret with the keychain sentence; the others run', async () => {
    const keychain = new UnreachableKeychain(NOT_LOADABLE);
    const { token } = await start(keychain);
    await gateway!.whenUpstreamsSettled();

    expect(status('everything')).toMatchObject({
      state: 'needs-secret',
      missingSecrets: ['EVERYTHING_TOKEN'],
      message: `needs secret EVERYTHING_TOKEN. ${keychainUnavailable(NOT_LOADABLE).message}`,
    });
    expect(status('everything')?.message).toContain('refer to the value as ${env:NAME}');
    expect(status('memory')?.state).toBe('ready');

    client = await connectClient(gateway!.url, token);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names.some((name) => name.startsWith('everything__'))).toBe(false);
    await memoryServes();
    // The keychain is asked once per connection attempt, not retried in a loop.
    expect(keychain.asked).toBe(1);
    // Secret management says what is wrong instead of failing obscurely.
    await expect(createControlHandlers(gateway!)['secrets.list']({}, 'test')).rejects.toThrow(
      /^No keychain is reachable: keytar could not be loaded/,
    );
  });

  it('serves the other servers while a locked keychain keeps the first one waiting', async () => {
    let timeOut!: () => void;
    const locked = new Promise<void>((resolveLock) => (timeOut = resolveLock));
    const { token } = await start(new UnreachableKeychain(LOCKED, locked));

    await waitFor(() => status('memory')?.state === 'ready', 30_000, 'memory to start');
    expect(status('everything')?.state).toBe('connecting');
    client = await connectClient(gateway!.url, token);
    await memoryServes();

    // The adapter gives up on the locked keyring.
    timeOut();
    await gateway!.whenUpstreamsSettled();
    expect(status('everything')).toMatchObject({
      state: 'needs-secret',
      message: `needs secret EVERYTHING_TOKEN. ${keychainUnavailable(LOCKED).message}`,
    });
    expect(status('memory')?.state).toBe('ready');
    await memoryServes();
  });
});
