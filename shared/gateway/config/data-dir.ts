/**
 * Where Gatehouse keeps its files.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, win32 } from 'node:path';

/** The app's folder name, as Electron's `app.getPath('userData')` will spell it. */
export const APP_FOLDER_NAME = 'Gatehouse';

/**
 * The per-user data directory: `--data-dir`, else `GATEHOUSE_DATA_DIR` (either made absolute
 * against the working folder), else the folder Electron uses for an app named Gatehouse, so the
 * headless gateway and the desktop app share one config. (env-paths would put it elsewhere on
 * macOS and Windows, hence this small table.)
 *
 * An empty variable counts as unset, and, as the XDG base directory rules say, a relative
 * `XDG_CONFIG_HOME` is ignored: otherwise the data would land in whatever folder the command was
 * started from.
 */
export function resolveDataDir(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (explicit) return resolve(explicit);
  if (env.GATEHOUSE_DATA_DIR) return resolve(env.GATEHOUSE_DATA_DIR);
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
    case 'win32': {
      const appData = absoluteOrUndefined(env.APPDATA, win32.isAbsolute);
      return join(appData ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    }
    default:
      return join(
        absoluteOrUndefined(env.XDG_CONFIG_HOME, isAbsolute) ?? join(home, '.config'),
        APP_FOLDER_NAME,
      );
  }
}

function absoluteOrUndefined(
  value: string | undefined,
  absolute: (path: string) => boolean,
): string | undefined {
  return value && absolute(value) ? value : undefined;
}
