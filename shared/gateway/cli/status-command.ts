/**
 * `gatehouse status`: the running gateway's upstream servers and their state, and whether its
 * audit trail is being written.
 */
import type { Command } from 'commander';
import type { AuditHealth } from '../../contracts/audit.js';
import { describeProtocol } from '../../contracts/upstream-status.js';
import { connectToGateway } from './approval-commands.js';
import { describeBudget } from './catalog-output.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** Adds the `status` command. */
export function registerStatusCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description(
      "Show the running gateway's servers (state, tool counts, last error, MCP protocol), its audit trail and each client's context budget",
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const control = connectToGateway(globals().dataDir);
        const [servers, state, budget] = await Promise.all([
          control.call('servers.status', {}),
          control.call('gateway.state', {}),
          control.call('catalog.budget', {}),
        ]);
        const lines = servers.map((server) => {
          const protocol = describeProtocol(server.protocol);
          return `${server.name}\t${server.state}${server.message ? ` (${server.message})` : ''}\t${server.toolCount} tools${protocol ? `\tMCP ${protocol}` : ''}`;
        });
        if (lines.length === 0) lines.push('No servers configured.');
        if (state.audit) lines.push(describeAudit(state.audit));
        lines.push(...describeBudget(budget));
        report(
          json,
          { servers, ...(state.audit ? { audit: state.audit } : {}), catalog: budget },
          lines.join('\n'),
        );
        // A trail that is not being written is worth a failing exit code to scripts that check.
        if (state.audit && state.audit.state !== 'ok') process.exitCode = 3;
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}

/** One line about the audit trail. */
export function describeAudit(health: AuditHealth): string {
  return health.message ? `Audit: ${health.state.toUpperCase()}: ${health.message}` : 'Audit: writing.';
}
