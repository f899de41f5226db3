/**
 * The client run: `gatehouse server check` plays the MCP client in each of the suite's client
 * scenarios (`conformance client --command ... --scenario NAME`), a few at a time. The check
 * connects to the scenario's server exactly as the gateway connects to an upstream, OAuth sign-in
 * and keychain included, so these scenarios test the gateway's upstream side.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { z } from 'zod';
import type { ClientScenario } from './client-scenarios.js';
import { EXPECTED_FAILURES, MUST_PASS, NOT_RUN } from './client-scenarios.js';
import { waitForExit } from './child-processes.js';
import type { RunResources } from './child-processes.js';
import {
  CLIENT_CONCURRENCY,
  CLIENT_KEYCHAIN_SERVICE,
  CLIENT_RESULTS,
  CLIENT_RUN_BUDGET_MS,
  CLIENT_SCENARIO_TIMEOUT_MS,
  CLIENT_TIMEOUT_MS,
  GATEWAY_CLI,
  ROOT,
  SUITE,
  TSX,
} from './harness-config.js';
import { describeError, HarnessError } from './harness-error.js';
import { parseJsonLine } from './json-line.js';
import type { ScenarioOutcome } from './results.js';
import { listScenarios } from './suite.js';

/** One client scenario's outcome. */
export interface ClientOutcome extends ScenarioOutcome {
  /** The CLI's "No keychain is reachable" line, when the check said so. */
  readonly keychainProblem?: string;
}

/** What the client run found. */
export interface ClientRun {
  /** The client scenarios in the order the installed suite lists them. */
  readonly known: readonly string[];
  /** The outcome of every scenario that was to run (MUST_PASS and EXPECTED_FAILURES). */
  readonly outcomes: ReadonlyMap<string, ClientOutcome>;
  readonly elapsedMs: number;
}

const ChecksFileSchema = z.array(
  z.object({
    id: z.string(),
    status: z.string(),
    description: z.string().optional(),
    errorMessage: z.string().optional(),
  }),
);
// The suite's own client verdict fails a scenario on a WARNING too (a SHOULD the client missed).
const PASSING_STATUSES = new Set(['SUCCESS', 'INFO']);
// The suite names each result folder `<scenario>-<ISO time with : and . as ->`; a "/" in the name nests it.
const RESULT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
// A scenario that fails on every check would otherwise bury the report.
const MAX_PROBLEMS = 4;

/** Runs every client scenario in MUST_PASS and EXPECTED_FAILURES and reads their results. */
export async function runClientScenarios(resources: RunResources, node22: string): Promise<ClientRun> {
  if (!existsSync(GATEWAY_CLI)) {
    throw new HarnessError('gateway-missing', `The gateway CLI (${GATEWAY_CLI}) does not exist yet.`);
  }
  const known = listScenarios(node22, 'client');
  const started = Date.now();
  const deadline = started + CLIENT_RUN_BUDGET_MS;
  const outcomes = new Map<string, ClientOutcome>();
  // The expected failures first: they are the likeliest to sit out a timeout, so they overlap the rest.
  const queue: ClientScenario[] = [...EXPECTED_FAILURES, ...MUST_PASS];
  const worker = async (): Promise<void> => {
    for (let scenario = queue.shift(); scenario !== undefined; scenario = queue.shift()) {
      let outcome: ClientOutcome;
      if (!known.includes(scenario.name)) {
        outcome = { passed: false, problems: ['the installed suite has no client scenario of that name'] };
      } else if (Date.now() > deadline) {
        outcome = {
          passed: false,
          problems: [`not started: the client run had used its ${CLIENT_RUN_BUDGET_MS / 1000} s budget`],
        };
      } else {
        outcome = await runScenario(resources, node22, scenario);
      }
      outcomes.set(scenario.name, outcome);
    }
  };
  await Promise.all(Array.from({ length: CLIENT_CONCURRENCY }, () => worker()));
  return { known, outcomes, elapsedMs: Date.now() - started };
}

/** Names in the suite's list that no table in client-scenarios.ts mentions. */
export function unlistedScenarios(known: readonly string[]): string[] {
  const listed = new Set([...MUST_PASS, ...EXPECTED_FAILURES, ...NOT_RUN].map((scenario) => scenario.name));
  return known.filter((name) => !listed.has(name));
}

async function runScenario(
  resources: RunResources,
  node22: string,
  scenario: ClientScenario,
): Promise<ClientOutcome> {
  const logFile = join(CLIENT_RESULTS, `${scenario.name}.log`);
  await mkdir(dirname(logFile), { recursive: true });
  // Each check keeps its sign-in under its own keychain entry: checks running side by side under
  // the default name would overwrite each other's tokens.
  const keychainName = `conformance-${scenario.name.replace(/[^A-Za-z0-9-]/g, '-')}`;
  const check = [TSX, GATEWAY_CLI, 'server', 'check', '--sign-in', 'follow-redirects'];
  // The suite hands --command, plus the scenario's URL, to a shell.
  const command = [...check, '--name', keychainName, ...scenario.args].map(shellWord).join(' ');
  const child = resources.start(
    node22,
    [
      SUITE,
      'client',
      ...['--command', command, '--scenario', scenario.name],
      ...['--timeout', String(CLIENT_TIMEOUT_MS), '-o', CLIENT_RESULTS],
    ],
    logFile,
    // The suite passes its environment on to the command.
    { ...process.env, GATEHOUSE_KEYCHAIN_SERVICE: CLIENT_KEYCHAIN_SERVICE },
  );
  let suiteOutput = '';
  child.stderr?.on('data', (chunk: Buffer) => (suiteOutput += chunk.toString()));
  let exitCode: number;
  try {
    exitCode = await waitForExit(child, `The suite's ${scenario.name} scenario`, CLIENT_SCENARIO_TIMEOUT_MS);
  } catch (error: unknown) {
    await resources.stop(child);
    return { passed: false, problems: [describeError(error)] };
  }
  return readOutcome(scenario.name, exitCode, suiteOutput, logFile);
}

/**
 * Judges one scenario from its checks.json, as the suite does: it passes when every check is
 * SUCCESS or INFO and the suite exited 0 (which also needs the client to finish in time, and to
 * exit 0 unless the scenario expects it not to).
 */
async function readOutcome(
  scenario: string,
  exitCode: number,
  suiteOutput: string,
  logFile: string,
): Promise<ClientOutcome> {
  const see = `see ${relative(ROOT, logFile)}`;
  const resultDir = await findResultDir(scenario);
  if (resultDir === undefined) return { passed: false, problems: [`no results written (${see})`] };
  const checks = parseJsonLine(
    await readFile(join(resultDir, 'checks.json'), 'utf8').catch(() => ''),
    ChecksFileSchema,
  );
  const clientStderr = await readFile(join(resultDir, 'stderr.txt'), 'utf8').catch(() => '');
  const keychainProblem = clientStderr
    .split('\n')
    .find((line) => line.includes('No keychain is reachable'))
    ?.trim();
  const failing = (checks ?? []).filter((check) => !PASSING_STATUSES.has(check.status));
  if (exitCode === 0 && checks !== undefined && checks.length > 0 && failing.length === 0) {
    return { passed: true, problems: [] };
  }
  const problems: string[] = [];
  if (checks === undefined) problems.push('checks.json is missing or unreadable');
  else if (checks.length === 0) problems.push('no checks recorded');
  problems.push(
    ...failing
      .slice(0, MAX_PROBLEMS)
      .map(
        (check) =>
          `${check.id} [${check.status}]: ${check.errorMessage ?? check.description ?? 'no message'}`,
      ),
  );
  if (failing.length > MAX_PROBLEMS)
    problems.push(`and ${failing.length - MAX_PROBLEMS} more failing checks`);
  const exited = /Client exited with code (-?\d+)/.exec(suiteOutput)?.[1];
  if (/Client timed out after/.test(suiteOutput)) {
    problems.push(`the client did not finish within ${CLIENT_TIMEOUT_MS / 1000} s`);
  } else if (exited !== undefined) {
    problems.push(`the client exited with code ${exited}: ${lastLine(clientStderr) || 'no message'}`);
  }
  problems.push(`suite exit code ${exitCode}; ${see} and ${relative(ROOT, resultDir)}/`);
  return { passed: false, problems, ...(keychainProblem ? { keychainProblem } : {}) };
}

/** The suite's result folder for a scenario; the harness runs each scenario once, so there is one. */
async function findResultDir(scenario: string): Promise<string | undefined> {
  const parent = join(CLIENT_RESULTS, dirname(scenario));
  const prefix = `${basename(scenario)}-`;
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const match = entries
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(prefix))
    .map((entry) => entry.name)
    .filter((name) => RESULT_TIME.test(name.slice(prefix.length)))
    .sort()
    .at(-1);
  return match === undefined ? undefined : join(parent, match);
}

function lastLine(text: string): string {
  const line = text.trim().split('\n').at(-1) ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
