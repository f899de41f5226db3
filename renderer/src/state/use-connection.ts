/**
 * The event stream's connection state, and a hook for re-fetching after a reconnection (events
 * sent while disconnected are lost, so views must catch up by reading again).
 */
import { useEffect, useRef, useState } from 'react';
import type { ConnectionState } from '../api/control-transport.js';
import { useTransport } from './transport-context.js';

/** The current connection state, updated as it changes. */
export function useConnectionState(): ConnectionState {
  const transport = useTransport();
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => transport.watchConnection(setState), [transport]);
  return state;
}

/** Calls `onReconnected` each time the stream comes back after having dropped. */
export function useOnReconnected(onReconnected: () => void): void {
  const transport = useTransport();
  const callback = useRef(onReconnected);
  callback.current = onReconnected;
  useEffect(() => {
    let previous: ConnectionState | undefined;
    return transport.watchConnection((state) => {
      if (state === 'connected' && previous === 'reconnecting') callback.current();
      previous = state;
    });
  }, [transport]);
}
