// The strip of a PDF's pages above the image: a thumbnail per page, each a toggle that chooses
// the page (several may be chosen; page 1 is at first). Thumbnails are drawn only as they scroll
// into view, one at a time, and at most MAX_LISTED_PAGES are listed: a 5,000-page file lists the
// first ones and takes any other page by its number. Once the first question has gone, the
// chosen pages are part of the conversation and the strip only shows them.

import * as l10n from '@vscode/l10n';
import { h } from '../dom';

/** Pages listed as thumbnails; any page is still reachable by number. */
export const MAX_LISTED_PAGES = 200;
/** Long side of a thumbnail, in CSS pixels. */
const THUMBNAIL_SIDE = 96;

/** What the strip needs from the document. */
export interface PageSource {
  readonly pageCount: number;
  /**
   * Draws page `n` within `side`×`side` pixels; rejects when `signal` aborts, and when the page
   * takes too long (pdfSession.ts gives each thumbnail a deadline), so one page never stalls
   * the thumbnails after it.
   */
  thumbnail(pageNumber: number, side: number, signal: AbortSignal): Promise<HTMLCanvasElement>;
}

export class PagePicker {
  readonly element: HTMLElement;
  /** The chosen pages changed (always at least one, in page order). */
  onChange: ((pages: readonly number[]) => void) | undefined;
  /** Something to say to screen readers and in the strip's status line. */
  onAnnounce: ((text: string) => void) | undefined;
  private chosen: number[] = [1];
  private readonly maxChosen: number;
  private readonly buttons = new Map<number, HTMLButtonElement>();
  private readonly status: HTMLElement;
  private readonly numberInput: HTMLInputElement;
  private readonly addButton: HTMLButtonElement;
  private readonly list: HTMLElement;
  private locked = false;
  /** Thumbnails waiting to be drawn (in view), drawn one at a time. */
  private readonly wanted = new Set<number>();
  private drawing: { page: number; abort: AbortController } | undefined;
  private readonly observer: IntersectionObserver;
  private disposed = false;

  constructor(
    private readonly source: PageSource,
    chosen: readonly number[],
    maxChosen: number,
  ) {
    this.maxChosen = maxChosen;
    const valid = [...new Set(chosen)]
      .filter((page) => Number.isInteger(page) && page >= 1 && page <= source.pageCount)
      .sort((a, b) => a - b)
      .slice(0, maxChosen);
    this.chosen = valid.length ? valid : [1];
    const listed = Math.min(source.pageCount, MAX_LISTED_PAGES);
    this.list = h('div', {
      class: 'page-strip-list',
      role: 'group',
      'aria-label': l10n.t('Pages'),
    });
    this.observer = new IntersectionObserver((entries) => this.onVisibility(entries), {
      root: this.list,
      rootMargin: '0px 200px',
    });
    for (let page = 1; page <= listed; page++) {
      const button = h(
        'button',
        {
          type: 'button',
          class: 'page-thumb',
          'aria-pressed': 'false',
          'data-page': page,
          title: l10n.t('Page {0}', page),
        },
        h('span', { class: 'page-thumb-picture', 'aria-hidden': 'true' }),
        h('span', { class: 'page-thumb-number' }, String(page)),
      );
      button.addEventListener('click', () => this.toggle(page));
      this.buttons.set(page, button);
      this.list.append(button);
      this.observer.observe(button);
    }
    this.numberInput = h('input', {
      type: 'number',
      class: 'page-number-input',
      min: 1,
      max: source.pageCount,
      'aria-label': l10n.t('Page number'),
      placeholder: l10n.t('Page'),
    });
    this.addButton = h(
      'button',
      { type: 'button', class: 'page-add-button secondary' },
      l10n.t('Choose page'),
    );
    const choose = (): void => {
      const page = Number(this.numberInput.value);
      if (!Number.isInteger(page) || page < 1 || page > source.pageCount) {
        this.say(
          l10n.t(
            'There is no page {0}: pages go from 1 to {1}.',
            this.numberInput.value,
            source.pageCount,
          ),
        );
        return;
      }
      if (!this.chosen.includes(page)) {
        this.toggle(page);
      }
      this.buttons.get(page)?.scrollIntoView({ block: 'nearest', inline: 'center' });
    };
    this.addButton.addEventListener('click', choose);
    this.numberInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        choose();
      }
    });
    this.status = h('span', { class: 'page-strip-status', role: 'status', 'aria-live': 'polite' });
    this.element = h(
      'div',
      { class: 'page-strip' },
      this.list,
      h(
        'div',
        { class: 'page-strip-footer' },
        this.status,
        h('span', { class: 'spacer' }),
        this.numberInput,
        this.addButton,
      ),
    );
    this.refresh();
  }

  get pages(): readonly number[] {
    return this.chosen;
  }

  /** The chosen pages went with a question: they can no longer change. */
  lock(): void {
    if (this.locked) {
      return;
    }
    this.locked = true;
    this.element.classList.add('locked');
    this.numberInput.disabled = true;
    this.addButton.disabled = true;
    for (const button of this.buttons.values()) {
      button.disabled = true;
    }
    this.refresh();
  }

  dispose(): void {
    this.disposed = true;
    this.observer.disconnect();
    this.drawing?.abort.abort();
    this.wanted.clear();
  }

  private toggle(page: number): void {
    if (this.locked) {
      return;
    }
    if (this.chosen.includes(page)) {
      if (this.chosen.length === 1) {
        this.say(l10n.t('At least one page goes with a question.'));
        return;
      }
      this.chosen = this.chosen.filter((chosen) => chosen !== page);
    } else if (this.chosen.length >= this.maxChosen) {
      this.say(l10n.t('At most {0} pages go with a question: unselect one first.', this.maxChosen));
      return;
    } else {
      this.chosen = [...this.chosen, page].sort((a, b) => a - b);
    }
    this.refresh();
    this.onChange?.(this.chosen);
  }

  private say(text: string): void {
    this.status.textContent = text;
    this.onAnnounce?.(text);
  }

  private refresh(): void {
    for (const [page, button] of this.buttons) {
      button.setAttribute('aria-pressed', String(this.chosen.includes(page)));
    }
    const count = this.source.pageCount;
    const pages =
      this.chosen.length === 1
        ? l10n.t('page {0} of {1}', this.chosen[0], count)
        : l10n.t('pages {0} of {1}', this.chosen.join(', '), count);
    const unlisted = count > MAX_LISTED_PAGES;
    this.status.textContent = this.locked
      ? l10n.t('Sent with the first question: {0}', pages)
      : unlisted
        ? l10n.t(
            'Chosen: {0}. The first {1} pages are listed; choose any other by its number.',
            pages,
            MAX_LISTED_PAGES,
          )
        : l10n.t('Chosen: {0}', pages);
  }

  private onVisibility(entries: readonly IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const page = Number((entry.target as HTMLElement).dataset.page);
      if (entry.isIntersecting && !(entry.target as HTMLElement).dataset.drawn) {
        this.wanted.add(page);
      } else {
        this.wanted.delete(page);
        if (this.drawing?.page === page) {
          this.drawing.abort.abort();
        }
      }
    }
    this.drawNext();
  }

  /** Draws the wanted thumbnails one after another: the panel stays responsive while they come. */
  private drawNext(): void {
    if (this.drawing || this.disposed) {
      return;
    }
    const page = Math.min(...this.wanted);
    if (!Number.isFinite(page)) {
      return;
    }
    this.wanted.delete(page);
    const abort = new AbortController();
    this.drawing = { page, abort };
    const button = this.buttons.get(page);
    const side = Math.round(THUMBNAIL_SIDE * Math.min(2, window.devicePixelRatio || 1));
    void this.source
      .thumbnail(page, side, abort.signal)
      .then(
        (canvas) => {
          const slot = button?.querySelector('.page-thumb-picture');
          if (!button || !slot || this.disposed) {
            return;
          }
          canvas.className = 'page-thumb-canvas';
          slot.replaceChildren(canvas);
          button.dataset.drawn = 'true';
        },
        () => {
          // Scrolled away (aborted) or a page that does not draw, or not in time: its number
          // stays, and the next thumbnails are drawn.
          if (button && !abort.signal.aborted) {
            button.dataset.drawn = 'failed';
            button.classList.add('failed');
            button.title = l10n.t('Page {0}: its thumbnail could not be drawn', page);
          }
        },
      )
      .finally(() => {
        this.drawing = undefined;
        this.drawNext();
      });
  }
}
