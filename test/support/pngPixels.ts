// Reads the pixels of a PNG with Node's zlib alone, for the extension-host tests, where a native
// image library built for the test runner's Node may not load. Enough for what Chromium writes:
// 8-bit RGB or RGBA, and the 8-bit palette PNGs the panel writes for copies of few colours
// (src/webview/image/indexedPng.ts); not interlaced.
import { inflateSync } from 'node:zlib';

export interface PngPixels {
  readonly width: number;
  readonly height: number;
  /** The colour (0xRRGGBB) of pixel (x, y). */
  at(x: number, y: number): number;
}

export function decodePng(png: Buffer): PngPixels {
  if (png.subarray(1, 4).toString('ascii') !== 'PNG') {
    throw new Error('not a PNG');
  }
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  let palette: Buffer | undefined;
  let indexed = false;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('ascii');
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colourType, , , interlace] = body.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || ![2, 3, 6].includes(colourType)) {
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType})`);
      }
      indexed = colourType === 3;
      channels = colourType === 6 ? 4 : colourType === 3 ? 1 : 3;
    } else if (type === 'PLTE') {
      palette = Buffer.from(body);
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels] : 0;
      const predicted = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      pixels[y * stride + x] = (line[x] + predicted) & 0xff;
    }
  }
  return {
    width,
    height,
    at(x, y) {
      const at = Math.floor(y) * stride + Math.floor(x) * channels;
      const [source, index] = indexed && palette ? [palette, pixels[at] * 3] : [pixels, at];
      return (source[index] << 16) | (source[index + 1] << 8) | source[index + 2];
    },
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
