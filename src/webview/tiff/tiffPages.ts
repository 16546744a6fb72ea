// A page of a TIFF as a PNG, decoded by the TIFF worker (tiff/tiffWorker.ts). The worker's code
// is a file of its own beside the page script, fetched the first time a TIFF is opened (a webview
// can start workers only from blob: URLs), so no TIFF decoder loads for other images. Each page
// is decoded by a fresh worker that is ended afterwards, or after DECODE_TIMEOUT_MS: a file that
// makes the decoder spin costs a worker, never the panel.
import type { TiffPageImage, TiffReply, TiffRequest } from './tiffProtocol';
import * as l10n from '@vscode/l10n';
import { loadOnce, workerBlobUrl } from '../bundledFiles';

/** A page that takes longer than this to decode is given up (a 600-dpi A4 scan takes ~1 s). */
const DECODE_TIMEOUT_MS = 30_000;

const loadWorkerUrl = loadOnce(() => workerBlobUrl('tiff/tiffWorker.js'));
let nextId = 0;

/** Why a TIFF page could not be shown; the message is for the user. */
export class TiffPageError extends Error {}

/** Page `page` (from 0) of the TIFF `file`, as a PNG. */
export async function decodeTiffPage(
  file: Blob,
  page: number,
  maxPixels: number,
): Promise<TiffPageImage> {
  let url: string;
  try {
    url = await loadWorkerUrl();
  } catch (error) {
    throw new TiffPageError(
      l10n.t(
        'The TIFF decoder could not be loaded ({0}).',
        error instanceof Error ? error.message : String(error),
      ),
    );
  }
  const bytes = await file.arrayBuffer();
  const worker = new Worker(url, { name: 'tiff' });
  const id = ++nextId;
  try {
    const reply = await new Promise<TiffReply>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new TiffPageError(
              l10n.t(
                'Decoding page {0} took longer than {1} seconds, so it was stopped.',
                page + 1,
                DECODE_TIMEOUT_MS / 1000,
              ),
            ),
          ),
        DECODE_TIMEOUT_MS,
      );
      worker.onmessage = ({ data }: MessageEvent<TiffReply>) => {
        if (data.id === id) {
          clearTimeout(timer);
          resolve(data);
        }
      };
      worker.onerror = (event) => {
        clearTimeout(timer);
        reject(new TiffPageError(event.message || l10n.t('The TIFF decoder failed.')));
      };
      const request: TiffRequest = { id, bytes, page, maxPixels };
      worker.postMessage(request, [bytes]);
    });
    if ('error' in reply) {
      throw new TiffPageError(describeFailure(reply, page));
    }
    return reply;
  } finally {
    worker.terminate();
  }
}

function describeFailure(reply: Extract<TiffReply, { error: string }>, page: number): string {
  const number = (reply.index ?? page) + 1;
  switch (reply.error) {
    case 'damaged':
      return l10n.t('The TIFF file is damaged ({0}).', reply.detail);
    case 'tooManyPages':
      return l10n.t('The TIFF file has too many pages to open.');
    case 'tooLarge':
      return l10n.t(
        'Page {0} is {1} pixels, larger than the images analyzed here. Scale it down first.',
        number,
        reply.detail,
      );
    case 'decode':
      return l10n.t('Page {0} of the TIFF file could not be decoded: {1}', number, reply.detail);
  }
}
