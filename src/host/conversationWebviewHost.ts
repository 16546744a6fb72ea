// The host side of a conversation webview, shared by the analysis panel and the side view (in
// the manner of the pull-request extension's src/common/webview.ts): it loads the page, waits for
// its `webview/ready` before posting anything, lets only that view's well-formed messages in
// (webviewBoundary.ts), runs what both views ask for (tasks, Stop, links, copying, keeping an
// answer, Mermaid, attachments) and tells the user things in the page, or in VS Code while the
// page is not there. A subclass adds only what is its own: which conversation it shows, what its
// page is told at the start, and its own messages.
import * as vscode from 'vscode';
import type {
  ConversationInitMessage,
  ConversationToHostMessage,
  HostToViewMessage,
  TaskOptions,
  TaskSubmitMessage,
  ViewOwnToHostMessage,
  WebviewKind,
} from '../core/protocol';
import { isAttachmentsToHostMessage, isConversationToHostMessage } from '../core/webviewMessages';
import type { AnswerKeeper, ExportedImage } from './answerExport';
import type { HostedConversation } from './hostedConversation';
import { Disposable } from './lifecycle';
import type { ModelLinks } from './linkOpener';
import { onDidChangeSettings, readSettings, settingsChangedMessage } from './settings';
import { acceptWebviewMessage, runWebviewAction } from './webviewBoundary';
import { renderWebviewHtml } from './webviewHtml';

/** What both views use to act on what their pages ask. */
export interface ConversationActions {
  readonly keeper: AnswerKeeper;
  /** Opens links from answers, after asking (see linkOpener.ts). */
  readonly links: ModelLinks;
}

export abstract class ConversationWebviewHost<V extends WebviewKind> extends Disposable {
  private webview: vscode.Webview | undefined;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private readonly onDidPostEmitter = this.register(
    new vscode.EventEmitter<HostToViewMessage<V>>(),
  );
  /** Every message posted to the page: the integration tests scan them for a planted key. */
  readonly onDidPost = this.onDidPostEmitter.event;

  constructor(
    private readonly kind: V,
    protected readonly extensionUri: vscode.Uri,
    private readonly actions: ConversationActions,
  ) {
    super();
    // Only to a page that is there: the side view makes its conversation on first use.
    this.register(
      onDidChangeSettings(
        () => this.ready && this.post(settingsChangedMessage(this.shown.session.zoomOffered())),
      ),
    );
  }

  /** The conversation the page shows now. */
  protected abstract get shown(): HostedConversation;

  /** Names the page in log lines ("the panel of x.png"). */
  protected abstract get where(): string;

  /**
   * The images a kept answer or a Mermaid file is about (and saved beside): the first with a file.
   */
  protected abstract keptImages(): ExportedImage[];

  /** A message only this view sends. */
  protected abstract onOwnMessage(message: ViewOwnToHostMessage<V>): Promise<void>;

  /** What goes with a task besides its text: the panel's region and grounding; none by default. */
  protected taskOptions(message: TaskSubmitMessage): TaskOptions {
    void message;
    return {};
  }

  /** The page is ready: show it the conversation (a subclass may first choose which). */
  protected async onReady(): Promise<void> {
    this.postInit();
    return Promise.resolve();
  }

  /** What `conversation/init` says; a subclass adds its own fields. */
  protected initMessage(): ConversationInitMessage {
    const settings = readSettings();
    return {
      type: 'conversation/init',
      turns: this.shown.session.turnViews,
      model: settings.model,
      maxImageSide: settings.maxImageSide,
      presets: settings.taskPresets,
      ...this.shown.session.viewSettings(settings),
    };
  }

  /** Starts the page over with the shown conversation and its attachments. */
  protected postInit(): void {
    this.post(this.initMessage());
    this.shown.images.postList();
  }

  /** Loads the page into `webview`; its messages come here until `disconnect`. */
  protected connect(
    webview: vscode.Webview,
    title: string,
    bundle: 'panel' | 'chat',
  ): vscode.Disposable {
    this.webview = webview;
    this.ready = false;
    webview.html = renderWebviewHtml(webview, this.extensionUri, title, bundle);
    return webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
  }

  /** The page went away (the side view was closed): nothing is posted until it is back. */
  protected disconnect(webview: vscode.Webview): void {
    if (this.webview === webview) {
      this.webview = undefined;
      this.ready = false;
    }
  }

  protected get isReady(): boolean {
    return this.ready;
  }

  /** Resolves once the page has said it is ready. */
  protected whenReady(): Promise<void> {
    return this.ready
      ? Promise.resolve()
      : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Posts to the page once it is ready; before that (or once disposed) the message is dropped. */
  protected post(message: HostToViewMessage<V>): void {
    if (this.isDisposed || !this.webview || !this.ready) {
      return;
    }
    void this.webview.postMessage(message);
    this.onDidPostEmitter.fire(message);
  }

  /**
   * Tells the user something that belongs to no turn: in the page, or in VS Code before it is
   * ready.
   */
  protected notice(message: string): void {
    if (this.ready) {
      this.post({ type: 'webview/notice', message });
    } else {
      void vscode.window.showWarningMessage(message);
    }
  }

  /** Every message from the page enters here, and only a well-formed one of this view goes on. */
  async receive(raw: unknown): Promise<void> {
    const message = acceptWebviewMessage(raw, this.kind, this.where);
    if (!message) {
      return;
    }
    if (isConversationToHostMessage(message)) {
      await this.onConversationMessage(message);
    } else if (isAttachmentsToHostMessage(message)) {
      await this.shown.images.handle(message);
    } else {
      await this.onOwnMessage(message);
    }
  }

  private async onConversationMessage(message: ConversationToHostMessage): Promise<void> {
    // `shown` is read per message, never before the page is ready: the side view chooses which
    // chat to show only then.
    switch (message.type) {
      case 'webview/ready':
        this.ready = true;
        await this.onReady();
        this.readyWaiters.splice(0).forEach((resolve) => resolve());
        break;
      case 'task/submit':
        await this.shown.session.submit(message.task, this.taskOptions(message));
        break;
      case 'turn/stop':
        this.shown.session.stop();
        break;
      case 'mermaid/repair':
        await this.shown.session.repairMermaid(message.turnId, message.error);
        break;
      case 'mermaid/open':
        await this.actions.keeper.openMermaid(this.keptImages(), message.source);
        break;
      case 'action/run':
        await runWebviewAction(message.action);
        break;
      case 'link/open':
        await this.actions.links.open(message.href);
        break;
      case 'clipboard/write':
        await vscode.env.clipboard.writeText(message.text);
        break;
      case 'turn/export': {
        const turn = this.shown.recorder
          .record()
          .turns.find((candidate) => candidate.id === message.turnId);
        await this.actions.keeper.keep(message.target, this.keptImages(), turn, turn?.model);
        break;
      }
      default:
        assertNever(message);
    }
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled webview message: ${JSON.stringify(value)}`);
}
