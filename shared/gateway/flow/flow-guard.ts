/**
 * The data-flow guard: remembers, per client, fingerprints of what its requests returned, and on
 * every tools/call finds which parts of the arguments came from there or are secrets Gatehouse
 * holds. It reports flows; policy decides what to do with them (see flow-condition.ts).
 *
 * Provenance belongs to the client identity (the registered client's name), not to a session, so
 * a 2026-era client whose every request is stateless is followed just as a 2025-era session is.
 */
import {
  MAX_FLOWS_PER_CALL,
  type DataClass,
  type Flow,
  type FlowGuardSettings,
  type FlowMethod,
} from '../../contracts/flow.js';
import type { Clock } from '../clock.js';
import { forEachString } from './json-strings.js';
import { ProvenanceMemory, type MemoryLimits, type Recorder } from './provenance-memory.js';
import { MIN_SECRET_CHARS } from './secret-forms.js';
import { SecretMatcher, type NamedSecret } from './secret-matcher.js';
import { GUARANTEED_RUN } from './winnow.js';

/** What the guard needs from the gateway. */
export interface FlowGuardOptions {
  readonly settings: () => FlowGuardSettings;
  /** Every secret value Gatehouse resolved or holds in its config, by name. */
  readonly secrets: () => Iterable<NamedSecret>;
  /** A server's data class (its config's, or the default from its tools' risk). */
  readonly dataClassOf: (server: string) => DataClass;
  readonly clock: Clock;
}

/** Where a remembered result came from. */
export interface ResultSource {
  readonly method: FlowMethod;
  readonly server: string;
  readonly name: string;
}

/** How much the guard remembers now. */
export interface FlowGuardStats {
  readonly clients: number;
  /** Characters of result text remembered, over all clients. */
  readonly chars: number;
  /** Estimated bytes of fingerprints and bookkeeping. */
  readonly bytes: number;
}

/** Follows text from results (and secrets) into later tool calls. */
export class FlowGuard {
  readonly #memories = new Map<string, ProvenanceMemory>();
  readonly #secrets: SecretMatcher;

  constructor(private readonly options: FlowGuardOptions) {
    this.#secrets = new SecretMatcher(options.secrets);
  }

  /** The flows into a call's arguments: secrets first, then the longest runs; empty when none. */
  trace(client: string, args: unknown): Flow[] {
    const settings = this.options.settings();
    if (!settings.enabled) return [];
    const memory = this.#memories.get(client);
    const remembered = memory !== undefined && memory.results > 0;
    const flows: Flow[] = [];
    forEachString(args, (text, pointer) => {
      if (text.length < MIN_SECRET_CHARS) return;
      for (const secret of this.#secrets.find(text)) {
        flows.push({
          argument: pointer,
          length: secret.end - secret.start,
          spans: [[secret.start, secret.end]],
          source: { kind: 'secret', secret: secret.name, encoding: secret.encoding },
        });
      }
      if (!remembered || text.length < settings.minMatchLength) return;
      for (const run of memory.find(text, settings.minMatchLength)) {
        flows.push({
          argument: pointer,
          length: run.length,
          spans: run.spans,
          source: {
            kind: 'result',
            method: run.label.method,
            server: run.label.server,
            name: run.label.name,
            at: new Date(run.label.at).toISOString(),
            dataClass: this.options.dataClassOf(run.label.server),
          },
        });
      }
    });
    if (flows.length <= 1) return flows;
    return flows.sort((a, b) => rank(b) - rank(a) || b.length - a.length).slice(0, MAX_FLOWS_PER_CALL);
  }

  /** Remembers the text of a result the client was given (tool result, resource, prompt). */
  remember(client: string, source: ResultSource, result: unknown): void {
    if (!this.options.settings().enabled) return;
    this.record(client, source, (recorder) =>
      forEachString(result, (text) => {
        // Text shorter than the guaranteed run could never be matched reliably; skip it.
        if (text.length < GUARANTEED_RUN) return;
        recorder.text();
        recorder.feed(text);
      }),
    );
  }

  /** Remembers a result whose text comes in chunks (a streamed read), without holding it whole. */
  record(client: string, source: ResultSource, write: (recorder: Recorder) => void): void {
    this.#memoryOf(client).record({ ...source, at: this.options.clock.now() }, write);
  }

  /** Forgets what every client was given (the person asked, or the settings changed). */
  forgetAll(): void {
    for (const memory of this.#memories.values()) memory.clear();
    this.#memories.clear();
  }

  /** What is remembered now. */
  stats(): FlowGuardStats {
    let chars = 0;
    let bytes = 0;
    for (const memory of this.#memories.values()) {
      chars += memory.chars;
      bytes += memory.bytes;
    }
    return { clients: this.#memories.size, chars, bytes };
  }

  #memoryOf(client: string): ProvenanceMemory {
    let memory = this.#memories.get(client);
    if (!memory) {
      memory = new ProvenanceMemory(() => this.#limits(), this.options.clock);
      this.#memories.set(client, memory);
    }
    return memory;
  }

  #limits(): MemoryLimits {
    const settings = this.options.settings();
    return { maxChars: settings.memoryMB * 1024 * 1024, maxAgeMs: settings.memoryMinutes * 60_000 };
  }
}

function rank(flow: Flow): number {
  return flow.source.kind === 'secret' ? 1 : 0;
}
