/**
 * Telling "the app rewrote its file since the preview" apart from other failures, so the step
 * can show the sentence and a fresh preview instead of a dead end.
 */
import { ControlError, describeError } from '../../api/control-error.js';

/** The gateway's code for a change refused because the app's file changed since the preview. */
export const FILE_CHANGED = 'client_config_changed';

/** A failure as a step shows it: its sentence, and whether a fresh preview is the answer. */
export interface StepFailure {
  readonly message: string;
  readonly fileChanged: boolean;
}

/** Puts any failure into a sentence, noting a refused stale preview. */
export function stepFailure(error: unknown): StepFailure {
  return {
    message: describeError(error),
    fileChanged: error instanceof ControlError && error.code === FILE_CHANGED,
  };
}
