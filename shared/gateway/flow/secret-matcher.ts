/**
 * Finds the secrets Gatehouse resolved (and their encoded forms) in argument text. Secrets are few
 * and short, so each form is an exact substring search; their forms are computed once per value.
 */
import type { SecretEncoding } from '../../contracts/flow.js';
import { secretForms, type SecretForm } from './secret-forms.js';

/** A secret Gatehouse holds, by the name a person knows it by. */
export interface NamedSecret {
  readonly name: string;
  readonly value: string;
}

/** A secret found in a text. */
export interface FoundSecret {
  readonly name: string;
  readonly encoding: SecretEncoding;
  readonly start: number;
  readonly end: number;
}

/** Looks for secrets; caches the forms of each value it has seen. */
export class SecretMatcher {
  #forms = new Map<string, SecretForm[]>();

  constructor(private readonly secrets: () => Iterable<NamedSecret>) {}

  /** The secrets in `text`, each once (its first, longest form found). */
  find(text: string): FoundSecret[] {
    const found: FoundSecret[] = [];
    const seen = new Set<string>();
    for (const secret of this.secrets()) {
      if (seen.has(secret.value)) continue;
      seen.add(secret.value);
      const forms = this.#formsOf(secret.value);
      for (const form of forms) {
        if (text.length < form.text.length) continue;
        const at = text.indexOf(form.text);
        if (at === -1) continue;
        found.push({ name: secret.name, encoding: form.encoding, start: at, end: at + form.text.length });
        break;
      }
    }
    // Values no longer held drop out of the cache.
    if (this.#forms.size > seen.size * 2 + 16) {
      const kept = new Map<string, SecretForm[]>();
      for (const value of seen) {
        const forms = this.#forms.get(value);
        if (forms) kept.set(value, forms);
      }
      this.#forms = kept;
    }
    return found;
  }

  #formsOf(value: string): SecretForm[] {
    let forms = this.#forms.get(value);
    if (!forms) {
      forms = secretForms(value);
      this.#forms.set(value, forms);
    }
    return forms;
  }
}
