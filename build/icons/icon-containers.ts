/**
 * The two multi-resolution icon containers the installers want, both holding PNG-compressed
 * images: Windows `.ico` (little-endian ICONDIR + ICONDIRENTRYs) and macOS `.icns` (big-endian
 * 'icns' header + typed entries).
 */

/** One PNG and the square size it was drawn at. */
export interface SizedPng {
  readonly size: number;
  readonly png: Buffer;
}

const ICONDIR_BYTES = 6;
const ICONDIRENTRY_BYTES = 16;
const ICO_TYPE_ICON = 1;
const ICO_MAX_SIZE = 256;

/** Builds a Windows `.ico` whose entries are PNG files (supported since Windows Vista). */
export function buildIco(images: readonly SizedPng[]): Buffer {
  const directory = Buffer.alloc(ICONDIR_BYTES + ICONDIRENTRY_BYTES * images.length);
  directory.writeUInt16LE(0, 0); // reserved
  directory.writeUInt16LE(ICO_TYPE_ICON, 2);
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach(({ size, png }, index) => {
    if (size < 1 || size > ICO_MAX_SIZE) throw new Error(`An .ico entry cannot be ${size}px.`);
    const entry = ICONDIR_BYTES + ICONDIRENTRY_BYTES * index;
    // Width and height are single bytes, so 256 is written as 0.
    directory.writeUInt8(size % ICO_MAX_SIZE, entry);
    directory.writeUInt8(size % ICO_MAX_SIZE, entry + 1);
    directory.writeUInt8(0, entry + 2); // no palette
    directory.writeUInt8(0, entry + 3); // reserved
    directory.writeUInt16LE(1, entry + 4); // colour planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(png.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([directory, ...images.map((image) => image.png)]);
}

/** One `.icns` entry: a four-character type code and the PNG stored under it. */
export interface IcnsEntry {
  readonly type: string;
  readonly png: Buffer;
}

const ICNS_HEADER_BYTES = 8;

/** Builds a macOS `.icns`; every length field is big-endian and counts its own 8-byte header. */
export function buildIcns(entries: readonly IcnsEntry[]): Buffer {
  const parts = entries.map(({ type, png }) => {
    if (!/^[\x20-\x7e]{4}$/.test(type)) throw new Error(`"${type}" is not a four-character icns type.`);
    const header = Buffer.alloc(ICNS_HEADER_BYTES);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(ICNS_HEADER_BYTES + png.length, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(ICNS_HEADER_BYTES);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(ICNS_HEADER_BYTES + parts.reduce((total, part) => total + part.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}
