/**
 * The control API's one event stream: what the UI updates itself from, instead of polling.
 */
import { z } from 'zod';
import { ApprovalOutcomeSchema, PendingApprovalSchema } from './approvals.js';
import { AuditHealthSchema, AuditOutcomeSchema } from './audit.js';
import { UpstreamStatusSchema } from './upstream-status.js';
import { SignInProgressSchema } from './control-api-sign-in.js';

/** A tool call as the live views show it. */
export const CallSummarySchema = z.object({
  id: z.string(),
  client: z.string(),
  server: z.string(),
  tool: z.string(),
  startedAt: z.string(),
});

/** The gateway as a whole, as the tray and the window's header show it. */
export const GatewayStateSchema = z.object({
  /** When every tool call was paused (ISO time), or null while calls flow. */
  pausedSince: z.string().nullable(),
  pendingApprovals: z.number().int().min(0),
  /** Whether the audit trail is being written; absent when the gateway keeps no audit log. */
  audit: AuditHealthSchema.optional(),
});

/** Parts of the configuration a change event can name. */
export const ConfigAreaSchema = z.enum(['servers', 'clients', 'access', 'policy', 'settings', 'secrets']);

export const ControlEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.started'), call: CallSummarySchema }),
  z.object({
    type: z.literal('call.finished'),
    call: CallSummarySchema.extend({ outcome: AuditOutcomeSchema, durationMs: z.number() }),
  }),
  z.object({ type: z.literal('approval.requested'), approval: PendingApprovalSchema }),
  z.object({
    type: z.literal('approval.decided'),
    approval: PendingApprovalSchema,
    outcome: ApprovalOutcomeSchema,
  }),
  z.object({ type: z.literal('server.status'), status: UpstreamStatusSchema }),
  /** The aggregate catalog (the tools clients see) changed. */
  z.object({ type: z.literal('catalog.changed') }),
  z.object({ type: z.literal('config.changed'), area: ConfigAreaSchema }),
  /** The audit trail stopped being written, filled its backlog, or caught up again. */
  z.object({ type: z.literal('audit.health'), health: AuditHealthSchema }),
  /** A grant was given, revoked or ran out (the Approvals page lists them). */
  z.object({ type: z.literal('grants.changed') }),
  /** A sign-in started from the window is waiting for the browser, succeeded or failed. */
  z.object({ type: z.literal('server.signIn'), progress: SignInProgressSchema }),
  /** The person paused or resumed every tool call, or the audit health changed. */
  z.object({ type: z.literal('gateway.state'), state: GatewayStateSchema }),
]);

export type CallSummary = z.infer<typeof CallSummarySchema>;
export type GatewayState = z.infer<typeof GatewayStateSchema>;
export type ConfigArea = z.infer<typeof ConfigAreaSchema>;
export type ControlEvent = z.infer<typeof ControlEventSchema>;
export type ControlEventType = ControlEvent['type'];

/** The path of the event stream (server-sent events) beside the control methods. */
export const CONTROL_EVENTS_PATH = '/control/events';
