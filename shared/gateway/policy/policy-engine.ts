/**
 * Decides tool calls by policy: ordered rules, first match wins, a default when none matches.
 * Built once per policy change from the config; `decide` runs on every tools/call, so all
 * parsing and compiling happens here in the constructor.
 */
import picomatch from 'picomatch';
import type { Flow } from '../../contracts/flow.js';
import type { PolicyAction, PolicyDecision, PolicyRule, PolicySet } from '../../contracts/policy.js';
import type { ToolRisk } from '../../contracts/tool-access.js';
import type { Clock } from '../clock.js';
import { compileFlowCondition, type FlowTest } from '../flow/flow-condition.js';
import { describeFlows } from '../flow/flow-explain.js';
import { compileCondition, type ArgumentPredicate } from './argument-conditions.js';
import { RateLimiter } from './rate-limiter.js';

/** The tool annotations policy can match on. */
export interface ToolHints {
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly openWorldHint?: boolean;
}

/** Everything policy knows about one call. */
export interface CallFacts {
  readonly client: string;
  readonly server: string;
  /** The upstream tool name, before namespacing. */
  readonly tool: string;
  readonly annotations?: ToolHints | undefined;
  /** The tool's risk level as Gatehouse classified it (see integrity/tool-classifier.ts). */
  readonly risk?: ToolRisk | undefined;
  readonly arguments: unknown;
  /** Where text in the arguments came from (the data-flow guard); none when absent. */
  readonly flows?: readonly Flow[] | undefined;
}

/** What is known of a tool besides its name. */
export type ToolFacts = Pick<CallFacts, 'annotations' | 'risk'>;

interface CompiledRule {
  readonly rule: PolicyRule;
  readonly matchesTool: (facts: Omit<CallFacts, 'arguments'>) => boolean;
  readonly conditions: readonly ArgumentPredicate[];
  readonly flowTest: FlowTest | undefined;
}

/** A compiled policy set. */
export class PolicyEngine {
  readonly #rules: readonly CompiledRule[];
  readonly #limiter: RateLimiter;

  /** @throws GatehouseError `policy_invalid` naming the rule whose glob or regex cannot compile. */
  constructor(
    private readonly policy: PolicySet,
    clock: Clock,
  ) {
    this.#limiter = new RateLimiter(clock);
    this.#rules = policy.rules.filter((rule) => rule.enabled !== false).map(compileRule);
  }

  /** The decision for one call, with the rule that made it and a one-line explanation. */
  decide(facts: CallFacts): PolicyDecision {
    for (const { rule, matchesTool, conditions, flowTest } of this.#rules) {
      if (!matchesTool(facts) || !conditions.every((holds) => holds(facts.arguments))) continue;
      const flows = flowTest?.(facts);
      if (flows?.length === 0) continue;
      if (rule.rateLimit) {
        const { max, windowSeconds, per } = rule.rateLimit;
        const subject =
          per === 'client' ? facts.client : per === 'server' ? facts.server : `${facts.server}/${facts.tool}`;
        const retryAfterMs = this.#limiter.take(`${rule.id}\0${subject}`, max, windowSeconds * 1000);
        if (retryAfterMs === 0) continue;
        const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
        return {
          action: rule.action,
          ruleId: rule.id,
          retryAfterMs,
          explanation: `Rate limit "${rule.id}": at most ${max} calls per ${windowSeconds} s per ${per}; try again in ${seconds} s.`,
        };
      }
      const explanation = explainRule(rule);
      if (!flows) return { action: rule.action, ruleId: rule.id, explanation };
      return {
        action: rule.action,
        ruleId: rule.id,
        explanation: `${explanation} ${describeFlows(flows)}`,
        byFlow: true,
      };
    }
    return {
      action: this.policy.defaultAction,
      ruleId: undefined,
      explanation: `No rule matched; the default action is ${this.policy.defaultAction}.`,
    };
  }

  /**
   * Whether a tool is refused for a client whatever its arguments, so that it can be left out of
   * that client's tools/list. Rules that look at arguments or count calls could go either way
   * and stop the search with the tool visible.
   */
  isDeniedOutright(facts: Omit<CallFacts, 'arguments'>): boolean {
    for (const { rule, matchesTool, conditions, flowTest } of this.#rules) {
      if (!matchesTool(facts)) continue;
      if (conditions.length > 0 || rule.rateLimit || flowTest) return false;
      return rule.action === 'deny';
    }
    return this.policy.defaultAction === 'deny';
  }
}

function compileRule(rule: PolicyRule): CompiledRule {
  const where = `Rule "${rule.id}"`;
  const { clients, servers, tools, annotations, risk } = rule.match;
  const clientMatches = anyGlob(clients);
  const serverMatches = anyGlob(servers);
  const toolMatches = anyGlob(tools);
  return {
    rule,
    matchesTool: (facts) =>
      clientMatches(facts.client) &&
      serverMatches(facts.server) &&
      toolMatches(facts.tool) &&
      hintsMatch(annotations, facts.annotations) &&
      (risk === undefined || (facts.risk !== undefined && risk.includes(facts.risk))),
    conditions: (rule.match.arguments ?? []).map((condition, index) =>
      compileCondition(condition, `${where}, argument condition ${index + 1}`),
    ),
    flowTest: rule.match.flow ? compileFlowCondition(rule.match.flow) : undefined,
  };
}

/** A matcher for a list of globs; an absent list matches everything. */
function anyGlob(globs: readonly string[] | undefined): (name: string) => boolean {
  if (!globs) return () => true;
  const matchers = globs.map((glob) => picomatch(glob, { dot: true }));
  return (name) => matchers.some((matches) => matches(name));
}

function hintsMatch(wanted: ToolHints | undefined, actual: ToolHints | undefined): boolean {
  if (!wanted) return true;
  return (Object.keys(wanted) as (keyof ToolHints)[]).every((hint) => actual?.[hint] === wanted[hint]);
}

const ACTION_WORDS: Record<PolicyAction, string> = {
  allow: 'Allowed',
  deny: 'Denied',
  approve: 'Needs approval',
  log: 'Allowed and flagged',
};

function explainRule(rule: PolicyRule): string {
  const why = rule.reason ?? rule.description;
  return `${ACTION_WORDS[rule.action]} by rule "${rule.id}"${why ? `: ${why}` : '.'}`;
}
