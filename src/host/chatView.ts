// The side view: a chat about one or several images (attached by button, paste, drop or "Use
// Active Image") above the history of every conversation in this workspace. It reuses the
// conversation session and UI of the analysis panel; only the attachments and the list are its own.
import * as vscode from 'vscode';
import { newConversationId, type HistoryImage, type HistoryRecord } from '../core/history';
import type { HostToSideViewMessage, SideViewToHostMessage } from '../core/protocol';
import type { AnalysisPanels } from './analysisPanels';
import { CHAT_VIEW_ID } from './contributionIds';
import { ConversationSession, type SessionServices } from './conversationSession';
import { ConversationRecorder } from './history/conversationRecorder';
import { type Attachment, type AttachmentHost, ImageAttachments } from './imageAttachments';
import { ImageFileError } from './imageFile';
import { activeImagePreviewUri } from './imagePicker';
import { Disposable, disposeAll } from './lifecycle';
import { onDidChangeSettings, readSettings, settingsChangedMessage } from './settings';
import { acceptWebviewMessage, runWebviewAction } from './webviewBoundary';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

/** workspaceState: the id of the chat shown, so a reload shows it again (undefined: a new chat). */
const SHOWN_CHAT_KEY = 'multimodalReasoning.shownChat';

/** One side-chat conversation: its session, its images and its history record. */
class ChatConversation implements vscode.Disposable {
  readonly session: ConversationSession;
  readonly recorder: ConversationRecorder;
  readonly images: ImageAttachments;

  constructor(
    services: SessionServices,
    history: ChatHost['history'],
    host: Omit<AttachmentHost, 'changed' | 'post'> & {
      post(message: HostToSideViewMessage): void;
    },
    onTurnStarted: () => void,
    restored?: HistoryRecord,
  ) {
    this.session = new ConversationSession(services, (message) => host.post(message), {
      requireImage: false,
    });
    if (restored) {
      this.session.restore(restored.turns);
    }
    this.recorder = new ConversationRecorder(
      history,
      restored?.id ?? newConversationId(),
      'chat',
      this.session,
      restored?.images ?? [],
      restored,
    );
    services.turnActivity?.track(
      this.session,
      vscode.l10n.t('Chat'),
      () => void vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`),
    );
    this.images = new ImageAttachments(this.session, {
      ...host,
      changed: (saveNow) => this.recorder.setImages(this.images.historyImages(), saveNow),
    });
    this.session.onDidChangeTurn(({ phase }) => {
      if (phase === 'started') {
        this.images.markAllSent();
        onTurnStarted();
      }
    });
  }

  /** The chat's images, as the strip shows them. */
  get attachments(): readonly Attachment[] {
    return this.images.list;
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
    this.register(onDidChangeSettings(() => this.post(settingsChangedMessage())));
    this.register({ dispose: () => this.current?.dispose() });
  }

  private get history(): ChatHost['history'] {
    return this.panels.panelServices.history;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderWebviewHtml(
      view.webview,
      this.extensionUri,
      'Multimodal Reasoning',
      'chat',
    );
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidDispose(() => {
        disposeAll(subscriptions);
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
    await this.conversation.images.attach(uri);
  }

  /** Starts a new, empty chat (the current one is already in history). */
  newChat(restored?: HistoryRecord): void {
    this.current?.dispose();
    void this.workspaceState.update(SHOWN_CHAT_KEY, restored?.id);
    this.conversation = this.newConversation(restored);
    this.postInit();
    // A restored chat's images come back from their files, where they went in the conversation.
    this.conversation.images.restore(restored?.images ?? []);
  }

  private newConversation(restored?: HistoryRecord): ChatConversation {
    const host = {
      post: (message: HostToSideViewMessage) => this.post(message),
      notice: (message: string) => this.notice(message),
      whenReady: () => this.whenReady(),
    };
    const conversation = new ChatConversation(
      this.services,
      this.history,
      host,
      () => {
        // Its first turn saved it to history: from now on a reload shows it again.
        void this.workspaceState.update(SHOWN_CHAT_KEY, conversation.recorder.id);
      },
      restored,
    );
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

  /** Every message from the page enters here, and only a well-formed one goes on. */
  async receive(raw: unknown): Promise<void> {
    const message = acceptWebviewMessage(raw, 'sideView', 'the side chat');
    if (message) {
      await this.onMessage(message);
    }
  }

  private async onMessage(message: SideViewToHostMessage): Promise<void> {
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
        await this.panels.panelServices.keeper.openMermaid(
          chat.attachments.map((attachment) => ({ name: attachment.name, uri: attachment.uri })),
          message.source,
        );
        break;
      case 'turn/stop':
        chat.session.stop();
        break;
      case 'action/run':
        await runWebviewAction(message.action);
        break;
      case 'link/open':
        await this.panels.panelServices.links.open(message.href);
        break;
      case 'clipboard/write':
        await vscode.env.clipboard.writeText(message.text);
        break;
      case 'turn/export': {
        const turn = chat.recorder
          .record()
          .turns.find((candidate) => candidate.id === message.turnId);
        await this.panels.panelServices.keeper.keep(
          message.target,
          chat.attachments.map((attachment) => ({ name: attachment.name, uri: attachment.uri })),
          turn,
          turn?.model,
        );
        break;
      }
      case 'chat/useActiveImage': {
        const uri = activeImagePreviewUri() ?? visibleImagePreviewUri();
        if (uri) {
          await this.attach(uri);
        } else {
          this.notice(
            vscode.l10n.t(
              'No image is open in the editor. Open one (click it in the Explorer), then press Use Active Image.',
            ),
          );
        }
        break;
      }
      case 'attachments/pick':
      case 'attachments/dropUris':
      case 'attachments/prepared':
      case 'attachments/prepareFailed':
      case 'attachments/remove':
        await chat.images.handle(message);
        break;
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
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t(
            'Delete every saved conversation of this workspace? This cannot be undone.',
          ),
          { modal: true },
          clear,
        );
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
    this.post({
      type: 'conversation/init',
      turns: this.conversation.session.turnViews,
      model: readSettings().model,
      maxImageSide: readSettings().maxImageSide,
      imagePolicy: readSettings().imagePolicy,
      presets: readSettings().taskPresets,
    });
    this.postAttachments();
  }

  private postAttachments(): void {
    this.conversation.images.postList();
  }

  private async postHistory(): Promise<void> {
    if (this.ready) {
      this.post({ type: 'history/list', entries: await this.history.list() });
    }
  }

  private notice(message: string): void {
    if (this.ready) {
      this.post({ type: 'webview/notice', message });
    } else {
      void vscode.window.showWarningMessage(message);
    }
  }

  private whenReady(): Promise<void> {
    return this.ready
      ? Promise.resolve()
      : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private post(message: HostToSideViewMessage): void {
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

function assertNever(value: never): never {
  throw new Error(`Unhandled webview message: ${JSON.stringify(value)}`);
}
