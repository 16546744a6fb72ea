// The side view: a chat about one or several images (attached by button, paste, drop or "Use
// Active Image") above the history of every conversation in this workspace. It reuses the
// conversation session and UI of the analysis panel; only the attachments and the list are its own.
import * as vscode from 'vscode';
import { newConversationId, type HistoryImage, type HistoryRecord } from '../core/history';
import { isImagePath, isPreparedImageDataUrl } from '../core/imageFacts';
import { isValidPreparedImage } from '../core/imageParts';
import type { ChatAttachment, HostToWebview, PreparedImage, WebviewToHost } from '../core/protocol';
import type { AnalysisPanels } from './analysisPanels';
import { ConversationSession, type SessionServices } from './conversationSession';
import { ConversationRecorder } from './history/conversationRecorder';
import { ImageFileError, imageFileName, loadImageFile } from './imageFile';
import { activeImagePreviewUri } from './imagePicker';
import { Disposable } from './lifecycle';
import { openModelLink } from './linkOpener';
import { createLogger } from './logger';
import { onDidChangeSettings, readSettings } from './settings';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

export const CHAT_VIEW_ID = 'multimodalReasoning.chatView';
/** workspaceState: the id of the chat shown, so a reload shows it again (undefined: a new chat). */
const SHOWN_CHAT_KEY = 'multimodalReasoning.shownChat';
const log = createLogger('chat');

interface Attachment {
  readonly id: string;
  readonly name: string;
  readonly uri?: vscode.Uri;
  readonly thumbnail?: string;
  /** Undefined while the webview prepares it, or when its file is gone (a restored chat). */
  prepared?: PreparedImage;
  /** The user message it goes with. */
  readonly turn: number;
  sent: boolean;
}

/** One side-chat conversation: its session, its images and its history record. */
class ChatConversation implements vscode.Disposable {
  readonly session: ConversationSession;
  readonly recorder: ConversationRecorder;
  readonly attachments: Attachment[] = [];
  /** Images the webview is preparing, by id: where they go in the conversation. */
  readonly pending = new Map<string, { uri?: vscode.Uri; turn: number }>();

  constructor(services: SessionServices, history: ChatHost['history'], post: (message: HostToWebview) => void, onTurn: () => void, restored?: HistoryRecord) {
    this.session = new ConversationSession(services, post, { requireImage: false });
    if (restored) {
      this.session.restore(restored.turns);
    }
    this.recorder = new ConversationRecorder(history, restored?.id ?? newConversationId(), 'chat', this.session, restored?.images ?? [], restored);
    services.turnActivity?.track(this.session, vscode.l10n.t('Chat'), () => void vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`));
    this.session.onDidChangeTurn(({ phase }) => {
      if (phase === 'started') {
        for (const attachment of this.attachments) {
          attachment.sent = true;
        }
        onTurn();
      }
    });
  }

  historyImages(): HistoryImage[] {
    return this.attachments.map((attachment) => ({
      name: attachment.name,
      uri: attachment.uri?.toString(),
      relativePath: attachment.uri && vscode.workspace.getWorkspaceFolder(attachment.uri) ? vscode.workspace.asRelativePath(attachment.uri, false) : undefined,
      thumbnail: attachment.thumbnail,
      turn: attachment.turn,
    }));
  }

  dispose(): void {
    this.session.dispose();
  }
}

type ChatHost = { readonly history: import('./history/historyStore').HistoryStore };

export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private nextImageId = 0;
  private current: ChatConversation | undefined;
  /** The conversation shown (public so integration tests can drive it); made on first use, not during activation. */
  get conversation(): ChatConversation {
    return (this.current ??= this.newConversation());
  }
  set conversation(conversation: ChatConversation) {
    this.current = conversation;
  }

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: SessionServices,
    private readonly panels: AnalysisPanels,
    private readonly workspaceState: vscode.Memento,
  ) {
    super();
    this.register(this.history.onDidChange(() => void this.postHistory()));
    this.register(onDidChangeSettings(() => this.post({ type: 'settings/changed', model: readSettings().model, presets: readSettings().taskPresets })));
    this.register({ dispose: () => this.current?.dispose() });
  }

  private get history(): ChatHost['history'] {
    return this.panels.panelServices.history;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri, 'Multimodal Reasoning', 'chat');
    const subscriptions = [
      view.webview.onDidReceiveMessage((message: WebviewToHost) => void this.onMessage(message)),
      view.onDidDispose(() => {
        subscriptions.forEach((subscription) => subscription.dispose());
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    ];
  }

  /** Shows the side view and puts the cursor in its task box. */
  async focusTask(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    await this.whenReady();
    this.post({ type: 'composer/focus' });
  }

  /** Adds an image file to the chat, as Attach and Use Active Image do. */
  async attach(uri: vscode.Uri): Promise<void> {
    let image;
    try {
      image = await loadImageFile(uri);
    } catch (error) {
      this.notice(error instanceof ImageFileError ? error.message : String(error));
      return;
    }
    const id = `img-${++this.nextImageId}`;
    this.conversation.pending.set(id, { uri, turn: this.conversation.session.committedTurnCount });
    await this.whenReady();
    this.post({
      type: 'chat/prepareImage',
      image: { id, name: image.name, src: `data:${image.mime};base64,${Buffer.from(image.data).toString('base64')}`, mime: image.mime, bytes: image.bytes, uri: uri.toString() },
    });
  }

  /** Starts a new, empty chat (the current one is already in history). */
  newChat(restored?: HistoryRecord): void {
    this.current?.dispose();
    void this.workspaceState.update(SHOWN_CHAT_KEY, restored?.id);
    this.conversation = this.newConversation(restored);
    this.postInit();
    // A restored chat's images come back from their files, where they went in the conversation.
    for (const image of restored?.images ?? []) {
      const uri = image.uri ? vscode.Uri.parse(image.uri, true) : undefined;
      if (uri) {
        const id = `img-${++this.nextImageId}`;
        this.conversation.pending.set(id, { uri, turn: image.turn ?? 0 });
        void loadImageFile(uri).then(
          (loaded) =>
            this.post({ type: 'chat/prepareImage', image: { id, name: loaded.name, src: `data:${loaded.mime};base64,${Buffer.from(loaded.data).toString('base64')}`, mime: loaded.mime, bytes: loaded.bytes, uri: image.uri } }),
          () => this.addMissingImage(image),
        );
      } else {
        this.addMissingImage(image);
      }
    }
  }

  private addMissingImage(image: HistoryImage): void {
    this.conversation.attachments.push({ id: `img-${++this.nextImageId}`, name: image.name, thumbnail: image.thumbnail, turn: image.turn ?? 0, sent: true });
    this.postAttachments();
    this.notice(vscode.l10n.t('{0} is no longer where it was; follow-ups are asked without it.', image.name));
  }

  private newConversation(restored?: HistoryRecord): ChatConversation {
    const conversation = new ChatConversation(this.services, this.history, (message) => this.post(message), () => {
      // Its first turn saved it to history: from now on a reload shows it again.
      void this.workspaceState.update(SHOWN_CHAT_KEY, conversation.recorder.id);
      this.postAttachments();
    }, restored);
    return conversation;
  }

  private async onReady(): Promise<void> {
    this.ready = true;
    // After a reload the view comes back with the chat it showed, not an empty one.
    const shownId = this.current ? undefined : this.workspaceState.get<string>(SHOWN_CHAT_KEY);
    const shown = shownId ? await this.history.get(shownId) : undefined;
    if (shown?.kind === 'chat' && !this.current) {
      this.newChat(shown);
    } else {
      this.postInit();
    }
    await this.postHistory();
    this.readyWaiters.splice(0).forEach((resolve) => resolve());
  }

  private async onMessage(message: WebviewToHost): Promise<void> {
    if (message.type === 'webview/ready') {
      await this.onReady();
      return;
    }
    const chat = this.conversation;
    switch (message.type) {
      case 'task/submit':
        // The chat has no single image to select a region of or point at.
        await chat.session.submit(message.task);
        break;
      case 'mermaid/repair':
        await chat.session.repairMermaid(message.turnId, message.error);
        break;
      case 'mermaid/open':
        await this.panels.panelServices.keeper.openMermaid(chat.attachments.map((attachment) => ({ name: attachment.name, uri: attachment.uri })), message.source);
        break;
      case 'turn/stop':
        chat.session.stop();
        break;
      case 'action/run':
        await vscode.commands.executeCommand(
          message.action === 'openSettings' ? 'workbench.action.openSettings' : `multimodalReasoning.${message.action}`,
          ...(message.action === 'openSettings' ? ['multimodalReasoning'] : []),
        );
        break;
      case 'link/open':
        await openModelLink(message.href);
        break;
      case 'clipboard/write':
        await vscode.env.clipboard.writeText(message.text);
        break;
      case 'turn/export': {
        const turn = chat.recorder.record().turns.find((candidate) => candidate.id === message.turnId);
        await this.panels.panelServices.keeper.keep(message.target, chat.attachments.map((attachment) => ({ name: attachment.name, uri: attachment.uri })), turn, turn?.model);
        break;
      }
      case 'image/prepared':
      case 'image/prepareFailed':
        break; // the analysis panel's single image; the chat's come as chat/imagePrepared
      case 'chat/attach': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: true,
          openLabel: vscode.l10n.t('Attach'),
          filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'svg', 'avif', 'ico'] },
        });
        for (const uri of picked ?? []) {
          await this.attach(uri);
        }
        break;
      }
      case 'chat/useActiveImage': {
        const uri = activeImagePreviewUri() ?? visibleImagePreviewUri();
        if (uri) {
          await this.attach(uri);
        } else {
          this.notice(vscode.l10n.t('No image is open in the editor. Open one (click it in the Explorer), then press Use Active Image.'));
        }
        break;
      }
      case 'chat/dropUris':
        for (const text of message.uris.slice(0, 10)) {
          let uri: vscode.Uri;
          try {
            uri = vscode.Uri.parse(text, true);
          } catch {
            continue;
          }
          if (isImagePath(uri.path)) {
            await this.attach(uri);
          } else {
            this.notice(vscode.l10n.t('{0} is not an image.', imageFileName(uri)));
          }
        }
        break;
      case 'chat/imagePrepared': {
        if (!isValidPreparedImage(message.image)) {
          log.warn('ignored a prepared chat image that is not a PNG or JPEG data URL');
          break;
        }
        const pending = chat.pending.get(message.id);
        chat.pending.delete(message.id);
        const turn = pending?.turn ?? chat.session.committedTurnCount;
        const thumbnail = message.thumbnail && isPreparedImageDataUrl(message.thumbnail) ? message.thumbnail : undefined;
        chat.attachments.push({ id: message.id, name: message.name, uri: pending?.uri, thumbnail, prepared: message.image, turn, sent: turn < chat.session.committedTurnCount });
        chat.session.addImage(message.image, turn, message.name);
        chat.recorder.setImages(chat.historyImages(), true);
        this.postAttachments();
        break;
      }
      case 'chat/imageFailed':
        chat.pending.delete(message.id);
        this.notice(message.message);
        break;
      case 'chat/removeImage': {
        const index = chat.attachments.findIndex((attachment) => attachment.id === message.id && !attachment.sent);
        if (index >= 0) {
          const [removed] = chat.attachments.splice(index, 1);
          if (removed.prepared) {
            chat.session.removeImage(removed.prepared);
          }
          chat.recorder.setImages(chat.historyImages());
        }
        this.postAttachments();
        break;
      }
      case 'chat/new':
        this.newChat();
        break;
      case 'history/open':
        await this.openFromHistory(message.id);
        break;
      case 'history/delete':
        await this.history.delete(message.id);
        break;
      case 'history/clear': {
        const clear = vscode.l10n.t('Delete All');
        const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete every saved conversation of this workspace? This cannot be undone.'), { modal: true }, clear);
        if (choice === clear) {
          await this.history.clear();
        }
        break;
      }
      default:
        assertNever(message);
    }
  }

  /** Reopens a saved conversation: an analysis conversation in its panel, a chat here. */
  async openFromHistory(id: string): Promise<void> {
    const record = await this.history.get(id);
    if (!record) {
      this.notice(vscode.l10n.t('That conversation is no longer in the history.'));
      await this.postHistory();
      return;
    }
    if (record.kind === 'chat') {
      if (record.id !== this.conversation.recorder.id) {
        this.newChat(record);
      }
      return;
    }
    const image = record.images[0];
    const uri = image ? resolveImageUri(image) : undefined;
    try {
      if (!uri) {
        throw new ImageFileError(vscode.l10n.t('The conversation has no image file to open.'));
      }
      await this.panels.open(uri, vscode.ViewColumn.Active, record);
    } catch (error) {
      if (!(error instanceof ImageFileError)) {
        throw error;
      }
      this.notice(error.message);
    }
  }

  private postInit(): void {
    this.post({ type: 'conversation/init', turns: this.conversation.session.turnViews, model: readSettings().model, maxImageSide: readSettings().maxImageSide, imagePolicy: readSettings().imagePolicy, presets: readSettings().taskPresets });
    this.postAttachments();
  }

  private postAttachments(): void {
    const attachments: ChatAttachment[] = this.conversation.attachments.map(({ id, name, thumbnail, sent }) => ({ id, name, thumbnail, sent }));
    this.post({ type: 'chat/attachments', attachments });
  }

  private async postHistory(): Promise<void> {
    if (this.ready) {
      this.post({ type: 'history/list', entries: await this.history.list() });
    }
  }

  private notice(message: string): void {
    if (this.ready) {
      this.post({ type: 'chat/notice', message });
    } else {
      void vscode.window.showWarningMessage(message);
    }
  }

  private whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private post(message: HostToWebview): void {
    if (this.view && this.ready) {
      void this.view.webview.postMessage(message);
    }
  }
}

/** The saved file, or the same workspace-relative path in today's folder (the folder moved). */
function resolveImageUri(image: HistoryImage): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (image.relativePath && folder) {
    return vscode.Uri.joinPath(folder, image.relativePath);
  }
  return image.uri ? vscode.Uri.parse(image.uri, true) : undefined;
}

/** An image preview open in any group (the chat view has focus when its button is pressed). */
function visibleImagePreviewUri(): vscode.Uri | undefined {
  for (const group of vscode.window.tabGroups.all) {
    const input = group.activeTab?.input;
    if (input instanceof vscode.TabInputCustom && input.viewType === 'imagePreview.previewEditor') {
      return input.uri;
    }
  }
  return undefined;
}

export function registerChatView(context: vscode.ExtensionContext, services: SessionServices, panels: AnalysisPanels): ChatViewProvider {
  const provider = new ChatViewProvider(context.extensionUri, services, panels, context.workspaceState);
  context.subscriptions.push(provider, vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider, { webviewOptions: { retainContextWhenHidden: true } }));
  return provider;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled webview message: ${JSON.stringify(value)}`);
}
