/**
 * The gateway's policy state: the compiled rules, temporary grants, the approval queue and the
 * gate that uses them, plus the per-client tools/list each client may see. Changes to the rules
 * (an import, "always allow") go through here so every cache is rebuilt in one place.
 */
import type { ApprovalVerdict, PendingApproval } from '../../contracts/approvals.js';
import type { GatewayConfig } from '../../contracts/config.js';
import type { PolicySet } from '../../contracts/policy.js';
import type { ToolRisk } from '../../contracts/tool-access.js';
import { ApprovalQueue } from '../approvals/approval-queue.js';
import { GrantRegistry } from '../grants/grant-registry.js';
import type { Catalog } from '../catalog/catalog.js';
import { nameHash } from '../catalog/naming.js';
import type { Clock } from '../clock.js';
import type { ConfigStore } from '../config/config-store.js';
import type { ToolDefinition } from '../upstream/model.js';
import { CallGate } from './call-gate.js';
import { PolicyEngine, type ToolHints } from './policy-engine.js';

/** Policy, grants and approvals for one gateway. */
export class PolicyState {
  readonly approvals: ApprovalQueue;
  readonly gate: CallGate;
  /** What "remember" on approvals let through; listed and revoked from the Approvals page. */
  readonly grants: GrantRegistry;
  #policies: PolicySet;
  #engine: PolicyEngine;
  /** Per client: the catalog's tools less those policy denies it outright. */
  #visibleTools = new Map<string, readonly ToolDefinition[]>();

  /** @throws GatehouseError `policy_invalid` when a rule's glob or regex cannot compile. */
  constructor(
    policies: PolicySet,
    private readonly configStore: ConfigStore,
    private readonly clock: Clock,
    /** Called after the rules changed, so clients can be told their tools/list changed. */
    private readonly onRulesChanged: () => void,
    /** A tool's risk level, for rules that match on it. */
    private readonly riskOf: (server: string, tool: string) => ToolRisk | undefined = () => undefined,
    /** Why calls must be refused because they could not be recorded, or undefined (see CallGate). */
    auditRefusal: () => string | undefined = () => undefined,
  ) {
    this.#policies = policies;
    this.#engine = new PolicyEngine(policies, clock);
    this.grants = new GrantRegistry(clock);
    this.approvals = new ApprovalQueue(clock, () => this.#policies.approvalTimeoutSeconds * 1000);
    this.gate = new CallGate(() => this.#engine, this.grants, this.approvals, auditRefusal);
  }

  /** The rules in force. */
  get policies(): PolicySet {
    return this.#policies;
  }

  /** The tools a client may see in `catalog`. */
  visibleTools(catalog: Catalog, clientName: string): readonly ToolDefinition[] {
    let tools = this.#visibleTools.get(clientName);
    if (!tools) {
      tools = catalog.tools.filter((tool) => {
        const route = catalog.tool(tool.name)!;
        return !this.#engine.isDeniedOutright({
          client: clientName,
          server: route.server,
          tool: route.name,
          annotations: route.definition.annotations as ToolHints | undefined,
          risk: this.riskOf(route.server, route.name),
        });
      });
      this.#visibleTools.set(clientName, tools);
    }
    return tools;
  }

  /** Forgets the per-client tool lists, after the catalog changed. */
  catalogChanged(): void {
    this.#visibleTools.clear();
  }

  /**
   * Applies the person's answer to a pending approval: a temporary grant, or a rule that always
   * allows the tool for this client, placed just before the rule that asked so that earlier
   * denials still win.
   */
  decideApproval(id: string, verdict: ApprovalVerdict, decidedBy: string): PendingApproval {
    const approval = this.approvals.get(id);
    if (verdict.kind === 'allow-for') {
      this.grants.add(
        approval,
        { minutes: verdict.minutes, conditions: verdict.conditions ?? [] },
        decidedBy,
      );
    } else if (verdict.kind === 'always-allow') {
      this.#addAlwaysAllowRule(approval);
    }
    return this.approvals.decide(id, verdict, decidedBy);
  }

  /** Re-reads the rules from config.json. @throws GatehouseError when they are invalid; the old ones stay. */
  reload(): PolicySet {
    this.#apply(this.configStore.load());
    return this.#policies;
  }

  #addAlwaysAllowRule(approval: PendingApproval): void {
    const id = `always-${nameHash(approval.client, `${approval.server}/${approval.tool}`)}`;
    const rule = {
      id,
      description: `Always allowed for ${approval.client} from an approval on ${new Date(this.clock.now()).toISOString()}.`,
      match: { clients: [approval.client], servers: [approval.server], tools: [approval.tool] },
      action: 'allow' as const,
    };
    const saved = this.configStore.update((raw) => {
      const policies = { ...(raw.policies as Record<string, unknown> | undefined) };
      const rules = Array.isArray(policies.rules) ? [...(policies.rules as { id?: unknown }[])] : [];
      if (rules.some((existing) => existing.id === id)) return raw;
      const askedAt = rules.findIndex((existing) => existing.id === approval.ruleId);
      rules.splice(askedAt === -1 ? rules.length : askedAt, 0, rule);
      return { ...raw, policies: { ...policies, rules } };
    });
    this.#apply(saved);
  }

  #apply(config: GatewayConfig): void {
    this.#engine = new PolicyEngine(config.policies, this.clock);
    this.#policies = config.policies;
    this.#visibleTools.clear();
    this.onRulesChanged();
  }
}
