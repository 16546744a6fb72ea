// Synthetic images whose content is known, so a test can say where a thing must be on the
// screen: a plain field of one colour with four boxes of other colours at known places. Each
// colour appears nowhere else in the image or in the webview's themes, and the boxes keep away
// from the edges, so the picture's outline and each box can be found in a screenshot by colour.
// Node only.
import sharp from 'sharp';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface MarkedBox extends Box {
  readonly name: string;
  /** 0xRRGGBB */
  readonly colour: number;
}

/** The field every marked image is painted on (a wheat yellow no theme uses). */
export const FIELD = 0xf0d890;

/** Where the boxes are, as fractions of the image (left, top, width, height). */
const LAYOUT: readonly { name: string; colour: number; at: readonly number[] }[] = [
  { name: 'Red box', colour: 0xd01010, at: [0.08, 0.1, 0.3, 0.28] },
  { name: 'Green box', colour: 0x10a040, at: [0.56, 0.14, 0.34, 0.3] },
  { name: 'Purple box', colour: 0x7020c0, at: [0.14, 0.58, 0.26, 0.3] },
  { name: 'Teal box', colour: 0x10b0b0, at: [0.6, 0.62, 0.3, 0.26] },
];

/** The boxes of a `width`×`height` marked image, in its pixels. */
export function markedBoxes(width: number, height: number): MarkedBox[] {
  return LAYOUT.map(({ name, colour, at: [left, top, w, h] }) => ({
    name,
    colour,
    x: Math.round(left * width),
    y: Math.round(top * height),
    width: Math.max(1, Math.round(w * width)),
    height: Math.max(1, Math.round(h * height)),
  }));
}

/** The RGB pixels of a marked image (row by row, 3 bytes a pixel). */
export function markedPixels(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  const paint = (box: Box, colour: number): void => {
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) {
        pixels.writeUIntBE(colour, (y * width + x) * 3, 3);
      }
    }
  };
  paint({ x: 0, y: 0, width, height }, FIELD);
  for (const box of markedBoxes(width, height)) {
    paint(box, box.colour);
  }
  return pixels;
}

/** A marked image as a PNG file. */
export function markedPng(width: number, height: number): Promise<Buffer> {
  return sharp(markedPixels(width, height), { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
