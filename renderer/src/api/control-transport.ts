/**
 * The seam between the UI and the engine: the control API's calls and its event stream, whatever
 * carries them (Electron IPC in the desktop app, loopback HTTP in a browser, a fake in tests).
 */
import type { ControlArgs, ControlMethod, ControlResult } from '../../../shared/contracts/control-api.js';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';

/**
 * How the event stream is doing. `reconnecting` means events may have been missed, so views
 * re-fetch when it turns `connected` again; `unauthorized` is final (the admin token is wrong).
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';

/** How the UI reaches the engine; every page uses this and nothing else. */
export interface ControlTransport {
  /** Runs one control method; rejects with a ControlError the UI can show as is. */
  call<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResult<M>>;
  /** Delivers every control event until the returned function is called. */
  subscribe(listener: (event: ControlEvent) => void): () => void;
  /** Reports the connection state now and on every change, until the returned function is called. */
  watchConnection(listener: (state: ConnectionState) => void): () => void;
}
