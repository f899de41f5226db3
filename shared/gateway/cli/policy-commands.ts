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

  registerDryRun(policy, globals);

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

/** Adds `policy dry-run`, which asks the running gateway to replay its recent history. */
function registerDryRun(policy: Command, globals: () => GlobalOptions): void {
  policy
    .command('dry-run <file>')
    .description(
      'Show how the policies in a file would have decided the last audited calls (nothing is applied)',
    )
    .option('--last <n>', 'how many recent calls to replay', '500')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { last: string; json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const policies = readPolicyFile(file);
        const result = await connectToGateway(globals().dataDir).call('policy.dryRun', {
          policies,
          last: Number(options.last),
        });
        const lines = result.calls
          .filter((call) => call.changed)
          .map(
            (call) =>
              `#${call.seq} ${call.time} ${call.client} ${call.server}/${call.tool}: ${call.before.action ?? '-'}${call.before.ruleId ? ` (${call.before.ruleId})` : ''} → ${call.after.action}${call.after.ruleId ? ` (${call.after.ruleId})` : ''}`,
          );
        report(
          json,
          result,
          [`${result.changed} of ${result.checked} calls would be decided differently.`, ...lines].join('\n'),
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
