/**
 * Rug-pull protection. Every upstream tool is pinned (its fingerprint and text) when the person
 * first allows it: at once for servers whose new tools are available right away, after review for
 * servers set to hold them. A pinned tool whose definition later changes is held back from every
 * client and refused if called, until the person compares old and new side by side and accepts.
 * Every hold and every acceptance is audited.
 */
import type { AuditEntry } from '../../contracts/audit.js';
import type {
  HeldTool,
  HoldReason,
  NewToolsMode,
  PinnedDefinition,
  ToolClassification,
} from '../../contracts/tool-integrity.js';
import type { Clock } from '../clock.js';
import { GatehouseError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ToolDefinition } from '../upstream/model.js';
import { fingerprint, pinnableDefinition } from './tool-fingerprint.js';
import type { ToolPin, ToolPinStore, ToolPins } from './tool-pins.js';

/** The rule id audited for holds, acceptances and calls refused because a tool is held. */
export const TOOL_INTEGRITY_RULE_ID = 'tool-integrity';

/** A definition with what is derived from it, computed once per list object. */
interface Assessed {
  readonly definition: PinnedDefinition;
  readonly hash: string;
  readonly classification: ToolClassification;
}

export interface ToolIntegrityOptions {
  readonly pins: ToolPinStore;
  readonly audit: { append(entry: AuditEntry): void };
  readonly clock: Clock;
  readonly logger: Logger;
  /** The server's setting for tools it has not offered before. */
  readonly newToolsMode: (server: string) => NewToolsMode;
  readonly classify: (tool: PinnedDefinition) => ToolClassification;
}

export class ToolIntegrity {
  #pins: ToolPins;
  /** Lists are immutable once fetched, so their tools are hashed and classified once. */
  readonly #assessed = new WeakMap<ToolDefinition, Assessed>();
  /** server → tool → the latest assessment of what the server offers. */
  readonly #current = new Map<string, Map<string, Assessed>>();
  #version = 0;

  constructor(private readonly options: ToolIntegrityOptions) {
    this.#pins = options.pins.load();
  }

  /** Changes whenever the set of held tools changes (the lists clients see depend on it). */
  get version(): number {
    return this.#version;
  }

  /**
   * Takes in what a server offers now: pins tools seen for the first time (or holds them for
   * review), holds pinned tools whose definition changed, releases tools that changed back.
   */
  observe(server: string, tools: readonly ToolDefinition[]): void {
    const current = new Map(tools.map((tool) => [tool.name, this.#assess(tool)]));
    this.#current.set(server, current);
    const before = this.#pins[server] ?? {};
    const after: Record<string, ToolPin> = { ...before };
    const mode = this.options.newToolsMode(server);
    let changed = false;
    for (const [name, tool] of current) {
      const pin = before[name];
      const next = this.#nextPin(server, name, pin, tool, mode);
      if (next !== pin) {
        after[name] = next;
        changed = true;
      }
    }
    if (!changed) return;
    this.#pins = { ...this.#pins, [server]: after };
    this.options.pins.saveServer(server, after);
  }

  /** Why a tool is held back from every client, or undefined when it may be used. */
  held(server: string, tool: string): HoldReason | undefined {
    return this.#pins[server]?.[tool]?.held?.reason;
  }

  /** What the classifier says about a tool the server offers now. */
  classification(server: string, tool: string): ToolClassification | undefined {
    return this.#current.get(server)?.get(tool)?.classification;
  }

  /** Every tool waiting for review, with the approved and the offered definition. */
  heldTools(): HeldTool[] {
    const held: HeldTool[] = [];
    for (const [server, tools] of Object.entries(this.#pins)) {
      for (const [tool, pin] of Object.entries(tools)) {
        if (!pin.held) continue;
        held.push({
          server,
          tool,
          reason: pin.held.reason,
          since: pin.held.at,
          ...(pin.pinned ? { pinned: pin.pinned.definition } : {}),
          current: pin.held.definition,
          hash: pin.held.hash,
          classification: this.classification(server, tool) ?? this.options.classify(pin.held.definition),
        });
      }
    }
    return held.sort((a, b) => a.since.localeCompare(b.since));
  }

  /**
   * The person accepts the held definition they reviewed (`hash`): it becomes the pinned one.
   * @throws GatehouseError `tool_not_held`, or `tool_changed_again` when the server has offered
   *   yet another definition since: that one has not been seen, so it is not accepted.
   */
  accept(server: string, tool: string, hash: string, by: string): void {
    const pin = this.#pins[server]?.[tool];
    if (!pin?.held)
      throw new GatehouseError(
        'tool_not_held',
        `The tool "${tool}" of "${server}" is not waiting for review.`,
      );
    if (pin.held.hash !== hash)
      throw new GatehouseError(
        'tool_changed_again',
        `The server changed "${tool}" again while you were reviewing it. Review the new definition.`,
      );
    const pinned = { hash: pin.held.hash, definition: pin.held.definition, at: this.#now() };
    const after = { ...this.#pins[server], [tool]: { pinned } };
    this.#pins = { ...this.#pins, [server]: after };
    this.options.pins.saveServer(server, after);
    this.#version += 1;
    this.#audit(
      server,
      tool,
      by,
      'allow',
      `${by} reviewed and accepted the ${pin.held.reason === 'new' ? 'new tool' : 'changed definition'}.`,
      {
        event: 'accepted',
        hash: pinned.hash,
        ...(pin.pinned ? { previousHash: pin.pinned.hash } : {}),
      },
    );
  }

  #nextPin(
    server: string,
    name: string,
    pin: ToolPin | undefined,
    tool: Assessed,
    mode: NewToolsMode,
  ): ToolPin {
    const version = { hash: tool.hash, definition: tool.definition, at: this.#now() };
    if (pin?.pinned?.hash === tool.hash) {
      if (!pin.held) return pin;
      // The server went back to what the person approved: nothing to review any more.
      this.#version += 1;
      this.options.logger.info(`${server}/${name} is back to its approved definition`);
      return { pinned: pin.pinned };
    }
    if (pin?.held?.hash === tool.hash) return pin;
    if (!pin?.pinned && mode === 'available') return { pinned: version };
    const reason: HoldReason = pin?.pinned ? 'changed' : 'new';
    if (!pin?.held) this.#version += 1;
    this.#audit(
      server,
      name,
      'gatehouse',
      'deny',
      reason === 'changed'
        ? `The server changed this tool since it was approved; Gatehouse holds it from every client until the change is reviewed.`
        : `A new tool, held for review as the server's settings ask.`,
      {
        event: reason === 'changed' ? 'changed' : 'held-new',
        hash: tool.hash,
        ...(pin?.pinned ? { previousHash: pin.pinned.hash } : {}),
      },
    );
    if (reason === 'changed')
      this.options.logger.warn(`${server}/${name} changed since it was approved: held for review`);
    return { ...(pin?.pinned ? { pinned: pin.pinned } : {}), held: { ...version, reason } };
  }

  #assess(tool: ToolDefinition): Assessed {
    let assessed = this.#assessed.get(tool);
    if (!assessed) {
      const definition = pinnableDefinition(tool);
      assessed = {
        definition,
        hash: fingerprint(definition),
        classification: this.options.classify(definition),
      };
      this.#assessed.set(tool, assessed);
    }
    return assessed;
  }

  #audit(
    server: string,
    tool: string,
    by: string,
    decision: 'allow' | 'deny',
    explanation: string,
    details: Record<string, string>,
  ): void {
    this.options.audit.append({
      time: this.#now(),
      client: by,
      sessionId: '',
      method: 'gatehouse/tool-integrity',
      server,
      target: tool,
      arguments: details,
      decision,
      ruleId: TOOL_INTEGRITY_RULE_ID,
      explanation,
      outcome: decision === 'allow' ? 'ok' : 'denied',
      durationMs: 0,
    });
  }

  #now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}
