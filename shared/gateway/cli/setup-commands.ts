/**
 * `gatehouse clients detect|connect|disconnect|undo|import`: finds the AI apps on this computer
 * and connects each to Gatehouse in its own config file. Works without a running gateway (the
 * files are written from here); a running one is told to pick the changes up.
 */
import type { Command } from 'commander';
import {
  SetupClientKindSchema,
  type ConfigChangePreview,
  type SetupClientKind,
} from '../../contracts/client-setup.js';
import { DEFAULT_PORT } from '../../contracts/config.js';
import { connectInstructions } from '../clients/connect-instructions.js';
import { ClientOnboarding } from '../clients/setup/client-onboarding.js';
import { ClientSetup } from '../clients/setup/client-setup.js';
import { ClientRegistry } from '../config/client-registry.js';
import { ConfigStore } from '../config/config-store.js';
import { readRuntimeFile } from '../config/runtime-file.js';
import { GatehouseError } from '../errors.js';
import { loadBackupSealer } from '../clients/setup/backup-sealing.js';
import { defaultSecretStore } from '../secrets/default-secret-store.js';
import { connectToGateway } from './approval-commands.js';
import { report, reportFailure } from './output.js';
import {
  describeDetection,
  describeImportPreview,
  describeImportResult,
  describePreview,
} from './setup-output.js';
import { confirm } from './terminal-confirm.js';
import type { GlobalOptions } from './global-options.js';

interface WriteOptions {
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly json?: boolean;
}

interface ImportOptions extends WriteOptions {
  readonly removeFromClient?: boolean;
}

/** Onboarding over the data folder, and the URL clients are pointed at. */
interface Session {
  readonly onboarding: ClientOnboarding;
  readonly registry: ClientRegistry;
  readonly configStore: ConfigStore;
  readonly gatewayUrl: string;
  readonly dataDir: string;
}

/** Adds the `clients` command group. */
export function registerSetupCommands(program: Command, globals: () => GlobalOptions): void {
  const clients = program
    .command('clients')
    .description('Find the AI apps on this computer and connect each to Gatehouse in its own config file');
  const kinds = SetupClientKindSchema.options.join(', ');
  const session = () => openSession(globals().dataDir);

  clients
    .command('detect')
    .description('List the AI apps Gatehouse can set up, whether they use Gatehouse, and what bypasses it')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const { onboarding, gatewayUrl } = await session();
        const detection = onboarding.detect();
        report(json, { gatewayUrl, ...detection }, describeDetection(detection, gatewayUrl));
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  for (const action of ['connect', 'disconnect'] as const) {
    clients
      .command(`${action} <kind>`)
      .description(
        action === 'connect'
          ? `Give an app (${kinds}) its own token and add Gatehouse to its config`
          : 'Remove Gatehouse from an app’s config and revoke its token',
      )
      .option('--dry-run', 'show the change without writing it')
      .option('--yes', 'write without asking (needed without a terminal)')
      .option('--json', 'print JSON')
      .action(async (kind: string, options: WriteOptions) => {
        try {
          await changeClient(action, parseKind(kind), options, await session());
        } catch (error: unknown) {
          reportFailure(Boolean(options.json), error);
        }
      });
  }

  clients
    .command('undo <kind>')
    .description('Put back the app’s config file as it was before Gatehouse’s last change to it')
    .option('--json', 'print JSON')
    .action(async (kind: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const current = await session();
        const result = current.onboarding.undo(parseKind(kind));
        await tellRunningGateway(current.dataDir);
        report(json, result, result.message);
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  clients
    .command('import <kind>')
    .description(
      "Import an app's MCP servers into Gatehouse, moving plain-text credentials into the keychain",
    )
    .option(
      '--remove-from-client',
      'then remove them from the app, so all its traffic goes through Gatehouse',
    )
    .option('--dry-run', 'show what would be imported without writing anything')
    .option('--yes', 'import without asking (needed without a terminal)')
    .option('--json', 'print JSON')
    .action(async (kind: string, options: ImportOptions) => {
      try {
        await importClient(parseKind(kind), options, await session());
      } catch (error: unknown) {
        reportFailure(Boolean(options.json), error);
      }
    });
}

async function changeClient(
  action: 'connect' | 'disconnect',
  kind: SetupClientKind,
  options: WriteOptions,
  { onboarding, registry, dataDir }: Session,
): Promise<void> {
  const json = Boolean(options.json);
  const preview = action === 'connect' ? onboarding.previewConnect(kind) : onboarding.previewDisconnect(kind);
  const revokes = action === 'disconnect' && registry.list().some((client) => client.name === kind);
  if (!preview.changed && !revokes) {
    report(json, { ...preview, written: false }, preview.summary.join('\n'));
    return;
  }
  showPreview(json, `${capitalized(action)} ${titleOf(kind)}:`, preview);
  if (options.dryRun) {
    report(json, { ...preview, written: false }, 'Dry run: nothing was written.');
    return;
  }
  if (!(await agree(options, `${capitalized(action)} ${titleOf(kind)}? [Y/n] `, preview.path))) {
    report(json, { ...preview, written: false }, 'Nothing was changed.');
    return;
  }
  // The file as previewed is what the person agreed to: a client that rewrote it meanwhile is refused.
  const result =
    action === 'connect'
      ? onboarding.connect(kind, preview.basedOn)
      : onboarding.disconnect(kind, preview.basedOn);
  await tellRunningGateway(dataDir);
  // What happened to the token (a rotation, a revocation) is the sentence onboarding added last.
  const tokenNews =
    ('rotatedToken' in result && result.rotatedToken) || ('revokedClient' in result && result.revokedClient)
      ? result.summary.slice(-1)
      : [];
  const fileNews = result.changed
    ? [
        `${action === 'connect' ? 'Connected' : 'Disconnected'} ${titleOf(kind)}.`,
        ...(result.backupPath ? [`The original is kept in ${result.backupPath}.`] : []),
        `Undo with \`gatehouse clients undo ${kind}\`.`,
      ]
    : [`${result.path} stays as it is.`];
  report(json, { ...result, written: result.changed }, [...fileNews, ...tokenNews].join('\n'));
}

async function importClient(kind: SetupClientKind, options: ImportOptions, current: Session): Promise<void> {
  const json = Boolean(options.json);
  const removeFromClient = Boolean(options.removeFromClient);
  const preview = await current.onboarding.previewImport(kind);
  if (!json) process.stdout.write(`${describeImportPreview(preview, removeFromClient)}\n\n`);
  const importing = preview.servers.filter((server) => server.outcome === 'import').length;
  const removing = removeFromClient && preview.removal !== null;
  if (importing === 0 && !removing) {
    report(
      json,
      { ...preview, written: false },
      'Nothing to import: Gatehouse has every server it can take over.',
    );
    return;
  }
  if (options.dryRun) {
    report(json, { ...preview, written: false }, 'Dry run: nothing was written.');
    return;
  }
  const question =
    `Import ${importing === 1 ? '1 server' : `${importing} servers`} into Gatehouse` +
    `${removing ? ` and remove them from ${titleOf(kind)}` : ''}? [Y/n] `;
  if (!(await agree(options, question, `${current.configStore.path} or ${preview.path}`))) {
    report(json, { ...preview, written: false }, 'Nothing was changed.');
    return;
  }
  const basedOn = preview.removal?.basedOn;
  const result = await current.onboarding.import(kind, { removeFromClient, ...(basedOn ? { basedOn } : {}) });
  const reloaded = await tellRunningGateway(current.dataDir);
  const started =
    result.added.length === 0
      ? []
      : [reloaded ? 'The running gateway starts them now.' : 'Gatehouse starts them when it next starts.'];
  report(
    json,
    { ...result, written: true, gatewayReloaded: reloaded },
    [describeImportResult(result, current.configStore.path), ...started].join('\n'),
  );
}

/** The valid kind, or a sentence listing them. */
function parseKind(raw: string): SetupClientKind {
  const parsed = SetupClientKindSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new GatehouseError(
    'client_kind_unknown',
    `"${raw}" is not an app Gatehouse can set up. Use one of: ${SetupClientKindSchema.options.join(', ')}.`,
  );
}

/**
 * `--yes` agrees for a script; a person at a terminal is asked; anything else is refused with the
 * flag to pass, before anything is written.
 */
async function agree(options: WriteOptions, question: string, what: string): Promise<boolean> {
  if (options.yes) return true;
  if (!process.stdin.isTTY) {
    throw new GatehouseError(
      'confirmation_required',
      `Gatehouse asks before it changes ${what}, and there is no terminal to ask on. ` +
        'Pass --yes to make the change (or --dry-run to only see it); nothing was changed.',
    );
  }
  return confirm(question, { code: 'confirmation_required', message: 'Cancelled; nothing was changed.' });
}

function showPreview(json: boolean, heading: string, preview: ConfigChangePreview): void {
  if (!json) process.stdout.write(`${heading}\n${describePreview(preview)}\n\n`);
}

async function openSession(dataDir: string): Promise<Session> {
  const registry = new ClientRegistry(dataDir);
  const configStore = new ConfigStore(dataDir);
  const gatewayUrl = runningOrConfiguredUrl(dataDir, configStore);
  const secrets = defaultSecretStore();
  const sealer = await loadBackupSealer(secrets);
  const onboarding = new ClientOnboarding({
    setup: new ClientSetup({ dataDir, ...(sealer ? { sealer } : {}) }),
    clients: registry,
    configStore,
    secrets,
    gatewayUrl,
  });
  return { onboarding, registry, configStore, gatewayUrl, dataDir };
}

/** The running gateway's URL; without one, where `gatehouse serve` will listen. */
function runningOrConfiguredUrl(dataDir: string, configStore: ConfigStore): string {
  try {
    return readRuntimeFile(dataDir).url;
  } catch {
    let port = DEFAULT_PORT;
    try {
      port = configStore.load().settings.port || DEFAULT_PORT;
    } catch {
      // An unreadable config.json is reported by the commands that need it; the default will do here.
    }
    return `http://127.0.0.1:${port}/mcp`;
  }
}

/** Tells a running gateway to re-read what the CLI wrote. No gateway running is fine. */
async function tellRunningGateway(dataDir: string): Promise<boolean> {
  try {
    await connectToGateway(dataDir).call('setup.reload', {});
    return true;
  } catch {
    return false;
  }
}

function titleOf(kind: SetupClientKind): string {
  return connectInstructions(kind, { url: '', token: '' }).title;
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
