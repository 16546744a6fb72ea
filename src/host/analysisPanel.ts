// The panel beside an image: one per image file, revealed when asked for again. It owns the
// webview's lifetime and routes its messages; the conversation itself lives in the session.
import * as vscode from 'vscode';
import { newConversationId, type HistoryImage, type HistoryRecord } from '../core/history';
import { exifOrientation } from '../core/exifOrientation';
import { isPreparedImageDataUrl } from '../core/imageFacts';
import { isValidPreparedImage, svgSourceText } from '../core/imageParts';
import type { HostToPanelMessage, ImageDescriptor, PanelToHostMessage } from '../core/protocol';
import { ConversationSession, type SessionServices } from './conversationSession';
import type { AnswerKeeper } from './answerExport';
import { ANALYSIS_PANEL_VIEW_TYPE } from './contributionIds';
import { ConversationRecorder } from './history/conversationRecorder';
import type { HistoryStore } from './history/historyStore';
import { ImageAttachments } from './imageAttachments';
import { type LoadedImage } from './imageFile';
import { Disposable } from './lifecycle';
import type { ModelLinks } from './linkOpener';
import { createLogger } from './logger';
import type { ServedImage, ServedImages } from './servedImages';
import { onDidChangeSettings, readSettings, settingsChangedMessage } from './settings';
import { acceptWebviewMessage, runWebviewAction } from './webviewBoundary';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

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

export class AnalysisPanel extends Disposable {
  /** The conversation shown in this panel (public so integration tests can drive a turn). */
  readonly session: ConversationSession;
  /** Saves this conversation to history as its turns start and end. */
  readonly recorder: ConversationRecorder;
  private webviewReady = false;
  private readyWaiters: (() => void)[] = [];
  /** Further images asked about with this one (Add Images, paste, drop). */
  readonly moreImages: ImageAttachments;
  /** The panel's own image as history keeps it (with its thumbnail once prepared). */
  private mainRecord: HistoryImage;

  private readonly onDidDisposeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  private readonly onDidBecomeActiveEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidBecomeActive = this.onDidBecomeActiveEmitter.event;
  private readonly onDidPostEmitter = this.register(new vscode.EventEmitter<HostToPanelMessage>());
  /** Every message posted to the webview: the integration tests scan them for a planted key. */
  readonly onDidPost = this.onDidPostEmitter.event;

  static create(
    extensionUri: vscode.Uri,
    image: LoadedImage,
    services: SessionServices,
    column: vscode.ViewColumn,
    panelServices: PanelServices,
    served: ServedImage | undefined,
    restored?: HistoryRecord,
  ): AnalysisPanel {
    const panel = vscode.window.createWebviewPanel(ANALYSIS_PANEL_VIEW_TYPE, image.name, column, {
      ...webviewOptions(extensionUri, served?.folder),
      retainContextWhenHidden: true,
    });
    return new AnalysisPanel(panel, extensionUri, image, services, panelServices, served, restored);
  }

  /** A panel VS Code kept across a window reload: its page is reloaded and its conversation restored. */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    image: LoadedImage,
    services: SessionServices,
    panelServices: PanelServices,
    served: ServedImage | undefined,
    restored?: HistoryRecord,
  ): AnalysisPanel {
    // The options VS Code kept are from the last session: set them again so the roots are current.
    panel.webview.options = webviewOptions(extensionUri, served?.folder);
    panel.title = image.name;
    return new AnalysisPanel(panel, extensionUri, image, services, panelServices, served, restored);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    readonly image: LoadedImage,
    services: SessionServices,
    private readonly panelServices: PanelServices,
    private readonly served: ServedImage | undefined,
    restored?: HistoryRecord,
  ) {
    super();
    if (served) {
      this.register(served);
    }
    this.session = this.register(
      new ConversationSession(services, (message) => this.post(message)),
    );
    if (restored) {
      this.session.restore(restored.turns);
    }
    // Not registered: a turn cut short by closing the panel still ends, is saved, and clears the
    // status-bar item.
    services.turnActivity?.track(this.session, image.name, () => this.reveal());
    this.mainRecord = restored?.images[0] ?? this.imageRecord();
    this.recorder = new ConversationRecorder(
      panelServices.history,
      restored?.id ?? newConversationId(),
      'panel',
      this.session,
      restored?.images.length ? restored.images : [this.mainRecord],
      restored,
    );
    this.moreImages = new ImageAttachments(this.session, {
      post: (message) => this.post(message),
      notice: (message) =>
        this.webviewReady
          ? this.post({ type: 'webview/notice', message })
          : void vscode.window.showWarningMessage(message),
      whenReady: () =>
        this.webviewReady
          ? Promise.resolve()
          : new Promise((resolve) => this.readyWaiters.push(resolve)),
      changed: (saveNow) =>
        this.recorder.setImages([this.mainRecord, ...this.moreImages.historyImages()], saveNow),
    });
    this.register(
      this.session.onDidChangeTurn(
        ({ phase }) => phase === 'started' && this.moreImages.markAllSent(),
      ),
    );
    // A reopened conversation's further images come back from their files, where they went.
    this.moreImages.restore(restored?.images.slice(1) ?? []);
    this.register(
      panel.onDidChangeViewState(() => panel.active && this.onDidBecomeActiveEmitter.fire()),
    );
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = renderWebviewHtml(panel.webview, extensionUri, image.name);
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(onDidChangeSettings(() => this.post(settingsChangedMessage())));
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

  /** Every message from the page enters here, and only a well-formed one goes on. */
  receive(raw: unknown): void {
    const message = acceptWebviewMessage(raw, 'panel', `the panel of ${this.image.name}`);
    if (message) {
      this.onMessage(message);
    }
  }

  private onMessage(message: PanelToHostMessage): void {
    switch (message.type) {
      case 'webview/ready':
        this.webviewReady = true;
        this.post({
          type: 'conversation/init',
          image: this.describeImage(),
          turns: this.session.turnViews,
          model: readSettings().model,
          maxImageSide: readSettings().maxImageSide,
          imagePolicy: readSettings().imagePolicy,
          presets: readSettings().taskPresets,
          revive: { conversationId: this.conversationId, imageUri: this.image.uri.toString() },
          ...(this.session.regionTurnsAwaitingCrop.length
            ? { regionCropsWanted: this.session.regionTurnsAwaitingCrop }
            : {}),
        });
        this.moreImages.postList();
        this.readyWaiters.splice(0).forEach((resolve) => resolve());
        break;
      case 'image/prepared':
        // The webview is a browser page: check the shape before the copy goes on the wire.
        if (!isValidPreparedImage(message.image)) {
          log.warn(
            `${this.image.name}: ignored a prepared image that is not a PNG or JPEG data URL`,
          );
          break;
        }
        log.debug(
          `${this.image.name} prepared as ${message.image.width}x${message.image.height} ${message.image.mime}, ${message.image.dataUrl.length} chars, ${message.image.tiles?.length ?? 0} tiles`,
        );
        this.session.setPreparedImage(
          message.image,
          this.image.name,
          readSettings().sendSvgSource
            ? svgSourceText(this.image.mime, this.image.data)
            : undefined,
        );
        if (message.thumbnail && isPreparedImageDataUrl(message.thumbnail)) {
          this.mainRecord = { ...this.imageRecord(), thumbnail: message.thumbnail };
          this.recorder.setImages([this.mainRecord, ...this.moreImages.historyImages()], true);
        }
        break;
      case 'image/regionCrops': {
        const crops = Array.isArray(message.crops) ? message.crops : [];
        const restored = crops.filter(
          ({ turnId, crop }) =>
            typeof turnId === 'string' &&
            isValidPreparedImage(crop) &&
            this.session.restoreRegionCrop(turnId, crop),
        );
        log.info(`${this.image.name}: restored the crops of ${restored.length} region question(s)`);
        break;
      }
      case 'image/prepareFailed':
        log.warn(`${this.image.name} could not be prepared: ${message.message}`);
        break;
      case 'task/submit':
        void this.session.submit(message.task, {
          region: message.region,
          grounding: message.grounding,
        });
        break;
      case 'mermaid/repair':
        void this.session.repairMermaid(message.turnId, message.error);
        break;
      case 'mermaid/open':
        void this.panelServices.keeper.openMermaid(
          [{ name: this.image.name, uri: this.image.uri }],
          message.source,
        );
        break;
      case 'turn/stop':
        this.session.stop();
        break;
      case 'action/run':
        void runWebviewAction(message.action);
        break;
      case 'link/open':
        void this.panelServices.links.open(message.href);
        break;
      case 'clipboard/write':
        void vscode.env.clipboard.writeText(message.text);
        break;
      case 'turn/export': {
        const turn = this.recorder
          .record()
          .turns.find((candidate) => candidate.id === message.turnId);
        const images = [
          { name: this.image.name, uri: this.image.uri },
          ...this.moreImages.list.map((extra) => ({ name: extra.name, uri: extra.uri })),
        ];
        void this.panelServices.keeper.keep(message.target, images, turn, turn?.model);
        break;
      }
      case 'attachments/pick':
      case 'attachments/dropUris':
      case 'attachments/prepared':
      case 'attachments/prepareFailed':
      case 'attachments/remove':
        void this.moreImages.handle(message);
        break;
      default:
        assertNever(message);
    }
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
    };
  }

  private post(message: HostToPanelMessage): void {
    if (this.isDisposed || !this.webviewReady) {
      return;
    }
    void this.panel.webview.postMessage(message);
    this.onDidPostEmitter.fire(message);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled webview message: ${JSON.stringify(value)}`);
}
