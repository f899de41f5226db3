/**
 * Putting a client's config file back as it was before one of Gatehouse's changes.
 */
import type { UndoResult } from '../../../contracts/client-setup.js';
import { GatehouseError } from '../../errors.js';
import type { ClientBackups, JournalEntry } from './client-backups.js';
import { readClientConfig, withServerEntry, withoutServerEntries } from './client-config-edit.js';
import { decodeText, fingerprint, readBytes, removeFile, writeAtomically } from './client-config-file.js';
import type { ClientConfigLocation } from './client-locations.js';
import { isRecord } from './gatehouse-entry.js';

/**
 * Reverses `entry`. When the file still holds exactly the bytes Gatehouse wrote, the backup goes
 * back byte for byte (or the file goes, if Gatehouse created it). When the client has written the
 * file since (Claude Code rewrites `~/.claude.json` all the time), restoring old bytes would throw
 * its changes away, so only the server entries the change touched are put back.
 */
export function undoChange(
  location: ClientConfigLocation,
  title: string,
  entry: JournalEntry,
  backups: ClientBackups,
): UndoResult {
  const base = { kind: location.kind, path: entry.path, undone: entry.action };
  const current = readBytes(entry.path);
  if (fingerprint(current) === entry.written) {
    if (entry.backup === null) {
      removeFile(entry.path);
      return {
        ...base,
        outcome: 'file-removed',
        message: `Removed ${entry.path}, which Gatehouse had created.`,
      };
    }
    writeAtomically(entry.path, backups.backupBytes(location.kind, entry));
    return {
      ...base,
      outcome: 'original-bytes',
      message: `${entry.path} is back exactly as it was before Gatehouse changed it.`,
    };
  }

  const restoring = Object.entries(entry.previous);
  if (current === undefined && restoring.every(([, value]) => value === null)) {
    return {
      ...base,
      outcome: 'entries-restored',
      message: `${entry.path} is gone already; nothing to put back.`,
    };
  }
  let text: string | undefined = current === undefined ? undefined : decodeText(entry.path, current);
  const fileLocation = { ...location, path: entry.path };
  for (const [name, value] of restoring) {
    const document = readClientConfig(fileLocation, text);
    if (value === null) text = withoutServerEntries(document, [name]);
    else if (isRecord(value)) text = withServerEntry(document, name, value);
    else
      throw new GatehouseError(
        'nothing_to_undo',
        `The undo history for ${entry.path} is damaged; nothing was changed.`,
      );
  }
  // This undo is a change too: keep what the file held just before it, in case it is regretted.
  if (current !== undefined) backups.saveBackup(location.kind, current);
  writeAtomically(entry.path, Buffer.from(text ?? '', 'utf8'));
  return {
    ...base,
    outcome: 'entries-restored',
    message:
      `${title} has changed ${entry.path} since, so only the entries Gatehouse touched were put back ` +
      `(${Object.keys(entry.previous).join(', ')}); the rest of the client's changes stay.`,
  };
}
