/**
 * A first start writes the policy template into a new config.json, and the template decides by
 * the classifier's risk level: read-only tools run, writes run flagged, destructive tools ask.
 * Against the real server-memory from npm.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientRegistry } from '../../shared/gateway/config/client-registry.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { POLICY_TEMPLATE } from '../../shared/gateway/policy/policy-template.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import { connectClient, fastBackoff, servers, waitFor, waitForTool } from './harness.js';

describe('the policy template of a new installation', () => {
  let dataDir: string;
  let gateway: Gateway;
  let client: Client;

  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'gatehouse-fresh-')), 'Gatehouse');
    const { token } = new ClientRegistry(dataDir).add('agent');
    gateway = await Gateway.start({
      dataDir,
      port: 0,
      backoff: fastBackoff,
      secretStore: new MemorySecretStore(),
      uiDirectory: false,
    });
    const next = gateway.configStore.update((raw) => ({ ...raw, mcpServers: { memory: servers.memory } }));
    await gateway.configChanged(next, 'servers');
    client = await connectClient(gateway.url, token);
    await waitForTool(client, 'memory__delete_entities');
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('is written into the first config.json', () => {
    const written = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as { policies: unknown };
    expect(written.policies).toEqual(POLICY_TEMPLATE);
  });

  it('lets read-only tools run, flags writes, and asks before destructive ones', async () => {
    const read = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(read.isError).toBeFalsy();
    const created = await client.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote programs'] }] },
    });
    expect(created.isError).toBeFalsy();

    const deletion = client.callTool({
      name: 'memory__delete_entities',
      arguments: { entityNames: ['Ada'] },
    });
    await waitFor(() => gateway.approvals.pending().length === 1, 10_000, 'the approval request');
    const [pending] = gateway.approvals.pending();
    expect(pending).toMatchObject({ tool: 'delete_entities', ruleId: 'ask-before-destructive' });
    gateway.decideApproval(pending!.id, { kind: 'deny', reason: 'keep Ada' }, 'test');
    expect((await deletion).isError).toBe(true);

    const calls = () => {
      gateway.auditLog!.flush();
      return gateway.auditLog!.query({}).records.filter((record) => record.method === 'tools/call');
    };
    // The record of a call is written as its answer goes out, so the last may trail the answer.
    await waitFor(() => calls().length === 3, 5_000, 'three audited calls');
    const decisions = calls()
      .map((record) => [record.target, record.decision, record.ruleId])
      .reverse();
    expect(decisions).toEqual([
      ['read_graph', 'allow', 'allow-read-only'],
      ['create_entities', 'log', 'flag-writes'],
      ['delete_entities', 'approve', 'ask-before-destructive'],
    ]);
  }, 60_000);
});
