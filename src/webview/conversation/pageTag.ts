// The tag a turn carries when pages of a document went with its message ("Page 2"): which page
// the model was asked about, since the page shown may change afterwards.
import type { SentPage } from '../../core/protocol';
import { h } from '../dom';
import * as l10n from '@vscode/l10n';

export function pageTag(pages: readonly SentPage[]): HTMLElement {
  const label =
    pages.length === 1
      ? l10n.t('Page {0}', pages[0].number)
      : l10n.t('Pages {0}', pages.map((page) => page.number).join(', '));
  const details = pages
    .map((page) => l10n.t('{0}, page {1} of {2}', page.name, page.number, page.count))
    .join('\n');
  return h(
    'span',
    { class: 'turn-tag page-tag', title: details, 'aria-label': `${label}. ${details}` },
    label,
  );
}
