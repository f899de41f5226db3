/**
 * Signed-distance shapes and a supersampling rasteriser. Shapes are described once in a square
 * design space and drawn at any pixel size, so a 16 px tray icon and a 1024 px app icon come from
 * the same geometry instead of one being scaled down from the other.
 */
import type { RgbaImage } from './png-encoder.js';

/** Distance from a point to a shape's edge in design units: negative inside, positive outside. */
export type Sdf = (x: number, y: number) => number;

/** A colour with 0–255 channels and a 0–1 straight alpha. */
export interface Colour {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** Paints a shape; `paint` may vary across the design space (gradients). */
export type Layer =
  | {
      readonly kind: 'fill';
      readonly shape: Sdf;
      readonly paint: Colour | ((x: number, y: number) => Colour);
      /** Softens the edge over this many design units (shadows); the default is one pixel. */
      readonly feather?: number;
    }
  /** Clears what earlier layers drew, so a badge stands apart from the mark under it. */
  | { readonly kind: 'erase'; readonly shape: Sdf };

export const circle =
  (cx: number, cy: number, radius: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - radius;

/** An axis-aligned box from (x0, y0) to (x1, y1), its corners rounded by `radius`. */
export function box(x0: number, y0: number, x1: number, y1: number, radius = 0): Sdf {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const halfWidth = (x1 - x0) / 2 - radius;
  const halfHeight = (y1 - y0) / 2 - radius;
  return (x, y) => {
    const dx = Math.abs(x - cx) - halfWidth;
    const dy = Math.abs(y - cy) - halfHeight;
    const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
    return outside + Math.min(Math.max(dx, dy), 0) - radius;
  };
}

/** A line segment from (ax, ay) to (bx, by) with round ends, `radius` thick on each side. */
export function capsule(ax: number, ay: number, bx: number, by: number, radius: number): Sdf {
  const lengthSquared = (bx - ax) ** 2 + (by - ay) ** 2;
  return (x, y) => {
    const along = Math.min(Math.max(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / lengthSquared, 0), 1);
    return Math.hypot(x - ax - along * (bx - ax), y - ay - along * (by - ay)) - radius;
  };
}

/** Inside either shape. (Min and max keep distances exact outside and bounded inside.) */
export function union(...shapes: Sdf[]): Sdf {
  return (x, y) => {
    let distance = Infinity;
    for (const shape of shapes) distance = Math.min(distance, shape(x, y));
    return distance;
  };
}

/** Inside every shape. */
export function intersect(...shapes: Sdf[]): Sdf {
  return (x, y) => {
    let distance = -Infinity;
    for (const shape of shapes) distance = Math.max(distance, shape(x, y));
    return distance;
  };
}

export const subtract =
  (shape: Sdf, hole: Sdf): Sdf =>
  (x, y) =>
    Math.max(shape(x, y), -hole(x, y));

/** Scales a shape about the origin, then moves it; distances scale with it. */
export const place =
  (shape: Sdf, scale: number, dx: number, dy: number): Sdf =>
  (x, y) =>
    shape((x - dx) / scale, (y - dy) / scale) * scale;

/** Samples per pixel along each axis: enough for smooth corners where distance alone is not. */
const SUPERSAMPLING = 4;

/** Draws the layers, bottom first, into a `size`×`size` image of a `designSize`-unit square. */
export function rasterise(layers: readonly Layer[], size: number, designSize: number): RgbaImage {
  const unitsPerPixel = designSize / size;
  const unitsPerSample = unitsPerPixel / SUPERSAMPLING;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Premultiplied 0–1 channels, composited source-over.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      const cx = (px + 0.5) * unitsPerPixel;
      const cy = (py + 0.5) * unitsPerPixel;
      for (const layer of layers) {
        const edge = layer.kind === 'fill' ? Math.max(layer.feather ?? 0, unitsPerSample) : unitsPerSample;
        const cover = coverage(layer.shape, px * unitsPerPixel, py * unitsPerPixel, unitsPerSample, edge);
        if (cover === 0) continue;
        if (layer.kind === 'erase') {
          const keep = 1 - cover;
          r *= keep;
          g *= keep;
          b *= keep;
          a *= keep;
          continue;
        }
        const colour = typeof layer.paint === 'function' ? layer.paint(cx, cy) : layer.paint;
        const alpha = colour.a * cover;
        r = (colour.r / 255) * alpha + r * (1 - alpha);
        g = (colour.g / 255) * alpha + g * (1 - alpha);
        b = (colour.b / 255) * alpha + b * (1 - alpha);
        a = alpha + a * (1 - alpha);
      }
      const alphaByte = Math.round(a * 255);
      if (alphaByte === 0) continue; // fully transparent pixels stay 0,0,0,0
      const offset = (py * size + px) * 4;
      pixels[offset] = toByte(r / a);
      pixels[offset + 1] = toByte(g / a);
      pixels[offset + 2] = toByte(b / a);
      pixels[offset + 3] = alphaByte;
    }
  }
  return { width: size, height: size, pixels };
}

/** The share of a pixel a shape covers, averaged over a grid of samples inside it. */
function coverage(shape: Sdf, left: number, top: number, step: number, edge: number): number {
  // Every shape here changes by at most one unit per unit moved, so one look at the pixel's
  // centre settles pixels wholly inside or outside; only edge pixels pay for supersampling.
  const halfPixel = (step * SUPERSAMPLING) / 2;
  const atCentre = shape(left + halfPixel, top + halfPixel);
  const settled = halfPixel * Math.SQRT2 + edge / 2;
  if (atCentre > settled) return 0;
  if (atCentre < -settled) return 1;
  let sum = 0;
  for (let sy = 0; sy < SUPERSAMPLING; sy++) {
    for (let sx = 0; sx < SUPERSAMPLING; sx++) {
      const distance = shape(left + (sx + 0.5) * step, top + (sy + 0.5) * step);
      // Within a sample of the edge, distance tells how much of that sample is inside.
      sum += Math.min(Math.max(0.5 - distance / edge, 0), 1);
    }
  }
  return sum / (SUPERSAMPLING * SUPERSAMPLING);
}

const toByte = (unit: number) => Math.min(255, Math.max(0, Math.round(unit * 255)));
