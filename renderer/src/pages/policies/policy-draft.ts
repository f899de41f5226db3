/**
 * The policy editor's text and what can be made of it: parsed JSON, a checked policy set, and a
 * set with one rule moved. Plain functions, so the page only wires them to buttons.
 */
import type { z } from 'zod';
import { PolicySetSchema, type PolicySet } from '../../../../shared/contracts/policy.js';

/** The editor's text for a policy set. */
export function formatPolicy(policies: PolicySet): string {
  return `${JSON.stringify(policies, null, 2)}\n`;
}

/** The JSON in the editor, or why it is not JSON. */
export function parseJson(
  text: string,
): { value: unknown; error?: undefined } | { value?: undefined; error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (failure: unknown) {
    const detail = failure instanceof Error ? failure.message : 'it could not be read';
    return { error: `This is not valid JSON: ${detail}.` };
  }
}

/** The editor's text as a checked policy set, or the problems in it, each naming where it is. */
export function policyFromText(
  text: string,
): { policies: PolicySet; problems: [] } | { policies?: undefined; problems: string[] } {
  const json = parseJson(text);
  if (json.error !== undefined) return { problems: [json.error] };
  const parsed = PolicySetSchema.safeParse(json.value);
  if (parsed.success) return { policies: parsed.data, problems: [] };
  return { problems: parsed.error.issues.map((issue) => describeIssue(issue, json.value)) };
}

/** "rules[2] (block-rm) → action: …" reads better than a bare path. */
function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const [first, index, ...rest] = issue.path;
  if (first === 'rules' && typeof index === 'number') {
    const id = ruleIdAt(value, index);
    const where = [`rule ${index + 1}${id ? ` (${id})` : ''}`, ...rest.map(String)].join(' → ');
    return `${where}: ${issue.message}`;
  }
  return issue.path.length > 0 ? `${issue.path.map(String).join(' → ')}: ${issue.message}` : issue.message;
}

function ruleIdAt(value: unknown, index: number): string | undefined {
  if (typeof value !== 'object' || value === null || !('rules' in value) || !Array.isArray(value.rules))
    return undefined;
  const rule: unknown = value.rules[index];
  return typeof rule === 'object' && rule !== null && 'id' in rule && typeof rule.id === 'string'
    ? rule.id
    : undefined;
}

/** The set with rule `index` moved by `delta` places (rule order decides which rule wins). */
export function moveRule(policies: PolicySet, index: number, delta: -1 | 1): PolicySet {
  const target = index + delta;
  if (target < 0 || target >= policies.rules.length) return policies;
  const rules = [...policies.rules];
  const [moved] = rules.splice(index, 1);
  if (moved) rules.splice(target, 0, moved);
  return { ...policies, rules };
}
