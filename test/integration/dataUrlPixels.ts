// The pixels of an image the extension sent as a data URL, decoded by sharp (only the suites
// that compare pixels load it).
import sharp from 'sharp';

/** The image's RGB pixels, row by row, three bytes each. */
export async function rgbPixels(
  dataUrl: string,
): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(dataUrl.split(',')[1], 'base64'))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
