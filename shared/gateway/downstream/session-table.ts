/**
 * The open client sessions: opening them, finding them, telling all of them something, and
 * closing those of revoked clients or left idle.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ClientSession } from './client-session.js';
import { HttpSessionTransport } from './session-transport.js';

export class SessionTable {
  readonly #sessions = new Map<string, ClientSession>();

  constructor(
    private readonly createServer: (session: ClientSession) => Server,
    /** Called when a session has ended, so state kept for it elsewhere can go. */
    private readonly onEnded: (session: ClientSession) => void,
  ) {}

  open(clientName: string): ClientSession {
    const id = randomUUID();
    const transport = new HttpSessionTransport(id);
    const session = new ClientSession(id, clientName, this.createServer, transport, Date.now());
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

  /** Closes sessions of clients no longer registered and sessions idle since before `idleBefore`. */
  sweep(registeredClients: ReadonlySet<string>, idleBefore: number): void {
    for (const session of this.#sessions.values()) {
      const revoked = !registeredClients.has(session.clientName);
      const idle = session.lastActivityMs < idleBefore && !session.transport.hasStandaloneStream;
      if (revoked || idle) void session.close();
    }
  }
}
