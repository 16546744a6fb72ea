// Loads the panel's image into the viewer and makes the copy the model will see, posting it
// (or why it failed) to the host. Analyze stays blocked until the copy exists.

import { WorkAbandoned } from '../../core/deadline';
import type {
  ImageDescriptor,
  ImagePolicy,
  ImagePreparedMessage,
  PanelImageToHostMessage,
  PreparedImage,
} from '../../core/protocol';
import type { Blocker } from '../conversation/taskComposer';
import type { ImageViewer } from './imageViewer';
import { startEncoders } from './imageEncoders';
import {
  decodeFile,
  describeBytes,
  describePreparation,
  fetchFile,
  ImageTooLargeError,
  intrinsicSize,
  loadImage,
  prepareImage,
  type Preparation,
} from './imagePreparation';
import { PageStepper } from '../tiff/pageStepper';
import { needsReading, readableImage, type ReadableImage } from './readableImage';
import { makeThumbnail } from './thumbnail';
import type { HostPoster } from '../vscodeApi';
import * as l10n from '@vscode/l10n';

/** The image as loaded and shown: what a new policy prepares again without loading it again. */
interface ShownImage {
  readonly descriptor: ImageDescriptor;
  /** The type of `file` as decoded (a TIFF page is a PNG). */
  readonly mime: string;
  /** The page shown, of a file that has pages. */
  readonly page?: { readonly index: number; readonly count: number };
  readonly image: HTMLImageElement;
  /** The file's bytes, decoded again off the main thread for each preparation (decodeFile). */
  readonly file: Blob | undefined;
  readonly size: { readonly width: number; readonly height: number };
  /** The caption's first part: name, pixel size, bytes. */
  readonly facts: string;
  readonly options: LoadOptions;
}

/** How an image that is not a file of its own (a PDF's page, drawn by pdfSession.ts) is loaded. */
export interface LoadOptions {
  /** The image's bytes, already at hand: nothing is fetched. */
  readonly file?: Blob;
  /** What goes with the prepared copy besides it (a PDF's other chosen pages), made per policy. */
  readonly extra?: (policy: ImagePolicy) => Promise<Pick<ImagePreparedMessage, 'document'>>;
  /** The caption's first part, instead of name, pixel size and bytes. */
  readonly facts?: string;
}

export class ImageSession {
  private generation = 0;
  private loaded: ShownImage | undefined;
  private policy: ImagePolicy | undefined;
  private objectUrl: string | undefined;
  /** The file being shown, and which of its pages (a TIFF's), kept to change pages. */
  private current: { descriptor: ImageDescriptor; file: Blob | undefined } | undefined;
  private page = 0;
  private readonly pagePicker = new PageStepper((index) => this.showPage(index));
  /** The copy the model gets now (the estimate beside Analyze counts it). */
  prepared: PreparedImage | undefined;
  /** A new copy was made (the image loaded, or the settings changed). */
  onPrepared: (() => void) | undefined;

  constructor(
    private readonly viewer: ImageViewer,
    private readonly channel: HostPoster<PanelImageToHostMessage>,
    private readonly setBlocker: (blocker: Blocker) => void,
  ) {
    viewer.addBar(this.pagePicker.element);
  }

  /** Shows and prepares another page of the file (the host gets the new copy). */
  private showPage(index: number): void {
    if (this.current && this.policy) {
      this.page = index;
      void this.load(this.current.descriptor, this.policy);
    }
  }

  async load(
    descriptor: ImageDescriptor,
    policy: ImagePolicy,
    options: LoadOptions = {},
  ): Promise<void> {
    const sameFile = this.current?.descriptor.src === descriptor.src;
    if (!sameFile) {
      this.page = 0;
      this.current = undefined;
      this.pagePicker.show(undefined);
    }
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    this.loaded = undefined;
    this.policy = policy;
    this.setBlocker({ message: l10n.t('Preparing image…'), busy: true });
    this.viewer.setTitle(descriptor.name);
    this.viewer.setMessage(l10n.t('Loading image…'));
    const facts = `${descriptor.name} · ${describeBytes(descriptor.bytes)}`;
    this.viewer.setCaption(facts);

    // The file is read once: the viewer's <img> shows it from a blob: URL while the same bytes
    // are decoded for the model off the main thread (decodeFile), on the other core. The
    // encoders' workers start meanwhile (~50 ms each before they take work).
    startEncoders();
    const fetched =
      options.file ?? (sameFile ? this.current?.file : await fetchFile(descriptor.src));
    if (!current()) {
      return;
    }
    this.current = { descriptor, file: fetched };
    let readable: ReadableImage | undefined;
    try {
      readable =
        fetched && needsReading(descriptor.mime)
          ? await readableImage(fetched, descriptor.mime, {
              page: this.page,
              maxPixels: policy.maxPixels,
            })
          : fetched && { file: fetched, mime: descriptor.mime };
    } catch (error) {
      if (current()) {
        this.fail(
          `${descriptor.name} could not be read: ${error instanceof Error ? error.message : String(error)}`,
          true,
        );
      }
      return;
    }
    if (!current()) {
      return;
    }
    const file = readable?.file;
    const mime = readable?.mime ?? descriptor.mime;
    const page = readable?.page;
    this.pagePicker.show(page);
    this.setObjectUrl(file && URL.createObjectURL(file));
    const vector = mime === 'image/svg+xml';
    // Once the size is known to be within the cap, the model's copy is made from those pixels
    // without waiting for the viewer's <img> to be decoded.
    let preparing: Promise<Preparation> | undefined;
    let image: HTMLImageElement;
    try {
      image = await loadImage(
        this.objectUrl ?? descriptor.src,
        true,
        { maxPixels: policy.maxPixels, name: descriptor.name },
        (sized) => {
          if (file && !vector) {
            preparing = prepareImage(
              sized,
              mime,
              policy,
              { width: sized.naturalWidth, height: sized.naturalHeight },
              decodeFile(file, mime),
              file,
            );
            preparing.catch(() => undefined); // reported where it is awaited
          }
        },
      );
    } catch (error) {
      drop(preparing);
      if (!current()) {
        return;
      }
      if (error instanceof ImageTooLargeError) {
        this.fail(error.message, true);
        return;
      }
      // Show it if it can be shown at all, even though its pixels cannot be read.
      const shown = await loadImage(descriptor.src, false).catch(() => undefined);
      if (shown && current()) {
        this.viewer.showOriginal(
          shown,
          { width: shown.naturalWidth, height: shown.naturalHeight },
          false,
          descriptor.name,
        );
      }
      this.fail(
        `${descriptor.name} could not be read as an image, so it cannot be sent to the model.`,
        !shown,
      );
      return;
    }
    if (!current()) {
      drop(preparing);
      return;
    }
    const size = await intrinsicSize(image, mime);
    this.viewer.showOriginal(image, size, vector, descriptor.name);
    const pageFacts =
      page && page.count > 1 ? ` · ${l10n.t('page {0} of {1}', page.index + 1, page.count)}` : '';
    const original =
      options.facts ??
      `${descriptor.name}${pageFacts} · ${size.width}×${size.height}${vector ? ' (vector)' : ''} · ${describeBytes(descriptor.bytes)}`;
    this.loaded = { descriptor, mime, page, image, file, size, facts: original, options };
    // The settings may have changed while it loaded (reprepare() kept the newer policy): the
    // copy begun with the old one is dropped.
    const latest = this.policy ?? policy;
    if (preparing && !samePolicy(latest, policy)) {
      drop(preparing);
      preparing = undefined;
    }
    await this.prepare(this.loaded, latest, current, preparing);
  }

  /**
   * The settings that shape the copy changed (detail, long side, byte limit): the image shown is
   * prepared again, and the next question sends the new copy. While the image is still loading,
   * the load prepares it with this policy once it is decoded.
   */
  async reprepare(policy: ImagePolicy): Promise<void> {
    const loaded = this.loaded;
    if (!loaded || (this.policy && samePolicy(policy, this.policy))) {
      this.policy = policy;
      return;
    }
    this.policy = policy;
    const generation = ++this.generation;
    this.setBlocker({ message: l10n.t('Preparing image…'), busy: true });
    await this.prepare(loaded, policy, () => generation === this.generation);
  }

  /** `preparing`: the copy already begun with this policy (load starts it before the viewer's decoding). */
  private async prepare(
    loaded: ShownImage,
    policy: ImagePolicy,
    current: () => boolean,
    preparing?: Promise<Preparation>,
  ): Promise<void> {
    const { descriptor, mime, page, image, file, size, facts: original, options } = loaded;
    this.viewer.setCaption(`${original} · ${l10n.t('preparing the copy for the model…')}`);
    try {
      const preparation = await (preparing ??
        prepareImage(image, mime, policy, size, file && decodeFile(file, mime), file));
      const thumbnail = makeThumbnail(preparation.overview);
      preparation.overview.close();
      if (!current()) {
        return;
      }
      // The model is told which page it sees (src/core/imageParts.ts).
      const prepared =
        page && page.count > 1
          ? { ...preparation.image, page: { number: page.index + 1, count: page.count } }
          : preparation.image;
      const extra = await options.extra?.(policy);
      if (!current()) {
        return;
      }
      this.channel.post({ type: 'image/prepared', image: prepared, thumbnail, ...extra });
      this.prepared = prepared;
      this.onPrepared?.();
      this.viewer.setCaption(
        `${original} · ${l10n.t('the model sees {0}', describePreparation(preparation))}`,
      );
      const copy = await loadImage(prepared.dataUrl, false).catch(() => undefined);
      if (copy && current()) {
        this.viewer.setSentCopy(copy, preparation);
      }
      this.setBlocker(undefined);
    } catch (error) {
      // WorkAbandoned: a PDF's other pages were chosen meanwhile; their copy follows.
      if (current() && !(error instanceof WorkAbandoned)) {
        this.viewer.setCaption(original);
        this.fail(
          `${descriptor.name} could not be prepared for the model: ${error instanceof Error ? error.message : String(error)}`,
          false,
        );
      }
    }
  }

  /** The blob: URL the viewer shows the current file from; the previous one is let go. */
  private setObjectUrl(url: string | undefined): void {
    if (this.objectUrl) {
      URL.revokeObjectURL(this.objectUrl);
    }
    this.objectUrl = url;
  }

  /**
   * What the panel shows when its file cannot be made into an image at all (a damaged PDF), and
   * what Analyze says it waits for (`blocked`: another page of the PDF, say).
   */
  failWith(message: string, blocked?: string): void {
    ++this.generation;
    this.loaded = undefined;
    this.fail(message, true, blocked);
  }

  private fail(message: string, showInViewer: boolean, blocked?: string): void {
    this.channel.post({ type: 'image/prepareFailed', message });
    if (showInViewer) {
      this.viewer.setMessage(message, 'error');
    }
    this.setBlocker({
      message: blocked ?? l10n.t('The image could not be prepared, so it cannot be analyzed.'),
      busy: false,
    });
  }
}

/** Any other setting change (the model, the presets) arrives with the same policy: nothing to redo. */
function samePolicy(a: ImagePolicy, b: ImagePolicy): boolean {
  return (
    a.maxSide === b.maxSide &&
    a.maxShortSide === b.maxShortSide &&
    a.maxBytes === b.maxBytes &&
    a.maxPixels === b.maxPixels &&
    a.maxFileBytes === b.maxFileBytes &&
    a.detail === b.detail &&
    a.zoom === b.zoom
  );
}

/** A preparation nobody will post: its overview bitmap is let go as soon as it exists. */
function drop(preparing: Promise<Preparation> | undefined): void {
  void preparing?.then(
    (preparation) => preparation.overview.close(),
    () => undefined,
  );
}
