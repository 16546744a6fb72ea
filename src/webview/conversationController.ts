// Connects the conversation UI (turn list + task box) to the host's messages. Nothing here
// knows about the image: the analysis panel adds that beside it, and a side-panel chat can reuse
// this controller as is.

import type { ConversationToWebview, ErrorAction, HostToWebview, UserFacingError } from '../core/protocol';
import { ConversationView } from './conversationView';
import { createErrorAlert } from './errorView';
import { TaskComposer, type Blocker, type ComposerOptions } from './taskComposer';
import type { HostChannel } from './vscodeApi';
import * as l10n from '@vscode/l10n';

export interface ConversationControllerOptions {
  readonly channel: HostChannel;
  /** Says something through the page's polite live region. */
  readonly announce: (text: string) => void;
  /** Tasks offered while the conversation is empty. */
  readonly suggestions?: readonly string[];
  readonly emptyTitle?: string;
  readonly composer?: ComposerOptions;
}

const ENDING_ANNOUNCEMENTS = {
  done: l10n.t('Answer complete'),
  stopped: l10n.t('Stopped. The partial answer is kept.'),
  incomplete: l10n.t('The answer is incomplete: the stream ended early.'),
  error: l10n.t('The request failed.'),
} as const;

export class ConversationController {
  readonly view: ConversationView;
  readonly composer: TaskComposer;
  private readonly channel: HostChannel;
  private readonly announce: (text: string) => void;
  private activeTurnId: string | undefined;
  /** Submitted, but the host has not started a turn (or failed the request) yet. */
  private awaitingTurn = false;
  private blocked: boolean;

  constructor(options: ConversationControllerOptions) {
    this.channel = options.channel;
    this.announce = options.announce;
    this.view = new ConversationView(
      {
        onErrorAction: (action, task) => this.runAction(action, task),
        onOpenLink: (href) => this.channel.post({ type: 'link/open', href }),
        onCopy: (text) => this.channel.post({ type: 'clipboard/write', text }),
        onExport: (turnId, target) => this.channel.post({ type: 'turn/export', turnId, target }),
        onSuggestion: (task) => this.composer.setValue(task, { focus: true }),
      },
      { suggestions: options.suggestions, emptyTitle: options.emptyTitle },
    );
    this.composer = new TaskComposer(
      {
        onSubmit: (task) => this.submit(task),
        onStop: () => this.stop(),
        onDraftChange: (draft) => this.channel.updateState({ draft }),
        onSelectModel: () => this.channel.post({ type: 'action/run', action: 'selectModel' }),
        recallTask: () => this.view.lastTask,
      },
      options.composer,
    );
    this.blocked = options.composer?.blocker !== undefined;
    const draft = this.channel.state.draft;
    if (draft) {
      this.composer.setValue(draft);
    }
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.composer.isStreaming && !event.defaultPrevented) {
        event.preventDefault();
        this.stop();
      }
    });
  }

  /** Whether Analyze is possible; `blocker` says why not (shown as the composer's hint). */
  setBlocker(blocker: Blocker): void {
    this.blocked = blocker !== undefined;
    this.composer.setBlocker(blocker);
  }

  handle(message: ConversationToWebview): void {
    switch (message.type) {
      case 'conversation/init': {
        this.view.restore(message.turns);
        this.composer.setModel(message.model);
        const last = message.turns.at(-1);
        this.activeTurnId = last?.status === 'streaming' ? last.id : undefined;
        this.awaitingTurn = false;
        this.composer.setStreaming(this.activeTurnId !== undefined);
        if (message.turns.some((turn) => turn.status === 'done')) {
          this.composer.inviteFollowUp(false);
        }
        break;
      }
      case 'turn/started':
        this.awaitingTurn = false;
        this.activeTurnId = message.turnId;
        this.composer.clearAlert();
        this.view.startTurn(message.turnId, message.task);
        this.composer.setStreaming(true);
        break;
      case 'turn/reasoningDelta':
        this.view.turn(message.turnId)?.appendReasoning(message.text);
        break;
      case 'turn/answerDelta':
        this.view.turn(message.turnId)?.appendAnswer(message.text);
        break;
      case 'turn/rateLimited':
        this.view.turn(message.turnId)?.showRateLimitWait(message.message, message.seconds, () => this.stop());
        break;
      case 'turn/usage':
        this.view.turn(message.turnId)?.setUsage(message.usage);
        break;
      case 'turn/ended': {
        const turn = this.view.turn(message.turnId);
        turn?.end(message.status, message.reasoningMs, message.error, message);
        if (message.turnId === this.activeTurnId) {
          this.activeTurnId = undefined;
          this.composer.setStreaming(false);
        }
        if (message.status === 'done') {
          // Only the task that was answered is cleared: a follow-up typed meanwhile stays.
          this.composer.inviteFollowUp(turn !== undefined && this.composer.value.trim() === turn.task.trim());
        }
        this.announce(ENDING_ANNOUNCEMENTS[message.status]);
        break;
      }
      case 'request/failed':
        this.awaitingTurn = false;
        if (!this.activeTurnId) {
          this.composer.setStreaming(false);
        }
        this.showRequestError(message.task, message.error);
        break;
      case 'settings/changed':
        this.composer.setModel(message.model);
        break;
      case 'composer/focus':
        this.composer.focus();
        break;
      default:
        assertNever(message);
    }
  }

  private submit(task: string): void {
    if (this.blocked || this.composer.isStreaming) {
      return;
    }
    this.composer.clearAlert();
    this.awaitingTurn = true;
    this.composer.setStreaming(true);
    this.channel.post({ type: 'task/submit', task });
  }

  private stop(): void {
    this.channel.post({ type: 'turn/stop' });
    if (this.awaitingTurn && !this.activeTurnId) {
      // No turn exists to end: the host aborts the pending request without a turn/ended.
      this.awaitingTurn = false;
      this.composer.setStreaming(false);
    }
  }

  private runAction(action: ErrorAction, task: string): void {
    if (action !== 'retry') {
      this.channel.post({ type: 'action/run', action });
      return;
    }
    if (this.composer.value.trim() !== task) {
      this.composer.setValue(task);
    }
    this.submit(task);
  }

  private showRequestError(task: string, error: UserFacingError): void {
    this.composer.showAlert(createErrorAlert(error, (action) => this.runAction(action, task), () => this.composer.clearAlert()));
  }
}

/** Whether the conversation UI handles `message` (the side view's own messages it does not). */
export function isConversationMessage(message: HostToWebview): message is ConversationToWebview {
  return !message.type.startsWith('chat/') && !message.type.startsWith('history/');
}

function assertNever(value: never): void {
  void value;
}
