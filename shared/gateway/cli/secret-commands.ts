/**
 * `gatehouse secret set|list|delete`: secrets in the OS keychain, by name. Values go in (from
 * stdin or a hidden prompt) and never come back out.
 */
import type { Command } from 'commander';
import { ConfigStore } from '../config/config-store.js';
import { defaultSecretStore } from '../secrets/default-secret-store.js';
import { secretInventory } from '../secrets/secret-inventory.js';
import { assertSecretName } from '../secrets/secret-store.js';
import { connectToGateway } from './approval-commands.js';
import { report, reportFailure } from './output.js';
import { readSecretValue } from './secret-input.js';
import type { GlobalOptions } from './global-options.js';

/** Adds the `secret` command group. */
export function registerSecretCommands(program: Command, globals: () => GlobalOptions): void {
  const secret = program
    .command('secret')
    .description('Keep server credentials in the OS keychain; refer to them as ${secret:NAME} in config');

  secret
    .command('set <name>')
    .description(
      'Store or replace a secret, read from stdin or typed at a hidden prompt (never from arguments)',
    )
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        assertSecretName(name);
        const value = await readSecretValue(`Value for ${name} (not shown): `);
        await defaultSecretStore().set(name, value);
        const restarted = await tellRunningGateway(globals().dataDir, name);
        report(
          json,
          { stored: name, restarted },
          `Stored ${name} in the keychain.${restartedSentence(restarted)}`,
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  secret
    .command('list')
    .description('List secret names: stored in the keychain, or referred to by a server (never values)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const config = new ConfigStore(globals().dataDir).load();
        const secrets = await secretInventory(defaultSecretStore(), config);
        const lines = secrets.map(
          (entry) =>
            `${entry.name}\t${entry.stored ? 'stored' : 'MISSING'}` +
            (entry.usedBy.length > 0 ? `\tused by ${entry.usedBy.join(', ')}` : '\tunused'),
        );
        report(
          json,
          { secrets },
          lines.length > 0 ? lines.join('\n') : 'No secrets yet. Store one with `gatehouse secret set NAME`.',
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  secret
    .command('delete <name>')
    .description('Remove a secret from the keychain')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        assertSecretName(name);
        const deleted = await defaultSecretStore().delete(name);
        const restarted = deleted ? await tellRunningGateway(globals().dataDir, name) : [];
        report(
          json,
          { deleted: deleted ? name : null, restarted },
          deleted
            ? `Deleted ${name} from the keychain.${restartedSentence(restarted)}`
            : `The keychain held no secret called ${name}.`,
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}

/**
 * Lets a running gateway reconnect the servers that use the secret. No gateway running is fine:
 * it reads the keychain when it next starts them.
 */
async function tellRunningGateway(dataDir: string, name: string): Promise<string[]> {
  try {
    return (await connectToGateway(dataDir).call('secrets.changed', { name })).restarted;
  } catch {
    return [];
  }
}

function restartedSentence(restarted: readonly string[]): string {
  return restarted.length > 0 ? ` Reconnecting ${restarted.join(', ')}.` : '';
}
