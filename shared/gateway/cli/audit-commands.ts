/**
 * `gatehouse audit verify|checkpoint|query|export`: read the audit trail. They open the database directly,
 * so they work whether or not the gateway runs (SQLite's WAL lets readers and the writer share).
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import {
  AuditQuerySchema,
  type AuditQuery,
  type AuditRecord,
  type AuditVerifyReport,
} from '../../contracts/audit.js';
import { type SignedCheckpoint, SignedCheckpointSchema } from '../audit/audit-checkpoint.js';
import { AUDIT_KEY_FILE, type KeyLookup, findAuditKey } from '../audit/audit-key.js';
import { AuditLog } from '../audit/audit-log.js';
import { formatIssues } from '../config/json-file-store.js';
import { GatehouseError, describeError } from '../errors.js';
import { defaultSecretStore } from '../secrets/default-secret-store.js';
import { silentLogger } from '../logger.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

interface FilterOptions {
  from?: string;
  to?: string;
  client?: string;
  server?: string;
  tool?: string;
  decision?: string;
  outcome?: string;
  text?: string;
  flow?: string;
  limit?: string;
}

/** Adds the `audit` command group. */
export function registerAuditCommands(program: Command, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('Verify, search and export the audit trail');

  audit
    .command('verify')
    .description(
      'Walk the hash chain and report the first record that was changed, removed, reordered or rewritten without the key',
    )
    .option('--checkpoint <file>', 'also check a checkpoint exported earlier with `audit checkpoint`')
    .option('--json', 'print JSON')
    .action(async (options: { checkpoint?: string; json?: boolean }) => {
      const json = Boolean(options.json);
      const { dataDir } = globals();
      await withAuditLogAsync(dataDir, json, async (log) => {
        const lookup = await lookUpKey(log, dataDir);
        const result = log.verify(lookup);
        const checkpointProblem = options.checkpoint
          ? log.checkCheckpoint(readCheckpoint(options.checkpoint), lookup)
          : undefined;
        const ok = result.ok && checkpointProblem === undefined;
        report(
          json,
          options.checkpoint
            ? { ...result, ok, checkpoint: { ok: !checkpointProblem, problem: checkpointProblem } }
            : result,
          describeVerification(result, options.checkpoint, checkpointProblem),
        );
        if (!ok) process.exitCode = 2;
      });
    });

  audit
    .command('checkpoint')
    .description("Print the trail's head, record count and time, signed with its key, to keep somewhere else")
    .option('--out <file>', 'write it to a file instead of standard output')
    .action(async (options: { out?: string }) => {
      const { dataDir } = globals();
      await withAuditLogAsync(dataDir, false, async (log) => {
        const checkpoint = log.signedCheckpoint(await lookUpKey(log, dataDir));
        const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
        if (options.out) {
          writeFileSync(options.out, text, { flag: 'wx' });
          process.stderr.write(`Wrote the checkpoint of record ${checkpoint.seq} to ${options.out}.\n`);
        } else {
          process.stdout.write(text);
        }
      });
    });

  withFilters(audit.command('query').description('Show audited requests, newest first'))
    .option('--json', 'print JSON')
    .action((options: FilterOptions & { json?: boolean }) => {
      const json = Boolean(options.json);
      withAuditLog(globals().dataDir, json, (log) => {
        const page = log.query(toQuery(options));
        report(
          json,
          page,
          page.records.length === 0 ? 'No audited requests match.' : page.records.map(describe).join('\n'),
        );
      });
    });

  withFilters(audit.command('export').description('Export audited requests as JSON Lines or CSV'))
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (options: FilterOptions & { format: string; out?: string }) => {
      if (options.format !== 'jsonl' && options.format !== 'csv') {
        reportFailure(
          false,
          new GatehouseError('audit_invalid', `--format is jsonl or csv, not "${options.format}".`),
        );
        return;
      }
      const format = options.format;
      let log: AuditLog | undefined;
      try {
        log = AuditLog.open({ dataDir: globals().dataDir, logger: silentLogger });
        const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
        const count = await log.exportTo(out, format, { ...toQuery(options), limit: undefined });
        if (options.out) {
          await new Promise<void>((resolve, reject) =>
            out.end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
          process.stderr.write(`Exported ${count} records to ${options.out}.\n`);
        }
      } catch (error: unknown) {
        reportFailure(false, error);
      } finally {
        log?.close();
      }
    });
}

function withFilters(command: Command): Command {
  return command
    .option('--from <time>', 'only requests at or after this ISO time')
    .option('--to <time>', 'only requests before this ISO time')
    .option('--client <name>', 'only this client')
    .option('--server <name>', 'only this server')
    .option('--tool <name>', 'only this tool, prompt or resource')
    .option('--decision <action>', 'allow, deny, approve or log')
    .option('--outcome <outcome>', 'ok, tool_error, protocol_error, timeout, cancelled or denied')
    .option('--text <words>', 'full-text search over tool names and arguments')
    .option(
      '--flow <kind>',
      'only calls carrying a flow: any, secret, private, untrusted, public or server:<name>',
    )
    .option('--limit <n>', 'at most this many (query only)', '50');
}

function toQuery(options: FilterOptions): AuditQuery {
  const parsed = AuditQuerySchema.safeParse({
    from: options.from,
    to: options.to,
    client: options.client,
    server: options.server,
    target: options.tool,
    decision: options.decision,
    outcome: options.outcome,
    text: options.text,
    flow: options.flow,
    limit: options.limit === undefined ? undefined : Number(options.limit),
  });
  if (!parsed.success)
    throw new GatehouseError('audit_invalid', `Bad filter: ${formatIssues(parsed.error)}.`);
  return parsed.data;
}

async function withAuditLogAsync(
  dataDir: string,
  json: boolean,
  use: (log: AuditLog) => Promise<void>,
): Promise<void> {
  let log: AuditLog | undefined;
  try {
    log = AuditLog.open({ dataDir, logger: silentLogger });
    await use(log);
  } catch (error: unknown) {
    reportFailure(json, error);
  } finally {
    log?.close();
  }
}

/** The trail's key from the keychain or the key file; undefined for a trail never keyed. */
async function lookUpKey(log: AuditLog, dataDir: string): Promise<KeyLookup | undefined> {
  const trailId = log.trailId;
  if (trailId === undefined) return undefined;
  return findAuditKey(defaultSecretStore(), dataDir, trailId, (key) => log.keyFits(key));
}

function readCheckpoint(file: string): SignedCheckpoint {
  let parsed: ReturnType<typeof SignedCheckpointSchema.safeParse>;
  try {
    parsed = SignedCheckpointSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error: unknown) {
    throw new GatehouseError(
      'audit_invalid',
      `${file} cannot be read as a checkpoint (${describeError(error)}).`,
    );
  }
  if (!parsed.success) {
    throw new GatehouseError(
      'audit_invalid',
      `${file} is not a Gatehouse checkpoint: ${formatIssues(parsed.error)}.`,
    );
  }
  return parsed.data;
}

/** What `audit verify` says, in sentences. */
function describeVerification(
  result: AuditVerifyReport,
  checkpointFile: string | undefined,
  checkpointProblem: string | undefined,
): string {
  const lines: string[] = [];
  if (result.ok) {
    const from = result.fromSeq > 0 ? ` from checkpoint ${result.fromSeq}` : '';
    lines.push(`The audit trail is intact: ${result.checked} records verified${from}.`);
  } else if (result.firstBad?.kind === 'key-missing' || result.firstBad?.kind === 'key-wrong') {
    lines.push(`The audit trail cannot be fully checked. ${result.firstBad.problem}`);
  } else {
    lines.push(`The audit trail was tampered with. ${result.firstBad?.problem ?? ''}`);
  }
  const keyed = result.keyed;
  if (!keyed) {
    lines.push('The trail is not keyed yet: start the gateway once to key it.');
  } else if (keyed.keyIn === 'keychain') {
    lines.push(`Records after ${keyed.fromSeq} are keyed; the key is in the OS keychain.`);
  } else if (keyed.keyIn === 'file') {
    lines.push(
      `Records after ${keyed.fromSeq} are keyed, but the key is kept in a file beside the data (${keyed.keyFile ?? AUDIT_KEY_FILE}), ` +
        'not in the OS keychain: anyone who can read that file can rewrite the trail without this check noticing.',
    );
  }
  if (checkpointFile) {
    lines.push(
      checkpointProblem
        ? `The checkpoint in ${checkpointFile} does not hold: ${checkpointProblem}`
        : `The checkpoint in ${checkpointFile} holds.`,
    );
  }
  return lines.join('\n');
}

function withAuditLog(dataDir: string, json: boolean, use: (log: AuditLog) => void): void {
  let log: AuditLog | undefined;
  try {
    log = AuditLog.open({ dataDir, logger: silentLogger });
    use(log);
  } catch (error: unknown) {
    reportFailure(json, error);
  } finally {
    log?.close();
  }
}

function describe(record: AuditRecord): string {
  const what = [record.server, record.target].filter(Boolean).join(' / ');
  const decision = record.decision ? ` ${record.decision}${record.ruleId ? ` (${record.ruleId})` : ''}` : '';
  const origin = record.origin === 'view' ? ' (from an app view)' : '';
  const flows = record.flows?.length
    ? ` [${record.flows.length} flow${record.flows.length > 1 ? 's' : ''}]`
    : '';
  return `#${record.seq} ${record.time} ${record.client}${origin} ${record.method} ${what}${decision} → ${record.outcome} in ${record.durationMs} ms${flows}`;
}
