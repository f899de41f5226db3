/**
 * Says, above every page, when the person has paused all tool calls, with the button that
 * resumes them. Hidden while calls flow.
 */
import { ErrorNotice } from '../components/status.js';
import { usePause } from '../state/use-pause.js';

export function PauseBanner() {
  const pause = usePause();
  if (!pause.pausedSince) return null;
  return (
    <div role="status" className="banner banner-warning banner-with-action">
      <span>
        All tool calls are paused since {new Date(pause.pausedSince).toLocaleTimeString()}: every client gets
        a refusal until you resume them.
      </span>
      <button type="button" onClick={() => void pause.setPaused(false)} disabled={pause.busy}>
        Resume tool calls
      </button>
      {pause.error && <ErrorNotice message={pause.error} />}
    </div>
  );
}

/** The sidebar's switch: pause every tool call at once (the tray's menu item, in the window). */
export function PauseButton() {
  const pause = usePause();
  if (pause.pausedSince !== null) return null;
  return (
    <button type="button" onClick={() => void pause.setPaused(true)} disabled={pause.busy}>
      Pause all tool calls
    </button>
  );
}
