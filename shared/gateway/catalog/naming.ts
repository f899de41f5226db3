/**
 * How upstream names become the names clients see.
 *
 * The strictest common clients accept tool names of at most 64 characters of `A-Z a-z 0-9 _ -`.
 * A name that does not fit is cut and given a short hash of its server and original name, so the
 * result is deterministic: the same upstream tool gets the same exposed name after every restart,
 * without any stored mapping.
 */
import { createHash } from 'node:crypto';

/** Separates a server's name from the tool's in a prefixed name: `github__create_issue`. */
export const NAMESPACE_SEPARATOR = '__';

const MAX_NAME_LENGTH = 64;
const VALID_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const HASH_LENGTH = 8;

/** Scheme of prefixed resource URIs: `gatehouse://<server>/<original uri>`. */
export const RESOURCE_URI_PREFIX = 'gatehouse://';

/**
 * Scheme of MCP Apps views. Hosts find an app by this scheme (the `io.modelcontextprotocol/ui`
 * extension: a tool's `_meta.ui.resourceUri` must be a `ui://` URI), so a prefixed view keeps it
 * and carries its server as the first path segment instead: `ui://<server>/<original rest>`.
 */
export const UI_URI_SCHEME = 'ui://';

/** A short, stable hash of where a name came from. */
export function nameHash(server: string, name: string): string {
  return createHash('sha256').update(`${server}\0${name}`).digest('hex').slice(0, HASH_LENGTH);
}

/**
 * The exposed name of an upstream tool or prompt: `server__name` when prefixed, else the name
 * itself; shortened or cleaned with a hash suffix when it would not be valid.
 */
export function exposedName(server: string, name: string, prefixed: boolean): string {
  const candidate = prefixed ? `${server}${NAMESPACE_SEPARATOR}${name}` : name;
  if (VALID_NAME.test(candidate)) return candidate;
  const cleaned = candidate.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${cleaned.slice(0, MAX_NAME_LENGTH - HASH_LENGTH - 1)}_${nameHash(server, name)}`;
}

/** The exposed URI (or URI template) of an upstream resource. */
export function exposedUri(server: string, uri: string, prefixed: boolean): string {
  if (!prefixed) return uri;
  if (uri.startsWith(UI_URI_SCHEME))
    return `${UI_URI_SCHEME}${encodeURIComponent(server)}/${uri.slice(UI_URI_SCHEME.length)}`;
  return `${RESOURCE_URI_PREFIX}${encodeURIComponent(server)}/${uri}`;
}

/**
 * Splits a prefixed resource URI back into server and original URI, or undefined. A `ui://` URI
 * always parses (its first segment may be a server or the view's own authority): callers check
 * the server is one they prefix.
 */
export function parsePrefixedUri(uri: string): { server: string; uri: string } | undefined {
  const scheme = uri.startsWith(RESOURCE_URI_PREFIX)
    ? RESOURCE_URI_PREFIX
    : uri.startsWith(UI_URI_SCHEME)
      ? UI_URI_SCHEME
      : undefined;
  if (!scheme) return undefined;
  const rest = uri.slice(scheme.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  let server: string;
  try {
    server = decodeURIComponent(rest.slice(0, slash));
  } catch {
    return undefined;
  }
  const original = rest.slice(slash + 1);
  if (scheme === UI_URI_SCHEME) return original ? { server, uri: `${UI_URI_SCHEME}${original}` } : undefined;
  return { server, uri: original };
}
