// The lazily loaded half of PDF pages: pdf.js's display layer, bundled on its own into
// dist/webview/pdf/pdf.js (esbuild.config.mjs) and imported by the panel only when its file is a
// PDF (src/webview/pdf/pdfDocument.ts). Opens a document on the worker the panel started, draws
// pages onto canvases and reads their text. Nothing is fetched: no standard fonts, character maps
// or WebAssembly decoders (fonts a file does not embed are drawn with the system's; JPEG 2000
// images in a page are left out), so the page stays within its CSP and the .vsix small.
import { getDocument, PDFWorker, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist';
import type { TextContent } from 'pdfjs-dist/types/src/display/api';

export interface PdfPageSize {
  /** In PDF points (1/72 inch), as the page is shown (its /Rotate applied). */
  readonly width: number;
  readonly height: number;
}

/** Why a file could not be opened, for the message the panel shows. */
export type PdfOpenFailure = 'password' | 'invalid' | 'other';

export class PdfOpenError extends Error {
  constructor(
    readonly reason: PdfOpenFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export interface PdfHandle {
  readonly pageCount: number;
  pageSize(pageNumber: number): Promise<PdfPageSize>;
  /** Draws page `pageNumber` (1-based) at `width`×`height` pixels on white. */
  render(
    pageNumber: number,
    width: number,
    height: number,
    signal: AbortSignal,
  ): Promise<HTMLCanvasElement>;
  /**
   * The page's text layer, in reading order as the file has it, at most `maxChars` characters;
   * the worker stops reading once there are enough or when `signal` aborts.
   */
  text(pageNumber: number, maxChars: number, signal: AbortSignal): Promise<string>;
  /** Ends the worker at once, even one stuck in a page that never finishes. */
  destroy(): Promise<void>;
}

export async function openPdf(data: Uint8Array, worker: Worker): Promise<PdfHandle> {
  const task = getDocument({
    data,
    // The worker the panel started from the extension's own file (pdfDocument.ts).
    worker: new PDFWorker({ port: worker as never }),
    // Nothing from the network or from other files: everything the file needs is in it.
    useSystemFonts: true,
    useWorkerFetch: false,
    useWasm: false,
    stopAtErrors: false,
    // A page's images above this many pixels are not decoded (a "decompression bomb").
    maxImageSize: 64_000_000,
    verbosity: 0,
  });
  let document: PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    worker.terminate();
    throw classify(error);
  }
  const pages = new Map<number, Promise<PDFPageProxy>>();
  const page = (pageNumber: number): Promise<PDFPageProxy> => {
    let found = pages.get(pageNumber);
    if (!found) {
      found = document.getPage(pageNumber);
      pages.set(pageNumber, found);
      found.catch(() => pages.delete(pageNumber));
      // Keep only a few pages' parsed objects: a 5,000-page file is scrolled through.
      if (pages.size > 64) {
        const oldest = pages.keys().next().value!;
        void pages.get(oldest)?.then((old) => old.cleanup());
        pages.delete(oldest);
      }
    }
    return found;
  };
  return {
    pageCount: document.numPages,
    async pageSize(pageNumber) {
      const viewport = (await page(pageNumber)).getViewport({ scale: 1 });
      return { width: viewport.width, height: viewport.height };
    },
    async render(pageNumber, width, height, signal) {
      const proxy = await page(pageNumber);
      const unit = proxy.getViewport({ scale: 1 });
      const viewport = proxy.getViewport({
        scale: Math.min(width / unit.width, height / unit.height),
      });
      const canvas = window.document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const task = proxy.render({ canvas, viewport, background: '#ffffff' });
      const abort = (): void => task.cancel();
      signal.addEventListener('abort', abort);
      try {
        await task.promise;
      } finally {
        signal.removeEventListener('abort', abort);
      }
      return canvas;
    },
    async text(pageNumber, maxChars, signal) {
      // Read as a stream, so the worker's reading can be stopped (getTextContent cannot be).
      const reader = (await page(pageNumber))
        .streamTextContent()
        .getReader() as ReadableStreamDefaultReader<Pick<TextContent, 'items'>>;
      const stop = (): void => void reader.cancel().catch(() => undefined);
      signal.addEventListener('abort', stop);
      let text = '';
      try {
        while (text.length < maxChars) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          for (const item of value.items) {
            if (!('str' in item)) {
              continue;
            }
            text +=
              item.str + (item.hasEOL ? '\n' : item.str && !item.str.endsWith(' ') ? ' ' : '');
            if (text.length >= maxChars) {
              break;
            }
          }
        }
      } finally {
        signal.removeEventListener('abort', stop);
        stop();
      }
      return text.slice(0, maxChars);
    },
    destroy() {
      // Ended first: pdf.js's own destroy waits for the worker to answer, which a worker stuck
      // in a page never does.
      worker.terminate();
      void task.destroy().catch(() => undefined);
      return Promise.resolve();
    },
  };
}

function classify(error: unknown): PdfOpenError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  return new PdfOpenError(
    name === 'PasswordException'
      ? 'password'
      : name === 'InvalidPDFException'
        ? 'invalid'
        : 'other',
    message,
  );
}
