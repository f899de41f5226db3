/**
 * The control API over loopback HTTP: `POST /control/<method>` with the admin token as a bearer
 * token, and the event stream at CONTROL_EVENTS_PATH. Used when the UI is opened in a browser.
 */
import type { ControlArgs, ControlMethod, ControlResult } from '../../../shared/contracts/control-api.js';
import { CONTROL_EVENTS_PATH, type ControlEvent } from '../../../shared/contracts/control-events.js';
import { openEnvelope } from './control-envelope.js';
import { ControlError } from './control-error.js';
import type { ConnectionState, ControlTransport } from './control-transport.js';
import { ControlEventStream, exponentialBackoff } from './event-stream.js';

/** How to reach the gateway over HTTP. */
export interface HttpTransportOptions {
  /** The admin token; without one every call is unauthorized, so none is sent. */
  readonly token: string | undefined;
  /** Where the gateway listens; '' means the page's own origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly retryDelayMs?: (attempt: number) => number;
}

const UNAUTHORIZED_MESSAGE = 'The admin token is missing or wrong.';

/** Talks to a gateway over HTTP from a browser tab. */
export class HttpTransport implements ControlTransport {
  readonly #token: string | undefined;
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #stream: ControlEventStream;
  readonly #listeners = new Set<(event: ControlEvent) => void>();
  readonly #watchers = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState;

  constructor(options: HttpTransportOptions) {
    this.#token = options.token;
    this.#baseUrl = options.baseUrl ?? '';
    // Called through a wrapper: browsers refuse `fetch` invoked as another object's method.
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#state = this.#token === undefined ? 'unauthorized' : 'connecting';
    this.#stream = new ControlEventStream({
      url: `${this.#baseUrl}${CONTROL_EVENTS_PATH}`,
      headers: this.#authorization(),
      fetch: this.#fetch,
      retryDelayMs: options.retryDelayMs ?? exponentialBackoff,
      onEvent: (event) => this.#listeners.forEach((listener) => listener(event)),
      onState: (state) => this.#setState(state),
    });
  }

  async call<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResult<M>> {
    if (this.#state === 'unauthorized') throw new ControlError('unauthorized', UNAUTHORIZED_MESSAGE);
    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}/control/${method}`, {
        method: 'POST',
        headers: { ...this.#authorization(), 'content-type': 'application/json' },
        body: JSON.stringify(args),
        cache: 'no-store',
      });
    } catch {
      throw new ControlError(
        'unreachable',
        'The gateway could not be reached. Is `gatehouse serve` still running?',
      );
    }
    if (response.status === 401) {
      this.#setState('unauthorized');
      throw new ControlError('unauthorized', UNAUTHORIZED_MESSAGE);
    }
    let envelope: unknown;
    try {
      envelope = await response.json();
    } catch {
      throw new ControlError('bad_response', `The gateway answered ${method} with HTTP ${response.status}.`);
    }
    return openEnvelope(method, envelope);
  }

  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.#listeners.add(listener);
    this.#syncStream();
    return () => {
      this.#listeners.delete(listener);
      this.#syncStream();
    };
  }

  watchConnection(listener: (state: ConnectionState) => void): () => void {
    this.#watchers.add(listener);
    listener(this.#state);
    return () => this.#watchers.delete(listener);
  }

  /** The stream runs only while someone listens, and never once the token is known to be wrong. */
  #syncStream(): void {
    if (this.#state === 'unauthorized') return;
    if (this.#listeners.size > 0) return this.#stream.start();
    this.#stream.stop();
    this.#setState('connecting');
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state || this.#state === 'unauthorized') return;
    this.#state = state;
    if (state === 'unauthorized') this.#stream.stop();
    this.#watchers.forEach((watcher) => watcher(state));
  }

  #authorization(): Record<string, string> {
    return this.#token === undefined ? {} : { authorization: `Bearer ${this.#token}` };
  }
}
