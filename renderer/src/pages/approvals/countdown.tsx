/**
 * Time left before an approval expires (and counts as denied).
 */
import { useNow } from '../../state/use-now.js';

/** `m:ss` left, or undefined once it has passed. */
export function timeLeft(expiresAt: string, now: number): string | undefined {
  const ms = Date.parse(expiresAt) - now;
  if (!(ms > 0)) return undefined;
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A ticking "Expires in m:ss", or "Expired". */
export function Countdown({ expiresAt }: { expiresAt: string }) {
  const left = timeLeft(expiresAt, useNow());
  return (
    <time className={left ? 'countdown' : 'countdown expired'} dateTime={expiresAt}>
      {left ? `Expires in ${left}` : 'Expired'}
    </time>
  );
}
