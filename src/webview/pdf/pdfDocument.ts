// Opens the panel's PDF with pdf.js, loaded the first time a PDF is opened: the library's module
// (dist/webview/pdf/pdf.js) by import(), which carries the panel script's nonce, and its worker
// (dist/webview/pdf/pdf-worker.js) read from the extension's own files and started from a blob:
// URL, the only kind of worker the panel's CSP (and a webview) allows. Nothing comes from the
// network. Every failure becomes a message that says what is wrong with the file.

import * as l10n from '@vscode/l10n';
import type * as PdfLibrary from './pdfLibrary';
import { bundledUrl, loadOnce, workerBlobUrl } from '../bundledFiles';

export type { PdfHandle, PdfPageSize } from './pdfLibrary';

/**
 * A file whose worker has not opened it by then is taken as one it cannot open (a hostile file).
 */
const OPEN_TIMEOUT_MS = 30_000;

const loadLibrary = loadOnce(
  () =>
    import(/* runtime URL, not bundled */ bundledUrl('pdf/pdf.js')) as Promise<typeof PdfLibrary>,
);
const loadWorkerUrl = loadOnce(() => workerBlobUrl('pdf/pdf-worker.js'));

/** Why a PDF could not be opened, said to the user; `name` is the file's. */
export class PdfError extends Error {}

/** Whether the bytes end as a complete PDF does (`%%EOF` near the end): else it was cut short. */
export function looksTruncated(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  return !tail.includes('%%EOF');
}

export async function openPdfDocument(
  bytes: Uint8Array,
  name: string,
): Promise<PdfLibrary.PdfHandle> {
  let pdf: typeof PdfLibrary;
  let worker: Worker;
  try {
    const [loaded, url] = await Promise.all([loadLibrary(), loadWorkerUrl()]);
    pdf = loaded;
    worker = new Worker(url, { name: 'pdf.js' });
  } catch (error) {
    console.warn('the PDF reader could not be loaded', error);
    throw new PdfError(
      l10n.t(
        'The PDF reader could not be loaded, so {0} cannot be shown. Reload the window and try again.',
        name,
      ),
    );
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      worker.terminate();
      reject(
        new PdfError(
          l10n.t(
            '{0} took longer than {1} seconds to open, so it was given up: it may be damaged or built to be slow to read.',
            name,
            OPEN_TIMEOUT_MS / 1000,
          ),
        ),
      );
    }, OPEN_TIMEOUT_MS);
  });
  try {
    // pdf.js takes the bytes over (transfers them to its worker): it gets a copy.
    return await Promise.race([pdf.openPdf(bytes.slice(), worker), timeout]);
  } catch (error) {
    if (error instanceof PdfError) {
      throw error;
    }
    worker.terminate();
    throw describeOpenError(error, name, looksTruncated(bytes));
  } finally {
    clearTimeout(timer);
  }
}

function describeOpenError(error: unknown, name: string, truncated: boolean): PdfError {
  const reason = (error as { reason?: string }).reason;
  if (reason === 'password') {
    return new PdfError(
      l10n.t(
        '{0} is protected by a password, so its pages cannot be read here. Save a copy without the password (for example, print it to PDF) and open that.',
        name,
      ),
    );
  }
  if (truncated) {
    return new PdfError(
      l10n.t(
        '{0} is incomplete: the file ends before the end of its PDF data (it may not have finished downloading or saving). Save or download it again.',
        name,
      ),
    );
  }
  const detail = error instanceof Error ? error.message.slice(0, 200) : '';
  return new PdfError(
    l10n.t('{0} is damaged or is not a PDF, so its pages cannot be read ({1}).', name, detail),
  );
}
