/**
 * A minimal PNG encoder for 8-bit RGBA images: signature, IHDR, one IDAT, IEND. Every scanline
 * uses filter type 0 (none), which keeps the matching test reader trivial; our flat-coloured
 * icons compress well without prediction.
 */
import { crc32, deflateSync } from 'node:zlib';

/** Pixels in row-major order, four bytes each (red, green, blue, straight alpha). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BIT_DEPTH = 8;
const COLOUR_TYPE_RGBA = 6;
const BYTES_PER_PIXEL = 4;

/** One chunk: length, type, data, and a CRC over type and data (the length is not covered). */
function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes an RGBA image as a PNG file. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * BYTES_PER_PIXEL) {
    throw new Error(`Expected ${width}×${height}×4 bytes of pixels, got ${pixels.length}.`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(BIT_DEPTH, 8);
  header.writeUInt8(COLOUR_TYPE_RGBA, 9);
  // Bytes 10–12 stay 0: deflate compression, adaptive filtering method, no interlace.

  const rowLength = width * BYTES_PER_PIXEL;
  const scanlines = Buffer.alloc(height * (rowLength + 1)); // each row starts with filter byte 0
  for (let y = 0; y < height; y++) {
    scanlines.set(pixels.subarray(y * rowLength, (y + 1) * rowLength), y * (rowLength + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
