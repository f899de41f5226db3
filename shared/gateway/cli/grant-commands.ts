/**
 * `gatehouse grants` and `gatehouse grants revoke ID`: the grants in force in the running gateway,
 * and ending one.
 */
import type { Command } from 'commander';
import { connectToGateway } from './approval-commands.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** Adds `grants` and `grants revoke`. */
export function registerGrantCommands(program: Command, globals: () => GlobalOptions): void {
  const grants = program
    .command('grants')
    .description('List the grants in force (what "approve --for" lets through without asking)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const list = await connectToGateway(globals().dataDir).call('grants.list', {});
        report(
          json,
          { grants: list },
          list.length === 0
            ? 'No grants are in force.'
            : list
                .map(
                  (grant) =>
                    `${grant.id}  until ${grant.expiresAt}  (by ${grant.grantedBy})\n  ${grant.summary}`,
                )
                .join('\n'),
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  grants
    .command('revoke <id>')
    .description('End a grant now: the next call it covered is asked about again')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const outcome = await connectToGateway(globals().dataDir).call('grants.revoke', { id });
        report(
          json,
          outcome,
          outcome.revoked ? `Revoked ${id}.` : `No grant ${id} is in force (it ran out or was revoked).`,
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}
