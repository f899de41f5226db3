/**
 * Driving the official conformance suite: finding a Node it can run on, listing its scenarios,
 * and running all the server scenarios against one URL.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResources } from './child-processes.js';
import { waitForExit } from './child-processes.js';
import { ROOT, RUNTIME_NODE, SUITE, SUITE_TIMEOUT_MS, type ServerSuite } from './harness-config.js';
import { HarnessError } from './harness-error.js';
import { readResults } from './results.js';
import type { ScenarioOutcome } from './results.js';

/** Finds a Node 22+ for the suite, which imports `fs.globSync` (absent from Node 20). */
export function findNode22(): string {
  if (existsSync(RUNTIME_NODE)) return RUNTIME_NODE;
  try {
    const version = execFileSync('node', ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    if (Number(/^v(\d+)\./.exec(version)?.[1] ?? 0) >= 22) return 'node';
  } catch {
    // No usable node on PATH: fall through to the instruction below.
  }
  throw new HarnessError(
    'node22-missing',
    'The conformance suite needs Node 22 or newer: run `npm ci --prefix test/conformance/runtime` to install it.',
  );
}

/** Names every scenario of one side the installed suite knows, so a missing result counts as a failure. */
export function listScenarios(node22: string, side: 'server' | 'client' = 'server'): string[] {
  return listed(node22, [SUITE, 'list', `--${side}`], side, (output) => [
    ...output.matchAll(/^\s+- (\S+)/gm),
  ]);
}

/**
 * The server scenarios a suite family runs: all of them for `--suite all`, else the ones the
 * revision requires (the list's "Server scenarios" section, not the unscored ones after it).
 */
export function listServerScenarios(node22: string, family: ServerSuite): string[] {
  const requirements = family.selection[0] === '--requirements' ? family.selection : [];
  return listed(node22, [family.suite, 'list', '--server', ...requirements], 'server', (output) => {
    if (requirements.length === 0) return [...output.matchAll(/^\s+- (\S+)/gm)];
    const section = output.split(/^Server scenarios.*$/m)[1]?.split(/^\S/m)[0] ?? '';
    return [...section.matchAll(/^\s+- (\S+)\s*$/gm)];
  });
}

function listed(
  node22: string,
  args: string[],
  side: string,
  pick: (output: string) => RegExpMatchArray[],
): string[] {
  const output = execFileSync(node22, args, { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  const names = pick(output).map((match) => match[1] ?? '');
  if (names.length === 0)
    throw new HarnessError('suite-failed', `The conformance suite listed no ${side} scenarios.`);
  return names;
}

/** Runs a family's server scenarios against one URL and reads the results. */
export async function runSuite(
  resources: RunResources,
  node22: string,
  family: ServerSuite,
  url: string,
  outDir: string,
  scenarios: string[],
): Promise<Map<string, ScenarioOutcome>> {
  const child = resources.start(
    node22,
    [family.suite, 'server', '--url', url, ...family.selection, '-o', outDir],
    join(outDir, 'suite-output.log'),
  );
  try {
    // The suite exits 1 when any check fails; the checks files say which, so the code is not used.
    await waitForExit(child, 'The conformance suite', SUITE_TIMEOUT_MS);
  } catch (error: unknown) {
    await resources.stop(child);
    throw error;
  }
  return readResults(outDir, scenarios);
}
