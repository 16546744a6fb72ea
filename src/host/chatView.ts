// The side view: a chat about one or several images (attached by button, paste, drop or "Use
// Active Image") above the history of every conversation in this workspace. The page, its
// messages and the conversation's actions are ConversationWebviewHost's, as for the analysis
// panel; its own are the chat shown (new, reopened, kept across a reload), Use Active Image and
// the history list.
import * as vscode from 'vscode';
import type { HistoryImage, HistoryRecord } from '../core/history';
import type { SideViewOwnToHostMessage } from '../core/protocol';
import type { AnalysisPanels } from './analysisPanels';
import type { ExportedImage } from './answerExport';
import { CHAT_VIEW_ID } from './contributionIds';
import type { SessionServices } from './conversationSession';
import { assertNever, ConversationWebviewHost } from './conversationWebviewHost';
import type { HistoryStore } from './history/historyStore';
import { HostedConversation } from './hostedConversation';
import type { Attachment } from './imageAttachments';
import { ImageFileError } from './imageFile';
import { activeImagePreviewUri } from './imagePicker';
import { disposeAll } from './lifecycle';
import { webviewOptions } from './webviewHtml';
import { CropBroker } from '../core/zoom/cropBroker';
import { createLogger } from './logger';

const log = createLogger('chat');

/** workspaceState: the id of the chat shown, so a reload shows it again (undefined: a new chat). */
const SHOWN_CHAT_KEY = 'multimodalReasoning.shownChat';

/** One side-chat conversation, as the tests and the view reach it. */
class ChatConversation extends HostedConversation {
  /** The chat's images, as the strip shows them. */
  get attachments(): readonly Attachment[] {
    return this.images.list;
  }
}

export class ChatViewProvider
  extends ConversationWebviewHost<'sideView'>
  implements vscode.WebviewViewProvider
{
  private current: ChatConversation | undefined;
  /** Asks the page for the crops the model zooms into (the page holds the attached images). */
  private readonly crops = this.register(new CropBroker((message) => this.post(message)));
  /**
   * The conversation shown (public so integration tests can drive it); made on first use, not
   * during activation.
   */
  get conversation(): ChatConversation {
    return (this.current ??= this.newConversation());
  }

  constructor(
    extensionUri: vscode.Uri,
    private readonly services: SessionServices,
    private readonly panels: AnalysisPanels,
    private readonly workspaceState: vscode.Memento,
  ) {
    super('sideView', extensionUri, panels.panelServices);
    this.register(this.history.onDidChange(() => void this.postHistory()));
    this.register({ dispose: () => this.current?.dispose() });
  }

  private get history(): HistoryStore {
    return this.panels.panelServices.history;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = webviewOptions(this.extensionUri);
    const subscriptions = [
      this.connect(view.webview, 'Multimodal Reasoning', 'chat'),
      view.onDidDispose(() => {
        disposeAll(subscriptions);
        this.disconnect(view.webview);
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
    this.current = this.newConversation(restored);
    this.postInit();
    // A restored chat's images come back from their files, where they went in the conversation.
    this.current.restoreImages();
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

  protected override get shown(): ChatConversation {
    return this.conversation;
  }

  protected override get where(): string {
    return 'the side chat';
  }

  protected override keptImages(): ExportedImage[] {
    return this.conversation.attachments.map(({ name, uri }) => ({ name, uri }));
  }

  /** After a reload the view comes back with the chat it showed, not an empty one. */
  protected override async onReady(): Promise<void> {
    const shownId = this.current ? undefined : this.workspaceState.get<string>(SHOWN_CHAT_KEY);
    const shown = shownId ? await this.history.get(shownId) : undefined;
    if (shown?.kind === 'chat' && !this.current) {
      this.newChat(shown);
    } else {
      this.postInit();
    }
    await this.postHistory();
  }

  protected override async onOwnMessage(message: SideViewOwnToHostMessage): Promise<void> {
    switch (message.type) {
      case 'chat/useActiveImage':
        await this.useActiveImage();
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
      case 'history/clear':
        await this.clearHistory();
        break;
      case 'zoom/crops':
        if (!this.crops.receive(message)) {
          log.debug(`ignored crops for ${message.requestId}, not asked for`);
        }
        break;
      default:
        assertNever(message);
    }
  }

  private newConversation(restored?: HistoryRecord): ChatConversation {
    const conversation: ChatConversation = new ChatConversation({
      kind: 'chat',
      services: this.services,
      history: this.history,
      view: {
        post: (message) => this.post(message),
        notice: (message) => this.notice(message),
        whenReady: () => this.whenReady(),
      },
      activity: {
        label: vscode.l10n.t('Chat'),
        reveal: () => void vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`),
      },
      requireImage: false,
      cutZooms: (zooms, limits, signal) => this.crops.cut(zooms, limits, signal),
      // Its first turn saved it to history: from now on a reload shows it again.
      onTurnStarted: () =>
        void this.workspaceState.update(SHOWN_CHAT_KEY, conversation.recorder.id),
      restored,
    });
    return conversation;
  }

  private async useActiveImage(): Promise<void> {
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
  }

  private async clearHistory(): Promise<void> {
    const clear = vscode.l10n.t('Delete All');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Delete every saved conversation of this workspace? This cannot be undone.'),
      { modal: true },
      clear,
    );
    if (choice === clear) {
      await this.history.clear();
    }
  }

  private async postHistory(): Promise<void> {
    if (this.isReady) {
      this.post({ type: 'history/list', entries: await this.history.list() });
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
