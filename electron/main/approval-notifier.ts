/**
 * Raises a native notification for every approval request; clicking it opens the compact
 * approval window next to the tray. The approval itself lives in the engine's queue, so a
 * dismissed or missed notification loses nothing: the tray keeps counting it and the window
 * shows it until it is decided or expires.
 */
import type { ControlEvent } from '../../shared/contracts/control-events.js';

/** The platform's notifications (Electron's Notification in the app, a fake in tests). */
export interface Notifier {
  show(notification: { readonly title: string; readonly body: string; readonly onClick: () => void }): void;
}

/** Opens the small approval window near the tray. */
export interface ApprovalWindowOpener {
  openCompactApprovals(): void;
}

export interface EventSource {
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

/** Starts notifying; returns the function that stops it. */
export function notifyApprovals(
  events: EventSource,
  notifier: Notifier,
  windows: ApprovalWindowOpener,
): () => void {
  return events.subscribe((event) => {
    if (event.type !== 'approval.requested') return;
    const { approval } = event;
    notifier.show({
      title: `${approval.client} wants to run ${approval.exposedTool}`,
      body: `${approval.explanation} Click to decide.`,
      onClick: () => windows.openCompactApprovals(),
    });
  });
}
