/**
 * Where Gatehouse keeps its files.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The app's folder name, as Electron's `app.getPath('userData')` will spell it. */
export const APP_FOLDER_NAME = 'Gatehouse';

/**
 * The per-user data directory: `--data-dir`, else `GATEHOUSE_DATA_DIR`, else the folder Electron
 * uses for an app named Gatehouse, so the headless gateway and the desktop app share one config.
 * (env-paths would put it elsewhere on macOS and Windows, hence this small table.)
 */
export function resolveDataDir(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (explicit) return explicit;
  if (env.GATEHOUSE_DATA_DIR) return env.GATEHOUSE_DATA_DIR;
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER_NAME);
  }
}
