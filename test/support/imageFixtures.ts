// Images made on the fly for the tests: a diagram-like PNG, and the bad inputs of the
// reliability matrix (docs/RELIABILITY.md): empty, truncated, text renamed .png, a
// decompression bomb, an SVG with scripts, a hostile file name. Node only.
import * as zlib from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function crc32(buffer: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buffer) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of `raw` rows (each led by filter byte 0); RGB at 8 bits unless `format` says otherwise.
 */
function pngFile(
  width: number,
  height: number,
  raw: Buffer,
  format: { bitDepth: number; colourType: number } = { bitDepth: 8, colourType: 2 },
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([format.bitDepth, format.colourType, 0, 0, 0], 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(raw, { level: 1 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The colour (0xRRGGBB) of pixel (x, y) of diagramPng(width, height). */
export function diagramPixel(x: number, y: number, width: number, height: number): number {
  const box = Math.floor(x / (width / 4)) % 2 === 0 && Math.floor(y / (height / 3)) % 2 === 1;
  const edge = x % Math.ceil(width / 12) < 3 || y % Math.ceil(height / 8) < 3;
  return box ? 0x2b5797 : edge ? 0x9aa5b1 : 0xf4f4f4;
}

/** An RGB PNG that looks like a box-and-arrow diagram: light background, dark boxes, a grid. */
export function diagramPng(width: number, height: number): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      raw.writeUIntBE(diagramPixel(x, y, width, height), y * row + 1 + x * 3, 3);
    }
  }
  return pngFile(width, height, raw);
}

/** A valid PNG cut in the middle of its pixel data, as an interrupted download leaves it. */
export function truncatedPng(): Buffer {
  const whole = diagramPng(320, 200);
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

/** A text file that only has an image's name. */
export const TEXT_AS_PNG = Buffer.from(
  '# Notes\n\nThis is a Markdown file someone renamed to .png.\n',
);

/**
 * A valid 1-bit greyscale PNG of `side`×`side` all-black pixels: about 100 KB on disk for
 * 30000×30000, which would decode to 900 million pixels (3.6 GB as RGBA).
 */
export function decompressionBombPng(side = 30_000): Buffer {
  // The raw rows (112 MB of zeros) exist only while this runs; what is written is ~110 KB.
  const raw = Buffer.alloc((1 + Math.ceil(side / 8)) * side);
  return pngFile(side, side, raw, { bitDepth: 1, colourType: 0 }); // 1-bit greyscale
}

/**
 * An SVG whose script and onload handler would each make a request and set a global if they ran.
 */
export function scriptedSvg(origin: string): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" onload="fetch('${origin}/evil/svg-onload'); parent.__svgPwned = 1">
  <script>fetch('${origin}/evil/svg-script'); top.__svgPwned = 2; new Image().src = '${origin}/evil/svg-image';</script>
  <rect width="400" height="200" fill="#2b5797"/>
  <text x="20" y="100" fill="white">diagram</text>
</svg>`);
}

/** A file name that is markup if anything ever puts it into HTML unescaped. */
export const HOSTILE_FILE_NAME = '"><img src=x onerror=alert(1)>.png';

/** The pixel size a PNG data URL declares (its IHDR chunk). */
export function pngSize(dataUrl: string): { width: number; height: number } {
  const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  if (bytes.subarray(1, 4).toString('ascii') !== 'PNG') {
    throw new Error(`not a PNG data URL: ${dataUrl.slice(0, 40)}…`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The colours of `quadrantsPng`, clockwise from the top left. */
export const QUADRANT_COLOURS = {
  topLeft: [0xd0, 0x30, 0x30],
  topRight: [0x30, 0xa0, 0x40],
  bottomRight: [0xf0, 0xd0, 0x20],
  bottomLeft: [0x30, 0x50, 0xd0],
} as const;

/**
 * An RGB PNG in four flat quadrants (QUADRANT_COLOURS): after any scaling, each quadrant's
 * centre still has its colour, so a test can tell that an image arrived whole, upright and
 * unmirrored, whatever size it arrived at.
 */
export function quadrantsPng(width: number, height: number): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const top = y < height / 2;
      const left = x < width / 2;
      const colour = top
        ? left
          ? QUADRANT_COLOURS.topLeft
          : QUADRANT_COLOURS.topRight
        : left
          ? QUADRANT_COLOURS.bottomLeft
          : QUADRANT_COLOURS.bottomRight;
      raw.set(colour, y * row + 1 + x * 3);
    }
  }
  return pngFile(width, height, raw);
}

/**
 * An RGB PNG whose every pixel says where it is: red = x mod 256, green = y mod 256, blue = the
 * high bits (x div 256 in the top nibble, y div 256 in the bottom), for images up to 4096 px a
 * side. A crop of it can be checked pixel by pixel against the region it should show
 * (`coordinateOf`).
 */
export function coordinatePng(width: number, height: number): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = y * row + 1 + x * 3;
      raw[offset] = x & 0xff;
      raw[offset + 1] = y & 0xff;
      raw[offset + 2] = ((x >> 8) << 4) | (y >> 8);
    }
  }
  return pngFile(width, height, raw);
}

/** The original pixel a `coordinatePng` pixel came from. */
export function coordinateOf(red: number, green: number, blue: number): { x: number; y: number } {
  return { x: ((blue >> 4) << 8) | red, y: ((blue & 0x0f) << 8) | green };
}
