/**
 * The control methods of one-click client setup (detect, connect, disconnect, import, undo),
 * part of `controlMethods` in control-api.ts.
 */
export const setupControlMethods = {} as const;
