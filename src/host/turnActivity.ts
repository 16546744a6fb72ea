// The status-bar item shown while an answer streams, so a user who moved to another editor sees
// that the model is still answering; clicking it reveals the panel (or side chat) it streams in.
// With several streaming, it names the count and reveals the one that started last.
import * as vscode from 'vscode';

export const REVEAL_STREAMING_COMMAND = 'multimodalReasoning.revealStreaming';

/** What the item watches: a conversation whose turns start and end (a ConversationSession). */
export interface TurnSource {
  readonly onDidChangeTurn: vscode.Event<{ readonly phase: 'started' | 'ended' }>;
}

interface StreamingConversation {
  readonly label: string;
  readonly reveal: () => void;
}

export class TurnActivity implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  /** Streaming conversations, oldest first. */
  private readonly streaming = new Map<TurnSource, StreamingConversation>();
  private readonly command: vscode.Disposable;

  constructor() {
    this.item = vscode.window.createStatusBarItem(
      'multimodalReasoning.streaming',
      vscode.StatusBarAlignment.Left,
      100,
    );
    this.item.name = vscode.l10n.t('Multimodal Reasoning: answer streaming');
    this.item.command = REVEAL_STREAMING_COMMAND;
    this.command = vscode.commands.registerCommand(REVEAL_STREAMING_COMMAND, () =>
      [...this.streaming.values()].at(-1)?.reveal(),
    );
  }

  /**
   * Shows the item while `session` streams a turn; `reveal` brings its conversation to the front.
   */
  track(session: TurnSource, label: string, reveal: () => void): vscode.Disposable {
    return session.onDidChangeTurn(({ phase }) => {
      if (phase === 'started') {
        this.streaming.set(session, { label, reveal });
      } else {
        this.streaming.delete(session);
      }
      this.update();
    });
  }

  /** What the item says now, or undefined while hidden (for tests). */
  get text(): string | undefined {
    return this.streaming.size ? this.item.text : undefined;
  }

  dispose(): void {
    this.command.dispose();
    this.item.dispose();
  }

  private update(): void {
    const latest = [...this.streaming.values()].at(-1);
    if (!latest) {
      this.item.hide();
      return;
    }
    const what =
      this.streaming.size === 1
        ? latest.label
        : vscode.l10n.t('{0} conversations', this.streaming.size);
    this.item.text = `$(loading~spin) ${vscode.l10n.t('Answering: {0}', what)}`;
    this.item.tooltip = vscode.l10n.t(
      'Multimodal Reasoning is streaming an answer in {0}. Click to show it.',
      what,
    );
    this.item.accessibilityInformation = {
      label: vscode.l10n.t(
        'Multimodal Reasoning is streaming an answer in {0}. Press to show it.',
        what,
      ),
      role: 'button',
    };
    this.item.show();
  }
}
