/**
 * The harness's runs: the suite against the fixture directly (run A), then against the same
 * fixture behind `gatehouse serve`, reached over stdio and over Streamable HTTP (run B).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { startRelay } from './auth-relay.js';
import type { Relay } from './auth-relay.js';
import { runCommand, waitForLine } from './child-processes.js';
import type { RunResources } from './child-processes.js';
import { GATEWAY_CLI, RESULTS, TSX, UPSTREAM_READY_TIMEOUT_MS, type ServerSuite } from './harness-config.js';
import { describeError, HarnessError } from './harness-error.js';
import { parseJsonLine } from './json-line.js';
import type { ScenarioOutcome } from './results.js';
import { runSuite } from './suite.js';

const ServeLineSchema = z.looseObject({ url: z.url() });
const ClientAddSchema = z.looseObject({ token: z.string().min(1) });

/** Run A: the suite against the fixture over HTTP, no Gatehouse in between. */
export async function runDirect(
  resources: RunResources,
  node22: string,
  family: ServerSuite,
  scenarios: string[],
): Promise<Map<string, ScenarioOutcome>> {
  const outDir = join(resultsOf(family), 'direct');
  const fixture = resources.start(TSX, [family.fixture, 'http', '--port', '0'], join(outDir, 'fixture.log'));
  const url = await waitForLine(fixture, 'The fixture server', (line) =>
    line.startsWith('listening ') ? line.slice('listening '.length) : undefined,
  );
  try {
    return await runSuite(resources, node22, family, url, outDir, scenarios);
  } finally {
    await resources.stop(fixture);
  }
}

/** Where one family's runs write: the 0.1 suite's keep their old place. */
export function resultsOf(family: ServerSuite): string {
  return family.label === '0.1.16' ? RESULTS : join(RESULTS, family.label);
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

/** How the gateway reaches the fixture: over stdio, or over Streamable HTTP (the lean HTTP client). */
export type UpstreamWire = 'stdio' | 'http';

/** Run B: the same fixture behind `gatehouse serve`, reached through the token relay. */
export async function runThroughGatehouse(
  resources: RunResources,
  node22: string,
  family: ServerSuite,
  scenarios: string[],
  wire: UpstreamWire,
): Promise<Map<string, ScenarioOutcome>> {
  if (!existsSync(GATEWAY_CLI)) {
    throw new HarnessError('gateway-missing', `The gateway CLI (${GATEWAY_CLI}) does not exist yet.`);
  }
  const outDir = join(resultsOf(family), `gatehouse-${wire}`);
  const dataDir = await resources.makeTempDir('gatehouse-conformance-');
  let gateway: ChildProcess | undefined;
  let fixture: ChildProcess | undefined;
  let relay: Relay | undefined;
  try {
    let upstream: Record<string, unknown> = { command: TSX, args: [family.fixture, 'stdio'] };
    if (wire === 'http') {
      fixture = resources.start(TSX, [family.fixture, 'http', '--port', '0'], join(outDir, 'fixture.log'));
      const fixtureUrl = await waitForLine(fixture, 'The fixture server', (line) =>
        line.startsWith('listening ') ? line.slice('listening '.length) : undefined,
      );
      upstream = { url: fixtureUrl, type: 'streamable-http' };
    }
    const config = { mcpServers: { conformance: upstream }, settings: { namespacing: 'on-collision' } };
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
    return await runSuite(resources, node22, family, relay.url, outDir, scenarios);
  } finally {
    await relay?.close();
    if (gateway) await resources.stop(gateway);
    if (fixture) await resources.stop(fixture);
    await resources.removeTempDir(dataDir);
  }
}
