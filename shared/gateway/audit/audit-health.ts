/**
 * The audit trail's health as a person and the call gate see it: whether records are written,
 * how many wait in memory, and, under `refuse-calls`, the sentence a refused call carries.
 */
import type { AuditHealth } from '../../contracts/audit.js';
import type { AuditFailurePolicy } from '../../contracts/config.js';
import { type QueueHealth, formatMegabytes } from './batch-queue.js';

/** The backlog's bounds. */
export interface BacklogBounds {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/** Default bounds: 10,000 records or 32 MB, whichever comes first (see `settings.auditBacklog*`). */
export const DEFAULT_BACKLOG: BacklogBounds = { maxRecords: 10_000, maxBytes: 32 * 1024 * 1024 };

/** The bounds `settings.auditBacklogRecords` and `settings.auditBacklogMB` set. */
export function backlogBounds(settings: {
  auditBacklogRecords: number;
  auditBacklogMB: number;
}): BacklogBounds {
  return { maxRecords: settings.auditBacklogRecords, maxBytes: settings.auditBacklogMB * 1024 * 1024 };
}

/** The health the contract describes, from the queue's. */
export function auditHealth(
  queue: QueueHealth,
  bounds: BacklogBounds,
  policy: AuditFailurePolicy,
): AuditHealth {
  const failing = queue.failingSince !== undefined;
  const state = queue.full || queue.notKept > 0 ? 'full' : failing ? 'behind' : 'ok';
  const refusingCalls = policy === 'refuse-calls' && (failing || queue.full);
  return {
    state,
    policy,
    refusingCalls,
    backlog: {
      records: queue.waiting,
      bytes: Math.round(queue.bytes),
      maxRecords: bounds.maxRecords,
      maxBytes: bounds.maxBytes,
    },
    notKept: queue.notKept,
    failingSince: failing ? new Date(queue.failingSince!).toISOString() : null,
    message: state === 'ok' && !refusingCalls ? null : sentence(queue, bounds, policy, refusingCalls),
  };
}

/**
 * What a refused tool call tells the model and the person, or undefined when calls may go on:
 * only under `refuse-calls`, while the trail cannot be written or the backlog is full.
 */
export function auditRefusal(health: AuditHealth): string | undefined {
  if (!health.refusingCalls) return undefined;
  return (
    'Gatehouse refused this call because its audit trail cannot be written right now and it is set to ' +
    'refuse calls it cannot record (settings.auditFailure is "refuse-calls"). Try again once the person ' +
    'has freed disk space.'
  );
}

function sentence(
  queue: QueueHealth,
  bounds: BacklogBounds,
  policy: AuditFailurePolicy,
  refusingCalls: boolean,
): string {
  const cause = queue.lastError ? ` (${queue.lastError})` : '';
  const held =
    `${queue.waiting} ${queue.waiting === 1 ? 'record is' : 'records are'} held in memory ` +
    `(${formatMegabytes(queue.bytes)} of at most ${bounds.maxRecords} records or ${formatMegabytes(bounds.maxBytes)})`;
  const failing = queue.failingSince !== undefined;
  const head = failing
    ? `The audit trail cannot be written${cause}; ${held} and will be written once it can.`
    : `The audit trail is catching up: ${held}.`;
  if (refusingCalls)
    return `${head} Tool calls are refused until then (settings.auditFailure is "refuse-calls").`;
  if (queue.notKept > 0 || queue.full) {
    return (
      `${head} The backlog is full: ${queue.notKept} later ${queue.notKept === 1 ? 'record was' : 'records were'} ` +
      'counted but not kept, and the count will be written into the trail. Free disk space' +
      (policy === 'keep-serving'
        ? ', or set settings.auditFailure to "refuse-calls" to refuse calls instead.'
        : '.')
    );
  }
  return `${head} Free disk space so it can catch up.`;
}
