/**
 * "Allow this tool for this client for a while": grants a person gives from an approval. They
 * skip the question for calls policy would send to approval, never calls it denies.
 */
import type { Clock } from '../clock.js';

/** Time-limited permissions by client, server and tool. */
export class TemporaryGrants {
  readonly #until = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Allows the tool for the client until `minutes` from now. */
  grant(client: string, server: string, tool: string, minutes: number): Date {
    const until = this.clock.now() + minutes * 60_000;
    this.#until.set(key(client, server, tool), until);
    return new Date(until);
  }

  /** When the grant for this tool and client ends, if one is in force. */
  activeUntil(client: string, server: string, tool: string): Date | undefined {
    const until = this.#until.get(key(client, server, tool));
    if (until === undefined) return undefined;
    if (until <= this.clock.now()) {
      this.#until.delete(key(client, server, tool));
      return undefined;
    }
    return new Date(until);
  }
}

function key(client: string, server: string, tool: string): string {
  return `${client}\0${server}\0${tool}`;
}
