/**
 * An in-memory ControlTransport for component tests: answers calls from per-method handlers,
 * records every call, and lets a test emit events and change the connection state.
 * (A .tsx file although it has no JSX: the root tsconfig type-checks test/**\/*.ts without the
 * DOM library, and this file belongs with the renderer's tests.)
 */
import type { ControlArgs, ControlMethod, ControlResult } from '../../../shared/contracts/control-api.js';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';
import { ControlError } from '../../../renderer/src/api/control-error.js';
import type { ConnectionState, ControlTransport } from '../../../renderer/src/api/control-transport.js';

type Handler<M extends ControlMethod> = (
  args: ControlArgs<M>,
) => ControlResult<M> | Promise<ControlResult<M>>;

export type Handlers = { [M in ControlMethod]?: Handler<M> };

export interface RecordedCall {
  readonly method: ControlMethod;
  readonly args: unknown;
}

export class FakeTransport implements ControlTransport {
  readonly calls: RecordedCall[] = [];
  readonly #listeners = new Set<(event: ControlEvent) => void>();
  readonly #watchers = new Set<(state: ConnectionState) => void>();
  #state: ConnectionState = 'connected';

  constructor(readonly handlers: Handlers = {}) {}

  async call<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResult<M>> {
    this.calls.push({ method, args });
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (!handler) throw new ControlError('unknown_method', `The fake has no handler for ${method}.`);
    return handler(args);
  }

  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  watchConnection(listener: (state: ConnectionState) => void): () => void {
    this.#watchers.add(listener);
    listener(this.#state);
    return () => this.#watchers.delete(listener);
  }

  emit(event: ControlEvent): void {
    this.#listeners.forEach((listener) => listener(event));
  }

  setConnection(state: ConnectionState): void {
    this.#state = state;
    this.#watchers.forEach((watcher) => watcher(state));
  }

  /** The arguments of every call to `method`, in order. */
  callsTo<M extends ControlMethod>(method: M): ControlArgs<M>[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args as ControlArgs<M>);
  }
}
