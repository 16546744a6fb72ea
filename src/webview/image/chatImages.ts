// The side chat's images: a strip of thumbnails above the task box, fed by Attach and Use Active
// Image (the host reads the file), paste and drop (the page reads it). Every image is prepared
// here, as the analysis panel prepares its one, before the host gets the copy the model sees.

import type {
  AttachmentSource,
  AttachmentsToHostMessage,
  AttachmentSummary,
  ImagePolicy,
} from '../../core/protocol';
import { h, icon, Icons } from '../dom';
import {
  DEFAULT_IMAGE_POLICY,
  describeBytes,
  fetchFile,
  intrinsicSize,
  loadImage,
  prepareImage,
} from './imagePreparation';
import type { Blocker } from '../conversation/taskComposer';
import { dataUrlBlob, needsReading, readableImage } from './readableImage';
import { makeThumbnail } from './thumbnail';
import type { HostPoster } from '../vscodeApi';
import type { HeldOriginal } from '../zoom/zoomCuts';
import type { EstimatedImage } from '../../core/inputTokens';
import { sentImages } from '../../core/questionEstimate';
import * as l10n from '@vscode/l10n';

const ACCEPTED = /^image\/(png|jpeg|gif|webp|bmp|svg\+xml|avif|x-icon|vnd\.microsoft\.icon|tiff)$/;
const SUPPORTED = 'PNG, JPEG, GIF, WebP, BMP, AVIF, ICO, SVG, TIFF';

export class ChatImages {
  readonly element: HTMLElement;
  private readonly strip: HTMLElement;
  private readonly notice: HTMLElement;
  private attachments: readonly AttachmentSummary[] = [];
  private lastInLine: Promise<void> = Promise.resolve();
  private readonly preparing = new Map<string, string>();
  /** The decoded originals, by id, for the crops the model zooms into; a pasted one's blob: URL. */
  private readonly originals = new Map<
    string,
    HeldOriginal & { readonly blobUrl?: string; readonly sent: readonly EstimatedImage[] }
  >();
  private nextLocalId = 0;
  /** From the host's conversation/init: sizes, byte limit, detail, and the caps pasted files are held to. */
  policy: ImagePolicy = DEFAULT_IMAGE_POLICY;

  /**
   * Without `sideView`: the analysis panel's strip of further images for the next question (its
   * own image is in the viewer), with no Use Active Image (the panel is about an image already).
   */
  constructor(
    private readonly channel: HostPoster<AttachmentsToHostMessage>,
    private readonly setBlocker: (blocker: Blocker) => void,
    private readonly announce: (text: string) => void,
    sideView?: { readonly useActiveImage: () => void },
  ) {
    const inPanel = sideView === undefined;
    this.strip = h('ul', {
      class: 'attachments',
      'aria-label': inPanel
        ? l10n.t('More images for the next question')
        : l10n.t('Images in this chat'),
    });
    this.notice = h('p', { class: 'chat-notice', role: 'status', hidden: true });
    const attach = inPanel
      ? h(
          'button',
          {
            type: 'button',
            class: 'button secondary attach-button',
            title: l10n.t('Add images to compare with this one (or paste or drop them here)'),
          },
          icon(Icons.attach),
          l10n.t('Add Images'),
        )
      : h(
          'button',
          {
            type: 'button',
            class: 'button secondary attach-button',
            title: l10n.t('Attach images from disk'),
          },
          icon(Icons.attach),
          l10n.t('Attach'),
        );
    attach.addEventListener('click', () => this.channel.post({ type: 'attachments/pick' }));
    const actions = h('div', { class: 'chat-image-actions' }, attach);
    if (sideView) {
      const active = h(
        'button',
        {
          type: 'button',
          class: 'button secondary active-image-button',
          title: l10n.t('Add the image open in the editor'),
        },
        icon(Icons.image),
        l10n.t('Use Active Image'),
      );
      active.addEventListener('click', () => sideView.useActiveImage());
      actions.append(active);
    }
    this.element = h('div', { class: 'chat-images' }, this.strip, actions, this.notice);
  }

  /** Listens for pasted and dropped images on the whole page. */
  listen(target: HTMLElement): void {
    document.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])].filter((file) =>
        file.type.startsWith('image/'),
      );
      if (files.length) {
        event.preventDefault();
        files.forEach((file) => this.addFile(file));
      }
    });
    target.addEventListener('dragover', (event) => {
      event.preventDefault();
      target.classList.add('drop-target');
      if (event.dataTransfer) {
        event.dataTransfer.dropEffect = 'copy';
      }
    });
    target.addEventListener('dragleave', (event) => {
      if (event.relatedTarget === null || !target.contains(event.relatedTarget as Node)) {
        target.classList.remove('drop-target');
      }
    });
    target.addEventListener('drop', (event) => {
      event.preventDefault();
      target.classList.remove('drop-target');
      const data = event.dataTransfer;
      if (!data) {
        return;
      }
      const files = [...data.files].filter((file) => file.type.startsWith('image/'));
      if (files.length) {
        files.forEach((file) => this.addFile(file));
        return;
      }
      // From VS Code's Explorer or an editor tab (hold Shift to drop into a view): URIs.
      const uris = (data.getData('application/vnd.code.uri-list') || data.getData('text/uri-list'))
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
      if (uris.length) {
        this.channel.post({ type: 'attachments/dropUris', uris });
      } else if (data.files.length) {
        this.showNotice(l10n.t('Only images can be added.'));
      }
    });
  }

  setAttachments(attachments: readonly AttachmentSummary[]): void {
    this.attachments = attachments;
    for (const attachment of attachments) {
      this.preparing.delete(attachment.id);
    }
    const listed = new Set(attachments.map((attachment) => attachment.id));
    for (const [id, original] of this.originals) {
      if (!listed.has(id) && !this.preparing.has(id)) {
        this.forget(id, original.blobUrl);
      }
    }
    this.render();
  }

  /** How the attached images go on the wire (the estimate beside Analyze counts them). */
  get sentImages(): EstimatedImage[] {
    return this.attachments.flatMap((attachment) => this.originals.get(attachment.id)?.sent ?? []);
  }

  /**
   * The `index`-th (0-based) attachment this page holds decoded, in the strip's order: the
   * conversation's images after the panel's own, as the model numbers them.
   */
  original(index: number): HeldOriginal | undefined {
    const held = this.attachments.flatMap((attachment) => this.originals.get(attachment.id) ?? []);
    return held[index];
  }

  showNotice(message: string): void {
    this.notice.textContent = message;
    this.notice.hidden = false;
  }

  /** Prepares an image the host read from a file. */
  async prepareSource(source: AttachmentSource): Promise<void> {
    await this.prepare(source.id, source.name, source.src, source.mime, source.uri);
  }

  /** A URL to load the image from, as Chromium can decode and read it back (see readableImage.ts). */
  private async readable(
    source: string | Blob,
    mime: string,
  ): Promise<{ url: string; mime: string; release(): void }> {
    // The host's files come as data: URLs; only those that need reading are turned into bytes.
    const blob =
      typeof source !== 'string' ? source : needsReading(mime) ? dataUrlBlob(source) : undefined;
    if (!blob) {
      return { url: source as string, mime, release: () => undefined };
    }
    const readable = needsReading(mime)
      ? await readableImage(blob, mime, { maxPixels: this.policy.maxPixels })
      : { file: blob, mime };
    const url = URL.createObjectURL(readable.file);
    return { url, mime: readable.mime, release: () => URL.revokeObjectURL(url) };
  }

  private addFile(file: File): void {
    if (!ACCEPTED.test(file.type)) {
      this.showNotice(
        l10n.t(
          '{0} is not in a supported format ({1}). Supported: {2}.',
          file.name || l10n.t('The pasted file'),
          file.type || l10n.t('unknown type'),
          SUPPORTED,
        ),
      );
      return;
    }
    // The host refuses larger files; a pasted or dropped one is held to the same cap.
    if (file.size > this.policy.maxFileBytes) {
      this.showNotice(
        l10n.t(
          '{0} is {1}; images larger than {2} are not analyzed.',
          file.name || l10n.t('The pasted image'),
          describeBytes(file.size),
          describeBytes(this.policy.maxFileBytes),
        ),
      );
      return;
    }
    const id = `local-${++this.nextLocalId}`;
    const name =
      file.name && file.name !== 'image.png'
        ? file.name
        : `${l10n.t('Pasted image {0}', this.nextLocalId)}.${file.type === 'image/jpeg' ? 'jpg' : 'png'}`;
    // Kept while the image is attached: the model may zoom into it (see `original`).
    const url = URL.createObjectURL(file);
    void this.prepare(id, name, url, file.type, undefined, url, file);
  }

  private forget(id: string, blobUrl: string | undefined): void {
    this.originals.delete(id);
    if (blobUrl) {
      URL.revokeObjectURL(blobUrl);
    }
  }

  /**
   * A place in the line of attachments being prepared: each reaches the host (and the strip) in
   * the order it was added, whichever is prepared first. A paste and a drop prepare side by
   * side, and a palette copy can take longer than a plain one.
   */
  private placeInLine(): { readonly turn: Promise<void>; readonly leave: () => void } {
    const turn = this.lastInLine;
    let leave = (): void => undefined;
    this.lastInLine = new Promise<void>((resolve) => (leave = resolve));
    return { turn, leave };
  }

  private async prepare(
    id: string,
    name: string,
    source: string | Blob,
    fileMime: string,
    uri?: string,
    blobUrl?: string,
    file?: Blob,
  ): Promise<void> {
    this.preparing.set(id, name);
    this.notice.hidden = true;
    this.render();
    const place = this.placeInLine();
    let readable: { url: string; mime: string; release(): void } | undefined;
    try {
      const converted = needsReading(fileMime);
      readable = await this.readable(converted && file ? file : source, fileMime);
      const { url, mime } = readable;
      const image = await loadImage(url, true, { maxPixels: this.policy.maxPixels, name });
      const size = await intrinsicSize(image, mime);
      // The file's own bytes go to the model when they need no change (originalBytes.ts); a
      // TIFF's are not an image the model takes, its decoded page is prepared instead.
      const bytes = converted
        ? undefined
        : (file ?? (typeof source === 'string' ? await fetchFile(source) : source));
      const preparation = await prepareImage(image, mime, this.policy, size, undefined, bytes);
      this.originals.set(id, { image, size, mime, blobUrl, sent: sentImages(preparation.image) });
      const thumbnail = makeThumbnail(preparation.overview);
      preparation.overview.close();
      await place.turn;
      this.channel.post({
        type: 'attachments/prepared',
        id,
        name,
        uri,
        image: preparation.image,
        thumbnail,
      });
      this.announce(`${name} added`);
    } catch (error) {
      this.preparing.delete(id);
      this.forget(id, blobUrl);
      const message = `${name} could not be prepared for the model: ${error instanceof Error ? error.message : String(error)}`;
      this.channel.post({ type: 'attachments/prepareFailed', id, message });
      this.showNotice(message);
      this.render();
    } finally {
      readable?.release();
      place.leave();
    }
  }

  private render(): void {
    const items = this.attachments.map((attachment) => {
      const remove = attachment.sent
        ? undefined
        : h(
            'button',
            {
              type: 'button',
              class: 'icon-button remove-image',
              'aria-label': l10n.t('Remove {0}', attachment.name),
              title: l10n.t('Remove'),
            },
            icon(Icons.close),
          );
      remove?.addEventListener('click', () =>
        this.channel.post({ type: 'attachments/remove', id: attachment.id }),
      );
      const picture = attachment.thumbnail
        ? h('img', { src: attachment.thumbnail, alt: '', class: 'attachment-thumb' })
        : icon(Icons.image, 'attachment-thumb');
      return h(
        'li',
        { class: 'attachment', 'data-id': attachment.id, title: attachment.name },
        picture,
        h('span', { class: 'attachment-name' }, attachment.name),
        ...(remove ? [remove] : []),
      );
    });
    for (const [id, name] of this.preparing) {
      items.push(
        h(
          'li',
          { class: 'attachment preparing', 'data-id': id, title: name },
          h('span', { class: 'progress-dots', 'aria-hidden': 'true' }),
          h('span', { class: 'attachment-name' }, l10n.t('Preparing {0}…', name)),
        ),
      );
    }
    this.strip.replaceChildren(...items);
    this.strip.hidden = items.length === 0;
    this.setBlocker(
      this.preparing.size ? { message: l10n.t('Preparing image…'), busy: true } : undefined,
    );
  }
}
