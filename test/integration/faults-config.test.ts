/**
 * A config.json or clients.json that is corrupt or half-written (truncated by a crash or by an
 * editor that writes in place): at start Gatehouse refuses with a sentence naming the file and the
 * problem; while running it refuses every change and reload that would read it, keeps serving with
 * the last good configuration, and never writes over the broken file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  controlMethods,
  type ControlArgs,
  type ControlMethod,
  type ControlParsedArgs,
} from '../../shared/contracts/control-api.js';
import { ClientRegistry } from '../../shared/gateway/config/client-registry.js';
import { createControlHandlers } from '../../shared/gateway/control/control-service.js';
import { GatehouseError } from '../../shared/gateway/errors.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, runCli, servers, startGateway, type TestGateway } from './harness.js';

const POLICIES = {
  defaultAction: 'allow',
  rules: [{ id: 'no-env', match: { tools: ['get-env'] }, action: 'deny' }],
};
const GOOD_CONFIG = JSON.stringify(
  { mcpServers: { everything: servers.everything }, policies: POLICIES },
  null,
  2,
);
/** Half-written files: cut off in the middle, and truncated to nothing before the write. */
const HALF_WRITTEN = [
  ['cut off mid-write', GOOD_CONFIG.slice(0, Math.floor(GOOD_CONFIG.length / 2))],
  ['empty', ''],
] as const;

const dirs: string[] = [];
let env: TestGateway | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close().catch(() => {});
  await env?.stop();
  client = env = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDirWith(files: Record<string, string>): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-faults-config-'));
  dirs.push(dataDir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dataDir, name), content);
  return dataDir;
}

/** The error `start` fails with. */
async function startFailure(dataDir: string): Promise<GatehouseError> {
  try {
    const gateway = await Gateway.start({ dataDir, port: 0, secretStore: new MemorySecretStore() });
    await gateway.stop();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(GatehouseError);
    return error as GatehouseError;
  }
  throw new Error('expected the gateway to refuse to start');
}

/** Calls a control method the way the HTTP adapter does: arguments parsed by the shared schema. */
function control(gateway: Gateway) {
  const handlers = createControlHandlers(gateway);
  return <M extends ControlMethod>(method: M, args: ControlArgs<M>) => {
    const parsed = controlMethods[method].args.parse(args) as ControlParsedArgs<M>;
    return handlers[method](parsed, 'test');
  };
}

const echoTools = (c: Client) => c.listTools().then(({ tools }) => tools.map((tool) => tool.name));

describe('a broken config file at start', () => {
  it.each(HALF_WRITTEN)(
    'refuses a config.json %s, naming the file and the problem, and leaves it as it is',
    async (_, content) => {
      const dataDir = dataDirWith({ 'config.json': content });
      const error = await startFailure(dataDir);
      expect(error.code).toBe('config_unreadable');
      expect(error.message).toMatch(
        new RegExp(
          `^${join(dataDir, 'config.json').replaceAll('.', '\\.')} is not valid JSON \\(.+\\)\\. Fix or remove it; Gatehouse has not changed it\\.$`,
        ),
      );
      expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(content);
      expect(existsSync(join(dataDir, 'gateway.json'))).toBe(false);
    },
  );

  it('gatehouse serve says so in one sentence on stderr and exits 1', async () => {
    const [, content] = HALF_WRITTEN[0];
    const dataDir = dataDirWith({ 'config.json': content });
    const result = await runCli(dataDir, 'serve', '--port', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /config\.json is not valid JSON \(.+\)\. Fix or remove it; Gatehouse has not changed it\./,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(content);
  });

  it('names the field of a server entry that is wrong, not just "needs a command or a url"', async () => {
    const config = JSON.stringify({
      mcpServers: { everything: { ...servers.everything, requestTimeoutMs: '30s' } },
    });
    const dataDir = dataDirWith({ 'config.json': config });
    const error = await startFailure(dataDir);
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain(
      'config.json is not a valid Gatehouse file: mcpServers.everything: requestTimeoutMs: Invalid input: expected number, received string.',
    );
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(config);
  });

  it('refuses a truncated clients.json, naming it, and leaves it as it is', async () => {
    const clients = '{ "clients": [ { "name": "agent", "tokenSha';
    const dataDir = dataDirWith({ 'config.json': GOOD_CONFIG, 'clients.json': clients });
    const error = await startFailure(dataDir);
    expect(error.code).toBe('config_unreadable');
    expect(error.message).toContain(`${join(dataDir, 'clients.json')} is not valid JSON`);
    expect(readFileSync(join(dataDir, 'clients.json'), 'utf8')).toBe(clients);
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(GOOD_CONFIG);
  });
});

describe('a config file broken while the gateway runs', () => {
  async function running() {
    env = await startGateway(JSON.parse(GOOD_CONFIG) as Record<string, unknown>, {
      secretStore: new MemorySecretStore(),
    });
    client = await connectClient(env.gateway.url, env.token);
    return { gateway: env.gateway, call: control(env.gateway), file: join(env.dataDir, 'config.json') };
  }

  /** Every control change that reads or writes config.json. */
  const changes = (call: ReturnType<typeof control>) => [
    () => call('policy.reload', {}),
    () => call('servers.save', { name: 'memory', config: servers.memory }),
    () => call('servers.setEnabled', { name: 'everything', enabled: false }),
    () => call('settings.update', { settings: { upstreamRequestTimeoutMs: 5000 } }),
    () => call('policy.set', { policies: { defaultAction: 'deny', rules: [] } }),
    () => call('access.setDefault', { newTools: 'disabled' }),
  ];

  it.each(HALF_WRITTEN)(
    'refuses every reload and change while config.json is %s, serving on with the last good one',
    async (_, content) => {
      const { gateway, call, file } = await running();
      const lastGood = structuredClone(gateway.config);
      const toolsBefore = await echoTools(client!);
      writeFileSync(file, content);

      for (const change of changes(call)) {
        await expect(change()).rejects.toThrow(`${file} is not valid JSON`);
        expect(readFileSync(file, 'utf8')).toBe(content);
      }
      expect(gateway.config).toEqual(lastGood);
      expect(gateway.policies.rules.map((rule) => rule.id)).toEqual(['no-env']);
      expect(gateway.upstream('everything')?.state).toBe('ready');
      expect(await echoTools(client!)).toEqual(toolsBefore);
      expect(
        await client!.callTool({ name: 'everything__echo', arguments: { message: 'still serving' } }),
      ).toMatchObject({ content: [{ type: 'text', text: 'Echo: still serving' }] });
      const denied = await client!.callTool({ name: 'everything__get-env', arguments: {} });
      expect(denied.isError).toBe(true);

      // Once the person repairs it, the next reload takes it.
      writeFileSync(
        file,
        JSON.stringify({
          ...(JSON.parse(GOOD_CONFIG) as object),
          policies: {
            ...POLICIES,
            rules: [...POLICIES.rules, { id: 'log-echo', match: { tools: ['echo'] }, action: 'log' }],
          },
        }),
      );
      expect(await call('policy.reload', {})).toEqual({ rules: 2 });
    },
  );

  it('does not take a config.json that disappeared for an empty one, nor write a new one', async () => {
    const { gateway, call, file } = await running();
    unlinkSync(file);
    for (const change of changes(call)) {
      await expect(change()).rejects.toThrow(
        `${file} has disappeared. Gatehouse keeps the configuration it last read`,
      );
      expect(existsSync(file)).toBe(false);
    }
    expect(gateway.policies.rules.map((rule) => rule.id)).toEqual(['no-env']);
    writeFileSync(file, GOOD_CONFIG);
    expect(await call('policy.reload', {})).toEqual({ rules: 1 });
  });

  it('keeps letting known clients in when clients.json is truncated, and refuses to write over it', async () => {
    const { call } = await running();
    const file = join(env!.dataDir, 'clients.json');
    const intact = readFileSync(file, 'utf8');
    const truncated = intact.slice(0, Math.floor(intact.length / 2));
    writeFileSync(file, truncated);

    const another = await connectClient(env!.gateway.url, env!.token);
    expect(await echoTools(another)).toContain('everything__echo');
    await another.close();
    await expect(call('clients.add', { name: 'newcomer' })).rejects.toThrow(`${file} is not valid JSON`);
    await expect(call('clients.list', {})).rejects.toThrow(`${file} is not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe(truncated);

    writeFileSync(file, intact);
    const { token } = new ClientRegistry(env!.dataDir).add('newcomer');
    const newcomer = await connectClient(env!.gateway.url, token);
    expect(await echoTools(newcomer)).toContain('everything__echo');
    await newcomer.close();
  });
});
