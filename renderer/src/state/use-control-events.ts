/**
 * Subscribes a component to the control event stream for as long as it is mounted.
 */
import { useEffect, useRef } from 'react';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';
import { useTransport } from './transport-context.js';

/** Calls the latest `listener` for every event; re-rendering does not resubscribe. */
export function useControlEvents(listener: (event: ControlEvent) => void): void {
  const transport = useTransport();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => transport.subscribe((event) => latest.current(event)), [transport]);
}
