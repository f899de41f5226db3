/**
 * Fans the engine's events out to every control API listener (the UI's event stream, the
 * desktop shell's tray and notifications).
 */
import type { ControlEvent } from '../../contracts/control-events.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';

export class ControlEventHub {
  readonly #listeners = new Set<(event: ControlEvent) => void>();

  constructor(private readonly logger: Logger) {}

  /** Delivers events until the returned function is called. */
  subscribe(listener: (event: ControlEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  emit(event: ControlEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error: unknown) {
        // One broken listener must not keep the event from the others, nor fail the engine.
        this.logger.warn(`An event listener failed: ${describeError(error)}`);
      }
    }
  }
}
