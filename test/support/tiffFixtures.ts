// TIFF files made for the tests with sharp (libvips and libtiff), so their content is known: a
// multi-page LZW scan whose pages differ in colour and in where a dark bar sits, a CCITT Group 4
// fax page, PackBits and Deflate pages, and damaged files (a directory chain that loops, one that
// runs past the end). Node only.
import sharp from 'sharp';

/** The colour of each page of `multiPageTiff`, page 1 first. */
export const PAGE_COLOURS = [
  [0xd0, 0x30, 0x30],
  [0x30, 0xa0, 0x40],
  [0x30, 0x50, 0xd0],
] as const;

/** An RGB page of `colour` with a dark bar across row band `bar` (0–9) of ten. */
function pagePixels(width: number, height: number, colour: readonly number[], bar: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const dark = Math.floor((y * 10) / height) === bar;
    for (let x = 0; x < width; x++) {
      pixels.set(dark ? [0x20, 0x20, 0x20] : colour, (y * width + x) * 3);
    }
  }
  return pixels;
}

/**
 * Pages of `width`×`height`, page n in PAGE_COLOURS[n] with its bar in band n + 2, LZW-compressed.
 */
export async function multiPageTiff(
  width = 640,
  height = 400,
  compression: 'lzw' | 'deflate' | 'packbits' = 'lzw',
): Promise<Buffer> {
  const pages = await Promise.all(
    PAGE_COLOURS.map((colour, index) =>
      sharp(pagePixels(width, height, colour, index + 2), { raw: { width, height, channels: 3 } })
        .png()
        .toBuffer(),
    ),
  );
  return sharp(pages, { join: { animated: true } })
    .tiff({ compression })
    .toBuffer();
}

/** A single page as `compression` writes it. */
export async function singlePageTiff(
  width: number,
  height: number,
  compression: 'lzw' | 'deflate' | 'packbits' | 'none',
): Promise<Buffer> {
  return sharp(pagePixels(width, height, PAGE_COLOURS[0], 5), {
    raw: { width, height, channels: 3 },
  })
    .tiff({ compression })
    .toBuffer();
}

/** Where `faxTiff` draws its black box: x, y, width, height in its pixels. */
export const FAX_BOX = { x: 200, y: 300, width: 600, height: 250 } as const;

/**
 * A bilevel page as a fax machine sends it (1728 pixels wide), CCITT Group 4, with FAX_BOX black.
 */
export async function faxTiff(width = 1728, height = 1100): Promise<Buffer> {
  const grey = Buffer.alloc(width * height, 255);
  for (let y = FAX_BOX.y; y < FAX_BOX.y + FAX_BOX.height; y++) {
    grey.fill(0, y * width + FAX_BOX.x, y * width + FAX_BOX.x + FAX_BOX.width);
  }
  return sharp(grey, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1 })
    .toBuffer();
}

/** `tiff` with its first directory's next-directory link pointing back at itself. */
export function loopingTiff(tiff: Buffer): Buffer {
  const copy = Buffer.from(tiff);
  const little = copy[0] === 0x49;
  const first = little ? copy.readUInt32LE(4) : copy.readUInt32BE(4);
  const count = little ? copy.readUInt16LE(first) : copy.readUInt16BE(first);
  const next = first + 2 + count * 12;
  if (little) {
    copy.writeUInt32LE(first, next);
  } else {
    copy.writeUInt32BE(first, next);
  }
  return copy;
}
