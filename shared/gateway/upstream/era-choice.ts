/**
 * Which era to speak to one server: the one its entry pins, or the one a probe found, remembered
 * (in memory and in the data directory, see era-verdicts.ts) for a day (basic/versioning: "Clients SHOULD cache the result … and MAY persist it … re-probing
 * if the cached assumption later fails"). A stale 2025 verdict would never correct itself (an
 * upgraded server still answers `initialize`), hence the horizon.
 */
import { isStdioServer, type ServerConfig } from '../../contracts/config.js';
import { probeHttp, probeOver, type EraVerdict } from './era-probe.js';
import type { DatedVerdict, EraVerdictStore } from './era-verdicts.js';
import { createStdioTransport } from './transports.js';

/** How long a probe's verdict is trusted. */
export const VERDICT_HORIZON_MS = 24 * 60 * 60_000;

/** The era to open with, and whether a probe found it (else the entry pinned it). */
export interface EraDecision {
  readonly verdict: EraVerdict;
  readonly detected: boolean;
}

/** One server's era, probed at most once per horizon. */
export class EraChoice {
  #remembered: DatedVerdict | undefined;

  constructor(
    /** The server's name, under which its verdict is kept. */
    private readonly name: string,
    /** Its entry as configured (references unresolved: no secret reaches the verdict file). */
    private readonly entry: ServerConfig,
    private readonly clientVersion: string,
    private readonly store?: EraVerdictStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Decides for a connection about to open (`server` is the entry with its references resolved). */
  async choose(server: ServerConfig): Promise<EraDecision> {
    if (this.entry.protocol === 'legacy') return { verdict: { era: 'legacy' }, detected: false };
    if (this.entry.protocol === '2026-07-28') return { verdict: { era: 'modern' }, detected: false };
    this.#remembered ??= this.store?.read(this.name, this.entry);
    const remembered = this.#remembered;
    if (remembered && this.now() - remembered.at < VERDICT_HORIZON_MS)
      return { verdict: remembered.verdict, detected: true };
    const verdict = await this.#probe(server);
    if (!verdict) return { verdict: { era: 'legacy' }, detected: true };
    this.#remembered = { verdict, at: this.now() };
    this.store?.write(this.name, this.entry, this.#remembered);
    return { verdict, detected: true };
  }

  /** A connection in the remembered era failed: the next one asks the server again. */
  forget(): void {
    this.#remembered = undefined;
    this.store?.forget(this.name);
  }

  async #probe(server: ServerConfig): Promise<EraVerdict | undefined> {
    if (isStdioServer(server)) return probeOver(createStdioTransport(server).transport, this.clientVersion);
    // SSE-only servers predate the 2026 era.
    if (server.type === 'sse') return { era: 'legacy' };
    return probeHttp(new URL(server.url), server.headers ?? {}, this.clientVersion);
  }
}
