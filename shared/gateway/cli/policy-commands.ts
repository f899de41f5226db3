/**
 * `gatehouse policy export|import|show`: move policies between machines as a file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PolicySetSchema, type PolicySet } from '../../contracts/policy.js';
import { systemClock } from '../clock.js';
import { ConfigStore } from '../config/config-store.js';
import { formatIssues } from '../config/json-file-store.js';
import { GatehouseError, describeError } from '../errors.js';
import { PolicyEngine } from '../policy/policy-engine.js';
import { connectToGateway } from './approval-commands.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** Adds the `policy` command group. */
export function registerPolicyCommands(program: Command, globals: () => GlobalOptions): void {
  const policy = program
    .command('policy')
    .description('Show, export and import the rules that decide tool calls');

  policy
    .command('show')
    .description('Print the current policies as JSON')
    .action(() => {
      try {
        process.stdout.write(
          `${JSON.stringify(new ConfigStore(globals().dataDir).load().policies, null, 2)}\n`,
        );
      } catch (error: unknown) {
        reportFailure(false, error);
      }
    });

  policy
    .command('export <file>')
    .description('Write the current policies to a JSON file')
    .option('--json', 'print JSON')
    .action((file: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const policies = new ConfigStore(globals().dataDir).load().policies;
        writeFileSync(file, `${JSON.stringify(policies, null, 2)}\n`);
        report(
          json,
          { exported: file, rules: policies.rules.length },
          `Wrote ${policies.rules.length} rules to ${file}.`,
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  policy
    .command('import <file>')
    .description('Replace the policies with those in a JSON file (checked before anything is saved)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const { dataDir } = globals();
        const policies = readPolicyFile(file);
        new ConfigStore(dataDir).update((raw) => ({ ...raw, policies }));
        const applied = await connectToGateway(dataDir)
          .call('policy.reload', {})
          .then(() => ' The running gateway uses them now.')
          .catch(() => ' They apply when Gatehouse next starts.');
        report(
          json,
          { imported: file, rules: policies.rules.length },
          `Imported ${policies.rules.length} rules from ${file}.${applied}`,
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}

/** Reads and fully checks a policy file: schema, then globs and regexes compiled. */
export function readPolicyFile(file: string): PolicySet {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    throw new GatehouseError(
      'policy_invalid',
      `${file} could not be read as JSON (${describeError(error)}).`,
    );
  }
  const parsed = PolicySetSchema.safeParse(raw);
  if (!parsed.success)
    throw new GatehouseError(
      'policy_invalid',
      `${file} is not a valid policy file: ${formatIssues(parsed.error)}.`,
    );
  new PolicyEngine(parsed.data, systemClock);
  return parsed.data;
}
