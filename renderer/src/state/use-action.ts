/**
 * Runs a mutation (save, remove, decide) and keeps what the person needs to see about it: whether
 * it is still running, and what went wrong in words.
 */
import { useCallback, useState } from 'react';
import { describeError } from '../api/control-error.js';

/** A mutation in progress, and its failure in words. */
export interface ActionState {
  /** Runs `work`; resolves to its result, or undefined when it failed (the error is kept). */
  readonly run: <T>(work: () => Promise<T>) => Promise<T | undefined>;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly clearError: () => void;
}

/** State for running mutations one at a time with a readable error. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (failure: unknown) {
      setError(describeError(failure));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { run, busy, error, clearError };
}
