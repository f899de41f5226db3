/**
 * `gatehouse status`: the running gateway's upstream servers and their state.
 */
import type { Command } from 'commander';
import { describeProtocol } from '../../contracts/upstream-status.js';
import { connectToGateway } from './approval-commands.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** Adds the `status` command. */
export function registerStatusCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description("Show the running gateway's servers: state, tool counts, last error, MCP protocol")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const servers = await connectToGateway(globals().dataDir).call('servers.status', {});
        const lines = servers.map((server) => {
          const protocol = describeProtocol(server.protocol);
          return `${server.name}\t${server.state}${server.message ? ` (${server.message})` : ''}\t${server.toolCount} tools${protocol ? `\tMCP ${protocol}` : ''}`;
        });
        report(json, { servers }, lines.length > 0 ? lines.join('\n') : 'No servers configured.');
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}
