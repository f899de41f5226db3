/**
 * Reading the conformance suite's per-scenario checks files and reporting the server runs side by
 * side.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseJsonLine } from './json-line.js';

/** One scenario's outcome in one run. */
export interface ScenarioOutcome {
  passed: boolean;
  /** Failed checks as `check: message`, or why no checks exist. */
  problems: string[];
}

const CheckSchema = z.object({ id: z.string(), status: z.string(), errorMessage: z.string().optional() });
const ChecksFileSchema = z.array(CheckSchema);
// Statuses that do not fail a scenario: the suite reports SHOULDs as WARNING and traffic as INFO.
const PASSING_STATUSES = new Set(['SUCCESS', 'INFO', 'WARNING']);
// The suite names each result folder `server-<scenario>-<ISO time with : and . as ->`.
const RESULT_DIR = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** Reads one run's checks files; a scenario without readable results counts as failed. */
export async function readResults(
  outDir: string,
  scenarios: string[],
): Promise<Map<string, ScenarioOutcome>> {
  const outcomes = new Map<string, ScenarioOutcome>();
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    const scenario = entry.isDirectory() ? RESULT_DIR.exec(entry.name)?.[1] : undefined;
    if (scenario === undefined) continue;
    const text = await readFile(join(outDir, entry.name, 'checks.json'), 'utf8').catch(() => '');
    const checks = parseJsonLine(text, ChecksFileSchema);
    if (checks === undefined) {
      outcomes.set(scenario, { passed: false, problems: ['checks.json is missing or unreadable'] });
      continue;
    }
    const failed = checks.filter((check) => !PASSING_STATUSES.has(check.status));
    outcomes.set(scenario, {
      passed: checks.length > 0 && failed.length === 0,
      problems:
        checks.length === 0
          ? ['no checks recorded']
          : failed.map((check) => `${check.id} [${check.status}]: ${check.errorMessage ?? 'no message'}`),
    });
  }
  for (const scenario of scenarios) {
    if (!outcomes.has(scenario)) {
      outcomes.set(scenario, { passed: false, problems: ['no results written (see suite-output.log)'] });
    }
  }
  return outcomes;
}

/** One run's outcomes under a column label; undefined when the run could not happen. */
export interface LabelledRun {
  readonly label: string;
  readonly outcomes: Map<string, ScenarioOutcome> | undefined;
}

/** The server runs' verdict, and the summary lines to print at the very end of the harness. */
export interface ServerReport {
  /** Scenarios that pass directly but not through a Gatehouse run. */
  readonly regressions: number;
  /** The last of them is `N passed, M failed` over the Gatehouse runs. */
  readonly summary: string[];
  /** Scenario results through Gatehouse that passed and failed, for totals over several reports. */
  readonly passed: number;
  readonly failed: number;
}

/** Prints the side-by-side table and each failure's problems; returns the verdict and summary lines. */
export function printReport(
  scenarios: string[],
  direct: LabelledRun,
  throughGatehouse: LabelledRun[],
): ServerReport {
  const runs = [direct, ...throughGatehouse];
  const cell = (run: LabelledRun, scenario: string): string =>
    run.outcomes === undefined ? 'not run' : run.outcomes.get(scenario)?.passed ? 'pass' : 'FAIL';
  const width = Math.max('scenario'.length, ...scenarios.map((name) => name.length));
  const widths = runs.map((run) => Math.max(run.label.length, 7));
  console.log(
    `\n${['scenario'.padEnd(width), ...runs.map((run, i) => run.label.padEnd(widths[i]!))].join(' | ')}`,
  );
  console.log([width, ...widths].map((w) => '-'.repeat(w)).join('-|-'));
  for (const scenario of scenarios) {
    console.log(
      [scenario.padEnd(width), ...runs.map((run, i) => cell(run, scenario).padEnd(widths[i]!))].join(' | '),
    );
  }
  for (const run of runs) {
    for (const scenario of scenarios) {
      const outcome = run.outcomes?.get(scenario);
      if (outcome === undefined || outcome.passed) continue;
      console.log(`\n${run.label} ${scenario}:`);
      for (const problem of outcome.problems) console.log(`  - ${problem}`);
    }
  }
  const passed = (run: LabelledRun): number =>
    scenarios.filter((scenario) => run.outcomes?.get(scenario)?.passed === true).length;
  // Only comparable when both runs happened; a run that could not happen fails the harness on its own.
  const regressions = throughGatehouse.flatMap((run) =>
    direct.outcomes === undefined || run.outcomes === undefined
      ? []
      : scenarios
          .filter(
            (scenario) =>
              direct.outcomes?.get(scenario)?.passed === true && !run.outcomes?.get(scenario)?.passed,
          )
          .map((scenario) => `${run.label}: ${scenario}`),
  );
  if (regressions.length > 0) console.log(`\nregressions: ${regressions.join(', ')}`);
  const total = throughGatehouse.length * scenarios.length;
  const gatehousePassed = throughGatehouse.reduce((sum, run) => sum + passed(run), 0);
  return {
    regressions: regressions.length,
    passed: gatehousePassed,
    failed: total - gatehousePassed,
    summary: [
      `conformance: direct ${passed(direct)} passed, ${throughGatehouse.map((run) => `${run.label} ${passed(run)} passed`).join(', ')}, ${regressions.length} regressions`,
      `${gatehousePassed} passed, ${total - gatehousePassed} failed`,
    ],
  };
}
