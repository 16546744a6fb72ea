// The panel's open PDF, for the work done on its pages (drawing a page or a thumbnail, reading a
// page's text). Each piece of work has its own deadline (src/core/deadline.ts): a page built to
// be slow (millions of operators, a page whose worker never answers) is given up, never waited
// for. A worker that missed a deadline may still be busy with that page, or stuck in it, so it
// is ended and the file is opened again from its bytes for the next piece of work; work that
// was running on the ended worker starts again on the new one.

import { DeadlineExceeded, withDeadline, WorkAbandoned } from '../../core/deadline';
import { openPdfDocument, type PdfHandle } from './pdfDocument';

/** How often work starts again after the document was reopened under it (by other work). */
const MAX_RESTARTS = 2;

export class ReopenablePdf {
  private opened: Promise<PdfHandle> | undefined;
  /** Aborts when the worker is ended: the work running on it is given up. */
  private lifetime = new AbortController();
  private disposed = false;

  constructor(
    first: PdfHandle,
    private readonly bytes: Uint8Array,
    private readonly name: string,
    private readonly timeoutMs: () => number,
  ) {
    this.opened = Promise.resolve(first);
    this.pageCount = first.pageCount;
  }

  readonly pageCount: number;

  /**
   * Runs `work` on the open document with a signal that aborts on the deadline or when `signal`
   * does. Rejects with DeadlineExceeded (and ends the worker) when the time ran out, and with
   * WorkAbandoned when `signal` aborted.
   */
  async run<T>(
    work: (document: PdfHandle, signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    for (let restart = 0; ; restart++) {
      const lifetime = this.lifetime;
      try {
        return await withDeadline(
          async (deadline) => work(await this.open(), deadline),
          this.timeoutMs(),
          signal ? [signal, lifetime.signal] : [lifetime.signal],
        );
      } catch (error) {
        if (error instanceof DeadlineExceeded) {
          this.reopen(lifetime);
          throw error;
        }
        const reopenedUnderIt =
          error instanceof WorkAbandoned && lifetime.signal.aborted && !signal?.aborted;
        if (!reopenedUnderIt || this.disposed || restart >= MAX_RESTARTS) {
          throw error;
        }
      }
    }
  }

  destroy(): void {
    this.disposed = true;
    this.reopen(this.lifetime);
  }

  private open(): Promise<PdfHandle> {
    if (this.disposed) {
      return Promise.reject(new WorkAbandoned());
    }
    if (!this.opened) {
      const opening = openPdfDocument(this.bytes, this.name);
      opening.catch(() => {
        if (this.opened === opening) {
          this.opened = undefined; // the next work tries again
        }
      });
      this.opened = opening;
    }
    return this.opened;
  }

  /** Ends the worker of `lifetime` (once), so the next work opens the file again. */
  private reopen(lifetime: AbortController): void {
    if (lifetime !== this.lifetime) {
      return; // already ended by other work that ran out of time
    }
    const ended = this.opened;
    this.opened = undefined;
    this.lifetime = new AbortController();
    lifetime.abort();
    // Also a handle still opening: it is ended once it exists.
    void ended?.then(
      (document) => document.destroy(),
      () => undefined,
    );
  }
}
