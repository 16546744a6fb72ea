// A PDF in the analysis panel: its pages in a strip above the image (pagePicker.ts), and the
// chosen ones made into what the model sees. The first chosen page becomes the panel's image: it
// is drawn at the size the model reads (pageSize.ts), shown, prepared and posted like any image
// (imageSession.ts), so zoom, regions, grounding and history work on it unchanged. Further chosen
// pages are drawn and prepared the same way and go beside it, each page with its number and the
// words of its text layer (src/core/documentPages.ts says how the model is told). Every page
// draw and text read has its own deadline and is given up when the chosen pages change
// (reopenablePdf.ts): a page built to be slow says so and leaves the others choosable.

import * as l10n from '@vscode/l10n';
import { DeadlineExceeded, WorkAbandoned } from '../../core/deadline';
import { MAX_PAGE_COUNT } from '../../core/documentPages';
import type {
  DocumentPages,
  ImageDescriptor,
  ImagePolicy,
  PreparedPage,
} from '../../core/protocol';
import { h } from '../dom';
import { fetchFile, prepareImage } from '../image/imagePreparation';
import type { ImageSession } from '../image/imageSession';
import type { ImageViewer } from '../image/imageViewer';
import { PagePicker } from './pagePicker';
import { pageRenderSize, thumbnailSize } from './pageSize';
import { looksTruncated, openPdfDocument, PdfError, type PdfHandle } from './pdfDocument';
import { ReopenablePdf } from './reopenablePdf';
import type { Blocker } from '../conversation/taskComposer';
import type { TurnElement } from '../conversation/turnElement';

/** As src/core/documentPages.ts: the host checks these again. */
const MAX_CHOSEN_PAGES = 10;
const MAX_PAGE_TEXT_CHARS = 8_000;
/**
 * A page draw, thumbnail or text read that takes longer is given up (a file built to be slow
 * never blocks Analyze for good). Normal pages take well under a second.
 */
export const PAGE_TIMEOUT_MS = 20_000;
/** Choosing pages quickly one after another draws them once, after the last click. */
const CHOICE_SETTLE_MS = 350;

/**
 * PAGE_TIMEOUT_MS, or the shorter time the page tests set on `<body data-pdf-page-timeout-ms>`
 * (so they need not wait 20 seconds for a page that never finishes).
 */
function pageTimeoutMs(): number {
  const shortened = Number(document.body.dataset.pdfPageTimeoutMs);
  return Number.isInteger(shortened) && shortened > 0 ? shortened : PAGE_TIMEOUT_MS;
}

export class PdfSession {
  private document: ReopenablePdf | undefined;
  private picker: PagePicker | undefined;
  private descriptor: ImageDescriptor | undefined;
  private policy: ImagePolicy | undefined;
  private generation = 0;
  private settle: ReturnType<typeof setTimeout> | undefined;
  /** Aborts the page draws and text reads of the pages chosen before. */
  private choice: AbortController | undefined;
  private truncated = false;
  private locked = false;
  /** The first turn of a PDF's conversation says which pages went with it. */
  private firstTurnTagged = false;

  constructor(
    private readonly viewer: ImageViewer,
    private readonly image: ImageSession,
    private readonly setBlocker: (blocker: Blocker) => void,
    /**
     * Says why nothing can be analyzed; `blocked`, what Analyze waits for instead of the default.
     */
    private readonly fail: (message: string, blocked?: string) => void,
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
    this.choice?.abort();
    this.document?.destroy();
    const reader = new ReopenablePdf(document, bytes, descriptor.name, pageTimeoutMs);
    this.document = reader;
    this.picker?.dispose();
    const picker = new PagePicker(
      {
        pageCount: reader.pageCount,
        thumbnail: (page, side, signal) =>
          reader.run(async (opened, deadline) => {
            const size = thumbnailSize(await opened.pageSize(page), side);
            return opened.render(page, size.width, size.height, deadline);
          }, signal),
      },
      descriptor.pages ?? [1],
      MAX_CHOSEN_PAGES,
    );
    picker.onAnnounce = this.announce;
    picker.onChange = () => {
      // What was being drawn for the pages chosen before is stopped now, not after the settle.
      ++this.generation;
      this.choice?.abort();
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
    this.choice?.abort();
    const choice = new AbortController();
    this.choice = choice;
    const [first, ...more] = picker.pages;
    this.setBlocker({ message: l10n.t('Preparing the chosen pages…'), busy: true });
    this.viewer.setMessage(l10n.t('Drawing page {0}…', first));
    let drawn: { blob: Blob; width: number; height: number };
    try {
      drawn = await this.drawPage(document, first, policy, choice.signal);
    } catch (error) {
      if (generation === this.generation && !(error instanceof WorkAbandoned)) {
        this.fail(
          this.pageFailure(first, error),
          l10n.t('Page {0} could not be drawn: choose another page to analyze.', first),
        );
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
          document: await this.pages(document, first, more, current, choice.signal),
        }),
      },
    );
  }

  /** The chosen pages besides the first, prepared, and every chosen page's text. */
  private async pages(
    document: ReopenablePdf,
    first: number,
    more: readonly number[],
    policy: ImagePolicy,
    signal: AbortSignal,
  ): Promise<DocumentPages> {
    const prepared: PreparedPage[] = [];
    for (const number of more) {
      const { blob } = await this.drawPage(document, number, policy, signal).catch(
        (error: unknown) => {
          throw error instanceof WorkAbandoned ? error : new Error(this.pageFailure(number, error));
        },
      );
      const bitmap = await createImageBitmap(blob);
      const preparation = await prepareImage(bitmap, 'image/png', policy, {
        width: bitmap.width,
        height: bitmap.height,
      });
      preparation.overview.close();
      bitmap.close();
      prepared.push({
        number,
        image: preparation.image,
        text: await this.text(document, number, signal),
      });
    }
    return {
      pageCount: document.pageCount,
      page: { number: first, text: await this.text(document, first, signal) },
      more: prepared,
    };
  }

  /** The page's words; a page whose text cannot be read (or not in time) goes without them. */
  private async text(
    document: ReopenablePdf,
    page: number,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    try {
      return (
        (await document.run(
          (opened, deadline) => opened.text(page, MAX_PAGE_TEXT_CHARS, deadline),
          signal,
        )) || undefined
      );
    } catch (error) {
      if (error instanceof WorkAbandoned) {
        throw error; // other pages were chosen: nothing is sent for these
      }
      console.warn(`the text of page ${page} could not be read`, error);
      return undefined;
    }
  }

  private async drawPage(
    document: ReopenablePdf,
    page: number,
    policy: ImagePolicy,
    signal: AbortSignal,
  ): Promise<{ blob: Blob; width: number; height: number }> {
    const { size, canvas } = await document.run(async (opened, deadline) => {
      const size = pageRenderSize(await opened.pageSize(page), policy);
      return { size, canvas: await opened.render(page, size.width, size.height, deadline) };
    }, signal);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    canvas.width = canvas.height = 0; // its pixels are in the PNG now
    if (!blob) {
      throw new Error('the drawn page could not be encoded');
    }
    return { blob, width: size.width, height: size.height };
  }

  private pageFailure(page: number, error: unknown): string {
    if (error instanceof DeadlineExceeded) {
      return l10n.t(
        'Page {0} of {1} took longer than {2} seconds to draw, so it was given up: the page may be damaged or built to be slow to read. Choose another page.',
        page,
        this.descriptor?.name ?? '',
        (error.timeoutMs / 1000).toLocaleString(),
      );
    }
    const detail = error instanceof Error ? error.message.slice(0, 200) : String(error);
    return l10n.t(
      'Page {0} of {1} could not be drawn ({2}). Choose another page, or save the PDF again.',
      page,
      this.descriptor?.name ?? '',
      detail,
    );
  }
}
