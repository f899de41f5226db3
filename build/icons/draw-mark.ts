/**
 * The Gatehouse mark — a gate arch with an arched doorway — as the app icon and as tray icons for
 * each gateway state. Geometry lives on a 16-unit grid so the 16 px tray icon lands on whole
 * pixels; everything larger is the same shapes drawn finer.
 */
import type { TrayIcon } from '../../electron/main/tray-model.js';
import type { RgbaImage } from './png-encoder.js';
import {
  box,
  capsule,
  circle,
  intersect,
  place,
  rasterise,
  subtract,
  union,
  type Colour,
  type Layer,
  type Sdf,
} from './sdf-raster.js';

const GRID = 16;

/** The opening: 6 units wide, arched, open at the bottom. */
const doorway = union(box(5, 7, 11, 16), circle(8, 7, 3));
/** The arch around it: 3 units thick all round, 12 wide and 14 tall (y 1 to 15). */
const gate: Sdf = intersect(
  subtract(union(box(2, 7, 14, 15), circle(8, 7, 6)), doorway),
  box(2, -1, 14, 15, 0.5), // softens only the feet; the top of this box is off the grid
);

const rgb = (r: number, g: number, b: number, a = 1): Colour => ({ r, g, b, a });
const WHITE = rgb(255, 255, 255);
const BLACK = rgb(0, 0, 0);

/**
 * What sets each tray state apart besides colour, so it still reads in a monochrome menu bar:
 * a badge, and the area cleared around it where it overlaps the arch.
 */
const trayBadges: Record<TrayIcon, { badge: Sdf; clearance?: Sdf } | null> = {
  running: null,
  paused: {
    badge: union(box(9, 9, 11, 15, 0.3), box(13, 9, 15, 15, 0.3)),
    clearance: box(8, 8, 17, 17, 1),
  },
  error: {
    badge: union(capsule(10, 10, 14.5, 14.5, 1), capsule(14.5, 10, 10, 14.5, 1)),
    clearance: union(capsule(10, 10, 14.5, 14.5, 2.25), capsule(14.5, 10, 10, 14.5, 2.25)),
  },
  // Someone waiting at the gate. A corner dot would have to cut the arch's shoulder away, and
  // what is left reads as the letters "ri".
  attention: { badge: circle(8, 12, 2) },
};

/** Colours for Windows and Linux trays: mid-tones that read on light and dark task bars. */
const trayColours: Record<TrayIcon, Colour> = {
  running: rgb(18, 165, 148), // green-teal
  paused: rgb(139, 141, 152), // grey
  error: rgb(229, 72, 77), // red
  attention: rgb(240, 160, 32), // amber
};

/** Tray icon styles: a colour glyph, or a macOS template (black plus alpha, tinted by the OS). */
export type TrayStyle = 'colour' | 'template';

/** Draws the tray icon for a state at `size` pixels square. */
export function drawTrayIcon(state: TrayIcon, style: TrayStyle, size: number): RgbaImage {
  const paint = style === 'template' ? BLACK : trayColours[state];
  const layers: Layer[] = [{ kind: 'fill', shape: gate, paint }];
  const badge = trayBadges[state];
  if (badge?.clearance) layers.push({ kind: 'erase', shape: badge.clearance });
  if (badge) layers.push({ kind: 'fill', shape: badge.badge, paint });
  return rasterise(layers, size, GRID);
}

/** The rounded square behind the app icon, on the macOS grid: 824 of 1024 px with a 100 px margin. */
const TILE_INSET = (100 / 1024) * GRID;
const tile = box(TILE_INSET, TILE_INSET, GRID - TILE_INSET, GRID - TILE_INSET, (185 / 1024) * GRID);

/** A deep teal that lightens towards the top, as if lit from above. */
function tileGradient(_x: number, y: number): Colour {
  const t = Math.min(Math.max((y - TILE_INSET) / (GRID - 2 * TILE_INSET), 0), 1);
  const mix = (top: number, bottom: number) => top + (bottom - top) * t;
  return rgb(mix(34, 10), mix(170, 88), mix(150, 104));
}

/**
 * A half-raised portcullis inside the doorway: the gate lets calls through, but it is a gate.
 * Below 48 px its bars blur into a tint that hides the doorway, so small sizes leave it out.
 */
const PORTCULLIS_MIN_SIZE = 48;
const portcullis = intersect(
  union(
    capsule(6.5, 3, 6.5, 11.75, 0.3),
    capsule(8, 3, 8, 11.75, 0.3),
    capsule(9.5, 3, 9.5, 11.75, 0.3),
    box(4, 6.6, 12, 7.2),
    box(4, 9.2, 12, 9.8),
  ),
  doorway,
);

/** The mark at 55% on the tile, its 12×14-unit body centred. */
const onTile = (shape: Sdf) => place(shape, 0.55, 8 - 8 * 0.55, 8 - 8 * 0.55);

/** Draws the colour app icon at `size` pixels square. */
export function drawAppIcon(size: number): RgbaImage {
  const layers: Layer[] = [
    { kind: 'fill', shape: tile, paint: tileGradient },
    { kind: 'fill', shape: place(onTile(gate), 1, 0, 0.18), paint: rgb(0, 40, 40, 0.35), feather: 0.3 },
  ];
  if (size >= PORTCULLIS_MIN_SIZE) {
    layers.push({ kind: 'fill', shape: onTile(portcullis), paint: rgb(255, 255, 255, 0.55) });
  }
  layers.push({ kind: 'fill', shape: onTile(gate), paint: WHITE });
  return rasterise(layers, size, GRID);
}
