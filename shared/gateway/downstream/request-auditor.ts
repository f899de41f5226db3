/**
 * Turns what happened to one request into an audit entry. The entry is handed to the audit log
 * after the answer is on its way (setImmediate), so measuring the result's size and queueing the
 * record never delay the call.
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { AuditEntry, AuditOutcome, AuditedMethod } from '../../contracts/audit.js';
import type { Admission } from '../policy/call-gate.js';
import { ProtocolError } from './protocol-error.js';

/** Where audit entries go (the SQLite audit log, or nothing). */
export interface AuditSink {
  append(entry: AuditEntry): void;
}

/** An audit sink that keeps nothing, for gateways started without an audit log. */
export const noAudit: AuditSink = { append() {} };

/** What is known about a request when it arrives. */
export interface AuditStart {
  readonly client: string;
  readonly sessionId: string;
  /** The protocol version the request came in on. */
  readonly protocolVersion?: string | undefined;
  /** `view` when an MCP Apps view made the request. */
  readonly origin?: 'view' | undefined;
  readonly method: AuditedMethod;
  readonly server?: string | undefined;
  readonly target?: string | undefined;
  readonly arguments?: unknown;
}

/** Follows one request from arrival to answer. */
export class RequestAudit {
  readonly #startedAt = Date.now();
  readonly #time = new Date(this.#startedAt).toISOString();
  #admission: Admission | undefined;
  #failure: { outcome: AuditOutcome; message: string } | undefined;

  constructor(
    private readonly sink: AuditSink,
    private readonly start: AuditStart,
    /** Told how the request ended, at once (the UI's live view), before the record is queued. */
    private readonly onFinished?: (outcome: AuditOutcome, durationMs: number) => void,
  ) {}

  /** Remembers the policy's verdict (and the person's, if asked). */
  admitted(admission: Admission): void {
    this.#admission = admission;
  }

  /** Records a result that reached the client (a tool error counts as `tool_error`). */
  finished(result: unknown): void {
    if (this.#failure) return this.#write(this.#failure.outcome, result, this.#failure.message);
    const isError = (result as { isError?: unknown } | undefined)?.isError === true;
    this.#write(this.#refusalOutcome() ?? (isError ? 'tool_error' : 'ok'), result);
  }

  /**
   * Records a call whose failure reaches the client as a tool error result (a crashed or silent
   * server): the record keeps the failure's outcome and sentence, not `tool_error`.
   */
  failedAsToolError(error: unknown, signal: AbortSignal): void {
    this.#failure = { outcome: outcomeOf(error, signal), message: describe(error) };
  }

  /** Records a request that failed with an error, or was cancelled. */
  failed(error: unknown, signal: AbortSignal): void {
    this.#write(this.#refusalOutcome() ?? outcomeOf(error, signal), undefined, describe(error));
  }

  /** How a call the gate refused ended: withdrawn, unanswered, or denied. */
  #refusalOutcome(): AuditOutcome | undefined {
    const admission = this.#admission;
    if (!admission || admission.admitted) return undefined;
    if (admission.approval?.kind === 'cancelled') return 'cancelled';
    if (admission.approval?.kind === 'timeout') return 'timeout';
    return 'denied';
  }

  #write(outcome: AuditOutcome, result: unknown, errorMessage?: string): void {
    const durationMs = Date.now() - this.#startedAt;
    const admission = this.#admission;
    this.onFinished?.(outcome, durationMs);
    setImmediate(() => {
      const entry: AuditEntry = {
        time: this.#time,
        client: this.start.client,
        sessionId: this.start.sessionId,
        ...(this.start.protocolVersion ? { protocolVersion: this.start.protocolVersion } : {}),
        ...(this.start.origin ? { origin: this.start.origin } : {}),
        method: this.start.method,
        ...(this.start.server ? { server: this.start.server } : {}),
        ...(this.start.target ? { target: this.start.target } : {}),
        ...(this.start.arguments !== undefined ? { arguments: this.start.arguments } : {}),
        ...(admission
          ? {
              decision: admission.decision.action,
              ...(admission.decision.ruleId ? { ruleId: admission.decision.ruleId } : {}),
              explanation: admission.decision.explanation,
            }
          : {}),
        ...(admission?.approval
          ? {
              approval: {
                kind: admission.approval.kind,
                waitedMs: admission.approval.waitedMs,
                ...(admission.approval.decidedBy ? { decidedBy: admission.approval.decidedBy } : {}),
              },
            }
          : {}),
        outcome,
        durationMs,
        ...(result !== undefined ? { resultBytes: byteSizeOf(result) } : {}),
        ...(errorMessage ? { errorMessage } : {}),
        ...(admission?.flows ? { flows: [...admission.flows] } : {}),
      };
      this.sink.append(entry);
    });
  }
}

function outcomeOf(error: unknown, signal: AbortSignal): AuditOutcome {
  if (signal.aborted) return 'cancelled';
  const code = error instanceof McpError || error instanceof ProtocolError ? error.code : undefined;
  if (code === ErrorCode.RequestTimeout) return 'timeout';
  return 'protocol_error';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500);
}

/**
 * The size of a result as JSON. Never throws: this runs outside any request, where an exception
 * would end the process (a result too deep to serialise is stopped earlier, at the upstream).
 */
function byteSizeOf(result: unknown): number | undefined {
  try {
    return Buffer.byteLength(JSON.stringify(result));
  } catch {
    return undefined;
  }
}
