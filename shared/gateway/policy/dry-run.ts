/**
 * Dry run: how a draft policy would have decided the calls already in the audit trail, call by
 * call, without applying it. Rate limits count the replayed calls at the times they happened.
 */
import type { AuditRecord } from '../../contracts/audit.js';
import type { DryRunReport, PolicySet } from '../../contracts/policy.js';
import { PolicyEngine, type ToolFacts } from './policy-engine.js';

/** Looks up a tool's annotations and risk as listed now (the audit does not store them). */
export type ToolFactsLookup = (server: string, tool: string) => ToolFacts;

/**
 * Re-decides `records` (newest first, as the audit returns them) with `draft`.
 * @throws GatehouseError `policy_invalid` when the draft's globs or regexes cannot compile.
 */
export function dryRun(
  draft: PolicySet,
  records: readonly AuditRecord[],
  toolFacts: ToolFactsLookup,
): DryRunReport {
  const calls = records
    .filter(
      (record) =>
        record.method === 'tools/call' && record.server !== undefined && record.target !== undefined,
    )
    .reverse();
  let replayedAt = 0;
  const engine = new PolicyEngine(draft, { now: () => replayedAt });
  const decided = calls.map((record) => {
    replayedAt = Date.parse(record.time);
    const server = record.server!;
    const tool = record.target!;
    const after = engine.decide({
      client: record.client,
      server,
      tool,
      ...toolFacts(server, tool),
      arguments: parseStoredArguments(record.arguments),
      // The flows found when the call was made: flow rules replay over what the guard saw then.
      flows: record.flows,
    });
    const changed = after.action !== record.decision || after.ruleId !== record.ruleId;
    return {
      seq: record.seq,
      time: record.time,
      client: record.client,
      server,
      tool,
      before: {
        ...(record.decision ? { action: record.decision } : {}),
        ...(record.ruleId ? { ruleId: record.ruleId } : {}),
      },
      after: {
        action: after.action,
        ...(after.ruleId ? { ruleId: after.ruleId } : {}),
        explanation: after.explanation,
      },
      changed,
    };
  });
  return {
    checked: decided.length,
    changed: decided.filter((call) => call.changed).length,
    calls: decided.reverse(),
  };
}

/** Stored arguments are redacted JSON text; a truncated one cannot be parsed and counts as none. */
function parseStoredArguments(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
