// The image file as Chromium can decode it and the canvas can read it back, before it is shown
// or prepared: an SVG without the <foreignObject>s that taint a canvas (svgForCanvas.ts), a page
// of a TIFF decoded to PNG (tiffPages.ts, whose decoder loads only when a TIFF is opened).
// Every other format goes through as it is.
import { svgForCanvas } from './svgForCanvas';
import { decodeTiffPage } from '../tiff/tiffPages';

export interface ReadableImage {
  readonly file: Blob;
  /** The type of `file`: a TIFF page is a PNG. */
  readonly mime: string;
  /** A document's pages: how many there are, and which one `file` is (from 0). */
  readonly page?: { readonly index: number; readonly count: number };
}

/** Whether `mime` needs turning into something Chromium decodes and the canvas reads. */
export function needsReading(mime: string): boolean {
  return mime === 'image/svg+xml' || mime === 'image/tiff';
}

/** `page`: which page of a document (from 0); `maxPixels`: a larger page is refused undecoded. */
export async function readableImage(
  file: Blob,
  mime: string,
  { page = 0, maxPixels }: { readonly page?: number; readonly maxPixels: number },
): Promise<ReadableImage> {
  if (mime === 'image/svg+xml') {
    return { file: await svgForCanvas(file), mime };
  }
  if (mime === 'image/tiff') {
    const decoded = await decodeTiffPage(file, page, maxPixels);
    return {
      file: decoded.png,
      mime: 'image/png',
      page: { index: decoded.index, count: decoded.count },
    };
  }
  return { file, mime };
}

/** The bytes of a `data:` URL (the webview's CSP lets it fetch() only the extension's files). */
export function dataUrlBlob(url: string): Blob | undefined {
  const match = /^data:([^;,]*)(;base64)?,/.exec(url.slice(0, 200));
  if (!match) {
    return undefined;
  }
  const body = url.slice(match[0].length);
  try {
    const text = match[2] ? atob(body) : decodeURIComponent(body);
    const bytes = new Uint8Array(text.length);
    for (let index = 0; index < text.length; index++) {
      bytes[index] = text.charCodeAt(index);
    }
    return new Blob([bytes], { type: match[1] });
  } catch {
    return undefined;
  }
}
