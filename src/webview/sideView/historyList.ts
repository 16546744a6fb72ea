// Every saved conversation of the workspace, newest first: reopen one, delete one, or delete all
// (the host asks before it deletes all). Thumbnails are the small JPEGs kept with the history.

import type { HistorySummary, SideViewOwnToHostMessage } from '../../core/protocol';
import { h, icon, Icons } from '../dom';
import type { HostPoster } from '../vscodeApi';
import * as l10n from '@vscode/l10n';

export class HistoryList {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly clearButton: HTMLButtonElement;

  constructor(
    private readonly channel: HostPoster<SideViewOwnToHostMessage>,
    private readonly onOpened: () => void,
  ) {
    this.list = h('ul', { class: 'history-list', 'aria-label': l10n.t('Saved conversations') });
    this.empty = h(
      'p',
      { class: 'history-empty' },
      l10n.t(
        'No saved conversations yet. Every conversation, in a panel or here, is kept in this workspace’s history.',
      ),
    );
    this.clearButton = h(
      'button',
      { type: 'button', class: 'button secondary history-clear' },
      icon(Icons.trash),
      l10n.t('Delete All'),
    );
    this.clearButton.addEventListener('click', () => this.channel.post({ type: 'history/clear' }));
    this.element = h(
      'section',
      { class: 'history-pane', 'aria-label': l10n.t('History') },
      h('h2', { class: 'history-title' }, l10n.t('History')),
      this.empty,
      this.list,
      this.clearButton,
    );
    this.update([]);
  }

  update(entries: readonly HistorySummary[]): void {
    this.empty.hidden = entries.length > 0;
    this.clearButton.hidden = entries.length === 0;
    this.list.replaceChildren(...entries.map((entry) => this.item(entry)));
  }

  private item(entry: HistorySummary): HTMLElement {
    const picture = entry.thumbnail
      ? h('img', { src: entry.thumbnail, alt: '', class: 'history-thumb' })
      : icon(Icons.image, 'history-thumb');
    const where = entry.kind === 'panel' ? l10n.t('Panel') : l10n.t('Chat');
    const facts = [
      where,
      entry.imageNames.join(', ') || l10n.t('no image'),
      entry.turnCount === 1 ? l10n.t('1 turn') : l10n.t('{0} turns', entry.turnCount),
      entry.model,
      describeTime(entry.updatedAt),
    ]
      .filter(Boolean)
      .join(' · ');
    const open = h(
      'button',
      { type: 'button', class: 'history-open', title: l10n.t('Reopen this conversation') },
      picture,
      h(
        'span',
        { class: 'history-text' },
        h('span', { class: 'history-task' }, entry.title),
        h('span', { class: 'history-facts' }, facts),
      ),
    );
    open.addEventListener('click', () => {
      this.channel.post({ type: 'history/open', id: entry.id });
      this.onOpened();
    });
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'icon-button history-delete',
        'aria-label': l10n.t('Delete “{0}”', entry.title),
        title: l10n.t('Delete'),
      },
      icon(Icons.trash),
    );
    remove.addEventListener('click', () =>
      this.channel.post({ type: 'history/delete', id: entry.id }),
    );
    return h('li', { class: 'history-item', 'data-id': entry.id }, open, remove);
  }
}

function describeTime(time: number): string {
  const minutes = Math.round((Date.now() - time) / 60_000);
  if (minutes < 1) {
    return l10n.t('just now');
  }
  if (minutes < 60) {
    return l10n.t('{0} min ago', minutes);
  }
  const date = new Date(time);
  return date.toDateString() === new Date().toDateString()
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString();
}
