/**
 * The app's two windows: the full Gatehouse window and the compact approval window next to the
 * tray. Both load the app's own page with the hardened web preferences; closing one only hides
 * it, so the app lives on in the tray.
 */
import { BrowserWindow, screen, shell, type Rectangle } from 'electron';
import type { ControlEvent } from '../../shared/contracts/control-events.js';
import { EVENTS_CHANNEL } from '../ipc-channels.js';
import { APP_PAGE_URL } from './app-protocol.js';
import { compactWindowPosition } from './compact-window-position.js';
import type { WindowManager } from './desktop-shell.js';
import { isInAppNavigation, isSafeExternalLink } from './navigation-policy.js';
import { secureWebPreferences } from './window-security.js';

const COMPACT_SIZE = { width: 400, height: 520 };

export class AppWindows implements WindowManager {
  #main: BrowserWindow | undefined;
  #compact: BrowserWindow | undefined;
  /** Set while quitting, so closing really closes. */
  #quitting = false;

  /**
   * @param closeHidesToTray closing a window hides it (the tray brings it back); without a
   *   visible tray it minimises instead, so the app never runs with nothing on screen.
   */
  constructor(
    private readonly preloadPath: string,
    private readonly trayBounds: () => Rectangle | undefined,
    private readonly closeHidesToTray = true,
  ) {}

  openMain(): void {
    this.#main ??= this.#create({ width: 1180, height: 800, minWidth: 760, minHeight: 520 }, '');
    this.#show(this.#main);
  }

  openCompactApprovals(): void {
    this.#compact ??= this.#create(
      { ...COMPACT_SIZE, resizable: false, minimizable: false, maximizable: false, alwaysOnTop: true },
      '#/compact',
    );
    const tray = this.trayBounds();
    const display = tray ? screen.getDisplayMatching(tray) : screen.getPrimaryDisplay();
    const { x, y } = compactWindowPosition(COMPACT_SIZE, display.workArea, tray);
    this.#compact.setPosition(x, y);
    this.#show(this.#compact);
  }

  broadcast(event: ControlEvent): void {
    for (const window of [this.#main, this.#compact]) {
      if (window && !window.isDestroyed()) window.webContents.send(EVENTS_CHANNEL, event);
    }
  }

  /** Lets the windows close for real (on quit). */
  closeAll(): void {
    this.#quitting = true;
    for (const window of BrowserWindow.getAllWindows()) window.destroy();
  }

  #show(window: BrowserWindow): void {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  #create(options: Electron.BrowserWindowConstructorOptions, hash: string): BrowserWindow {
    const window = new BrowserWindow({
      ...options,
      show: false,
      title: 'Gatehouse',
      autoHideMenuBar: true,
      webPreferences: secureWebPreferences(this.preloadPath),
    });
    const page = `${APP_PAGE_URL}${hash}`;
    const contents = window.webContents;
    contents.on('will-navigate', (event, url) => {
      if (!isInAppNavigation(url, page)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isInAppNavigation(url, page)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No new windows, ever; a plain https link the person clicked opens in their browser.
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    window.on('close', (event) => {
      if (this.#quitting) return;
      event.preventDefault();
      if (this.closeHidesToTray) window.hide();
      else window.minimize();
    });
    void window.loadURL(page);
    return window;
  }
}
