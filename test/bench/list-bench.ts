/**
 * The `tools/list` part of the benchmark: Gatehouse aggregating many small stdio servers, against
 * one server publishing as many tools over Streamable HTTP.
 */
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ListResults } from './bench-report.js';
import { CALL_TIMEOUT_MS, connect, pair } from './bench-clients.js';
import { progress, type Plan } from './bench-plan.js';
import { sequentialLatency, waitUntil } from './measure.js';
import {
  listeningUrl,
  readMemory,
  ROOT,
  startChild,
  startGateway,
  type GatewayProcess,
} from './processes.js';

const MANY_TOOLS = join(ROOT, 'test/fixtures/many-tools-server.ts');

/** `tools/list` through a gateway aggregating many stdio servers, against one large server. */
export async function benchList(plan: Plan): Promise<ListResults> {
  const { upstreams, toolsEach } = plan.list;
  const total = upstreams * toolsEach;
  progress(`tools/list, ${upstreams} stdio upstreams × ${toolsEach} tools against one ${total}-tool server`);
  const single = await startChild(
    'many-tools-server (http)',
    ['--import', 'tsx', MANY_TOOLS, 'http', '--port', '0', '--tools', String(total)],
    listeningUrl,
    30_000,
  );
  const clients: Client[] = [];
  let gateway: GatewayProcess | undefined;
  try {
    const mcpServers: Record<string, unknown> = {};
    for (let i = 0; i < upstreams; i++) {
      mcpServers[`s${String(i).padStart(2, '0')}`] = {
        command: process.execPath,
        args: ['--import', 'tsx', MANY_TOOLS, 'stdio', '--tools', String(toolsEach)],
        cwd: ROOT,
      };
    }
    const startedAt = Date.now();
    gateway = await startGateway({ label: 'gatehouse (aggregate)', mcpServers });
    const via = await connect(gateway.url, gateway.token);
    clients.push(via);
    await waitUntil(async () => (await via.listTools()).tools.length >= total, {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: `the gateway to list all ${total} tools`,
    });
    const allListedMs = Date.now() - startedAt;
    const direct = await connect(single.value);
    clients.push(direct);
    const directCount = (await direct.listTools()).tools.length;
    if (directCount !== total) throw new Error(`the single server lists ${directCount} tools, not ${total}`);
    await delay(1000);
    const idleMb = readMemory(gateway.child.pid).rssMb;
    const latency = await sequentialLatency(
      [
        { label: 'direct', run: () => direct.listTools(undefined, { timeout: CALL_TIMEOUT_MS }) },
        { label: 'gateway', run: () => via.listTools(undefined, { timeout: CALL_TIMEOUT_MS }) },
      ],
      { ...plan.list, deadlineMs: 120_000 },
    );
    return { upstreams, toolsEach, total, allListedMs, gatewayIdleMb: idleMb, latency: pair(latency) };
  } finally {
    await Promise.allSettled(clients.map((client) => client.close()));
    await gateway?.stop();
    await single.child.stop();
  }
}
