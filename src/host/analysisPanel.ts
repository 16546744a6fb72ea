// The panel beside an image: one per image file, revealed when asked for again. What it has of
// its own: the image (shown, prepared once for the model, cut again for restored region
// questions), region and grounding options on tasks, and reviving after a window reload. The
// page, its messages and the conversation's actions are ConversationWebviewHost's.
import * as vscode from 'vscode';
import type { HistoryImage, HistoryRecord } from '../core/history';
import { exifOrientation } from '../core/exifOrientation';
import { chosenPageNumbers, documentContentParts } from '../core/documentPages';
import { isPreparedImageDataUrl, PDF_MIME } from '../core/imageFacts';
import { isValidPreparedImage } from '../core/imageParts';
import { CropBroker } from '../core/zoom/cropBroker';
import type {
  ConversationInitMessage,
  ImageDescriptor,
  ImagePreparedMessage,
  PanelImageToHostMessage,
  RegionCropsMessage,
  TaskOptions,
  TaskSubmitMessage,
} from '../core/protocol';
import type { ConversationSession, SessionServices } from './conversationSession';
import type { AnswerKeeper, ExportedImage } from './answerExport';
import { ANALYSIS_PANEL_VIEW_TYPE } from './contributionIds';
import { assertNever, ConversationWebviewHost } from './conversationWebviewHost';
import { diagramSourceFor } from './diagramSources';
import type { ConversationRecorder } from './history/conversationRecorder';
import type { HistoryStore } from './history/historyStore';
import { HostedConversation } from './hostedConversation';
import type { ImageAttachments } from './imageAttachments';
import { type LoadedImage } from './imageFile';
import type { ModelLinks } from './linkOpener';
import { createLogger } from './logger';
import type { ServedImage, ServedImages } from './servedImages';
import { webviewOptions } from './webviewHtml';

const log = createLogger('panel');

/** What a panel needs besides a session: where its history goes and how answers are kept. */
export interface PanelServices {
  readonly history: HistoryStore;
  readonly keeper: AnswerKeeper;
  /** Opens links from answers, after asking (see linkOpener.ts). */
  readonly links: ModelLinks;
  /** The private copies of images that panels' pages load (see servedImages.ts). */
  readonly servedImages: ServedImages;
}

/** What a panel is made of, whether it opens now or VS Code restored it after a reload. */
export interface AnalysisPanelParts {
  readonly extensionUri: vscode.Uri;
  readonly image: LoadedImage;
  /** The private copy of the image its page loads (see servedImages.ts), if one was made. */
  readonly served: ServedImage | undefined;
  readonly services: SessionServices;
  readonly panelServices: PanelServices;
  /** A saved conversation to show instead of a new one. */
  readonly restored?: HistoryRecord;
}

export class AnalysisPanel extends ConversationWebviewHost<'panel'> {
  readonly image: LoadedImage;
  private readonly served: ServedImage | undefined;
  private readonly conversation: HostedConversation;
  /** The panel's own image as history keeps it (with its thumbnail once prepared). */
  private mainRecord: HistoryImage;
  /** Asks the page for the crops the model zooms into (the page holds the decoded originals). */
  private readonly crops = this.register(new CropBroker((message) => this.post(message)));

  private readonly onDidDisposeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  private readonly onDidBecomeActiveEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidBecomeActive = this.onDidBecomeActiveEmitter.event;

  static create(parts: AnalysisPanelParts, column: vscode.ViewColumn): AnalysisPanel {
    const panel = vscode.window.createWebviewPanel(
      ANALYSIS_PANEL_VIEW_TYPE,
      parts.image.name,
      column,
      {
        ...webviewOptions(parts.extensionUri, parts.served?.folder),
        retainContextWhenHidden: true,
      },
    );
    return new AnalysisPanel(panel, parts);
  }

  /**
   * A panel VS Code kept across a window reload: its page is reloaded and its conversation
   * restored.
   */
  static revive(panel: vscode.WebviewPanel, parts: AnalysisPanelParts): AnalysisPanel {
    // The options VS Code kept are from the last session: set them again so the roots are current.
    panel.webview.options = webviewOptions(parts.extensionUri, parts.served?.folder);
    panel.title = parts.image.name;
    return new AnalysisPanel(panel, parts);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    { extensionUri, image, services, panelServices, served, restored }: AnalysisPanelParts,
  ) {
    super('panel', extensionUri, panelServices);
    this.image = image;
    this.served = served;
    if (served) {
      this.register(served);
    }
    this.mainRecord = restored?.images[0] ?? this.imageRecord();
    this.conversation = this.register(
      new HostedConversation({
        kind: 'panel',
        services,
        history: panelServices.history,
        view: {
          post: (message) => this.post(message),
          notice: (message) => this.notice(message),
          whenReady: () => this.whenReady(),
        },
        activity: { label: image.name, reveal: () => this.reveal() },
        requireImage: true,
        cutZooms: (zooms, limits, signal) => this.crops.cut(zooms, limits, signal),
        leadingImages: () => [this.mainRecord],
        restored,
      }),
    );
    this.conversation.restoreImages();
    this.register(
      panel.onDidChangeViewState(() => panel.active && this.onDidBecomeActiveEmitter.fire()),
    );
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.register(this.connect(panel.webview, image.name, 'panel'));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /** The conversation shown in this panel (public so integration tests can drive a turn). */
  get session(): ConversationSession {
    return this.conversation.session;
  }

  /** Saves this conversation to history as its turns start and end. */
  get recorder(): ConversationRecorder {
    return this.conversation.recorder;
  }

  /** Further images asked about with this one (Add Images, paste, drop). */
  get moreImages(): ImageAttachments {
    return this.conversation.images;
  }

  reveal(): void {
    this.panel.reveal();
  }

  get conversationId(): string {
    return this.recorder.id;
  }

  get active(): boolean {
    return this.panel.active;
  }

  /** Reveals the panel and puts the cursor in its task box. */
  focusTask(): void {
    this.panel.reveal(undefined, false);
    this.post({ type: 'composer/focus' });
  }

  /** For tests and status: whether a turn is streaming. */
  get isStreaming(): boolean {
    return this.session.isStreaming;
  }

  override dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.onDidDisposeEmitter.fire();
    try {
      super.dispose();
    } finally {
      this.panel.dispose();
    }
  }

  protected override get shown(): HostedConversation {
    return this.conversation;
  }

  protected override get where(): string {
    return `the panel of ${this.image.name}`;
  }

  protected override keptImages(): ExportedImage[] {
    return [
      { name: this.image.name, uri: this.image.uri },
      ...this.moreImages.list.map((extra) => ({ name: extra.name, uri: extra.uri })),
    ];
  }

  protected override taskOptions(message: TaskSubmitMessage): TaskOptions {
    return { region: message.region, grounding: message.grounding };
  }

  protected override initMessage(): ConversationInitMessage {
    const awaitingCrop = this.session.regionTurnsAwaitingCrop;
    return {
      ...super.initMessage(),
      image: this.describeImage(),
      revive: { conversationId: this.conversationId, imageUri: this.image.uri.toString() },
      ...(awaitingCrop.length ? { regionCropsWanted: awaitingCrop } : {}),
    };
  }

  protected override onOwnMessage(message: PanelImageToHostMessage): Promise<void> {
    switch (message.type) {
      case 'image/prepared':
        this.prepared(message);
        break;
      case 'image/regionCrops':
        this.restoreRegionCrops(message);
        break;
      case 'image/prepareFailed':
        log.warn(`${this.image.name} could not be prepared: ${message.message}`);
        this.session.imagePreparationFailed(message.message);
        break;
      case 'zoom/crops':
        if (!this.crops.receive(message)) {
          log.debug(`${this.image.name}: ignored crops for ${message.requestId}, not asked for`);
        }
        break;
      default:
        assertNever(message);
    }
    return Promise.resolve();
  }

  private prepared(message: ImagePreparedMessage): void {
    // The webview is a browser page: check the shape before the copy goes on the wire.
    if (!isValidPreparedImage(message.image)) {
      log.warn(`${this.image.name}: ignored a prepared image that is not a PNG or JPEG data URL`);
      return;
    }
    log.debug(
      `${this.image.name} prepared as ${message.image.width}x${message.image.height} ${message.image.mime}, ${message.image.dataUrl.length} chars, ${message.image.tiles?.length ?? 0} tiles`,
    );
    const { document } = message;
    if (document && this.image.mime === PDF_MIME) {
      // A PDF: the chosen pages go together, each with its number and its words (documentPages.ts).
      const more = document.more.filter((page) => isValidPreparedImage(page.image));
      this.session.setPreparedImage(
        message.image,
        this.image.name,
        undefined,
        documentContentParts(this.image.name, message.image, { ...document, more }),
      );
      this.mainRecord = {
        ...this.mainRecord,
        pages: chosenPageNumbers({ ...document, more }),
      };
    } else {
      this.session.setPreparedImage(message.image, this.image.name, diagramSourceFor(this.image));
    }
    if (message.thumbnail && isPreparedImageDataUrl(message.thumbnail)) {
      this.mainRecord = { ...this.mainRecord, ...this.imageRecord(), thumbnail: message.thumbnail };
    }
    this.conversation.saveImages(true);
  }

  private restoreRegionCrops(message: RegionCropsMessage): void {
    // The boundary checked the message's shape; the crops are checked as images, like any copy.
    const restored = message.crops.filter(
      ({ turnId, crop }) =>
        isValidPreparedImage(crop) && this.session.restoreRegionCrop(turnId, crop),
    );
    log.info(`${this.image.name}: restored the crops of ${restored.length} region question(s)`);
  }

  private imageRecord(): HistoryImage {
    const relative = vscode.workspace.getWorkspaceFolder(this.image.uri)
      ? vscode.workspace.asRelativePath(this.image.uri, false)
      : undefined;
    return {
      name: this.image.name,
      uri: this.image.uri.toString(),
      relativePath: relative,
      turn: 0,
    };
  }

  private describeImage(): ImageDescriptor {
    const orientation = this.image.mime === 'image/jpeg' ? exifOrientation(this.image.data) : 1;
    return {
      name: this.image.name,
      src: this.served
        ? this.panel.webview.asWebviewUri(this.served.uri).toString()
        : `data:${this.image.mime};base64,${Buffer.from(this.image.data).toString('base64')}`,
      mime: this.image.mime,
      bytes: this.image.bytes,
      ...(orientation !== 1 ? { orientation } : {}),
      ...(this.mainRecord.pages?.length ? { pages: this.mainRecord.pages } : {}),
    };
  }
}
