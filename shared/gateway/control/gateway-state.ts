/**
 * The gateway as a whole, as the tray and the window's header show it: whether the person has
 * paused every tool call, how many calls wait for approval, and whether the audit trail is written. Also turns the approval queue's
 * events into control events, so every listener learns of a request the moment it is made.
 */
import type { AuditHealth } from '../../contracts/audit.js';
import type { GatewayState } from '../../contracts/control-events.js';
import type { ApprovalQueue } from '../approvals/approval-queue.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CallGate } from '../policy/call-gate.js';
import type { ControlEventHub } from './control-event-hub.js';

export class GatewayStateReporter {
  constructor(
    private readonly approvals: ApprovalQueue,
    private readonly gate: CallGate,
    private readonly events: ControlEventHub,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The audit trail's health, when the gateway keeps one. */
    private readonly auditHealth: () => AuditHealth | undefined = () => undefined,
    /** Keeps a pause across restarts (paused.json). */
    private readonly persistPause: (pausedSince: Date | undefined, by: string) => void = () => {},
  ) {
    approvals.subscribe((event) => {
      events.emit(
        event.type === 'approval-requested'
          ? { type: 'approval.requested', approval: event.approval }
          : { type: 'approval.decided', approval: event.approval, outcome: event.outcome },
      );
      events.emit({ type: 'gateway.state', state: this.current() });
    });
  }

  current(): GatewayState {
    const audit = this.auditHealth();
    return {
      pausedSince: this.gate.pausedSince?.toISOString() ?? null,
      pendingApprovals: this.approvals.pending().length,
      ...(audit ? { audit } : {}),
    };
  }

  /** Tells every listener the audit health changed: its own event, and the gateway's new state. */
  auditChanged(health: AuditHealth): void {
    this.events.emit({ type: 'audit.health', health });
    this.events.emit({ type: 'gateway.state', state: this.current() });
  }

  /** Pauses (true) or resumes (false) every new tool call; `by` names who did it, for the log. */
  setPaused(paused: boolean, by: string): GatewayState {
    const changed = paused ? this.gate.pause(new Date(this.clock.now())) : this.gate.resume();
    if (changed) {
      this.persistPause(this.gate.pausedSince, by);
      this.logger.info(paused ? `${by} paused every tool call` : `${by} resumed tool calls`);
      this.events.emit({ type: 'gateway.state', state: this.current() });
    }
    return this.current();
  }
}
