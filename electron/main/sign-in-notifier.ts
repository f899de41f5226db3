/**
 * Raises a native notification when a server comes to need the person's sign-in (its tokens ran
 * out or were revoked); clicking it opens the main window, where the server's row has the
 * "Sign in" button. Once per episode: a server that stays signed out is not announced again on
 * every reconnection attempt, only after it was ready (or signed in) in between.
 */
import type { ControlEvent } from '../../shared/contracts/control-events.js';
import type { EventSource, Notifier } from './approval-notifier.js';

/** Opens the main window (on the Servers page, where "Sign in" is). */
export interface MainWindowOpener {
  openMain(): void;
}

/** Starts notifying; returns the function that stops it. */
export function notifySignIns(
  events: EventSource,
  notifier: Notifier,
  windows: MainWindowOpener,
): () => void {
  const announced = new Set<string>();
  return events.subscribe((event: ControlEvent) => {
    if (event.type !== 'server.status') return;
    const { name, state } = event.status;
    if (state !== 'needs-sign-in') {
      if (state === 'ready') announced.delete(name);
      return;
    }
    if (announced.has(name)) return;
    announced.add(name);
    notifier.show({
      title: `${name} needs you to sign in`,
      body: 'Its tools are unavailable until you do. Click to open Gatehouse and sign in.',
      onClick: () => windows.openMain(),
    });
  });
}
