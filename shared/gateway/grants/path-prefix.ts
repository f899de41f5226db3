/**
 * Whether a path argument lies inside a folder a grant names. The check fails closed: anything
 * Gatehouse cannot read with certainty is "not covered", and the person is asked as before.
 *
 * Decisions (also in README.md, "Approvals and grants"):
 * - Both paths must be absolute. Relative paths, `~`, `file:` URLs and NUL bytes are not covered:
 *   what they name depends on the server.
 * - Any `..` segment makes a path not covered, even one that would normalise back inside: the
 *   kernel resolves `dir/link/..` through the link's target, so lexical normalisation could call
 *   an escape "inside". `.` segments and repeated separators are harmless and are dropped.
 * - Paths are compared segment by segment, so `/home/a/projects-evil` is not inside
 *   `/home/a/projects`.
 * - POSIX paths compare case-sensitively and without Unicode folding: on a case-insensitive disk
 *   (macOS) a differently cased path is only "not covered", never wrongly covered. A backslash in
 *   a POSIX path is not covered (a server on Windows would read it as a separator).
 * - Windows paths (`C:\…`) compare case-insensitively, as NTFS does by default; device paths
 *   (`\\?\`, UNC) and `:` after the drive (alternate data streams) are not covered.
 * - Symbolic links: see `resolvesInside`, which checks where an existing path really leads.
 */
import { lstat, realpath } from 'node:fs/promises';
import { posix, win32 } from 'node:path';

/** Why a path is or is not inside a prefix. */
export type PathVerdict = { readonly covered: true } | { readonly covered: false; readonly reason: string };

type Flavour = 'posix' | 'windows';

interface ParsedPath {
  readonly flavour: Flavour;
  /** The drive (`c:`) for Windows paths, '' for POSIX ones. */
  readonly root: string;
  readonly segments: readonly string[];
}

const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/**
 * Reads an absolute path into segments, or says why it cannot be trusted.
 * Exported for the grant registry, which refuses a prefix that does not parse.
 */
export function parseAbsolutePath(text: string): ParsedPath | string {
  if (text.includes('\0')) return 'it contains a NUL byte';
  if (WINDOWS_DRIVE.test(text)) {
    const rest = text.slice(3);
    if (rest.includes(':')) return 'it names an alternate data stream';
    return checkSegments('windows', text.slice(0, 2).toLowerCase(), rest.split(/[\\/]/));
  }
  if (text.startsWith('\\')) return 'device and network (UNC) paths are not supported';
  if (!text.startsWith('/')) return 'it is not an absolute path';
  if (text.includes('\\')) return 'it contains a backslash';
  return checkSegments('posix', '', text.split('/'));
}

function checkSegments(flavour: Flavour, root: string, raw: string[]): ParsedPath | string {
  const segments: string[] = [];
  for (const segment of raw) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return 'it contains a ".." segment';
    segments.push(flavour === 'windows' ? segment.toLowerCase() : segment);
  }
  return { flavour, root, segments };
}

/** Whether `candidate` is `prefix` itself or lies inside it, by the rules above (no disk access). */
export function isInsidePrefix(candidate: string, prefix: string): PathVerdict {
  const folder = parseAbsolutePath(prefix);
  if (typeof folder === 'string')
    return { covered: false, reason: `the granted folder is unusable: ${folder}` };
  const path = parseAbsolutePath(candidate);
  if (typeof path === 'string') return { covered: false, reason: `${JSON.stringify(candidate)}: ${path}` };
  if (path.flavour !== folder.flavour || path.root !== folder.root) {
    return { covered: false, reason: `${JSON.stringify(candidate)} is on another drive or system` };
  }
  const inside =
    path.segments.length >= folder.segments.length &&
    folder.segments.every((segment, index) => path.segments[index] === segment);
  return inside
    ? { covered: true }
    : { covered: false, reason: `${JSON.stringify(candidate)} is outside ${prefix}` };
}

/**
 * Symbolic links: a path that is lexically inside the folder may lead elsewhere. Where the path
 * (or its nearest existing parent, for a file about to be created) exists on this computer, its
 * real location must also be inside the folder's real location. Paths that do not exist here
 * (a server on another machine) keep the lexical check alone; a path that cannot be resolved
 * (permission denied, a link loop, a link to nothing) is not covered. The check happens when the call is decided;
 * a process on this computer that swaps links inside the folder afterwards is beyond it.
 */
export async function resolvesInside(candidate: string, prefix: string): Promise<PathVerdict> {
  const lexical = isInsidePrefix(candidate, prefix);
  if (!lexical.covered) return lexical;
  const flavour = WINDOWS_DRIVE.test(prefix) ? 'windows' : 'posix';
  // A Windows path on a POSIX computer (or the reverse) names nothing here to resolve.
  if ((flavour === 'windows') !== (process.platform === 'win32')) return lexical;
  const [realPath, realFolder] = await Promise.all([realLocation(candidate), realLocation(prefix)]);
  if (realPath === undefined || realFolder === undefined) {
    return { covered: false, reason: `${JSON.stringify(candidate)} could not be resolved on this computer` };
  }
  const real = isInsidePrefix(realPath, realFolder);
  return real.covered
    ? real
    : { covered: false, reason: `${JSON.stringify(candidate)} leads outside ${prefix} through a link` };
}

/** The real location of a path, through its nearest existing parent; undefined when unreadable. */
async function realLocation(path: string): Promise<string | undefined> {
  const paths = process.platform === 'win32' ? win32 : posix;
  const rest: string[] = [];
  let current = paths.normalize(path);
  for (;;) {
    try {
      const resolved = await realpath(current);
      return rest.length ? paths.join(resolved, ...rest.reverse()) : resolved;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
      // A dangling link: writing through it would create its target, wherever that is.
      if (
        await lstat(current).then(
          () => true,
          () => false,
        )
      )
        return undefined;
      const parent = paths.dirname(current);
      if (parent === current) return undefined;
      rest.push(paths.basename(current));
      current = parent;
    }
  }
}
