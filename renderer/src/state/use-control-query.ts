/**
 * Reads one control method and keeps the answer fresh: again when its arguments change, after
 * events that affect it (no polling), and after the event stream reconnects.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ControlArgs, ControlMethod, ControlResult } from '../../../shared/contracts/control-api.js';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';
import { describeError } from '../api/control-error.js';
import { useOnReconnected } from './use-connection.js';
import { useControlEvents } from './use-control-events.js';
import { useTransport } from './transport-context.js';

/** A control method's latest answer, with loading and error state. */
export interface QueryState<T> {
  readonly data: T | undefined;
  /** The last failure, in words; earlier data stays shown beside it. */
  readonly error: string | undefined;
  readonly loading: boolean;
  readonly refresh: () => void;
  /** Puts a fresher value in place, such as the matrix a mutation answered with. */
  readonly replace: (data: T) => void;
}

/** Bursts of events (a busy client finishing many calls) cause one read, not one per event. */
const EVENT_REFRESH_DELAY_MS = 150;

/** Reads `method` now and whenever `refreshOn` says an event affects it. */
export function useControlQuery<M extends ControlMethod>(
  method: M,
  args: ControlArgs<M>,
  refreshOn?: (event: ControlEvent) => boolean,
): QueryState<ControlResult<M>> {
  const transport = useTransport();
  const [state, setState] = useState<{ data?: ControlResult<M>; error?: string; loading: boolean }>({
    loading: true,
  });
  const argsKey = JSON.stringify(args);
  const latestArgs = useRef(args);
  latestArgs.current = args;
  // Only the newest request may write: an older, slower answer must not overwrite a newer one.
  const sequence = useRef(0);

  const load = useCallback(() => {
    const mine = ++sequence.current;
    setState((previous) => ({ ...previous, loading: true }));
    transport.call(method, latestArgs.current).then(
      (data) => {
        if (mine === sequence.current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (mine === sequence.current)
          setState((previous) => ({ data: previous.data, error: describeError(error), loading: false }));
      },
    );
    // argsKey stands for the arguments' content (a new object each render); the ref holds it.
  }, [transport, method, argsKey]);

  useEffect(load, [load]);
  useOnReconnected(load);

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shouldRefresh = useRef(refreshOn);
  shouldRefresh.current = refreshOn;
  useControlEvents((event) => {
    if (pending.current !== undefined || !shouldRefresh.current?.(event)) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      load();
    }, EVENT_REFRESH_DELAY_MS);
  });
  useEffect(() => () => clearTimeout(pending.current), []);

  const replace = useCallback((data: ControlResult<M>) => {
    sequence.current += 1;
    setState({ data, loading: false });
  }, []);

  return { data: state.data, error: state.error, loading: state.loading, refresh: load, replace };
}
