/**
 * Draws the tray model with Electron's Tray and Menu, and the platform's notifications.
 */
import { join } from 'node:path';
import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Notifier } from './approval-notifier.js';
import type { TrayView } from './desktop-shell.js';
import type { TrayCommand, TrayIcon, TrayModel } from './tray-model.js';

export class ElectronTray implements TrayView {
  readonly #tray: Tray;
  #handler: (command: TrayCommand) => void = () => {};

  /** @param iconDirectory the folder holding `tray-<state>[Template][@2x].png` (build/tray). */
  constructor(private readonly iconDirectory: string) {
    this.#tray = new Tray(this.#image('running'));
    // A click on the icon itself opens the window where platforms report it (Windows, some Linux).
    this.#tray.on('click', () => this.#handler('open'));
  }

  get bounds(): Electron.Rectangle | undefined {
    return this.#tray.isDestroyed() ? undefined : this.#tray.getBounds();
  }

  onCommand(handler: (command: TrayCommand) => void): void {
    this.#handler = handler;
  }

  render(model: TrayModel): void {
    this.#tray.setImage(this.#image(model.icon));
    this.#tray.setToolTip(model.tooltip);
    if (process.platform === 'darwin') this.#tray.setTitle(model.badge);
    const template: MenuItemConstructorOptions[] = model.menu.map((item) =>
      item.kind === 'separator'
        ? { type: 'separator' }
        : item.kind === 'checkbox'
          ? {
              type: 'checkbox',
              label: item.label,
              checked: item.checked,
              click: () => this.#handler(item.command),
            }
          : { label: item.label, enabled: item.enabled, click: () => this.#handler(item.command) },
    );
    this.#tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.#tray.destroy();
  }

  #image(icon: TrayIcon): Electron.NativeImage {
    // macOS draws template images in the menu bar's colour (light or dark); others get colour.
    const name = process.platform === 'darwin' ? `tray-${icon}Template.png` : `tray-${icon}.png`;
    const image = nativeImage.createFromPath(join(this.iconDirectory, name));
    if (process.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}

export class ElectronNotifier implements Notifier {
  // Kept referenced until shown and clicked: a collected Notification loses its click handler.
  readonly #live = new Set<Notification>();

  show(notification: { readonly title: string; readonly body: string; readonly onClick: () => void }): void {
    if (!Notification.isSupported()) return;
    const native = new Notification({ title: notification.title, body: notification.body });
    this.#live.add(native);
    native.on('click', () => {
      this.#live.delete(native);
      notification.onClick();
    });
    native.on('close', () => this.#live.delete(native));
    native.show();
  }
}
