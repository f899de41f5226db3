/**
 * The queue of calls waiting for the person. A service with events, so the CLI, the UI, the tray
 * and notifications can all show it; it knows nothing about HTTP or MCP.
 */
import { randomUUID } from 'node:crypto';
import type {
  ApprovalEvent,
  ApprovalOutcome,
  ApprovalOutcomeKind,
  ApprovalVerdict,
  PendingApproval,
} from '../../contracts/approvals.js';
import type { Clock } from '../clock.js';
import { GatehouseError } from '../errors.js';
import { argumentsDigest } from '../grants/json-equal.js';

/** What a caller asks approval for; the queue adds the id and the times. */
export type ApprovalRequest = Omit<PendingApproval, 'id' | 'requestedAt' | 'expiresAt' | 'argumentsDigest'>;

interface Waiting {
  readonly approval: PendingApproval;
  readonly startedAt: number;
  readonly settle: (outcome: ApprovalOutcome) => void;
}

/** Pending approvals and their decisions. */
export class ApprovalQueue {
  readonly #waiting = new Map<string, Waiting>();
  readonly #listeners = new Set<(event: ApprovalEvent) => void>();

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: () => number,
  ) {}

  /**
   * Holds a call until the person decides, the approval expires (a denial), or `signal` aborts
   * (the client cancelled or went away). Never rejects.
   */
  request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome> {
    const startedAt = this.clock.now();
    const timeoutMs = this.timeoutMs();
    const approval: PendingApproval = {
      ...request,
      argumentsDigest: argumentsDigest(request.arguments),
      id: randomUUID(),
      requestedAt: new Date(startedAt).toISOString(),
      expiresAt: new Date(startedAt + timeoutMs).toISOString(),
    };
    return new Promise<ApprovalOutcome>((resolve) => {
      const timer = setTimeout(
        () => this.#end(approval.id, 'timeout', 'Nobody answered in time.'),
        timeoutMs,
      );
      timer.unref();
      const onAbort = () => this.#end(approval.id, 'cancelled', 'The client withdrew the call.');
      const settle = (outcome: ApprovalOutcome) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      this.#waiting.set(approval.id, { approval, startedAt, settle });
      this.#emit({ type: 'approval-requested', approval });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The approvals waiting now, oldest first. */
  pending(): PendingApproval[] {
    return [...this.#waiting.values()].map((waiting) => waiting.approval);
  }

  /** One pending approval. @throws GatehouseError `approval_unknown` */
  get(id: string): PendingApproval {
    const waiting = this.#waiting.get(id);
    if (!waiting) {
      throw new GatehouseError(
        'approval_unknown',
        `There is no pending approval "${id}": it was decided, expired or withdrawn.`,
      );
    }
    return waiting.approval;
  }

  /** Applies the person's verdict. @throws GatehouseError `approval_unknown` */
  decide(id: string, verdict: ApprovalVerdict, decidedBy: string): PendingApproval {
    const approval = this.get(id);
    if (verdict.kind === 'deny') this.#end(id, 'denied', verdict.reason, decidedBy);
    else this.#end(id, verdict.kind, undefined, decidedBy);
    return approval;
  }

  /** Denies everything pending, as on shutdown. */
  denyAll(kind: 'shutdown', reason: string): void {
    for (const id of [...this.#waiting.keys()]) this.#end(id, kind, reason);
  }

  /** Subscribes to requests and their ends; returns the unsubscribe function. */
  subscribe(listener: (event: ApprovalEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #end(id: string, kind: ApprovalOutcomeKind, reason?: string, decidedBy?: string): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    this.#waiting.delete(id);
    const approved = kind === 'allow-once' || kind === 'allow-for' || kind === 'always-allow';
    const outcome: ApprovalOutcome = {
      kind,
      approved,
      ...(reason ? { reason } : {}),
      ...(decidedBy ? { decidedBy } : {}),
      waitedMs: this.clock.now() - waiting.startedAt,
    };
    waiting.settle(outcome);
    this.#emit({ type: 'approval-ended', approval: waiting.approval, outcome });
  }

  #emit(event: ApprovalEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not block a decision.
      }
    }
  }
}
