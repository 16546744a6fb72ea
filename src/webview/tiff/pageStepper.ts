// Which page of a multi-page TIFF the panel shows and prepares: previous and next
// buttons around a list of the pages. Its own module so any paged format can use it; hidden for
// a file of one page.
import { h, icon, Icons } from '../dom';
import * as l10n from '@vscode/l10n';

export interface PageChoice {
  /** From 0. */
  readonly index: number;
  readonly count: number;
}

export class PageStepper {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly previous: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly total: HTMLElement;
  private shown: PageChoice | undefined;

  constructor(private readonly onChoose: (index: number) => void) {
    this.select = h('select', { class: 'page-select', 'aria-label': l10n.t('Page') });
    // Options are valued by page number (from 1), as they read.
    this.select.addEventListener('change', () => this.choose(Number(this.select.value) - 1));
    this.previous = h(
      'button',
      {
        type: 'button',
        class: 'tool-button page-previous',
        'aria-label': l10n.t('Previous page'),
        title: l10n.t('Previous page'),
      },
      icon(Icons.chevronLeft),
    );
    this.previous.addEventListener('click', () => this.choose((this.shown?.index ?? 0) - 1));
    this.next = h(
      'button',
      {
        type: 'button',
        class: 'tool-button page-next',
        'aria-label': l10n.t('Next page'),
        title: l10n.t('Next page'),
      },
      icon(Icons.chevron),
    );
    this.next.addEventListener('click', () => this.choose((this.shown?.index ?? 0) + 1));
    this.total = h('span', { class: 'page-total' });
    this.element = h(
      'nav',
      { class: 'page-picker', 'aria-label': l10n.t('Pages'), hidden: true },
      this.previous,
      h('label', { class: 'page-label' }, l10n.t('Page'), this.select),
      this.total,
      this.next,
    );
  }

  /** Shows the pages of the file on screen (hidden for one page); `busy` while a page loads. */
  show(page: PageChoice | undefined, busy = false): void {
    this.shown = page;
    this.element.hidden = !page || page.count < 2;
    if (!page || page.count < 2) {
      return;
    }
    if (this.select.options.length !== page.count) {
      this.select.replaceChildren(
        ...Array.from({ length: page.count }, (_, index) =>
          h('option', { value: String(index + 1) }, String(index + 1)),
        ),
      );
    }
    this.select.value = String(page.index + 1);
    this.total.textContent = l10n.t('of {0}', page.count);
    this.previous.disabled = busy || page.index === 0;
    this.next.disabled = busy || page.index >= page.count - 1;
    this.select.disabled = busy;
  }

  private choose(index: number): void {
    const page = this.shown;
    if (!page || index < 0 || index >= page.count || index === page.index) {
      return;
    }
    this.show({ index, count: page.count }, true);
    this.onChoose(index);
  }
}
