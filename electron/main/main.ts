/**
 * The desktop app's composition root: wires the engine, the tray, the windows, IPC and
 * notifications together. Logic lives in the modules it wires (tested without Electron); this
 * file only connects them to Electron's lifecycle.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, session } from 'electron';
import ElectronStore from 'electron-store';
import type { JsonFileOpener } from '../../shared/gateway/config/json-file-store.js';
import { runConnect } from '../../shared/gateway/cli/connect-command.js';
import { resolveDataDir } from '../../shared/gateway/config/data-dir.js';
import { removeRuntimeFile, writeRuntimeFile } from '../../shared/gateway/config/runtime-file.js';
import { createControlHandlers } from '../../shared/gateway/control/control-service.js';
import { defaultUiDirectory } from '../../shared/gateway/control/ui-files.js';
import { describeError } from '../../shared/gateway/errors.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { createStderrLogger } from '../../shared/gateway/logger.js';
import { CONTROL_CHANNEL } from '../ipc-channels.js';
import { isAppUrl, registerAppScheme, serveAppScheme } from './app-protocol.js';
import { AppWindows } from './app-windows.js';
import { createControlIpcHandler } from './control-ipc.js';
import { DesktopShell } from './desktop-shell.js';
import { ElectronNotifier, ElectronTray } from './electron-tray.js';
import { platformLoginItems } from './login-items.js';

const here = dirname(fileURLToPath(import.meta.url));
const logger = createStderrLogger();

/** The arguments after the binary (and, unpackaged, after the main script). */
const userArgs = process.argv.slice(process.defaultApp ? 2 : 1);

if (userArgs[0] === 'connect') {
  // `Gatehouse connect`: the stdio bridge Claude Desktop launches (the fuses forbid running the
  // CLI with this binary as Node). No window, no tray, no lock: it only relays to the running app.
  app.dock?.hide();
  void runConnect({}, resolveDataDir(undefined));
} else if (!app.requestSingleInstanceLock()) {
  // One Gatehouse per person: a second launch only brings the first one's window forward.
  app.quit();
} else {
  // The headless gateway and the app share one data folder (see data-dir.ts).
  app.setPath('userData', resolveDataDir(undefined));
  app.enableSandbox();
  registerAppScheme();
  void app.whenReady().then(start);
}

/** config.json and clients.json through electron-store: the same files `gatehouse serve` uses. */
const openWithElectronStore: JsonFileOpener = ({ configName, ...options }) =>
  new ElectronStore<Record<string, unknown>>({ ...options, name: configName });

async function start(): Promise<void> {
  const dataDir = app.getPath('userData');
  const appSession = session.defaultSession;
  // The UI asks for nothing: camera, notifications from the page, clipboard reads… all refused.
  appSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  appSession.setPermissionCheckHandler(() => false);
  serveAppScheme(appSession, defaultUiDirectory());

  const tray = new ElectronTray(
    app.isPackaged ? join(process.resourcesPath, 'tray') : join(here, '..', '..', '..', 'build', 'tray'),
  );
  // The smoke test (test/e2e/desktop-app.test.ts) checks the tray from the main process.
  if (process.env.GATEHOUSE_TEST_HOOKS === '1') Object.assign(globalThis, { gatehouseTray: tray });
  const windows = new AppWindows(join(here, '..', 'preload', 'preload.cjs'), () => tray.bounds);
  let gateway: Gateway | undefined;
  const shell = new DesktopShell({
    tray,
    windows,
    notifier: new ElectronNotifier(),
    loginItems: platformLoginItems(),
    quit: () => app.quit(),
    reportError: (message) => dialog.showErrorBox('Gatehouse', message),
  });
  app.on('second-instance', () => windows.openMain());
  // macOS: clicking the Dock icon with no window open shows the window again.
  app.on('activate', () => windows.openMain());
  // Closing every window keeps the app in the tray; only Quit ends it.
  app.on('window-all-closed', () => {});

  let stopped = false;
  app.on('before-quit', (event) => {
    windows.closeAll();
    if (stopped || !gateway) return;
    // Stop the engine first (pending approvals are denied, the audit is flushed), then exit.
    event.preventDefault();
    shell.detach();
    const running = gateway;
    void running
      .stop()
      .catch((error: unknown) => logger.error(`Gatehouse did not stop cleanly: ${describeError(error)}`))
      .finally(() => {
        stopped = true;
        removeRuntimeFile(dataDir);
        tray.destroy();
        app.quit();
      });
  });

  try {
    gateway = await Gateway.start({ dataDir, logger, openJsonFile: openWithElectronStore });
  } catch (error: unknown) {
    const problem = startProblem(error);
    shell.failed(problem);
    dialog.showErrorBox('Gatehouse could not start', problem);
    return;
  }
  const handle = createControlIpcHandler(
    createControlHandlers(gateway),
    (sender) => isAppUrl(sender.url),
    logger,
  );
  ipcMain.handle(CONTROL_CHANNEL, (event, method: unknown, args: unknown) =>
    handle(event.senderFrame, method, args),
  );
  shell.attach(gateway);
  // The CLI (`gatehouse approvals`, `gatehouse pause`) finds the running app through this file.
  writeRuntimeFile(dataDir, {
    url: gateway.url.href,
    adminToken: gateway.adminToken,
    pid: process.pid,
    startedAt: new Date().toISOString(),
  });
  if (!process.argv.includes('--hidden')) windows.openMain();
}

/** Why the engine did not start, in words; a native module built for Node gets its remedy. */
function startProblem(error: unknown): string {
  const message = describeError(error);
  if (!message.includes('NODE_MODULE_VERSION')) return message;
  return 'Its native modules (SQLite, keychain) are built for Node, not for Electron. Run `npm run rebuild:electron` once, then start again (`npm run rebuild:node` switches back for the headless tests).';
}
