// The TIFF worker: a bundle of its own (dist/webview/tiff/tiffWorker.js, with utif2) that the
// page fetches and starts only when a TIFF is opened (tiffPages.ts). It decodes one page (LZW,
// Deflate, PackBits, CCITT fax, JPEG…) to RGBA and encodes it as PNG, so the rest of the page
// treats a TIFF page as any PNG. The directory chain is checked first (src/core/tiffStructure.ts):
// UTIF.decode follows it blindly, and a chain that loops would never return.
import * as UTIF from 'utif2';
import { tiffStructure } from '../../core/tiffStructure';
import type { TiffReply, TiffRequest } from './tiffProtocol';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<TiffRequest>) => void) | null;
  postMessage(message: TiffReply): void;
};

/** A reply without its id (the union's members each without it). */
type ReplyBody = TiffReply extends infer Reply
  ? Reply extends TiffReply
    ? Omit<Reply, 'id'>
    : never
  : never;

scope.onmessage = ({ data }) => void handle(data);

async function handle({ id, bytes, page, maxPixels }: TiffRequest): Promise<void> {
  const reply = (message: ReplyBody): void => scope.postMessage({ id, ...message });
  const structure = tiffStructure(new Uint8Array(bytes));
  if (structure.kind !== 'pages') {
    reply({
      error: structure.kind === 'damaged' ? 'damaged' : 'tooManyPages',
      detail: structure.kind === 'damaged' ? structure.reason : '',
    });
    return;
  }
  const pages = structure.pages;
  const index = Math.max(0, Math.min(pages.length - 1, Math.floor(page)));
  const chosen = pages[index];
  if (chosen.width * chosen.height > maxPixels) {
    reply({
      error: 'tooLarge',
      detail: `${chosen.width}×${chosen.height}`,
      index,
      count: pages.length,
    });
    return;
  }
  try {
    const ifds = UTIF.decode(bytes);
    const ifd = ifds[chosen.ifd];
    UTIF.decodeImage(bytes, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    const { width, height } = ifd;
    if (!width || !height || rgba.length < width * height * 4) {
      throw new Error(`no pixels for page ${index + 1} (compression ${chosen.compression})`);
    }
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d')!;
    const pixels = new Uint8ClampedArray(
      rgba.buffer as ArrayBuffer,
      rgba.byteOffset,
      width * height * 4,
    );
    context.putImageData(new ImageData(pixels, width, height), 0, 0);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    reply({ png, width, height, index, count: pages.length });
  } catch (error) {
    reply({
      error: 'decode',
      detail: error instanceof Error ? error.message : String(error),
      index,
      count: pages.length,
    });
  }
}
