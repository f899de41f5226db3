/**
 * The application menu. Electron's default menu carries developer shortcuts (View → Toggle
 * Developer Tools, Ctrl+Shift+I, Reload) that a packaged app must not offer; it is only created
 * when the app sets none (Electron 39 docs/api/menu.md, "Default menu"). Packaged builds get no
 * menu on Windows and Linux, and on macOS, where the menu bar is always there, one with the app,
 * Edit (so Cmd+C/Cmd+V work in text fields) and Window menus only.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** `default` keeps Electron's menu (development); `null` removes it; otherwise this template. */
export type ApplicationMenu = 'default' | null | MenuItemConstructorOptions[];

export function applicationMenu(platform: NodeJS.Platform, packaged: boolean): ApplicationMenu {
  if (!packaged) return 'default';
  if (platform !== 'darwin') return null;
  return [
    {
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      role: 'editMenu',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { role: 'windowMenu', submenu: [{ role: 'minimize' }, { role: 'zoom' }, { role: 'close' }] },
  ];
}
