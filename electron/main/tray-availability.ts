/**
 * Whether a tray icon will be seen, and what the app does when it will not. On Linux, Electron
 * draws the tray as a StatusNotifierItem, which only shows when something on the session bus owns
 * `org.kde.StatusNotifierWatcher` (KDE, most panels, GNOME only with the AppIndicator extension);
 * otherwise it falls back to a legacy GtkStatusIcon that GNOME Shell no longer shows (Electron 39
 * docs/api/tray.md, "Platform Considerations → Linux"). With close-to-tray and a hidden start at
 * login, that would leave Gatehouse running with nothing on screen.
 */
import { execFile } from 'node:child_process';

/** The watcher a StatusNotifierItem tray needs on the session bus. */
export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

/** How long the bus may take to answer. */
const BUS_TIMEOUT_MS = 2000;

export type TrayAvailability =
  { readonly visible: true } | { readonly visible: false; readonly reason: string };

/** What the app does without a visible tray. */
export interface WindowBehaviour {
  /** Open the main window even for a `--hidden` (login) start. */
  readonly openWindowAtStart: boolean;
  /** Closing the window hides it in the tray (true) or minimises it so it stays in the taskbar. */
  readonly closeHidesToTray: boolean;
}

export interface TrayProbe {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** Whether a bus name has an owner; undefined when the bus could not be asked. */
  readonly busNameHasOwner: (name: string) => Promise<boolean | undefined>;
}

/** Decides whether the tray will be visible; macOS and Windows always have one. */
export async function trayAvailability(probe: TrayProbe): Promise<TrayAvailability> {
  if (probe.platform !== 'linux') return { visible: true };
  const watched = await probe.busNameHasOwner(STATUS_NOTIFIER_WATCHER);
  if (watched === true) return { visible: true };
  const desktop = probe.env.XDG_CURRENT_DESKTOP ?? '';
  if (watched === false)
    return {
      visible: false,
      reason: `no tray host is running (nothing owns ${STATUS_NOTIFIER_WATCHER}${desktop ? ` on ${desktop}` : ''}; on GNOME, install the AppIndicator extension)`,
    };
  // The bus could not be asked: stock GNOME has no tray, other desktops usually do.
  if (/gnome/i.test(desktop))
    return { visible: false, reason: 'GNOME shows no tray icons without the AppIndicator extension' };
  return { visible: true };
}

/** Without a visible tray the window stays reachable: it opens at start and minimises on close. */
export function windowBehaviour(tray: TrayAvailability, launchedHidden: boolean): WindowBehaviour {
  return tray.visible
    ? { openWindowAtStart: !launchedHidden, closeHidesToTray: true }
    : { openWindowAtStart: true, closeHidesToTray: false };
}

/**
 * Asks the session bus through `gdbus` (GLib, which Electron itself needs on Linux), falling back
 * to `dbus-send`; undefined when neither answers in time.
 */
export async function busNameHasOwner(name: string): Promise<boolean | undefined> {
  const gdbus = await run('gdbus', [
    'call',
    '--session',
    '--dest',
    'org.freedesktop.DBus',
    '--object-path',
    '/org/freedesktop/DBus',
    '--method',
    'org.freedesktop.DBus.NameHasOwner',
    name,
  ]);
  if (gdbus !== undefined) return parseOwnerAnswer(gdbus);
  const dbusSend = await run('dbus-send', [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${name}`,
  ]);
  return dbusSend === undefined ? undefined : parseOwnerAnswer(dbusSend);
}

/** Reads `(true,)` (gdbus) or `boolean true` (dbus-send). */
export function parseOwnerAnswer(output: string): boolean | undefined {
  if (/\btrue\b/.test(output)) return true;
  if (/\bfalse\b/.test(output)) return false;
  return undefined;
}

function run(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: BUS_TIMEOUT_MS }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}
