/**
 * The desktop app's composition root: starts the engine process and wires the tray, the windows,
 * IPC and notifications to it. Logic lives in the modules it wires (tested without Electron);
 * this file only connects them to Electron's lifecycle.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, session } from 'electron';
import { runConnect } from '../../shared/gateway/cli/connect-command.js';
import { BRIDGE_COMMAND_ENV, bridgeCommand } from '../../shared/gateway/clients/connect-instructions.js';
import { resolveDataDir } from '../../shared/gateway/config/data-dir.js';
import { defaultUiDirectory } from '../../shared/gateway/control/ui-files.js';
import { createStderrLogger } from '../../shared/gateway/logger.js';
import { CONTROL_CHANNEL } from '../ipc-channels.js';
import { APP_ID } from './app-identity.js';
import { applicationMenu } from './application-menu.js';
import { isAppUrl, registerAppScheme, serveAppScheme } from './app-protocol.js';
import { AppWindows } from './app-windows.js';
import { connectProfileDir, runConnectMode } from './connect-mode.js';
import { createControlIpcHandler } from './control-ipc.js';
import { DesktopShell } from './desktop-shell.js';
import { EngineClient } from './engine-client.js';
import { forkEngineProcess } from './engine-process.js';
import { ElectronNotifier, ElectronTray } from './electron-tray.js';
import { launchedHidden, platformLoginItems } from './login-items.js';
import { PermissionPolicy } from './permission-policy.js';
import { failStartup, failureReporter, startProblem } from './startup-failure.js';
import { busNameHasOwner, trayAvailability, windowBehaviour } from './tray-availability.js';

const here = dirname(fileURLToPath(import.meta.url));
const logger = createStderrLogger();
const report = failureReporter(
  process.env,
  (title, message) => dialog.showErrorBox(title, message),
  (text) => process.stderr.write(text),
);
const exit = (code: number) => app.exit(code);

/** The arguments after the binary (and, unpackaged, after the main script). */
const userArgs = process.argv.slice(process.defaultApp ? 2 : 1);
const dataDir = resolveDataDir(undefined);

if (userArgs[0] === 'connect') {
  // `Gatehouse connect`: the stdio bridge Claude Desktop launches (the fuses forbid running the
  // CLI with this binary as Node). No window, no tray, no lock: it only relays to the running app,
  // with a Chromium profile of its own so it never touches the app's.
  app.setPath('userData', connectProfileDir(dataDir));
  app.dock?.hide();
  void runConnectMode(
    (bridgeExit) => runConnect({}, dataDir, bridgeExit),
    exit,
    (text) => process.stderr.write(text),
  );
} else {
  // The headless gateway and the app share one data folder (see data-dir.ts). The single-instance
  // lock lives in userData, so it is set first: two data folders are two independent apps.
  app.setPath('userData', dataDir);
  if (!app.requestSingleInstanceLock()) {
    // One Gatehouse per data folder: a second launch only brings the first one's window forward.
    app.quit();
  } else {
    // Windows ties notifications to the Start-menu shortcut the installer made with this id.
    if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
    app.enableSandbox();
    registerAppScheme();
    app
      .whenReady()
      .then(start)
      .catch((error: unknown) => failStartup(error, { report, exit }));
  }
}

async function start(): Promise<void> {
  // Replaces the default menu Electron sets up at launch, before any window can use it.
  const menu = applicationMenu(process.platform, app.isPackaged);
  if (menu !== 'default') Menu.setApplicationMenu(menu && Menu.buildFromTemplate(menu));
  const appSession = session.defaultSession;
  // The UI asks for one thing only: writing to the clipboard for its Copy buttons.
  const permissions = new PermissionPolicy(isAppUrl);
  appSession.setPermissionRequestHandler(permissions.request);
  appSession.setPermissionCheckHandler(permissions.check);
  serveAppScheme(appSession, defaultUiDirectory());

  // The engine runs in its own process; the bridge command it hands out is this app's.
  const engine = new EngineClient(
    forkEngineProcess(
      join(here, '..', 'engine', 'engine-main.js'),
      ['--data-dir', dataDir, '--login-shell-path'],
      { ...process.env, [BRIDGE_COMMAND_ENV]: JSON.stringify(bridgeCommand()) },
    ),
    logger,
  );
  // Registered before any window exists: calls made while the engine starts wait for it.
  const handle = createControlIpcHandler(engine.dispatch, (sender) => isAppUrl(sender.url));
  ipcMain.handle(CONTROL_CHANNEL, (event, method: unknown, args: unknown) =>
    handle(event.senderFrame, method, args),
  );

  const tray = new ElectronTray(
    app.isPackaged ? join(process.resourcesPath, 'tray') : join(here, '..', '..', '..', 'build', 'tray'),
  );
  // The smoke test (test/e2e/desktop-app.test.ts) checks the tray from the main process.
  if (process.env.GATEHOUSE_TEST_HOOKS === '1') Object.assign(globalThis, { gatehouseTray: tray });
  const visibleTray = await trayAvailability({
    platform: process.platform,
    env: process.env,
    busNameHasOwner,
  });
  if (!visibleTray.visible)
    logger.warn(`The tray icon will not show: ${visibleTray.reason}. Gatehouse keeps its window instead.`);
  const behaviour = windowBehaviour(
    visibleTray,
    launchedHidden(app, { platform: process.platform, argv: process.argv }),
  );
  const windows = new AppWindows(
    join(here, '..', 'preload', 'preload.cjs'),
    () => tray.bounds,
    behaviour.closeHidesToTray,
  );
  const shell = new DesktopShell({
    tray,
    windows,
    notifier: new ElectronNotifier(),
    loginItems: platformLoginItems(app, {
      platform: process.platform,
      env: process.env,
      execPath: process.execPath,
    }),
    quit: () => app.quit(),
    reportError: (message) => report('Gatehouse', message),
  });
  app.on('second-instance', () => windows.openMain());
  // macOS: clicking the Dock icon with no window open shows the window again.
  app.on('activate', () => windows.openMain());
  // Closing every window keeps the app in the tray; only Quit ends it.
  app.on('window-all-closed', () => {});

  let stopping = false;
  let stopped = false;
  app.on('before-quit', (event) => {
    windows.closeAll();
    if (stopped) return;
    stopping = true;
    // Stop the engine first (pending approvals are denied, the audit is flushed), then exit.
    event.preventDefault();
    shell.detach();
    void engine.stop().finally(() => {
      stopped = true;
      tray.destroy();
      app.quit();
    });
  });
  if (behaviour.openWindowAtStart) windows.openMain();

  try {
    await engine.started;
  } catch (error: unknown) {
    const problem = startProblem(error);
    shell.failed(problem);
    report('Gatehouse could not start', problem);
    return;
  }
  shell.attach(engine);
  engine.onExit((code) => {
    if (stopping) return;
    shell.detach();
    shell.failed(
      `The Gatehouse engine stopped unexpectedly (exit code ${String(code)}). Quit and start Gatehouse again.`,
    );
  });
}
