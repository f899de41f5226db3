/**
 * Writes every icon the installers and the tray use. Run with `npx tsx build/icons/generate-icons.ts`
 * and commit the output.
 *
 * Why a generator and not hand-exported art: the mark is a few signed-distance shapes, so each
 * size is drawn from the geometry (crisp at 16 px, smooth at 1024 px) rather than resampled, and
 * a change to the mark is one edit followed by one run. It uses Node built-ins only (zlib for
 * deflate and CRC-32), so it needs no image library and gives the same bytes for the same zlib.
 *
 * What it writes, relative to build/:
 * - icon.png (1024 px): electron-builder derives what a platform lacks from it.
 * - icons/<N>x<N>.png: the Linux set; electron-builder reads the size from each file name.
 * - icon.ico: Windows, PNG entries up to 256 px (the largest an .ico entry can declare).
 * - icon.icns: macOS, PNG entries for every point size at 1x and 2x.
 * - tray/tray-<state>[Template][@2x].png: the tray in each TrayIcon state. Windows and Linux use
 *   the colour images; macOS uses the Template images, which Electron recognises by the
 *   "Template" suffix and lets the menu bar tint for light and dark mode.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrayIcon } from '../../electron/main/tray-model.js';
import { drawAppIcon, drawTrayIcon, type TrayStyle } from './draw-mark.js';
import { buildIcns, buildIco } from './icon-containers.js';
import { encodePng } from './png-encoder.js';

const buildDir = join(import.meta.dirname, '..');

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** icns type codes and the pixel size each holds; ic11–ic14 (and ic10) are the @2x (Retina) slots. */
const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
] as const;
const TRAY_STATES = ['running', 'paused', 'error', 'attention'] as const satisfies readonly TrayIcon[];
const TRAY_POINT_SIZE = 16;

/** Draws each app-icon size once, however many containers include it. */
const appIconPngs = new Map<number, Buffer>();
function appIconPng(size: number): Buffer {
  let png = appIconPngs.get(size);
  if (!png) {
    png = encodePng(drawAppIcon(size));
    appIconPngs.set(size, png);
  }
  return png;
}

function write(relativePath: string, bytes: Buffer): void {
  const path = join(buildDir, relativePath);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  console.log(`wrote build/${relativePath} (${bytes.length} bytes)`);
}

write('icon.png', appIconPng(1024));
for (const size of LINUX_SIZES) write(`icons/${size}x${size}.png`, appIconPng(size));
write('icon.ico', buildIco(ICO_SIZES.map((size) => ({ size, png: appIconPng(size) }))));
write('icon.icns', buildIcns(ICNS_ENTRIES.map(([type, size]) => ({ type, png: appIconPng(size) }))));

const traySuffix: Record<TrayStyle, string> = { colour: '', template: 'Template' };
for (const state of TRAY_STATES) {
  for (const style of ['colour', 'template'] as const) {
    for (const scale of [1, 2] as const) {
      const name = `tray-${state}${traySuffix[style]}${scale === 2 ? '@2x' : ''}.png`;
      write(`tray/${name}`, encodePng(drawTrayIcon(state, style, TRAY_POINT_SIZE * scale)));
    }
  }
}
