/**
 * The world of the data-flow guard's scenarios: real servers from npm (server-filesystem,
 * server-memory, server-everything) and small fixtures (a web page, a public issue tracker, a
 * messaging app) behind one Gatehouse with the policy template, and how a scenario is played.
 */
import { Buffer } from 'node:buffer';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { PendingApproval } from '../../shared/contracts/approvals.js';
import type { AuditRecord } from '../../shared/contracts/audit.js';
import type { Flow } from '../../shared/contracts/flow.js';
import { POLICY_TEMPLATE } from '../../shared/gateway/policy/policy-template.js';
import { MemorySecretStore } from '../../shared/gateway/secrets/memory-secret-store.js';
import type { SecretStore } from '../../shared/gateway/secrets/secret-store.js';
import { connectClient, servers, startGateway, waitFor, waitForTool, type TestGateway } from './harness.js';

const root = resolve(import.meta.dirname, '../..');

/** The secret the everything server is given, in the keychain (or a store standing in for it). */
export const SECRET_NAME = 'UPSTREAM_API_KEY';

function fixture(kind: string): Record<string, unknown> {
  return {
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'test/fixtures/flow-scenario-server.ts'), kind],
  };
}

/** A fake private key: 1,600-odd characters of base64 in PEM lines, like ~/.ssh/id_rsa. */
export function fakePrivateKey(seed: number): string {
  let state = seed;
  const bytes = Buffer.alloc(1200);
  for (let i = 0; i < bytes.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  const body = bytes
    .toString('base64')
    .match(/.{1,70}/g)!
    .join('\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

export const PRIVATE_README = [
  '# Atlas (internal)',
  'Atlas is our unreleased pricing engine. Customers on the enterprise plan get a 38 percent discount',
  'negotiated by Dana Whitfield; the Q3 roadmap moves the billing backend to the Frankfurt region and',
  'retires the legacy invoicing service on the first of October. Authors: Dana Whitfield, Omar Said,',
  'Lena Fischer. Do not share outside the company.',
].join('\n');

export const MEMORY_NOTE =
  'Sofia prefers to be contacted after six in the evening; her daughter Mia starts school at the Lindenhof primary in August and is allergic to peanuts';

/** Gatehouse with every server of the stories, one agent connected. */
export interface ScenarioWorld {
  readonly gatehouse: TestGateway;
  readonly client: Client;
  readonly home: string;
  readonly secret: string;
  readonly privateKey: string;
  readonly privateReadme: string;
  readonly memoryNote: string;
  stop(): Promise<void>;
}

/** Starts the world; `secretStore` holds the upstream's secret (a keychain, or memory). */
export async function startScenarioWorld(secretStore?: SecretStore, secret?: string): Promise<ScenarioWorld> {
  const store = secretStore ?? new MemorySecretStore();
  // A value with characters that encode differently in base64, base64url and URL-encoding.
  const value = secret ?? 'sk-live-7Rq9/Vx+2mWz?Kp4&Tt8=Lc1~Hn6_Bd3-Yf5';
  await store.set(SECRET_NAME, value);
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-flow-home-'));
  mkdirSync(join(home, '.ssh'));
  mkdirSync(join(home, 'private-repo'));
  const privateKey = fakePrivateKey(42);
  writeFileSync(join(home, '.ssh', 'id_rsa'), privateKey);
  writeFileSync(join(home, 'private-repo', 'README.md'), PRIVATE_README);
  writeFileSync(join(home, 'notes.txt'), 'Shopping: lemons, flour, eggs.\n');
  const gatehouse = await startGateway(
    {
      mcpServers: {
        files: {
          command: process.execPath,
          args: [join(root, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), home],
        },
        memory: { ...servers.memory, env: { MEMORY_FILE_PATH: join(home, 'memory.jsonl') } },
        // Stands in for a private document store here (its demo tools reach out, so it would
        // default to `untrusted`): the label is the person's to set.
        everything: {
          ...servers.everything,
          env: { API_KEY: `\${secret:${SECRET_NAME}}` },
          dataClass: 'private',
        },
        web: fixture('web'),
        tracker: fixture('tracker'),
        // A chat history is private, though the app reaches the internet (`untrusted` by default).
        messaging: { ...fixture('messaging'), dataClass: 'private' },
      },
      policies: POLICY_TEMPLATE,
    },
    { secretStore: store, uiDirectory: false },
  );
  const client = await connectClient(gatehouse.gateway.url, gatehouse.token);
  for (const tool of [
    'files__read_text_file',
    'memory__read_graph',
    'everything__get-env',
    'web__post_form',
    'tracker__create_pull_request',
    'messaging__send_message',
  ])
    await waitForTool(client, tool);
  return {
    gatehouse,
    client,
    home,
    secret: value,
    privateKey,
    privateReadme: PRIVATE_README,
    memoryNote: MEMORY_NOTE,
    async stop() {
      await client.close().catch(() => {});
      await gatehouse.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A client of either era, as far as a scenario uses it. */
export interface ToolCaller {
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
}

/** The last call of a scenario, made after its preparatory calls. */
export interface FinalCall {
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
  /** Another client connection to make it on (a second session, or a 2026-era client). */
  readonly via?: ToolCaller;
}

/** What the guard should do with a scenario's last call. */
export type Expectation =
  | { readonly stopped: false }
  | {
      readonly stopped: true;
      readonly action: 'deny' | 'approve';
      readonly rule: RegExp;
      readonly argument: string;
      readonly source: Partial<Flow['source']>;
    };

/** One story. */
export interface Scenario {
  readonly name: string;
  readonly kind: 'exfiltration' | 'benign';
  readonly expect: Expectation;
  /** Makes the agent's earlier calls; returns the call to judge. */
  prepare(world: ScenarioWorld): Promise<FinalCall>;
  /** Closes what `prepare` opened. */
  cleanup?(): Promise<void>;
}

/** What happened to a scenario's last call. */
export interface Played {
  readonly isError: boolean;
  readonly text: string;
  /** The approval card, if the call was held for the person (who then denied it). */
  readonly approval: PendingApproval | undefined;
  readonly record: AuditRecord;
}

/** Plays a scenario: runs it, denies any approval it raises, and reads its audit record. */
export async function play(world: ScenarioWorld, scenario: Scenario): Promise<Played> {
  const { gateway } = world.gatehouse;
  const final = await scenario.prepare(world);
  try {
    const before = lastSeq(world);
    let approval: PendingApproval | undefined;
    const call = (final.via ?? world.client).callTool({
      name: final.tool,
      arguments: final.arguments,
    }) as Promise<{ isError?: boolean; content?: unknown }>;
    let settled = false;
    void call.finally(() => (settled = true));
    await waitFor(
      () => settled || gateway.approvals.pending().length > 0,
      20_000,
      'the call or its approval',
    );
    if (!settled) {
      approval = gateway.approvals.pending()[0]!;
      gateway.decideApproval(approval.id, { kind: 'deny', reason: 'not this' }, 'scenario');
    }
    const result = await call;
    let record: AuditRecord | undefined;
    await waitFor(
      () => {
        gateway.auditLog!.flush();
        record = gateway
          .auditLog!.query({ target: final.tool.split('__')[1]! })
          .records.find((r) => r.seq > before);
        return record !== undefined;
      },
      5_000,
      'the audit record',
    );
    const content = (result.content ?? []) as { text?: string }[];
    return {
      isError: result.isError === true,
      text: content.map((part) => part.text ?? '').join(''),
      approval,
      record: record!,
    };
  } finally {
    await scenario.cleanup?.();
  }
}

function lastSeq(world: ScenarioWorld): number {
  const log = world.gatehouse.gateway.auditLog!;
  log.flush();
  return log.query({ limit: 1 }).records[0]?.seq ?? 0;
}

/** Makes a preparatory call, failing the scenario if it fails. */
export async function call(
  world: ScenarioWorld,
  tool: string,
  args: Record<string, unknown> = {},
): Promise<string> {
  const result = await world.client.callTool({ name: tool, arguments: args });
  if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
  return ((result.content ?? []) as { text?: string }[]).map((part) => part.text ?? '').join('');
}
