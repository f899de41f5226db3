/**
 * `gatehouse approvals`, `approve ID`, `deny ID`: answer pending approvals of the running gateway
 * from another terminal, until the desktop UI does it.
 */
import type { Command } from 'commander';
import type { ApprovalVerdict, PendingApproval } from '../../contracts/approvals.js';
import { readRuntimeFile } from '../config/runtime-file.js';
import { ControlClient } from '../control/control-client.js';
import { GatehouseError } from '../errors.js';
import { collect, conditionsFromOptions } from './grant-options.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** A control client for the gateway running on the data directory. */
export function connectToGateway(dataDir: string): ControlClient {
  const runtime = readRuntimeFile(dataDir);
  return new ControlClient(new URL(runtime.url), runtime.adminToken);
}

/** Adds the approval commands. */
export function registerApprovalCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('approvals')
    .description('List the calls waiting for your approval')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const pending = await connectToGateway(globals().dataDir).call('approvals.list', {});
        report(
          json,
          { approvals: pending },
          pending.length === 0 ? 'Nothing is waiting for approval.' : pending.map(describe).join('\n\n'),
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  program
    .command('approve <id>')
    .description('Allow a pending call (once, for a while, or always for this client and tool)')
    .option('--for <minutes>', 'also allow this tool for this client, without asking, for this many minutes')
    .option(
      '--inside <argument=folder>',
      'with --for: only calls whose path argument is inside the folder',
      collect,
    )
    .option(
      '--exact <argument=value>',
      'with --for: only calls whose argument is exactly this (JSON or a word)',
      collect,
    )
    .option('--always', 'add a rule that always allows this tool for this client')
    .option('--json', 'print JSON')
    .action(
      async (
        id: string,
        options: { for?: string; inside?: string[]; exact?: string[]; always?: boolean; json?: boolean },
      ) => {
        const json = Boolean(options.json);
        try {
          const conditions = conditionsFromOptions(options.inside, options.exact);
          if (conditions.length > 0 && options.for === undefined) {
            throw new GatehouseError(
              'grant_invalid',
              '--inside and --exact narrow a grant: give --for MINUTES too.',
            );
          }
          const verdict: ApprovalVerdict = options.always
            ? { kind: 'always-allow' }
            : options.for !== undefined
              ? {
                  kind: 'allow-for',
                  minutes: Number(options.for),
                  ...(conditions.length ? { conditions } : {}),
                }
              : { kind: 'allow-once' };
          const approval = await connectToGateway(globals().dataDir).call('approvals.decide', {
            id,
            verdict,
          });
          report(
            json,
            { approved: approval, verdict },
            `Allowed ${approval.exposedTool} for ${approval.client}.`,
          );
        } catch (error: unknown) {
          reportFailure(json, error);
        }
      },
    );

  program
    .command('deny <id>')
    .description('Deny a pending call; the reason, if any, is returned to the model')
    .option('--reason <text>', 'why, in a sentence the model will read')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { reason?: string; json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const verdict: ApprovalVerdict = {
          kind: 'deny',
          ...(options.reason ? { reason: options.reason } : {}),
        };
        const approval = await connectToGateway(globals().dataDir).call('approvals.decide', { id, verdict });
        report(json, { denied: approval, verdict }, `Denied ${approval.exposedTool} for ${approval.client}.`);
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}

function describe(approval: PendingApproval): string {
  const seconds = Math.max(0, Math.round((Date.parse(approval.expiresAt) - Date.now()) / 1000));
  const args = JSON.stringify(approval.arguments, null, 2)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return [
    `${approval.id}  ${approval.client} → ${approval.server} / ${approval.tool}  (expires in ${seconds} s)`,
    `  ${approval.explanation}`,
    ...(approval.argumentsDigest ? [`  arguments digest: ${approval.argumentsDigest}`] : []),
    `  arguments:\n${args}`,
  ].join('\n');
}
