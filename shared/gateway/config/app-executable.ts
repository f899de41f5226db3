/**
 * The program to run to start this installation of the desktop app.
 */

/**
 * The file a person, their login session or Claude Desktop should run to start this app.
 * Inside an AppImage, `process.execPath` is a binary in a temporary `/tmp/.mount_*` folder that
 * disappears when the app quits; the AppImage runtime puts the AppImage file's own path in
 * `$APPIMAGE` (AppImage docs, "Environment variables set by the runtime"), and that file is what
 * to run. Everywhere else the executable is the app.
 */
export function appExecutable(where: { readonly env: NodeJS.ProcessEnv; readonly execPath: string }): string {
  const appImage = where.env.APPIMAGE;
  return appImage && appImage.length > 0 ? appImage : where.execPath;
}
