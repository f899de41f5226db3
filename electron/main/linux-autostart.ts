/**
 * "Launch at login" on Linux, where Electron's login-item settings do nothing: an XDG autostart
 * entry (`~/.config/autostart/gatehouse.desktop`) that desktop environments run at login.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoginItems } from './desktop-shell.js';

export class LinuxAutostart implements LoginItems {
  readonly file: string;

  /**
   * @param command the program to run at login (the AppImage or the installed binary).
   * @param configHome `$XDG_CONFIG_HOME`, else `~/.config`.
   */
  constructor(
    private readonly command: string,
    configHome: string = process.env.XDG_CONFIG_HOME || join(homedir(), '.config'),
  ) {
    this.file = join(configHome, 'autostart', 'gatehouse.desktop');
  }

  isEnabled(): boolean {
    return existsSync(this.file);
  }

  setEnabled(enabled: boolean): void {
    if (!enabled) {
      rmSync(this.file, { force: true });
      return;
    }
    mkdirSync(join(this.file, '..'), { recursive: true });
    writeFileSync(
      this.file,
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Gatehouse',
        'Comment=Local MCP gateway: policy, approvals and audit for your AI clients',
        // Exec quoting per the Desktop Entry spec: double quotes, with \ " ` $ escaped.
        `Exec="${this.command.replace(/[\\"`$]/g, (char) => `\\${char}`)}" --hidden`,
        'X-GNOME-Autostart-enabled=true',
        'Terminal=false',
        '',
      ].join('\n'),
    );
  }
}
