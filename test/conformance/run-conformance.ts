/**
 * Runs the official MCP conformance suite's server scenarios twice: against the fixture server
 * directly (run A), then against the same fixture behind Gatehouse (run B). It fails only on a
 * regression (a scenario that passes directly but not through Gatehouse) or when a run could not
 * happen at all.
 *
 * Run with `npx tsx test/conformance/run-conformance.ts` (`npm run test:conformance`).
 * Results land in test-results/conformance/{direct,gatehouse}/, one checks.json per scenario,
 * next to the suite's own output and the server logs.
 *
 * This file only sequences the runs; the parts live beside it: harness-config (paths, timeouts),
 * child-processes, suite, runs, auth-relay and results.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RunResources } from './child-processes.js';
import { RESULTS, WHOLE_RUN_TIMEOUT_MS } from './harness-config.js';
import { describeError } from './harness-error.js';
import { printReport } from './results.js';
import { runDirect, runThroughGatehouse } from './runs.js';
import { findNode22, listScenarios } from './suite.js';

async function main(): Promise<number> {
  const node22 = findNode22();
  const scenarios = listScenarios(node22);
  await rm(RESULTS, { recursive: true, force: true });
  await mkdir(join(RESULTS, 'direct'), { recursive: true });
  await mkdir(join(RESULTS, 'gatehouse-stdio'), { recursive: true });
  await mkdir(join(RESULTS, 'gatehouse-http'), { recursive: true });

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
    const direct = await attempt('run A (direct)', () => runDirect(resources, node22, scenarios));
    const overStdio = await attempt('run B (through Gatehouse, upstream over stdio)', () =>
      runThroughGatehouse(resources, node22, scenarios, 'stdio'),
    );
    const overHttp = await attempt('run B (through Gatehouse, upstream over Streamable HTTP)', () =>
      runThroughGatehouse(resources, node22, scenarios, 'http'),
    );
    const regressions = printReport(scenarios, { label: 'direct', outcomes: direct }, [
      { label: 'gatehouse-stdio', outcomes: overStdio },
      { label: 'gatehouse-http', outcomes: overHttp },
    ]);
    return regressions > 0 || couldNotRun ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    await resources.releaseAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`conformance: ${describeError(error)}`);
    process.exit(1);
  },
);
