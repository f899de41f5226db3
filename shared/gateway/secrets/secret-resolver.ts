/**
 * Resolves a server entry's secret references when it is about to be spawned or connected, and
 * remembers every value it handed out so the audit trail can redact them wherever they appear.
 */
import type { ServerConfig } from '../../contracts/config.js';
import { GatehouseError } from '../errors.js';
import { describeReference, fillReferences, referencesIn } from './secret-references.js';
import type { SecretStore } from './secret-store.js';

/** A server entry ready to use, or the names it lacks and a sentence saying so. */
export type Resolution =
  | { readonly ok: true; readonly server: ServerConfig }
  | { readonly ok: false; readonly missing: string[]; readonly message: string };

export class SecretResolver {
  readonly #handedOut = new Set<string>();
  /** The values by reference (`github-token`, `env GITHUB_TOKEN`), for the data-flow guard. */
  readonly #named = new Map<string, string>();

  constructor(
    private readonly store: SecretStore,
    private readonly environment: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Never throws: a missing value or an unreachable keychain is reported in the result. */
  async resolve(server: ServerConfig): Promise<Resolution> {
    const references = referencesIn(server);
    if (references.length === 0) return { ok: true, server };
    const values = new Map<string, string>();
    const missing: string[] = [];
    let keychainProblem: string | undefined;
    for (const reference of references) {
      const key = describeReference(reference);
      let value: string | undefined;
      if (reference.source === 'env') value = this.environment[reference.name];
      else if (keychainProblem === undefined) {
        try {
          value = await this.store.get(reference.name);
        } catch (error: unknown) {
          if (!(error instanceof GatehouseError)) throw error;
          keychainProblem = error.message;
        }
      }
      if (value === undefined || value === '') missing.push(key);
      else values.set(key, value);
    }
    if (missing.length > 0) return { ok: false, missing, message: explainMissing(missing, keychainProblem) };
    for (const [key, value] of values) {
      this.#handedOut.add(value);
      this.#named.set(key, value);
    }
    return { ok: true, server: fillReferences(server, values) };
  }

  /** Every value resolved so far, for redaction. */
  values(): Iterable<string> {
    return this.#handedOut;
  }

  /** The latest value of each reference resolved so far, by its name. */
  named(): ReadonlyMap<string, string> {
    return this.#named;
  }
}

/** "needs secret A, B; needs environment variable C", and what to do about it. */
function explainMissing(missing: readonly string[], keychainProblem: string | undefined): string {
  const secrets = missing.filter((entry) => !entry.startsWith('env '));
  const variables = missing.filter((entry) => entry.startsWith('env ')).map((entry) => entry.slice(4));
  const needs = [
    secrets.length > 0 ? `needs secret ${secrets.join(', ')}` : '',
    variables.length > 0 ? `needs environment variable ${variables.join(', ')}` : '',
  ].filter(Boolean);
  const remedy = keychainProblem
    ? keychainProblem
    : secrets.length > 0
      ? `Set it with "gatehouse secret set ${secrets[0]}".`
      : 'Set it in the environment Gatehouse starts in.';
  return `${needs.join('; ')}. ${remedy}`;
}
