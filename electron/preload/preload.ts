/**
 * The preload script of the app window: exposes one typed `window.gatehouse` object, methods
 * only, over IPC. The renderer gets no ipcRenderer, no Node, no Electron; with
 * `contextIsolation` and `sandbox` this object is all it can reach.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ControlEvent } from '../../shared/contracts/control-events.js';
import type { GatehouseBridge } from '../../shared/contracts/control-bridge.js';
import { CONTROL_CHANNEL, EVENTS_CHANNEL } from '../ipc-channels.js';

const bridge: GatehouseBridge = {
  call: (method, args) => ipcRenderer.invoke(CONTROL_CHANNEL, method, args),
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, controlEvent: ControlEvent) => listener(controlEvent);
    ipcRenderer.on(EVENTS_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(EVENTS_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('gatehouse', bridge);
