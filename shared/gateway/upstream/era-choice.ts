/**
 * Which era to speak to one server: the one its entry pins, or the one a probe found, remembered
 * for a day (basic/versioning: "Clients SHOULD cache the result … and MAY persist it … re-probing
 * if the cached assumption later fails"). A stale 2025 verdict would never correct itself (an
 * upgraded server still answers `initialize`), hence the horizon.
 */
import { isStdioServer, type ServerConfig, type UpstreamProtocol } from '../../contracts/config.js';
import { probeHttp, probeOver, type EraVerdict } from './era-probe.js';
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
  #remembered: { readonly verdict: EraVerdict; readonly at: number } | undefined;

  constructor(
    private readonly setting: UpstreamProtocol | undefined,
    private readonly clientVersion: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Decides for a connection about to open (`server` has its references resolved). */
  async choose(server: ServerConfig): Promise<EraDecision> {
    if (this.setting === 'legacy') return { verdict: { era: 'legacy' }, detected: false };
    if (this.setting === '2026-07-28') return { verdict: { era: 'modern' }, detected: false };
    const remembered = this.#remembered;
    if (remembered && this.now() - remembered.at < VERDICT_HORIZON_MS)
      return { verdict: remembered.verdict, detected: true };
    const verdict = await this.#probe(server);
    if (!verdict) return { verdict: { era: 'legacy' }, detected: true };
    this.#remembered = { verdict, at: this.now() };
    return { verdict, detected: true };
  }

  /** A connection in the remembered era failed: the next one asks the server again. */
  forget(): void {
    this.#remembered = undefined;
  }

  async #probe(server: ServerConfig): Promise<EraVerdict | undefined> {
    if (isStdioServer(server)) return probeOver(createStdioTransport(server).transport, this.clientVersion);
    // SSE-only servers predate the 2026 era.
    if (server.type === 'sse') return { era: 'legacy' };
    return probeHttp(new URL(server.url), server.headers ?? {}, this.clientVersion);
  }
}
