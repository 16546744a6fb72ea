// A PDF in the analysis panel: its pages in a strip above the image (pagePicker.ts), and the
// chosen ones made into what the model sees. The first chosen page becomes the panel's image: it
// is drawn at the size the model reads (pageSize.ts), shown, prepared and posted like any image
// (imageSession.ts), so zoom, regions, grounding and history work on it unchanged. Further chosen
// pages are drawn and prepared the same way and go beside it, each page with its number and the
// words of its text layer (src/core/documentPages.ts says how the model is told).

import * as l10n from '@vscode/l10n';
import { MAX_PAGE_COUNT } from '../core/documentPages';
import type { DocumentPages, ImageDescriptor, ImagePolicy, PreparedPage } from '../core/protocol';
import { h } from './dom';
import { fetchFile, prepareImage } from './imagePreparation';
import type { ImageSession } from './imageSession';
import type { ImageViewer } from './imageViewer';
import { PagePicker } from './pagePicker';
import { pageRenderSize, thumbnailSize } from './pageSize';
import { looksTruncated, openPdfDocument, PdfError, type PdfHandle } from './pdfDocument';
import type { Blocker } from './taskComposer';
import type { TurnElement } from './turnElement';

/** As src/core/documentPages.ts: the host checks these again. */
const MAX_CHOSEN_PAGES = 10;
const MAX_PAGE_TEXT_CHARS = 8_000;
/** A page that takes longer to draw is given up (a file built to be slow never blocks Analyze for good). */
const PAGE_DRAW_TIMEOUT_MS = 60_000;
/** Choosing pages quickly one after another draws them once, after the last click. */
const CHOICE_SETTLE_MS = 350;

export class PdfSession {
  private document: PdfHandle | undefined;
  private picker: PagePicker | undefined;
  private descriptor: ImageDescriptor | undefined;
  private policy: ImagePolicy | undefined;
  private generation = 0;
  private settle: ReturnType<typeof setTimeout> | undefined;
  private truncated = false;
  private locked = false;
  /** The first turn of a PDF's conversation says which pages went with it. */
  private firstTurnTagged = false;

  constructor(
    private readonly viewer: ImageViewer,
    private readonly image: ImageSession,
    private readonly setBlocker: (blocker: Blocker) => void,
    private readonly fail: (message: string) => void,
    private readonly announce: (text: string) => void,
  ) {}

  /** Opens the PDF and shows its chosen pages (page 1, or those a restored panel had). */
  async load(descriptor: ImageDescriptor, policy: ImagePolicy): Promise<void> {
    const generation = ++this.generation;
    this.descriptor = descriptor;
    this.policy = policy;
    this.firstTurnTagged = false;
    this.setBlocker({ message: l10n.t('Opening the PDF…'), busy: true });
    this.viewer.setTitle(descriptor.name);
    this.viewer.setMessage(l10n.t('Opening the PDF…'));
    const file = await fetchFile(descriptor.src);
    if (generation !== this.generation) {
      return;
    }
    if (!file) {
      this.fail(l10n.t('{0} could not be read.', descriptor.name));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let document: PdfHandle;
    try {
      document = await openPdfDocument(bytes, descriptor.name);
    } catch (error) {
      if (generation === this.generation) {
        this.fail(error instanceof PdfError ? error.message : String(error));
      }
      return;
    }
    if (generation !== this.generation) {
      void document.destroy();
      return;
    }
    if (document.pageCount < 1) {
      void document.destroy();
      this.fail(l10n.t('{0} has no pages.', descriptor.name));
      return;
    }
    // The host refuses a count no real document has (MAX_PAGE_COUNT): say so here, or the panel
    // would look ready with nothing the host accepts.
    if (document.pageCount > MAX_PAGE_COUNT) {
      void document.destroy();
      this.fail(
        l10n.t(
          '{0} claims {1} pages, more than any real document: it is damaged. Open a repaired copy.',
          descriptor.name,
          document.pageCount.toLocaleString(),
        ),
      );
      return;
    }
    this.truncated = looksTruncated(bytes);
    this.document = document;
    this.picker?.dispose();
    const picker = new PagePicker(
      {
        pageCount: document.pageCount,
        thumbnail: async (page, side, signal) => {
          const size = thumbnailSize(await document.pageSize(page), side);
          return document.render(page, size.width, size.height, signal);
        },
      },
      descriptor.pages ?? [1],
      MAX_CHOSEN_PAGES,
    );
    picker.onAnnounce = this.announce;
    picker.onChange = () => {
      clearTimeout(this.settle);
      this.setBlocker({ message: l10n.t('Preparing the chosen pages…'), busy: true });
      this.settle = setTimeout(() => void this.show(), CHOICE_SETTLE_MS);
    };
    this.picker = picker;
    if (this.locked) {
      picker.lock();
    }
    this.viewer.setPageStrip(picker.element);
    this.viewer.element.classList.add('document-page');
    await this.show();
  }

  /** The settings that shape the copy changed: the pages are drawn again at the new size. */
  async reprepare(policy: ImagePolicy): Promise<void> {
    this.policy = policy;
    if (this.document) {
      await this.show();
    }
  }

  /** Tags the conversation's first turn with the pages that went with it ("Pages 2, 3"). */
  turnShown(turn: TurnElement): void {
    if (!this.descriptor || this.firstTurnTagged) {
      return;
    }
    this.firstTurnTagged = true;
    const pages = this.picker?.pages ?? this.descriptor.pages ?? [1];
    turn.addTag(
      h(
        'span',
        { class: 'turn-tag page-tag' },
        pages.length === 1 ? l10n.t('Page {0}', pages[0]) : l10n.t('Pages {0}', pages.join(', ')),
      ),
    );
  }

  /** A question was asked: the chosen pages are part of the conversation now. */
  lock(): void {
    this.locked = true;
    this.picker?.lock();
  }

  /** Draws the first chosen page into the viewer and hands it to the image session. */
  private async show(): Promise<void> {
    const { document, picker, descriptor, policy } = this;
    if (!document || !picker || !descriptor || !policy) {
      return;
    }
    const generation = ++this.generation;
    const [first, ...more] = picker.pages;
    this.setBlocker({ message: l10n.t('Preparing the chosen pages…'), busy: true });
    let drawn: { blob: Blob; width: number; height: number };
    try {
      drawn = await this.drawPage(document, first, policy);
    } catch (error) {
      if (generation === this.generation) {
        this.fail(this.pageFailure(first, error));
      }
      return;
    }
    if (generation !== this.generation) {
      return;
    }
    const label = l10n.t('{0}, page {1} of {2}', descriptor.name, first, document.pageCount);
    const cut = this.truncated
      ? ` · ${l10n.t('the file seems cut short: later pages may be missing')}`
      : '';
    const beside = more.length ? ` · ${l10n.t('with page {0} beside it', more.join(', '))}` : '';
    await this.image.load(
      { name: label, src: '', mime: 'image/png', bytes: drawn.blob.size },
      policy,
      {
        file: drawn.blob,
        facts: `${label} · ${drawn.width}×${drawn.height}${beside}${cut}`,
        extra: async (current) => ({
          document: await this.pages(document, first, more, current),
        }),
      },
    );
  }

  /** The chosen pages besides the first, prepared, and every chosen page's text. */
  private async pages(
    document: PdfHandle,
    first: number,
    more: readonly number[],
    policy: ImagePolicy,
  ): Promise<DocumentPages> {
    const prepared: PreparedPage[] = [];
    for (const number of more) {
      const { blob } = await this.drawPage(document, number, policy).catch((error: unknown) => {
        throw new Error(this.pageFailure(number, error));
      });
      const bitmap = await createImageBitmap(blob);
      const preparation = await prepareImage(bitmap, 'image/png', policy, {
        width: bitmap.width,
        height: bitmap.height,
      });
      preparation.overview.close();
      bitmap.close();
      prepared.push({ number, image: preparation.image, text: await this.text(document, number) });
    }
    return {
      pageCount: document.pageCount,
      page: { number: first, text: await this.text(document, first) },
      more: prepared,
    };
  }

  private async text(document: PdfHandle, page: number): Promise<string | undefined> {
    try {
      return (await document.text(page, MAX_PAGE_TEXT_CHARS)) || undefined;
    } catch (error) {
      console.warn(`the text of page ${page} could not be read`, error);
      return undefined;
    }
  }

  private async drawPage(
    document: PdfHandle,
    page: number,
    policy: ImagePolicy,
  ): Promise<{ blob: Blob; width: number; height: number }> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), PAGE_DRAW_TIMEOUT_MS);
    const timedOut = new Promise<never>((_, reject) =>
      abort.signal.addEventListener('abort', () =>
        reject(
          new Error(l10n.t('it took longer than {0} seconds to draw', PAGE_DRAW_TIMEOUT_MS / 1000)),
        ),
      ),
    );
    timedOut.catch(() => undefined); // raced below; unobserved once the page is drawn
    let size: { width: number; height: number };
    let canvas: HTMLCanvasElement;
    try {
      size = pageRenderSize(await Promise.race([document.pageSize(page), timedOut]), policy);
      canvas = await Promise.race([
        document.render(page, size.width, size.height, abort.signal),
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    canvas.width = canvas.height = 0; // its pixels are in the PNG now
    if (!blob) {
      throw new Error('the drawn page could not be encoded');
    }
    return { blob, width: size.width, height: size.height };
  }

  private pageFailure(page: number, error: unknown): string {
    const detail = error instanceof Error ? error.message.slice(0, 200) : String(error);
    return l10n.t(
      'Page {0} of {1} could not be drawn ({2}). Choose another page, or save the PDF again.',
      page,
      this.descriptor?.name ?? '',
      detail,
    );
  }
}
