/**
 * The desktop shell's platform decisions, with the operating system faked at the edge: which
 * permission the page gets, launch at login per platform, which executable to name inside an
 * AppImage, whether a tray will be seen, and the application menu of packaged builds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../electron/main/app-url.js';
import { applicationMenu } from '../../../electron/main/application-menu.js';
import {
  HIDDEN_ARG,
  launchedHidden,
  platformLoginItems,
  type LoginItemApi,
} from '../../../electron/main/login-items.js';
import { CLIPBOARD_WRITE, PermissionPolicy } from '../../../electron/main/permission-policy.js';
import {
  parseOwnerAnswer,
  STATUS_NOTIFIER_WATCHER,
  trayAvailability,
  windowBehaviour,
} from '../../../electron/main/tray-availability.js';
import {
  bridgeCommand,
  BRIDGE_COMMAND_ENV,
  type BridgeRuntime,
} from '../../../shared/gateway/clients/connect-instructions.js';
import { appExecutable } from '../../../shared/gateway/config/app-executable.js';

describe('permissions', () => {
  const policy = new PermissionPolicy(isAppUrl);
  const app = { requestingUrl: 'app://gatehouse/index.html#/clients', isMainFrame: true };
  const every = [
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'geolocation',
    'idle-detection',
    'media',
    'mediaKeySystem',
    'midi',
    'midiSysex',
    'notifications',
    'pointerLock',
    'keyboardLock',
    'openExternal',
    'speaker-selection',
    'storage-access',
    'top-level-storage-access',
    'window-management',
    'unknown',
    'fileSystem',
    'hid',
    'serial',
    'usb',
    'deprecated-sync-clipboard-read',
  ];

  it('grants the app page exactly the clipboard write its Copy buttons need, and nothing else', () => {
    expect(every.filter((permission) => policy.allows(permission, app))).toEqual([CLIPBOARD_WRITE]);
  });

  it('refuses the clipboard write to any other page, to a sub frame, and to an unknown asker', () => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/index.html',
      'app://other/index.html',
      'app://gatehouse.evil/',
    ])
      expect(policy.allows(CLIPBOARD_WRITE, { requestingUrl: url, isMainFrame: true }), url).toBe(false);
    expect(policy.allows(CLIPBOARD_WRITE, { ...app, isMainFrame: false })).toBe(false);
    expect(policy.allows(CLIPBOARD_WRITE, { isMainFrame: true })).toBe(false);
  });

  it('answers requests through the callback and checks by return value, with the same rule', () => {
    const answers: boolean[] = [];
    policy.request(null, CLIPBOARD_WRITE, (granted) => answers.push(granted), app);
    policy.request(null, 'media', (granted) => answers.push(granted), app);
    policy.request(null, CLIPBOARD_WRITE, (granted) => answers.push(granted), {
      ...app,
      requestingUrl: 'https://x.test/',
    });
    expect(answers).toEqual([true, false, false]);
    expect(policy.check(null, CLIPBOARD_WRITE, 'app://gatehouse', app)).toBe(true);
    expect(policy.check(null, 'clipboard-read', 'app://gatehouse', app)).toBe(false);
  });
});

/** Electron's login items as each platform keeps them (electron.d.ts, app.getLoginItemSettings). */
function fakeLoginItemApi(platform: 'win32' | 'darwin', execPath: string) {
  let entry: { path: string; args: string[] } | undefined;
  let macEnabled = false;
  const api: LoginItemApi = {
    getLoginItemSettings: (options) => {
      if (platform === 'darwin') return { openAtLogin: macEnabled, wasOpenedAtLogin: false };
      // Windows compares the Run value against `path` (default execPath) and `args` (default []).
      const path = options?.path ?? execPath;
      const args = options?.args ?? [];
      return {
        openAtLogin: entry !== undefined && entry.path === path && entry.args.join(' ') === args.join(' '),
      };
    },
    setLoginItemSettings: (settings) => {
      if (platform === 'darwin') macEnabled = settings.openAtLogin;
      else
        entry = settings.openAtLogin
          ? { path: settings.path ?? execPath, args: settings.args ?? [] }
          : undefined;
    },
  };
  return { api, entry: () => entry };
}

describe('launch at login round trip', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('Windows: what is set with --hidden reads back as on, and off again', () => {
    const execPath = 'C:\\Users\\me\\AppData\\Local\\Programs\\Gatehouse\\Gatehouse.exe';
    const fake = fakeLoginItemApi('win32', execPath);
    const items = platformLoginItems(fake.api, { platform: 'win32', env: {}, execPath });
    expect(items.isEnabled()).toBe(false);
    items.setEnabled(true);
    expect(fake.entry()).toEqual({ path: execPath, args: [HIDDEN_ARG] });
    expect(items.isEnabled()).toBe(true);
    items.setEnabled(false);
    expect(items.isEnabled()).toBe(false);
  });

  it('Windows: reading without the args (the old bug) would have said off', () => {
    const execPath = 'C:\\Gatehouse.exe';
    const fake = fakeLoginItemApi('win32', execPath);
    platformLoginItems(fake.api, { platform: 'win32', env: {}, execPath }).setEnabled(true);
    expect(fake.api.getLoginItemSettings().openAtLogin).toBe(false);
  });

  it('macOS: on and off round trip; a login launch is recognised by wasOpenedAtLogin', () => {
    const fake = fakeLoginItemApi('darwin', '/Applications/Gatehouse.app/Contents/MacOS/Gatehouse');
    const items = platformLoginItems(fake.api, { platform: 'darwin', env: {}, execPath: '/x' });
    items.setEnabled(true);
    expect(items.isEnabled()).toBe(true);
    items.setEnabled(false);
    expect(items.isEnabled()).toBe(false);
    const atLogin: LoginItemApi = {
      ...fake.api,
      getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAtLogin: true }),
    };
    expect(launchedHidden(atLogin, { platform: 'darwin', argv: ['/x'] })).toBe(true);
    expect(launchedHidden(fake.api, { platform: 'darwin', argv: ['/x'] })).toBe(false);
    expect(launchedHidden(fake.api, { platform: 'win32', argv: ['/x', HIDDEN_ARG] })).toBe(true);
  });

  it('Linux: an autostart entry that runs the AppImage file, not its temporary mount, and goes away', () => {
    const configHome = mkdtempSync(join(tmpdir(), 'gatehouse-autostart-'));
    dirs.push(configHome);
    const items = platformLoginItems(fakeLoginItemApi('darwin', '').api, {
      platform: 'linux',
      env: { APPIMAGE: '/home/me/Apps/Gatehouse-0.1.0.AppImage', XDG_CONFIG_HOME: configHome },
      execPath: '/tmp/.mount_GatehoXYZ/gatehouse',
    });
    items.setEnabled(true);
    expect(items.isEnabled()).toBe(true);
    const entry = readFileSync(join(configHome, 'autostart', 'gatehouse.desktop'), 'utf8');
    expect(entry).toContain('Exec="/home/me/Apps/Gatehouse-0.1.0.AppImage" --hidden');
    items.setEnabled(false);
    expect(items.isEnabled()).toBe(false);
  });
});

describe('the executable to name (AppImage)', () => {
  it('names $APPIMAGE inside an AppImage, else the executable', () => {
    expect(
      appExecutable({
        env: { APPIMAGE: '/home/me/Gatehouse.AppImage' },
        execPath: '/tmp/.mount_x/gatehouse',
      }),
    ).toBe('/home/me/Gatehouse.AppImage');
    expect(appExecutable({ env: { APPIMAGE: '' }, execPath: '/opt/Gatehouse/gatehouse' })).toBe(
      '/opt/Gatehouse/gatehouse',
    );
    expect(appExecutable({ env: {}, execPath: '/opt/Gatehouse/gatehouse' })).toBe('/opt/Gatehouse/gatehouse');
  });

  const electron: BridgeRuntime = {
    env: { APPIMAGE: '/home/me/Gatehouse.AppImage' },
    execPath: '/tmp/.mount_GatehoXYZ/gatehouse',
    electron: true,
    defaultApp: false,
    mainScript: undefined,
    moduleUrl:
      'file:///tmp/.mount_GatehoXYZ/resources/app.asar/dist/shared/gateway/clients/connect-instructions.js',
  };

  it('gives Claude Desktop the AppImage file for the bridge, never the temporary mount', () => {
    expect(bridgeCommand(electron)).toEqual({ command: '/home/me/Gatehouse.AppImage', args: ['connect'] });
    expect(bridgeCommand({ ...electron, env: {} })).toEqual({
      command: '/tmp/.mount_GatehoXYZ/gatehouse',
      args: ['connect'],
    });
  });

  it('names the main script of an unpackaged app, and takes the command the app handed its engine', () => {
    expect(
      bridgeCommand({
        ...electron,
        env: {},
        execPath: '/e/electron',
        defaultApp: true,
        mainScript: '/src/main.js',
      }),
    ).toEqual({
      command: '/e/electron',
      args: ['/src/main.js', 'connect'],
    });
    // The engine runs in a utility process whose execPath is Electron's helper, not the app.
    const handed = { command: '/home/me/Gatehouse.AppImage', args: ['connect'] };
    expect(
      bridgeCommand({
        ...electron,
        execPath: '/helper',
        env: { [BRIDGE_COMMAND_ENV]: JSON.stringify(handed) },
      }),
    ).toEqual(handed);
    expect(
      bridgeCommand({ ...electron, env: { ...electron.env, [BRIDGE_COMMAND_ENV]: '{"command":1}' } }).command,
    ).toBe('/home/me/Gatehouse.AppImage');
  });

  it('outside Electron, runs the CLI with node (or tsx from source)', () => {
    const node = {
      ...electron,
      electron: false,
      env: {},
      execPath: '/usr/bin/node',
      moduleUrl: 'file:///g/dist/shared/gateway/clients/connect-instructions.js',
    };
    expect(bridgeCommand(node)).toEqual({
      command: '/usr/bin/node',
      args: ['/g/dist/shared/gateway/cli/main.js', 'connect'],
    });
    expect(
      bridgeCommand({ ...node, moduleUrl: 'file:///g/shared/gateway/clients/connect-instructions.ts' }),
    ).toEqual({
      command: 'npx',
      args: ['tsx', '/g/shared/gateway/cli/main.ts', 'connect'],
    });
  });
});

describe('tray availability', () => {
  const probe = (platform: NodeJS.Platform, owner: boolean | undefined, env: NodeJS.ProcessEnv = {}) => ({
    platform,
    env,
    busNameHasOwner: async (name: string) => {
      expect(name).toBe(STATUS_NOTIFIER_WATCHER);
      return owner;
    },
  });

  it('is visible on macOS and Windows, and on Linux when a StatusNotifier host runs', async () => {
    expect(await trayAvailability(probe('darwin', undefined))).toEqual({ visible: true });
    expect(await trayAvailability(probe('win32', undefined))).toEqual({ visible: true });
    expect(await trayAvailability(probe('linux', true, { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }))).toEqual({
      visible: true,
    });
  });

  it('is not visible on Linux without a host (stock GNOME), and says how to get one', async () => {
    const none = await trayAvailability(probe('linux', false, { XDG_CURRENT_DESKTOP: 'GNOME' }));
    expect(none).toMatchObject({ visible: false, reason: expect.stringContaining('AppIndicator extension') });
  });

  it('when the bus cannot be asked, assumes GNOME has no tray and other desktops have one', async () => {
    expect(
      (await trayAvailability(probe('linux', undefined, { XDG_CURRENT_DESKTOP: 'GNOME' }))).visible,
    ).toBe(false);
    expect((await trayAvailability(probe('linux', undefined, { XDG_CURRENT_DESKTOP: 'KDE' }))).visible).toBe(
      true,
    );
  });

  it('without a visible tray, the window opens even for a login start and minimises instead of hiding', () => {
    const hidden = { visible: false as const, reason: 'no host' };
    expect(windowBehaviour(hidden, true)).toEqual({ openWindowAtStart: true, closeHidesToTray: false });
    expect(windowBehaviour({ visible: true }, true)).toEqual({
      openWindowAtStart: false,
      closeHidesToTray: true,
    });
    expect(windowBehaviour({ visible: true }, false)).toEqual({
      openWindowAtStart: true,
      closeHidesToTray: true,
    });
  });

  it('reads the answers of gdbus and dbus-send', () => {
    expect(parseOwnerAnswer('(true,)\n')).toBe(true);
    expect(parseOwnerAnswer('(false,)\n')).toBe(false);
    expect(parseOwnerAnswer('method return time=1.2 sender=org.freedesktop.DBus\n   boolean true\n')).toBe(
      true,
    );
    expect(parseOwnerAnswer('Error org.freedesktop.DBus.Error.NoReply')).toBeUndefined();
  });
});

describe('application menu', () => {
  it('keeps the default menu in development, and removes it from packaged Windows and Linux builds', () => {
    expect(applicationMenu('linux', false)).toBe('default');
    expect(applicationMenu('linux', true)).toBeNull();
    expect(applicationMenu('win32', true)).toBeNull();
  });

  it('gives packaged macOS builds app, Edit and Window menus, with no developer tools or reload', () => {
    const menu = applicationMenu('darwin', true);
    expect(Array.isArray(menu)).toBe(true);
    const roles = JSON.stringify(menu);
    expect(roles).toContain('"copy"');
    expect(roles).toContain('"paste"');
    for (const role of ['toggleDevTools', 'reload', 'forceReload', 'viewMenu'])
      expect(roles, role).not.toContain(`"${role}"`);
  });
});
