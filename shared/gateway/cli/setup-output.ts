/**
 * How `gatehouse clients …` prints for a person: the table of clients, a change as summary and
 * diff, an import plan. Everything printed comes from contract shapes, which hold no token and
 * no credential value (the engine masks them in diffs).
 */
import type {
  ClientImportResult,
  ImportCandidate,
  ImportPreview,
  SetupDetection,
} from '../../contracts/client-onboarding.js';
import type { ConfigChangePreview, DetectedClient, DiffLine } from '../../contracts/client-setup.js';
import { assertNever } from '../errors.js';

/** The clients as a table, then problems, drift and what can be undone. */
export function describeDetection(detection: SetupDetection, gatewayUrl: string): string {
  const header = ['CLIENT', 'INSTALLED', 'GATEHOUSE', 'BYPASSING GATEHOUSE', 'CONFIG'];
  const rows = detection.clients.map((client) => [
    client.title,
    client.installed ? 'yes' : 'no',
    entryStatus(client),
    bypassing(client).join(', ') || '-',
    client.path,
  ]);
  const lines = [`Clients of the gateway at ${gatewayUrl}:`, '', ...table([header, ...rows])];
  const problems = detection.clients.filter((client) => client.problem !== undefined);
  if (problems.length > 0) {
    lines.push('', 'Problems (these files are left untouched):');
    lines.push(...problems.map((client) => `  ${client.title}: ${client.problem}`));
  }
  if (detection.drift.length > 0) {
    lines.push('', 'Drift:', ...detection.drift.map((finding) => `  ${finding.message}`));
  }
  if (detection.undoable.length > 0) {
    lines.push('', 'Undo available (`gatehouse clients undo KIND`):');
    lines.push(...detection.undoable.map((change) => `  ${change.kind}: ${change.action} at ${change.at}`));
  }
  return lines.join('\n');
}

/** Where the client's `gatehouse` entry leads, in a word or three. */
export function entryStatus(client: DetectedClient): string {
  if (client.gatehouse === null) return 'not connected';
  return client.gatehouse.pointsAtThisGateway ? 'connected' : 'points elsewhere';
}

function bypassing(client: DetectedClient): string[] {
  return client.servers.filter((server) => server.bypassesGatehouse).map((server) => server.name);
}

/** Rows padded into columns (the last one left ragged). */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '),
  );
}

/** A change before it is made: its sentences, then the lines it adds and removes. */
export function describePreview(preview: ConfigChangePreview): string {
  const lines = preview.summary.map((sentence) => `  ${sentence}`);
  if (preview.diff.length > 0) lines.push('', ...preview.diff.map(diffLine));
  return lines.join('\n');
}

function diffLine(line: DiffLine): string {
  switch (line.op) {
    case 'added':
      return `  + ${line.text}`;
    case 'removed':
      return `  - ${line.text}`;
    case 'context':
      return `    ${line.text}`;
    default:
      return assertNever(line.op);
  }
}

/** What an import would do: each server, the credentials it moves, and the client-side removal. */
export function describeImportPreview(preview: ImportPreview, removeFromClient: boolean): string {
  const lines = [`Servers in ${preview.path}:`];
  if (preview.servers.length === 0) lines.push('  none besides Gatehouse');
  lines.push(...preview.servers.map((server) => `  ${server.name}: ${candidateOutcome(server)}`));
  if (preview.credentials.length > 0) {
    lines.push('', `Moves ${credentials(preview.credentials.length)} into the keychain:`);
    lines.push(
      ...preview.credentials.map(
        (move) =>
          `  ${move.server} ${move.field === 'env' ? 'env' : 'header'} ${move.key} → \${secret:${move.secretName}}`,
      ),
    );
  }
  if (removeFromClient && preview.removal) lines.push('', describePreview(preview.removal));
  return lines.join('\n');
}

function candidateOutcome(server: ImportCandidate): string {
  switch (server.outcome) {
    case 'import':
      return 'imported';
    case 'duplicate':
      return `Gatehouse runs it already as "${server.sameAs ?? server.name}"`;
    case 'name-taken':
      return 'skipped: Gatehouse has a different server of that name';
    case 'unsupported':
      return `skipped: ${server.reason ?? 'Gatehouse cannot take it over'}`;
    default:
      return assertNever(server.outcome);
  }
}

/** What an import did. */
export function describeImportResult(result: ClientImportResult, configPath: string): string {
  const lines: string[] = [];
  if (result.added.length > 0) lines.push(`Added ${result.added.join(', ')} to ${configPath}.`);
  for (const { name, sameAs } of result.duplicates)
    lines.push(`${name}: Gatehouse runs it already as "${sameAs}".`);
  lines.push(...result.skipped.map((skipped) => skipped.reason));
  if (result.moved.length > 0) lines.push(`Moved ${credentials(result.moved.length)} into the keychain.`);
  if (result.removal?.changed) {
    lines.push(...result.removal.summary);
    lines.push(`Undo with \`gatehouse clients undo ${result.kind}\`.`);
  }
  if (lines.length === 0) lines.push('Nothing was imported.');
  return lines.join('\n');
}

function credentials(count: number): string {
  return count === 1 ? '1 credential' : `${count} credentials`;
}
