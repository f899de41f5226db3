/**
 * The open client sessions: opening them, finding them, telling all of them something, and
 * closing those of revoked clients or left idle.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ClientSession } from './client-session.js';
import { HttpSessionTransport } from './session-transport.js';

/**
 * How many sessions one client may hold at once. Real clients open one per window or
 * conversation; a client that initializes in a loop (a bug, or a script with a leaked token) must
 * not fill the gateway's memory with SDK servers before the idle sweep reaches them.
 *
 * At the cap a new session is still served: the client's least recently used idle session (no
 * request in flight, no open stream) is closed to make room. A client that comes back to it gets
 * 404 and, as the MCP spec requires, initializes again. Only when every one of the client's
 * sessions is busy is the new one refused, with {@link TooManySessionsError}.
 */
export const MAX_SESSIONS_PER_CLIENT = 100;

/** A client holds as many busy sessions as it may: the endpoint answers 429. */
export class TooManySessionsError extends Error {
  override readonly name = 'TooManySessionsError';
}

export class SessionTable {
  readonly #sessions = new Map<string, ClientSession>();

  constructor(
    private readonly createServer: (session: ClientSession) => Server,
    /** Called when a session has ended, so state kept for it elsewhere can go. */
    private readonly onEnded: (session: ClientSession) => void,
    private readonly maxSessionsPerClient = MAX_SESSIONS_PER_CLIENT,
  ) {}

  /**
   * Opens a session for a client, closing its least recently used idle session when it is at
   * the cap. @throws TooManySessionsError when all of its sessions are busy.
   */
  open(clientName: string, protocolVersion: string): ClientSession {
    this.#makeRoomFor(clientName);
    const id = randomUUID();
    const transport = new HttpSessionTransport(id);
    const session = new ClientSession(
      id,
      clientName,
      this.createServer,
      transport,
      Date.now(),
      protocolVersion,
    );
    this.#sessions.set(id, session);
    session.server.onclose = () => {
      this.#sessions.delete(session.id);
      this.onEnded(session);
    };
    // connect() wires the transport synchronously before its first await, so the initialize
    // request handed to the transport right after this returns is not missed.
    void session.server.connect(transport);
    return session;
  }

  get(id: string): ClientSession | undefined {
    return this.#sessions.get(id);
  }

  get size(): number {
    return this.#sessions.size;
  }

  all(): IterableIterator<ClientSession> {
    return this.#sessions.values();
  }

  /** Sends a notification to every session. */
  notifyAll(method: string, params: Record<string, unknown> | undefined): void {
    for (const session of this.#sessions.values()) session.notify(method, params);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.values()].map((session) => session.close()));
  }

  #makeRoomFor(clientName: string): void {
    let count = 0;
    let leastRecentIdle: ClientSession | undefined;
    for (const session of this.#sessions.values()) {
      if (session.clientName !== clientName) continue;
      count++;
      const idle = !session.transport.hasRequestsInFlight && !session.transport.hasStandaloneStream;
      if (idle && (!leastRecentIdle || session.lastActivityMs < leastRecentIdle.lastActivityMs))
        leastRecentIdle = session;
    }
    if (count < this.maxSessionsPerClient) return;
    if (!leastRecentIdle) {
      throw new TooManySessionsError(
        `Too many sessions: the client "${clientName}" has ${count} open sessions, all busy. End some (DELETE /mcp) or wait for their calls to finish.`,
      );
    }
    // Out of the table at once, whenever its server finishes closing.
    this.#sessions.delete(leastRecentIdle.id);
    void leastRecentIdle.close();
  }

  /** Closes sessions of clients no longer registered and sessions idle since before `idleBefore`. */
  sweep(registeredClients: ReadonlySet<string>, idleBefore: number): void {
    for (const session of this.#sessions.values()) {
      const revoked = !registeredClients.has(session.clientName);
      const idle = session.lastActivityMs < idleBefore && !session.transport.hasStandaloneStream;
      if (revoked || idle) void session.close();
    }
  }
}
