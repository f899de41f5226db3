/**
 * `gatehouse client add|list|revoke`: manage the tokens AI clients connect with.
 */
import type { Command } from 'commander';
import { ClientRegistry } from '../config/client-registry.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** Adds the `client` command group. */
export function registerClientCommands(program: Command, globals: () => GlobalOptions): void {
  const client = program
    .command('client')
    .description('Manage the AI clients allowed to connect, each with its own token');

  client
    .command('add <name>')
    .description('Create a client and print its token (shown once, stored only as a hash)')
    .option('--json', 'print JSON')
    .action((name: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const created = new ClientRegistry(globals().dataDir).add(name);
        report(
          json,
          created,
          [
            `Created client "${created.name}". Its token, shown only this once:`,
            '',
            `  ${created.token}`,
            '',
            'Give it to the client as the header "Authorization: Bearer <token>".',
          ].join('\n'),
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  client
    .command('list')
    .description('List clients (never their tokens)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const clients = new ClientRegistry(globals().dataDir).list();
        const lines = clients.map((entry) => `${entry.name}\tcreated ${entry.createdAt}`);
        report(
          json,
          { clients },
          clients.length > 0 ? lines.join('\n') : 'No clients yet. Add one with `gatehouse client add NAME`.',
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  client
    .command('revoke <name>')
    .description('Revoke a client: its token stops working at once, also in a running gateway')
    .option('--json', 'print JSON')
    .action((name: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        new ClientRegistry(globals().dataDir).revoke(name);
        report(json, { revoked: name }, `Revoked client "${name}".`);
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}
