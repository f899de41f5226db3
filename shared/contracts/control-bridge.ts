/**
 * The object the desktop app's preload script exposes as `window.gatehouse`: the control API over
 * Electron IPC, methods only. The renderer uses it when present and HTTP otherwise.
 */
import type { ControlArgs, ControlMethod, ControlResponse, ControlResult } from './control-api.js';
import type { ControlEvent } from './control-events.js';

export interface GatehouseBridge {
  call<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResponse<ControlResult<M>>>;
  /** Delivers every control event until the returned function is called. */
  onEvent(listener: (event: ControlEvent) => void): () => void;
}
