/**
 * Reporting the client run: a table of every client scenario the suite knows, the problems of
 * each failure, and the one summary line.
 */
import type { ClientRun } from './client-runs.js';
import { unlistedScenarios } from './client-runs.js';
import { EXPECTED_FAILURES, MUST_PASS, NOT_RUN } from './client-scenarios.js';

/** The client run's verdict: `failed` counts MUST_PASS scenarios that did not pass. */
export interface ClientSummary {
  readonly failed: number;
  readonly line: string;
}

/** Prints the table and each failure's problems; returns the summary line for the end of the run. */
export function printClientReport(run: ClientRun): ClientSummary {
  const expectedToFail = new Map(EXPECTED_FAILURES.map((scenario) => [scenario.name, scenario.reason]));
  const notRun = new Map(NOT_RUN.map((scenario) => [scenario.name, scenario.reason]));
  const mustPass = MUST_PASS.map((scenario) => scenario.name);
  // The suite's order first, then any name the tables have and the suite lacks.
  const names = [...new Set([...run.known, ...mustPass, ...expectedToFail.keys(), ...notRun.keys()])];
  const expectation = (name: string): string =>
    expectedToFail.has(name) ? 'fail' : mustPass.includes(name) ? 'pass' : notRun.has(name) ? '-' : '?';
  const result = (name: string): string => {
    const outcome = run.outcomes.get(name);
    if (outcome === undefined) return notRun.has(name) ? 'not run' : 'not run (in no list)';
    if (outcome.passed) return expectedToFail.has(name) ? 'pass (expected to fail)' : 'pass';
    return expectedToFail.has(name) ? 'FAIL (expected)' : 'FAIL';
  };
  const title = `client scenario (gatehouse server check, ${Math.round(run.elapsedMs / 1000)} s)`;
  const width = Math.max(title.length, ...names.map((name) => name.length));
  console.log(`\n${title.padEnd(width)} | expect | result`);
  console.log(`${'-'.repeat(width)}-|--------|-------`);
  for (const name of names)
    console.log(`${name.padEnd(width)} | ${expectation(name).padEnd(6)} | ${result(name)}`);

  let keychainLines = 0;
  for (const name of names) {
    const outcome = run.outcomes.get(name);
    if (outcome === undefined || outcome.passed) continue;
    const reason = expectedToFail.get(name);
    // Without a keychain every check fails the same way: one line each, the explanation once below.
    if (outcome.keychainProblem !== undefined) {
      console.log(
        `${keychainLines++ === 0 ? '\n' : ''}client ${name}: failed, no keychain reachable (see below)`,
      );
      continue;
    }
    console.log(`\nclient ${name}${reason === undefined ? '' : ` (expected to fail: ${reason})`}:`);
    for (const problem of outcome.problems) console.log(`  - ${problem}`);
  }
  if (notRun.size > 0) {
    console.log('\nclient scenarios not run:');
    for (const [name, reason] of notRun) console.log(`  - ${name}: ${reason}`);
  }
  const nowPassing = [...expectedToFail.keys()].filter((name) => run.outcomes.get(name)?.passed === true);
  if (nowPassing.length > 0) {
    console.log(
      `\nconformance: ${nowPassing.join(', ')} passed though listed as expected to fail: move ${nowPassing.length > 1 ? 'them' : 'it'} to MUST_PASS in test/conformance/client-scenarios.ts.`,
    );
  }
  const unlisted = unlistedScenarios(run.known);
  if (unlisted.length > 0) {
    console.log(
      `\nconformance: the suite has client scenarios that test/conformance/client-scenarios.ts does not list: ${unlisted.join(', ')}. Add each to MUST_PASS, EXPECTED_FAILURES or NOT_RUN.`,
    );
  }
  const keychainProblem = [...run.outcomes.values()].find(
    (outcome) => outcome.keychainProblem,
  )?.keychainProblem;
  if (keychainProblem !== undefined) {
    console.log(
      `\nconformance: \`server check\` could not reach a keychain, which it opens before connecting, so those scenarios failed. It said:\n  ${keychainProblem}\n` +
        'Run the harness inside test/keychain/with-keyring.sh (a private D-Bus session with an unlocked GNOME ' +
        'Keyring): test/keychain/with-keyring.sh npm run test:conformance',
    );
  }

  const passed = [...run.outcomes.values()].filter((outcome) => outcome.passed).length;
  const failed = mustPass.filter((name) => run.outcomes.get(name)?.passed !== true).length;
  const stillFailing = [...expectedToFail.keys()].filter((name) => run.outcomes.get(name)?.passed !== true);
  const notes = [
    `${stillFailing.length} expected failures${stillFailing.length > 0 ? `: ${stillFailing.join(', ')}` : ''}`,
    ...(nowPassing.length > 0 ? [`passing though expected to fail: ${nowPassing.join(', ')}`] : []),
    `${notRun.size} not run`,
  ];
  return { failed, line: `client scenarios: ${passed} passed, ${failed} failed (${notes.join('; ')})` };
}
