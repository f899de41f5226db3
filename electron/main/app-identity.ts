/**
 * The app's identity as the operating system knows it.
 */

/**
 * The id electron-builder gives the app (`appId` in build/electron-builder.json): the macOS bundle
 * id, and on Windows the AppUserModelID of the Start-menu shortcut the NSIS installer creates.
 * Windows shows an app's notifications only when its AppUserModelID matches a shortcut's, so the
 * app sets the same one (Electron 39 docs/tutorial/notifications.md, Windows: "make sure to call
 * app.setAppUserModelId() with the same ID as your installer").
 */
export const APP_ID = 'app.gatehouse.desktop';
