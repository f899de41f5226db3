/**
 * The gate every tools/call passes before it may reach an upstream: policy decides, temporary
 * grants skip questions already answered, and calls that need the person wait in the approval
 * queue (with progress notifications so the client does not time out first).
 */
import type { ApprovalOutcome } from '../../contracts/approvals.js';
import type { Flow } from '../../contracts/flow.js';
import type { PolicyDecision } from '../../contracts/policy.js';
import type { ApprovalQueue } from '../approvals/approval-queue.js';
import { maskSecretFlows } from '../flow/mask-secrets.js';
import type { CallFacts, PolicyEngine } from './policy-engine.js';
import type { GrantRegistry } from '../grants/grant-registry.js';

/** A call at the gate. */
export interface GatedCall extends CallFacts {
  readonly sessionId: string;
  readonly exposedTool: string;
  readonly signal: AbortSignal;
  /** A later round of a call admitted before (2026-era input_required): asking is not repeated. */
  readonly continuesAdmitted?: boolean | undefined;
  /** Called while the call waits for the person, if the client can take progress notifications. */
  readonly onWaiting?: ((message: string, elapsedMs: number) => void) | undefined;
}

/** Whether the call may go on, and why. */
export interface Admission {
  readonly admitted: boolean;
  readonly decision: PolicyDecision;
  readonly approval?: ApprovalOutcome;
  /** For refusals: the sentence returned to the model. */
  readonly refusal?: string;
  /** Where text in the arguments came from (the data-flow guard), for the audit record. */
  readonly flows?: readonly Flow[];
}

/** How often a waiting call reports progress to its client. */
const WAITING_PROGRESS_INTERVAL_MS = 5000;

/** The rule id audited for calls refused while the person has paused every tool call. */
export const PAUSED_RULE_ID = 'paused';

/** The rule id audited for calls refused because the audit trail could not record them. */
export const AUDIT_UNAVAILABLE_RULE_ID = 'audit-unavailable';

const PAUSED_EXPLANATION =
  'All tool calls are paused in Gatehouse. The person can resume them from the tray menu or the Gatehouse window.';

/** Decides calls by policy, grants and approvals. */
export class CallGate {
  constructor(
    private readonly engine: () => PolicyEngine,
    private readonly grants: GrantRegistry,
    private readonly approvals: ApprovalQueue,
    /**
     * Why a call must be refused because it could not be recorded (the audit trail cannot be
     * written and `settings.auditFailure` is `refuse-calls`), or undefined.
     */
    private readonly auditRefusal: () => string | undefined = () => undefined,
    private readonly progressIntervalMs = WAITING_PROGRESS_INTERVAL_MS,
  ) {}

  #pausedSince: Date | undefined;

  /** When the person paused every tool call, or undefined while calls flow. */
  get pausedSince(): Date | undefined {
    return this.#pausedSince;
  }

  /**
   * Refuses every new call until `resume()`, whatever the policy says. Calls already admitted
   * finish; calls waiting for approval keep waiting, since answering them is the person's choice.
   * @returns whether this changed anything.
   */
  pause(now = new Date()): boolean {
    if (this.#pausedSince) return false;
    this.#pausedSince = now;
    return true;
  }

  /** @returns whether this changed anything. */
  resume(): boolean {
    if (!this.#pausedSince) return false;
    this.#pausedSince = undefined;
    return true;
  }

  /** Runs the policy for a call and, when it asks for approval, waits for the person. */
  async admit(call: GatedCall): Promise<Admission> {
    const admission = await this.#decide(call);
    return call.flows && call.flows.length > 0 ? { ...admission, flows: call.flows } : admission;
  }

  async #decide(call: GatedCall): Promise<Admission> {
    if (this.#pausedSince) {
      return {
        admitted: false,
        decision: { action: 'deny', ruleId: PAUSED_RULE_ID, explanation: PAUSED_EXPLANATION },
        refusal: `Gatehouse refused this call. ${PAUSED_EXPLANATION}`,
      };
    }
    const unrecordable = this.auditRefusal();
    if (unrecordable) {
      return {
        admitted: false,
        decision: { action: 'deny', ruleId: AUDIT_UNAVAILABLE_RULE_ID, explanation: unrecordable },
        refusal: unrecordable,
      };
    }
    const decision = this.engine().decide(call);
    switch (decision.action) {
      case 'allow':
      case 'log':
        return { admitted: true, decision };
      case 'deny':
        return { admitted: false, decision, refusal: `Gatehouse refused this call. ${decision.explanation}` };
      case 'approve':
        if (call.continuesAdmitted)
          return {
            admitted: true,
            decision: {
              ...decision,
              explanation: `${decision.explanation} (A later round of a call allowed before.)`,
            },
          };
        return this.#askThePerson(call, decision);
    }
  }

  async #askThePerson(call: GatedCall, decision: PolicyDecision): Promise<Admission> {
    // A grant never answers a question a flow rule raised: it covers the call, not the data in it.
    const grant = decision.byFlow ? undefined : await this.grants.covering(call);
    if (grant) {
      // The audit record names the grant as the rule that decided (grants are listed by id).
      return {
        admitted: true,
        decision: {
          action: 'allow',
          ruleId: grant.id,
          explanation: `Allowed by ${grant.id} (given by ${grant.grantedBy}, until ${grant.expiresAt}): ${grant.summary}${decision.ruleId ? ` Rule ${decision.ruleId} asks otherwise.` : ''}`,
        },
      };
    }
    const startedAt = Date.now();
    const ticker = call.onWaiting
      ? setInterval(
          () => call.onWaiting?.('Waiting for approval in Gatehouse…', Date.now() - startedAt),
          this.progressIntervalMs,
        )
      : undefined;
    try {
      const approval = await this.approvals.request(
        {
          client: call.client,
          sessionId: call.sessionId,
          server: call.server,
          tool: call.tool,
          exposedTool: call.exposedTool,
          // A secret in any encoding is masked: secrets never reach the UI.
          arguments: maskSecretFlows(call.arguments ?? {}, call.flows) as never,
          ...(decision.ruleId ? { ruleId: decision.ruleId } : {}),
          explanation: decision.explanation,
          ...(call.flows && call.flows.length > 0 ? { flows: [...call.flows] } : {}),
        },
        call.signal,
      );
      if (approval.approved) return { admitted: true, decision, approval };
      // The model learns why it was held (which argument carried what), never the data itself.
      const why = call.flows && call.flows.length > 0 ? ` ${decision.explanation}` : '';
      return { admitted: false, decision, approval, refusal: refusalFor(approval) + why };
    } finally {
      clearInterval(ticker);
    }
  }
}

function refusalFor(outcome: ApprovalOutcome): string {
  switch (outcome.kind) {
    case 'timeout':
      return "Gatehouse refused this call: it needed the person's approval and nobody answered in time.";
    case 'cancelled':
      return 'The call was withdrawn before the person answered.';
    case 'shutdown':
      return 'Gatehouse refused this call: it was shutting down before the person answered.';
    default:
      return `The person denied this call in Gatehouse${outcome.reason ? `: ${outcome.reason}` : '.'}`;
  }
}
