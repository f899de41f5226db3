/**
 * Hands the control transport to every component without a singleton, so tests render the app
 * with a fake transport and the desktop and browser builds pass their own.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { ControlTransport } from '../api/control-transport.js';

const TransportContext = createContext<ControlTransport | undefined>(undefined);

/** Makes `transport` available to everything below it. */
export function TransportProvider({
  transport,
  children,
}: {
  transport: ControlTransport;
  children: ReactNode;
}) {
  return <TransportContext.Provider value={transport}>{children}</TransportContext.Provider>;
}

/** The transport given to the nearest TransportProvider. */
export function useTransport(): ControlTransport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport needs a TransportProvider above it.');
  return transport;
}
