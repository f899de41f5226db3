/**
 * Says, above the page, that the live connection dropped and what that means for what is shown.
 */
import type { ConnectionState } from '../api/control-transport.js';

/** A status line that is empty (but present, for screen readers) while connected. */
export function ConnectionBanner({ connection }: { connection: ConnectionState }) {
  return (
    <div
      role="status"
      className={connection === 'reconnecting' ? 'banner banner-warning' : 'visually-hidden'}
    >
      {connection === 'reconnecting' &&
        'Lost contact with the gateway. Reconnecting… What you see may be out of date until it is back.'}
    </div>
  );
}
