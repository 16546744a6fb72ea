// Image files in every format the extension reads, made for the tests with sharp (libvips, from
// the npm registry) and, for BMP and ICO, which it does not write, by hand. Node only.
import sharp from 'sharp';

/** A photo-like picture: smooth gradients with grain everywhere, as RGB bytes. */
export function photoPixels(width: number, height: number, seed = 5): Buffer {
  let state = seed;
  const random = (): number => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grain = (random() - 0.5) * 30;
      const offset = (y * width + x) * 3;
      raw[offset] = clamp(90 + (120 * x) / width + 40 * Math.sin(y / 37) + grain);
      raw[offset + 1] = clamp(110 + (80 * y) / height + 30 * Math.cos(x / 53) + grain);
      raw[offset + 2] = clamp(70 + (60 * (x + y)) / (width + height) + grain);
    }
  }
  return raw;
}

/** A graphic: light background, dark boxes and grid lines, as RGB bytes. */
export function graphicPixels(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 3, 0xf4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      if (x % 100 < 2 || y % 80 < 2) {
        raw.fill(0x55, offset, offset + 3);
      } else if (Math.floor(x / 200) % 2 === 0 && Math.floor(y / 160) % 2 === 1) {
        raw.set([0x2b, 0x57, 0x97], offset);
      }
    }
  }
  return raw;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

/** Paints a solid square into RGB bytes (a marker whose position the tests follow). */
export function paintSquare(
  raw: Buffer,
  width: number,
  x0: number,
  y0: number,
  side: number,
  rgb: [number, number, number],
): Buffer {
  for (let y = y0; y < y0 + side; y++) {
    for (let x = x0; x < x0 + side; x++) {
      raw.set(rgb, (y * width + x) * 3);
    }
  }
  return raw;
}

const rgb = (raw: Buffer, width: number, height: number) =>
  sharp(raw, { raw: { width, height, channels: 3 } });

export const encode = {
  png: (raw: Buffer, width: number, height: number) => rgb(raw, width, height).png().toBuffer(),
  /**
   * A JPEG whose pixels are stored sideways, with EXIF orientation 6 (rotate 90° clockwise to
   * view).
   */
  jpegRotated: (raw: Buffer, width: number, height: number) =>
    rgb(raw, width, height).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer(),
  jpeg: (raw: Buffer, width: number, height: number) =>
    rgb(raw, width, height).jpeg({ quality: 90 }).toBuffer(),
  webp: (raw: Buffer, width: number, height: number) =>
    rgb(raw, width, height).webp({ quality: 90 }).toBuffer(),
  avif: (raw: Buffer, width: number, height: number) =>
    rgb(raw, width, height).avif({ quality: 70 }).toBuffer(),
  /** Two frames: red, then blue. */
  animatedGif: async (width: number, height: number): Promise<Buffer> => {
    const frame = (colour: [number, number, number]) => {
      const raw = Buffer.alloc(width * height * 3);
      for (let pixel = 0; pixel < width * height; pixel++) raw.set(colour, pixel * 3);
      return rgb(raw, width, height).png().toBuffer();
    };
    const frames = [await frame([220, 20, 20]), await frame([20, 20, 220])];
    return sharp(frames, { join: { animated: true } })
      .gif({ delay: [100, 100], loop: 0 })
      .toBuffer();
  },
  bmp: (raw: Buffer, width: number, height: number) => bmp24(raw, width, height),
  /** An .ico holding one PNG image (Windows Vista and later write them so). */
  ico: async (raw: Buffer, width: number, height: number): Promise<Buffer> => {
    const png = await encode.png(raw, width, height);
    const header = Buffer.alloc(22);
    header.writeUInt16LE(0, 0);
    header.writeUInt16LE(1, 2);
    header.writeUInt16LE(1, 4);
    header[6] = width >= 256 ? 0 : width;
    header[7] = height >= 256 ? 0 : height;
    header.writeUInt16LE(1, 10);
    header.writeUInt16LE(32, 12);
    header.writeUInt32LE(png.length, 14);
    header.writeUInt32LE(22, 18);
    return Buffer.concat([header, png]);
  },
  tiff: (raw: Buffer, width: number, height: number) => rgb(raw, width, height).tiff().toBuffer(),
};

/** An uncompressed 24-bit bottom-up BMP (BITMAPINFOHEADER). */
function bmp24(raw: Buffer, width: number, height: number): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'ascii');
  header.writeUInt32LE(54 + stride * height, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(stride * height, 34);
  const body = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      const to = (height - 1 - y) * stride + x * 3;
      body[to] = raw[from + 2];
      body[to + 1] = raw[from + 1];
      body[to + 2] = raw[from];
    }
  }
  return Buffer.concat([header, body]);
}

/** A small SVG (400×200) whose labels are 8 px: unreadable unless drawn larger. */
export const SMALL_TEXT_SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">' +
    '<rect x="10" y="10" width="150" height="60" fill="none" stroke="#333"/><text x="20" y="45" font-size="8" font-family="sans-serif">orders-api :8443</text>' +
    '<path d="M160 40h80" stroke="#333"/><rect x="240" y="10" width="150" height="60" fill="#2b5797"/></svg>',
);
