/**
 * The `flow` test of a policy rule, compiled: which of a call's flows it matches, judged by where
 * the text came from, where it goes, and how long it is.
 */
import picomatch from 'picomatch';
import type { Flow, FlowCondition } from '../../contracts/flow.js';
import type { ToolRisk } from '../../contracts/tool-access.js';

/** What a flow test knows of the call. */
export interface FlowCallFacts {
  readonly server: string;
  readonly risk?: ToolRisk | undefined;
  readonly annotations?: { readonly openWorldHint?: boolean } | undefined;
  readonly flows?: readonly Flow[] | undefined;
}

/** Returns the call's flows the condition matches (none: the rule does not apply). */
export type FlowTest = (facts: FlowCallFacts) => readonly Flow[];

/** Compiles a rule's `flow` condition. */
export function compileFlowCondition(condition: FlowCondition): FlowTest {
  const { from, to, minLength } = condition;
  const fromServers = globs(from.servers);
  const secretNames = from.secrets === undefined || from.secrets === true ? undefined : globs(from.secrets);
  const toServers = globs(to?.servers);
  const anySource =
    from.servers === undefined && from.dataClasses === undefined && from.secrets === undefined;
  const wantsResults = anySource || from.servers !== undefined || from.dataClasses !== undefined;
  const sourceMatches = (flow: Flow): boolean => {
    const source = flow.source;
    if (source.kind === 'secret') {
      if (anySource) return true;
      if (from.secrets === undefined) return false;
      return secretNames === undefined || secretNames(source.secret);
    }
    if (!wantsResults) return false;
    if (fromServers && !fromServers(source.server)) return false;
    return from.dataClasses === undefined || from.dataClasses.includes(source.dataClass);
  };
  return (facts) => {
    const flows = facts.flows;
    if (!flows || flows.length === 0) return [];
    if (to?.risk && (facts.risk === undefined || !to.risk.includes(facts.risk))) return [];
    if (toServers && !toServers(facts.server)) return [];
    if (to?.openWorld !== undefined && to.openWorld !== reachesOut(facts)) return [];
    return flows.filter(
      (flow) =>
        (minLength === undefined || flow.length >= minLength) &&
        sourceMatches(flow) &&
        (to?.otherServer !== true || flow.source.kind === 'secret' || flow.source.server !== facts.server),
    );
  };
}

function globs(list: readonly string[] | undefined): ((name: string) => boolean) | undefined {
  if (!list) return undefined;
  const matchers = list.map((glob) => picomatch(glob, { dot: true }));
  return (name) => matchers.some((matches) => matches(name));
}

function reachesOut(facts: FlowCallFacts): boolean {
  return facts.risk === 'open-world' || facts.annotations?.openWorldHint === true;
}
