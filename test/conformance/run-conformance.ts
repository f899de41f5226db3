/**
 * Runs the official MCP conformance suite's server scenarios twice: against the fixture server
 * directly (run A), then against the same fixture behind Gatehouse (run B). It fails on a
 * regression (a scenario that passes directly but not through Gatehouse) or when a run could not
 * happen at all.
 *
 * Then it runs the suite's client scenarios with `gatehouse server check` as the client, which
 * connects to each scenario's server as the gateway connects to an upstream. It fails when a
 * scenario in client-scenarios.ts's MUST_PASS list fails; the expected failures are run and
 * reported only. The OAuth scenarios need a keychain: on a machine without a Secret Service, run
 * the harness inside test/keychain/with-keyring.sh.
 *
 * Run with `npx tsx test/conformance/run-conformance.ts` (`npm run test:conformance`); add
 * `--client-only` to skip the server runs. Results land in
 * test-results/conformance/{direct,gatehouse-stdio,gatehouse-http,client}/, one checks.json per
 * scenario, next to the suite's own output and the server logs.
 *
 * This file only sequences the runs; the parts live beside it: harness-config (paths, timeouts),
 * child-processes, suite, runs, auth-relay, results, and client-scenarios, client-runs and
 * client-report.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RunResources } from './child-processes.js';
import { printClientReport } from './client-report.js';
import { runClientScenarios } from './client-runs.js';
import { CLIENT_RESULTS, RESULTS, SERVER_SUITES, WHOLE_RUN_TIMEOUT_MS } from './harness-config.js';
import { describeError } from './harness-error.js';
import { printReport } from './results.js';
import type { ServerReport } from './results.js';
import { resultsOf, runDirect, runThroughGatehouse } from './runs.js';
import { findNode22, listServerScenarios } from './suite.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'client-only': { type: 'boolean', default: false } } });
  const clientOnly = values['client-only'];
  const node22 = findNode22();
  await rm(clientOnly ? CLIENT_RESULTS : RESULTS, { recursive: true, force: true });
  await mkdir(CLIENT_RESULTS, { recursive: true });

  const resources = new RunResources();
  const stopAndExit = (code: number): void => void resources.releaseAll().finally(() => process.exit(code));
  process.once('SIGINT', () => stopAndExit(130));
  process.once('SIGTERM', () => stopAndExit(143));
  const watchdog = setTimeout(() => {
    console.error(`conformance: the whole run took longer than ${WHOLE_RUN_TIMEOUT_MS / 1000} s; stopping.`);
    stopAndExit(2);
  }, WHOLE_RUN_TIMEOUT_MS);

  let couldNotRun = false;
  const attempt = async <T>(label: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      console.log(`conformance: ${label}...`);
      return await run();
    } catch (error: unknown) {
      couldNotRun = true;
      console.error(`conformance: ${label} could not run: ${describeError(error)}`);
      return undefined;
    }
  };
  try {
    const server = clientOnly ? undefined : await runServerScenarios(resources, node22, attempt);
    const clientRun = await attempt('client scenarios (gatehouse server check as the client)', () =>
      runClientScenarios(resources, node22),
    );
    const client = clientRun === undefined ? undefined : printClientReport(clientRun);
    // The server runs' `N passed, M failed` stays the last line.
    console.log('');
    console.log(client?.line ?? 'client scenarios: could not run');
    for (const line of server?.summary ?? []) console.log(line);
    const failed = (server?.regressions ?? 0) > 0 || (client?.failed ?? 0) > 0;
    return failed || couldNotRun ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await resources.releaseAll();
  }
}

/** For each suite family: run A and both run Bs, then their side-by-side table. */
async function runServerScenarios(
  resources: RunResources,
  node22: string,
  attempt: <T>(label: string, run: () => Promise<T>) => Promise<T | undefined>,
): Promise<ServerReport> {
  const reports: ServerReport[] = [];
  for (const family of SERVER_SUITES) {
    const scenarios = listServerScenarios(node22, family);
    for (const run of ['direct', 'gatehouse-stdio', 'gatehouse-http'])
      await mkdir(join(resultsOf(family), run), { recursive: true });
    const label = (run: string) => `${family.label} ${run}`;
    const direct = await attempt(label('run A (direct)'), () =>
      runDirect(resources, node22, family, scenarios),
    );
    const overStdio = await attempt(label('run B (through Gatehouse, upstream over stdio)'), () =>
      runThroughGatehouse(resources, node22, family, scenarios, 'stdio'),
    );
    const overHttp = await attempt(label('run B (through Gatehouse, upstream over Streamable HTTP)'), () =>
      runThroughGatehouse(resources, node22, family, scenarios, 'http'),
    );
    console.log(`\n== server scenarios, ${family.label} (${scenarios.length})`);
    reports.push(
      printReport(scenarios, { label: 'direct', outcomes: direct }, [
        { label: 'gatehouse-stdio', outcomes: overStdio },
        { label: 'gatehouse-http', outcomes: overHttp },
      ]),
    );
  }
  const passed = reports.reduce((sum, report) => sum + report.passed, 0);
  const failed = reports.reduce((sum, report) => sum + report.failed, 0);
  return {
    regressions: reports.reduce((sum, report) => sum + report.regressions, 0),
    passed,
    failed,
    // Each family's detail line, then one total: the harness's last line stays `N passed, M failed`.
    summary: [
      ...reports.map((report, index) => `${SERVER_SUITES[index]?.label ?? ''} ${report.summary[0] ?? ''}`),
      `${passed} passed, ${failed} failed`,
    ],
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`conformance: ${describeError(error)}`);
    process.exit(1);
  },
);
