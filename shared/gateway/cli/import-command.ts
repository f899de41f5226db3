/**
 * `gatehouse server import <file>`: adds the servers of a pasted client config and offers to
 * move the plain-text credentials in it into the keychain. Names and keys are printed, never values.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { ConfigStore } from '../config/config-store.js';
import { GatehouseError, describeError } from '../errors.js';
import { defaultSecretStore } from '../secrets/default-secret-store.js';
import {
  applyImport,
  planImport,
  type CredentialLocation,
  type CredentialMove,
  type ImportMode,
  type ImportPlan,
  type ImportResult,
} from '../secrets/secret-import.js';
import { report, reportFailure } from './output.js';
import { confirm } from './terminal-confirm.js';
import type { GlobalOptions } from './global-options.js';

interface ImportCommandOptions {
  readonly moveSecrets?: boolean;
  readonly keepPlaintext?: boolean;
  readonly replace?: boolean;
  readonly json?: boolean;
}

/** Adds `import <file>` to the `server` command group. */
export function registerImportCommand(serverGroup: Command, globals: () => GlobalOptions): void {
  serverGroup
    .command('import <file>')
    .description(
      'Add the servers of a Claude Desktop, Cursor, Claude Code or VS Code config, moving plain-text credentials into the keychain',
    )
    .addOption(
      new Option(
        '--move-secrets',
        'store plain-text credentials in the keychain, refer to them as ${secret:NAME}',
      ).conflicts('keepPlaintext'),
    )
    .addOption(new Option('--keep-plaintext', 'leave credentials in config.json in plain text'))
    .option('--replace', 'overwrite servers that exist already (without it they are skipped)')
    .option('--json', 'print JSON')
    .action(async (file: string, options: ImportCommandOptions) => {
      const json = Boolean(options.json);
      try {
        const configStore = new ConfigStore(globals().dataDir);
        const store = defaultSecretStore();
        const plan = await planImport(readImportFile(file), configStore.load(), store, {
          replace: Boolean(options.replace),
          source: file,
        });
        const mode = await chooseMode(plan, options, file);
        const result = await applyImport(plan, configStore, store, mode);
        if (result.plaintext.length > 0) process.stderr.write(`${plaintextWarning(result)}\n`);
        report(json, { ...result, restartNeeded: wroteAnything(result) }, describeResult(result));
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}

/** The file's JSON, with a sentence naming the file when it is missing or not JSON. */
function readImportFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    const reason = isMissingFile(error) ? 'there is no such file' : describeError(error);
    throw new GatehouseError('import_invalid', `Cannot read ${file}: ${reason}; nothing was imported.`);
  }
  try {
    // Notepad saves a byte-order mark, and Claude Desktop's config is often edited there.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error: unknown) {
    throw new GatehouseError(
      'import_invalid',
      `${file} is not valid JSON (${describeError(error)}); nothing was imported.`,
    );
  }
}

/** A flag decides; otherwise a person at a terminal is asked, and a script is told which flag to pass. */
async function chooseMode(
  plan: ImportPlan,
  options: ImportCommandOptions,
  file: string,
): Promise<ImportMode> {
  if (options.keepPlaintext) return 'keep-plaintext';
  if (options.moveSecrets || plan.moves.length === 0) return 'move';
  const count = credentials(plan.moves.length);
  if (!process.stdin.isTTY) {
    throw new GatehouseError(
      'import_invalid',
      `${file} holds ${count} in plain text (${plan.moves.map(describeLocation).join(', ')}). ` +
        'Pass --move-secrets to store them in the keychain or --keep-plaintext to leave them in ' +
        'config.json; nothing was imported.',
    );
  }
  process.stderr.write(`${plan.moves.map((move) => `  ${describeMove(move)}`).join('\n')}\n`);
  const cancelled = { code: 'import_invalid', message: 'Cancelled; nothing was imported.' } as const;
  return (await confirm(`Move ${count} into the keychain? [Y/n] `, cancelled)) ? 'move' : 'keep-plaintext';
}

function describeResult(result: ImportResult): string {
  const lines: string[] = [];
  if (result.added.length > 0) lines.push(`Added ${result.added.join(', ')} to ${result.configPath}.`);
  if (result.replaced.length > 0)
    lines.push(`Replaced ${result.replaced.join(', ')} in ${result.configPath}.`);
  for (const { name } of result.skipped) {
    lines.push(`Skipped ${name}: a server with that name exists (--replace overwrites it).`);
  }
  if (result.moved.length > 0) {
    lines.push(`Moved ${credentials(result.moved.length)} into the keychain:`);
    lines.push(...result.moved.map((move) => `  ${describeMove(move)}`));
  }
  lines.push(
    wroteAnything(result)
      ? 'A running gateway picks the servers up when it restarts.'
      : 'Nothing was imported.',
  );
  return lines.join('\n');
}

function plaintextWarning(result: ImportResult): string {
  return (
    `Warning: ${credentials(result.plaintext.length)} ${result.plaintext.length === 1 ? 'stays' : 'stay'} ` +
    `in plain text in ${result.configPath} ` +
    `(${result.plaintext.map(describeLocation).join(', ')}); anyone who can read that file can use ` +
    'them. Import again with --replace --move-secrets to move them into the keychain.'
  );
}

function wroteAnything(result: ImportResult): boolean {
  return result.added.length > 0 || result.replaced.length > 0;
}

/** `github env GITHUB_TOKEN`, `linear header Authorization`. */
function describeLocation(location: CredentialLocation): string {
  return `${location.server} ${location.field === 'env' ? 'env' : 'header'} ${location.key}`;
}

/** `github env GITHUB_TOKEN → ${secret:GITHUB_TOKEN}` (plus a note when the keychain had it). */
function describeMove(move: CredentialMove): string {
  const note = move.alreadyStored ? ' (already in the keychain)' : '';
  return `${describeLocation(move)} → \${secret:${move.secretName}}${note}`;
}

function credentials(count: number): string {
  return count === 1 ? '1 credential' : `${count} credentials`;
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
