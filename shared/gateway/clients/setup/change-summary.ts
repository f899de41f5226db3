/**
 * The sentences a preview opens with: what a change adds, replaces or removes, and where.
 */
import type { ClientConfigDocument } from './client-config-edit.js';
import { GATEHOUSE_ENTRY_NAME, entryUrl } from './gatehouse-entry.js';

const ENTRY = `"${GATEHOUSE_ENTRY_NAME}"`;

/** A client reads its config at start, so a running one needs a restart to see the change. */
function restartHint(title: string): string {
  return `Restart ${title} if it is running so that it reads the change.`;
}

/** Sentences for connecting a client to the gateway at `url`. */
export function connectSummary(
  title: string,
  document: ClientConfigDocument,
  existing: unknown,
  url: string,
  changed: boolean,
): string[] {
  const { path } = document.location;
  if (!changed) return [`${title} is already connected to Gatehouse at ${url}; ${path} stays as it is.`];
  if (!document.exists) return [`Creates ${path} with a ${ENTRY} entry for ${url}.`, restartHint(title)];
  if (existing === undefined) {
    return [
      `Adds a ${ENTRY} entry for ${url} to ${path}; everything else in the file stays as it is.`,
      restartHint(title),
    ];
  }
  const previous = entryUrl(existing);
  const replaced =
    previous === undefined || previous === url ? 'the existing one' : `the one for ${previous}`;
  return [
    `Replaces the ${ENTRY} entry in ${path} (${replaced}) with one for ${url}; everything else stays as it is.`,
    restartHint(title),
  ];
}

/** Sentences for removing the `gatehouse` entry. */
export function disconnectSummary(title: string, document: ClientConfigDocument, changed: boolean): string[] {
  const { path } = document.location;
  if (!changed) return [`${path} has no ${ENTRY} entry; there is nothing to remove.`];
  return [
    `Removes the ${ENTRY} entry from ${path}; ${title} stops using Gatehouse. Everything else stays as it is.`,
    restartHint(title),
  ];
}

/** Sentences for removing servers that Gatehouse now runs in the client's place. */
export function removeServersSummary(
  title: string,
  document: ClientConfigDocument,
  names: readonly string[],
): string[] {
  const { path } = document.location;
  if (names.length === 0) return [`No servers to remove; ${path} stays as it is.`];
  const listed = names.map((name) => `"${name}"`).join(', ');
  return [
    `Removes ${listed} from ${path}, so ${title} reaches ${names.length === 1 ? 'it' : 'them'} only ` +
      'through Gatehouse (import them into Gatehouse first). Everything else stays as it is.',
    restartHint(title),
  ];
}
