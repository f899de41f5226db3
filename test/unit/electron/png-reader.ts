/**
 * Just enough of a PNG reader to check the icons build/icons/generate-icons.ts writes: it walks
 * the chunks (checking each CRC), reads IHDR, and decodes 8-bit RGBA images whose scanlines all
 * use filter type 0 — the only kind the generator writes. Anything else is refused by name, so a
 * change to the encoder shows up as a clear failure rather than as garbage pixels.
 */
import { crc32, inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The fields of IHDR a test cares about. */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly interlace: number;
}

/** A decoded image: four bytes per pixel, row-major, straight alpha. */
export interface DecodedPng extends PngHeader {
  readonly pixels: Uint8Array;
}

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
}

/** True when the bytes start with the PNG signature (how .ico and .icns entries are told apart). */
export function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

function readChunks(bytes: Buffer): Chunk[] {
  if (!isPng(bytes)) throw new Error('Not a PNG: the 8-byte signature is missing.');
  const chunks: Chunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new Error(`Truncated chunk header at byte ${offset}.`);
    const length = bytes.readUInt32BE(offset);
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`Chunk at byte ${offset} runs past the end of the file.`);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (crc32(bytes.subarray(offset + 4, end)) !== bytes.readUInt32BE(end)) {
      throw new Error(`The CRC of the ${type} chunk at byte ${offset} does not match its contents.`);
    }
    chunks.push({ type, data: bytes.subarray(offset + 8, end) });
    offset = end + 4;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw new Error('The first chunk is not IHDR.');
  if (chunks.at(-1)?.type !== 'IEND') throw new Error('The file does not end with IEND.');
  return chunks;
}

function parseHeader(ihdr: Buffer): PngHeader {
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr.readUInt8(8),
    colourType: ihdr.readUInt8(9),
    interlace: ihdr.readUInt8(12),
  };
}

/** Reads the header only: size, bit depth, colour type. */
export function readPngHeader(bytes: Buffer): PngHeader {
  const [ihdr] = readChunks(bytes);
  return parseHeader(ihdr!.data);
}

/** Decodes an 8-bit, non-interlaced RGBA PNG written with filter type 0 on every row. */
export function decodePng(bytes: Buffer): DecodedPng {
  const chunks = readChunks(bytes);
  const header = parseHeader(chunks[0]!.data);
  if (header.bitDepth !== 8 || header.colourType !== 6) {
    throw new Error(
      `Only 8-bit RGBA is supported (bit depth 8, colour type 6); got bit depth ${header.bitDepth}, colour type ${header.colourType}.`,
    );
  }
  if (header.interlace !== 0) throw new Error('Interlaced PNGs are not supported.');
  const compressed = Buffer.concat(
    chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data),
  );
  const scanlines = inflateSync(compressed);
  const rowLength = header.width * 4;
  if (scanlines.length !== header.height * (rowLength + 1)) {
    throw new Error(
      `Expected ${header.height} scanlines of ${rowLength + 1} bytes, got ${scanlines.length} bytes.`,
    );
  }
  const pixels = new Uint8Array(header.height * rowLength);
  for (let y = 0; y < header.height; y++) {
    const start = y * (rowLength + 1);
    const filter = scanlines[start];
    if (filter !== 0) {
      throw new Error(`Row ${y} uses filter type ${filter}; this reader only decodes filter type 0 (none).`);
    }
    pixels.set(scanlines.subarray(start + 1, start + 1 + rowLength), y * rowLength);
  }
  return { ...header, pixels };
}
