/**
 * Whether every tool call is paused, and the switch that pauses or resumes them.
 */
import { useAction } from './use-action.js';
import { useControlQuery } from './use-control-query.js';
import { useTransport } from './transport-context.js';

export interface PauseControl {
  /** When calls were paused (ISO time); null while they flow, undefined until known. */
  readonly pausedSince: string | null | undefined;
  readonly setPaused: (paused: boolean) => Promise<void>;
  readonly busy: boolean;
  readonly error: string | undefined;
}

export function usePause(): PauseControl {
  const transport = useTransport();
  const state = useControlQuery('gateway.state', {}, (event) => event.type === 'gateway.state');
  const action = useAction();
  const setPaused = async (paused: boolean) => {
    const next = await action.run(() => transport.call(paused ? 'gateway.pause' : 'gateway.resume', {}));
    if (next) state.replace(next);
  };
  return { pausedSince: state.data?.pausedSince, setPaused, busy: action.busy, error: action.error };
}
