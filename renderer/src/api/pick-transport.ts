/**
 * Chooses how this window reaches the engine: the desktop app's IPC bridge when the preload script
 * provided one, loopback HTTP with the admin token otherwise.
 */
import type { GatehouseBridge } from '../../../shared/contracts/control-bridge.js';
import { takeAdminToken } from './admin-token.js';
import type { ControlTransport } from './control-transport.js';
import { HttpTransport } from './http-transport.js';
import { IpcTransport } from './ipc-transport.js';

declare global {
  interface Window {
    /** Present only in the desktop app (electron/preload). */
    readonly gatehouse?: GatehouseBridge;
  }
}

/** The transport for this window. */
export function pickTransport(win: Window = window): ControlTransport {
  if (win.gatehouse) return new IpcTransport(win.gatehouse);
  return new HttpTransport({
    token: takeAdminToken({ location: win.location, history: win.history, storage: win.sessionStorage }),
  });
}
