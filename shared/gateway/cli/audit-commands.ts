/**
 * `gatehouse audit verify|query|export`: read the audit trail. They open the database directly,
 * so they work whether or not the gateway runs (SQLite's WAL lets readers and the writer share).
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { AuditQuerySchema, type AuditQuery, type AuditRecord } from '../../contracts/audit.js';
import { AuditLog } from '../audit/audit-log.js';
import { formatIssues } from '../config/json-file-store.js';
import { GatehouseError } from '../errors.js';
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
  limit?: string;
}

/** Adds the `audit` command group. */
export function registerAuditCommands(program: Command, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('Verify, search and export the audit trail');

  audit
    .command('verify')
    .description('Walk the hash chain and report the first record that was changed, removed or reordered')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const json = Boolean(options.json);
      withAuditLog(globals().dataDir, json, (log) => {
        const result = log.verify();
        report(
          json,
          result,
          result.ok
            ? `The audit trail is intact: ${result.checked} records verified${result.fromSeq > 0 ? ` from checkpoint ${result.fromSeq}` : ''}.`
            : `The audit trail was tampered with. ${result.firstBad?.problem ?? ''}`,
        );
        if (!result.ok) process.exitCode = 2;
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
    limit: options.limit === undefined ? undefined : Number(options.limit),
  });
  if (!parsed.success)
    throw new GatehouseError('audit_invalid', `Bad filter: ${formatIssues(parsed.error)}.`);
  return parsed.data;
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
  return `#${record.seq} ${record.time} ${record.client} ${record.method} ${what}${decision} → ${record.outcome} in ${record.durationMs} ms`;
}
