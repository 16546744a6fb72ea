// The crops the model zoomed into during one turn, listed with the turn: a small picture of each
// region, named "Zoom 1", "Zoom 2"… in the order it asked (the same words as its outline on the
// image). Hovering or focusing one highlights its outline. Thumbnails are cut from the original
// here, so a turn restored from history shows them as the live one did.

import type { ZoomNote, ZoomRecord } from '../../core/protocol';
import { h, icon, Icons } from '../dom';
import * as l10n from '@vscode/l10n';

export interface ZoomStripCallbacks {
  /** A crop was hovered or focused (its label), or left (undefined). */
  onHighlight(label: number | undefined): void;
}

export class ZoomStrip {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly items = new Map<number, { item: HTMLElement; picture: HTMLImageElement }>();

  constructor(private readonly callbacks: ZoomStripCallbacks) {
    this.list = h('ul', { class: 'zoom-strip-list' });
    this.element = h(
      'section',
      { class: 'zoom-strip', role: 'region', 'aria-label': l10n.t('Zoomed regions'), hidden: true },
      h('span', { class: 'zoom-strip-title' }, icon(Icons.zoomIn), l10n.t('Looked closer at')),
      this.list,
    );
  }

  /** Adds the regions of one round; thumbnails follow when they are cut (`setPicture`). */
  add(records: readonly ZoomRecord[]): void {
    for (const record of records) {
      if (this.items.has(record.label)) {
        continue;
      }
      const name = zoomName(record.label);
      const { x, y, width, height } = record.region;
      const picture = h('img', { class: 'zoom-thumb', alt: '', hidden: true });
      const button = h(
        'button',
        {
          type: 'button',
          class: 'zoom-crop',
          'data-zoom-label': record.label,
          'aria-label': name,
          title: l10n.t(
            '{0}: image {1}, {2}×{3} px at {4}, {5} of the original, sent at {6}×{7}',
            name,
            record.image,
            width,
            height,
            x,
            y,
            record.sent.width,
            record.sent.height,
          ),
        },
        picture,
        h('span', { class: 'zoom-crop-label' }, name),
      );
      for (const [event, label] of [
        ['pointerenter', record.label],
        ['focus', record.label],
        ['pointerleave', undefined],
        ['blur', undefined],
      ] as const) {
        button.addEventListener(event, () => this.callbacks.onHighlight(label));
      }
      const item = h('li', {}, button);
      this.items.set(record.label, { item, picture });
      this.list.append(item);
    }
    this.element.hidden = this.items.size === 0;
  }

  setPicture(label: number, dataUrl: string): void {
    const entry = this.items.get(label);
    if (entry) {
      entry.picture.src = dataUrl;
      entry.picture.hidden = false;
    }
  }

  /** Marks the crop whose outline is highlighted (from the image side). */
  highlight(label: number | undefined): void {
    for (const [key, { item }] of this.items) {
      item.classList.toggle('active', key === label);
    }
  }
}

/** "Zoom 1": the words of the outline, the thumbnail and their accessible names. */
export function zoomName(label: number): string {
  return l10n.t('Zoom {0}', label);
}

/** The quiet line a turn shows when it answered without zooming. */
export function zoomNoteText(note: ZoomNote): string {
  return note === 'toolsRejected'
    ? l10n.t('Answered without zooming: this model does not take tools.')
    : l10n.t('The model asked to zoom after its last zoom; its answer so far stands.');
}
