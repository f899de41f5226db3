/**
 * Writes server-sent events to a reader that may have stopped reading.
 *
 * Node buffers whatever the socket cannot take yet, without limit. A reader that stays connected
 * but reads nothing (a frozen browser tab, a stuck process, a client that opened a stream only to
 * hold it) would make the gateway keep every later event for it, for as long as it runs. Past a
 * limit the stream is dropped instead: both the UI and MCP clients reopen a dropped stream, and
 * the UI reloads what it shows when it does.
 */
import type { ServerResponse } from 'node:http';

/** Event text a reader may leave unread before its stream is dropped. */
export const MAX_UNREAD_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * Writes `text` to the stream, unless its reader has left more than the limit unread, in which
 * case the stream is destroyed instead. Returns whether the text was written.
 */
export function writeEventOrDrop(res: ServerResponse, text: string): boolean {
  if (res.destroyed) return false;
  if (res.writableLength > MAX_UNREAD_EVENT_BYTES) {
    res.destroy();
    return false;
  }
  res.write(text);
  return true;
}
