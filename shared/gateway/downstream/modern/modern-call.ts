/**
 * One 2026-07-28 request as the rest of the gateway sees it: a `Caller` whose identity and
 * capabilities come from the request's `_meta`, and which may span several HTTP exchanges.
 *
 * When an upstream asks the client something during the call (sampling, elicitation, roots, the
 * 2025 way: a request of its own), the 2026 era has no channel to pass that on. So the question
 * is parked here, the client gets an `input_required` result naming it, and the upstream's call
 * is held, not re-sent, until the client retries with the answers (see held-calls.ts).
 */
import { randomUUID } from 'node:crypto';
import { declaresUiExtension } from '../../catalog/app-meta.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { RequestParams, RequestResult } from '../../upstream/model.js';
import { passesLogLevel, type Caller, type ClientCapabilityName } from '../caller.js';
import { ProtocolError } from '../protocol-error.js';
import type { ModernExchange } from './modern-exchange.js';
import { CLIENT_CAPABILITIES_META_KEY, LOG_LEVEL_META_KEY, type Envelope } from './modern-protocol.js';

/** A question an upstream asked, waiting for the client's answer. */
interface PendingInput {
  readonly method: string;
  readonly params: RequestParams | undefined;
  /** Whether the client was sent this question (in the last `input_required`). */
  sent: boolean;
  readonly resolve: (result: RequestResult) => void;
  readonly reject: (error: unknown) => void;
}

/** How a round of the call ended. */
export type RoundOutcome =
  | { readonly kind: 'result'; readonly result: RequestResult }
  | { readonly kind: 'error'; readonly error: unknown }
  | {
      readonly kind: 'input';
      readonly inputRequests: Record<string, { method: string; params?: RequestParams }>;
    };

const KEY_PREFIX: Readonly<Record<string, string>> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** The requests during which a 2026 server may ask for input (basic/patterns/mrtr, "Supported Requests"). */
export const INPUT_CAPABLE_METHODS: ReadonlySet<string> = new Set([
  'tools/call',
  'prompts/get',
  'resources/read',
]);

/** A 2026-era request, possibly held between rounds. */
export class ModernCall implements Caller {
  readonly id = randomUUID();
  #envelope: Envelope;
  #exchange: ModernExchange | undefined;
  readonly #cancel = new AbortController();
  readonly #inputs = new Map<string, PendingInput>();
  #inputCount = 0;
  #wake: (() => void) | undefined;
  /** Bumped on each `input_required`: a requestState from an earlier round no longer fits. */
  roundNumber = 0;
  /** The gateway's work for this request, started by the first exchange, awaited by every round. */
  work: Promise<RequestResult> | undefined;
  /** Capabilities an upstream needed during the call that the client did not declare. */
  readonly missingCapabilities = new Set<ClientCapabilityName>();

  constructor(
    readonly clientName: string,
    /** The method and the tool, prompt or resource it names: what a retry must name again. */
    readonly method: string,
    readonly target: string,
    envelope: Envelope,
  ) {
    this.#envelope = envelope;
  }

  get protocolVersion(): string {
    return this.#envelope.protocolVersion;
  }

  get upstreamMeta(): Readonly<Record<string, unknown>> {
    const envelope = this.#envelope;
    return {
      [CLIENT_CAPABILITIES_META_KEY]: envelope.clientCapabilities,
      ...(envelope.logLevel === undefined ? {} : { [LOG_LEVEL_META_KEY]: envelope.logLevel }),
    };
  }

  get label(): string {
    const name = this.#envelope.clientInfo?.name;
    return typeof name === 'string' ? `${this.clientName} (${name})` : this.clientName;
  }

  /** Aborted when the call is cancelled: the client closed its stream, or its hold ran out. */
  get signal(): AbortSignal {
    return this.#cancel.signal;
  }

  supports(capability: ClientCapabilityName): boolean {
    return Boolean(this.#envelope.clientCapabilities[capability]);
  }

  showsAppViews(): boolean {
    return declaresUiExtension(this.#envelope.clientCapabilities);
  }

  wantsLog(level: unknown): boolean {
    // Absent means no log messages for this request (server/utilities/logging).
    const threshold = this.#envelope.logLevel;
    return threshold !== undefined && passesLogLevel(level, threshold);
  }

  notify(method: string, params: RequestParams | undefined): void {
    this.#exchange?.notify(method, params);
  }

  /** An upstream asked for something this client cannot give: the call fails with -32021. */
  missingCapability(capability: ClientCapabilityName): void {
    this.missingCapabilities.add(capability);
  }

  request(
    method: string,
    params: RequestParams | undefined,
    _relatedRequestId: unknown,
    signal: AbortSignal,
  ): Promise<RequestResult> {
    if (!INPUT_CAPABLE_METHODS.has(this.method)) {
      return Promise.reject(
        new ProtocolError(
          ErrorCode.InvalidRequest,
          `Gatehouse cannot forward ${method} during ${this.method}: a 2026-07-28 client can only be asked for input during tools/call, prompts/get and resources/read.`,
        ),
      );
    }
    return new Promise<RequestResult>((resolve, reject) => {
      const key = `${KEY_PREFIX[method] ?? 'input'}-${++this.#inputCount}`;
      const forget = () => {
        if (this.#inputs.delete(key))
          reject(new ProtocolError(ErrorCode.RequestTimeout, 'The request was withdrawn.'));
      };
      signal.addEventListener('abort', forget, { once: true });
      this.#inputs.set(key, {
        method,
        params: params && withoutLegacyOnlyFields(method, params),
        sent: false,
        resolve: (result) => {
          signal.removeEventListener('abort', forget);
          resolve(result);
        },
        reject: (error) => {
          signal.removeEventListener('abort', forget);
          reject(error);
        },
      });
      this.#wake?.();
    });
  }

  /**
   * Runs one round on `exchange`: waits until `work` settles or the upstream asks for input,
   * whichever comes first. A client that closes the exchange meanwhile cancels the call.
   */
  async runRound(
    exchange: ModernExchange,
    work: Promise<RequestResult>,
    envelope?: Envelope,
  ): Promise<RoundOutcome> {
    if (envelope) this.#envelope = envelope;
    this.#exchange = exchange;
    const onAbandoned = () => this.cancel();
    exchange.abandoned.addEventListener('abort', onAbandoned, { once: true });
    try {
      const settled = work.then(
        (result): RoundOutcome => ({ kind: 'result', result }),
        (error: unknown): RoundOutcome => ({ kind: 'error', error }),
      );
      const inputNeeded = new Promise<RoundOutcome>((resolve) => {
        const check = () => {
          // Several questions asked at once go out in one input_required: wait a turn for them.
          setImmediate(() => {
            const inputRequests = this.#unsentInputs();
            if (inputRequests) resolve({ kind: 'input', inputRequests });
          });
        };
        this.#wake = check;
        if ([...this.#inputs.values()].some((input) => !input.sent)) check();
      });
      const outcome = await Promise.race([settled, inputNeeded]);
      if (outcome.kind === 'input') this.roundNumber++;
      return outcome;
    } finally {
      this.#wake = undefined;
      exchange.abandoned.removeEventListener('abort', onAbandoned);
      this.#exchange = undefined;
    }
  }

  /**
   * Hands the client's answers to the questions they belong to. A question it did not answer, or
   * answered with something that is not a result of its method, is asked again in the next round
   * (the spec prefers that to an error); keys that name no question are ignored.
   */
  answer(
    inputResponses: unknown,
    schemas: Readonly<Record<string, { safeParse(value: unknown): { success: boolean } }>>,
  ): void {
    const answers =
      inputResponses && typeof inputResponses === 'object' && !Array.isArray(inputResponses)
        ? (inputResponses as Record<string, unknown>)
        : {};
    for (const [key, input] of [...this.#inputs]) {
      const answer = answers[key];
      if (answer !== undefined && schemas[input.method]?.safeParse(answer).success !== false) {
        this.#inputs.delete(key);
        input.resolve(answer as RequestResult);
      } else {
        input.sent = false;
      }
    }
  }

  /** Cancels the call: the upstream request is withdrawn and every parked question dropped. */
  cancel(): void {
    if (this.#cancel.signal.aborted) return;
    this.#cancel.abort();
    for (const input of this.#inputs.values())
      input.reject(new ProtocolError(ErrorCode.RequestTimeout, 'The call was cancelled.'));
    this.#inputs.clear();
  }

  #unsentInputs(): Record<string, { method: string; params?: RequestParams }> | undefined {
    let requests: Record<string, { method: string; params?: RequestParams }> | undefined;
    for (const [key, input] of this.#inputs) {
      if (input.sent) continue;
      input.sent = true;
      requests ??= {};
      requests[key] =
        input.params === undefined
          ? { method: input.method }
          : { method: input.method, params: input.params };
    }
    return requests;
  }
}

/**
 * A 2025 request's params as a 2026 input request: URL-mode elicitation lost its
 * `elicitationId` (the client now learns the outcome by retrying), and `_meta` of the upstream's
 * own request means nothing to the client.
 */
function withoutLegacyOnlyFields(method: string, params: RequestParams): RequestParams {
  const { _meta: _ignored, ...rest } = params;
  if (method !== 'elicitation/create') return rest;
  const { elicitationId: _id, ...elicitation } = rest;
  return elicitation;
}
