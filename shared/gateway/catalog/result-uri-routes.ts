/**
 * Routes for resource URIs a server named in an answer without listing them (a `resource_link`
 * to a file it just wrote, a view URI of a tool that lists no resources), when they reach clients
 * unprefixed ("on-collision" namespacing). Reading such a URI must still reach the server that
 * named it, even when several servers serve resources.
 *
 * Kept apart from the catalog because the catalog is rebuilt on every list change while these
 * stay true; bounded, oldest first out, since a server can name any number of URIs.
 */
import type { UriRoute } from './catalog.js';

/** How many learned URIs are kept; enough for every link a long session follows. */
export const DEFAULT_RESULT_URI_LIMIT = 10_000;

export class ResultUriRoutes {
  readonly #servers = new Map<string, string>();

  constructor(private readonly limit = DEFAULT_RESULT_URI_LIMIT) {}

  /** The server that named `uri`, if one did. */
  route(uri: string): UriRoute | undefined {
    const server = this.#servers.get(uri);
    return server === undefined ? undefined : { server, uri };
  }

  /**
   * Remembers that `server` named `uri`. Returns false when another server already did: the
   * caller then exposes this one prefixed, so neither server's URI is taken by the other.
   */
  learn(server: string, uri: string): boolean {
    const known = this.#servers.get(uri);
    if (known !== undefined && known !== server) return false;
    // Re-inserting moves the URI to the young end, so links still in use are not dropped first.
    this.#servers.delete(uri);
    this.#servers.set(uri, server);
    if (this.#servers.size > this.limit) {
      const oldest = this.#servers.keys().next().value;
      if (oldest !== undefined) this.#servers.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.#servers.size;
  }
}
