/**
 * `gatehouse pause` and `gatehouse resume`: stop every tool call of the running gateway at once
 * (the tray's "Pause all tool calls"), and let them flow again.
 */
import type { Command } from 'commander';
import { connectToGateway } from './approval-commands.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

export function registerPauseCommands(program: Command, globals: () => GlobalOptions): void {
  for (const paused of [true, false]) {
    program
      .command(paused ? 'pause' : 'resume')
      .description(
        paused
          ? 'Refuse every new tool call until you resume (calls already running finish)'
          : 'Let tool calls through again after a pause',
      )
      .option('--json', 'print JSON')
      .action(async (options: { json?: boolean }) => {
        const json = Boolean(options.json);
        try {
          const state = await connectToGateway(globals().dataDir).call(
            paused ? 'gateway.pause' : 'gateway.resume',
            {},
          );
          report(
            json,
            state,
            state.pausedSince
              ? `Every tool call is paused (since ${state.pausedSince}). Run \`gatehouse resume\` to let them through.`
              : 'Tool calls flow again.',
          );
        } catch (error: unknown) {
          reportFailure(json, error);
        }
      });
  }
}
