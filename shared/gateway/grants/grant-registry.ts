/**
 * The grants in force: what "remember" on an approval let through without asking, narrowed by
 * argument and always ending at a set time. Kept in memory only: a restart ends every grant,
 * which fails safe (the person is asked again).
 */
import { randomBytes } from 'node:crypto';
import { describeGrant, type Grant, type GrantCondition, type GrantScope } from '../../contracts/grants.js';
import type { Clock } from '../clock.js';
import { GatehouseError } from '../errors.js';
import { parseAbsolutePath, resolvesInside } from './path-prefix.js';
import { jsonEqual } from './json-equal.js';

/** The call a grant is checked against. */
export interface GrantedCall {
  readonly client: string;
  readonly server: string;
  readonly tool: string;
  readonly arguments?: unknown;
}

/** Which call an approval was for: the grant's client, server and tool. */
export type GrantTarget = Pick<GrantedCall, 'client' | 'server' | 'tool'>;

interface Held {
  readonly grant: Grant;
  readonly expiresAtMs: number;
}

/** Grants by id, with a listener for changes (the UI's list). */
export class GrantRegistry {
  readonly #grants = new Map<string, Held>();
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    private readonly newId: () => string = () => `grant-${randomBytes(5).toString('hex')}`,
  ) {}

  /**
   * Records a grant for calls like `target`'s, narrowed by `scope`.
   * @throws GatehouseError `grant_invalid` for a folder that is not a usable absolute path.
   */
  add(target: GrantTarget, scope: GrantScope, grantedBy: string): Grant {
    for (const condition of scope.conditions) {
      if (condition.kind !== 'path-prefix') continue;
      const parsed = parseAbsolutePath(condition.prefix);
      if (typeof parsed === 'string') {
        throw new GatehouseError(
          'grant_invalid',
          `The folder ${JSON.stringify(condition.prefix)} cannot be granted: ${parsed}.`,
        );
      }
    }
    const now = this.clock.now();
    const expiresAtMs = now + scope.minutes * 60_000;
    const base = {
      client: target.client,
      server: target.server,
      tool: target.tool,
      conditions: scope.conditions,
    };
    const grant: Grant = {
      id: this.newId(),
      ...base,
      grantedAt: new Date(now).toISOString(),
      expiresAt: new Date(expiresAtMs).toISOString(),
      grantedBy,
      summary: describeGrant(base),
    };
    this.#grants.set(grant.id, { grant, expiresAtMs });
    this.#changed();
    return grant;
  }

  /** The grants in force, soonest to end first. */
  list(): Grant[] {
    this.#dropExpired();
    return [...this.#grants.values()].sort((a, b) => a.expiresAtMs - b.expiresAtMs).map((held) => held.grant);
  }

  /** Ends a grant now; false when there was none (already expired or revoked). */
  revoke(id: string): boolean {
    const removed = this.#grants.delete(id);
    if (removed) this.#changed();
    return removed;
  }

  /** The first grant in force that covers this call, or undefined. */
  async covering(call: GrantedCall): Promise<Grant | undefined> {
    for (const grant of this.list()) {
      if (grant.client !== call.client || grant.server !== call.server || grant.tool !== call.tool) continue;
      if (await covers(grant.conditions, call.arguments)) {
        // It may have ended while links were resolved.
        const held = this.#grants.get(grant.id);
        if (held && held.expiresAtMs > this.clock.now()) return grant;
      }
    }
    return undefined;
  }

  /** Calls `listener` after every added, revoked or expired grant; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #dropExpired(): void {
    const now = this.clock.now();
    let dropped = false;
    for (const [id, held] of this.#grants) {
      if (held.expiresAtMs <= now) dropped = this.#grants.delete(id) || dropped;
    }
    if (dropped) this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A broken listener must not undo a grant or a revocation.
      }
    }
  }
}

/** Whether every condition holds for these arguments. */
export async function covers(conditions: readonly GrantCondition[], args: unknown): Promise<boolean> {
  if (conditions.length === 0) return true;
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return false;
  for (const condition of conditions) {
    // Own properties only: `__proto__` or `constructor` must not match through the prototype.
    if (!Object.hasOwn(args, condition.argument)) return false;
    const value = (args as Record<string, unknown>)[condition.argument];
    if (!(await holds(condition, value))) return false;
  }
  return true;
}

async function holds(condition: GrantCondition, value: unknown): Promise<boolean> {
  switch (condition.kind) {
    case 'exact':
      return jsonEqual(value, condition.value);
    case 'path-prefix': {
      // One path, or a list of paths (read_multiple_files): every one must be inside.
      const paths = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(paths) || paths.length === 0) return false;
      for (const path of paths) {
        if (typeof path !== 'string') return false;
        if (!(await resolvesInside(path, condition.prefix)).covered) return false;
      }
      return true;
    }
  }
}
