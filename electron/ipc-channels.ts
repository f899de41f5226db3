/**
 * The IPC channel names main and preload agree on. No imports: the preload bundles this file.
 */

/** `invoke(CONTROL_CHANNEL, method, args)` → the control API's `{ ok, value | error }` envelope. */
export const CONTROL_CHANNEL = 'gatehouse:control';

/** Main → renderer: one ControlEvent per message. */
export const EVENTS_CHANNEL = 'gatehouse:event';
