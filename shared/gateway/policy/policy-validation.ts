/**
 * Checks a draft policy set the way loading it would, and reports every problem as a sentence,
 * without applying anything.
 */
import { PolicySetSchema } from '../../contracts/policy.js';
import type { Clock } from '../clock.js';
import { formatIssues } from '../config/json-file-store.js';
import { GatehouseError } from '../errors.js';
import { PolicyEngine } from './policy-engine.js';

export function validatePolicies(draft: unknown, clock: Clock): { ok: boolean; problems: string[] } {
  const parsed = PolicySetSchema.safeParse(draft);
  if (!parsed.success) return { ok: false, problems: [`${formatIssues(parsed.error)}.`] };
  try {
    // Compiling is what finds globs and regexes that cannot run.
    new PolicyEngine(parsed.data, clock);
  } catch (error: unknown) {
    if (error instanceof GatehouseError) return { ok: false, problems: [error.message] };
    throw error;
  }
  const ids = parsed.data.rules.map((rule) => rule.id);
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (duplicates.length > 0)
    return { ok: false, problems: [`Rule ids must be unique: ${[...new Set(duplicates)].join(', ')}.`] };
  return { ok: true, problems: [] };
}
