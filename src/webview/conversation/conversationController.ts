// Connects the conversation UI (turn list + task box) to the host's messages. Nothing here
// knows about the image: the analysis panel adds that beside it, and a side-panel chat can reuse
// this controller as is.

import type {
  ConversationToHostMessage,
  ErrorAction,
  GroundedComponent,
  HostToConversationMessage,
  HostToWebview,
  TaskOptions,
  UserFacingError,
  ZoomNote,
  ZoomRecord,
} from '../../core/protocol';
import { ConversationView } from './conversationView';
import { createErrorAlert } from './errorView';
import { renderMermaidBlocks } from '../mermaid/mermaidDiagrams';
import { PresetBar } from './presetBar';
import { TaskComposer, type Blocker, type ComposerOptions } from './taskComposer';
import type { TurnElement } from './turnElement';
import type { HostPoster, WebviewStateStore } from '../vscodeApi';
import * as l10n from '@vscode/l10n';

/** What a page adds to turns about its image (the analysis panel; the side chat has none). */
export interface TurnDecorator {
  /** A turn is shown, live or restored. */
  turnShown(turn: TurnElement): void;
  /** A turn's answer is final and points at components of the image. */
  turnGrounded(turn: TurnElement, components: readonly GroundedComponent[]): void;
  /** The model zoomed into these regions during the turn (its trail grew). */
  turnZoomed?(turn: TurnElement, zooms: readonly ZoomRecord[]): void;
  /** The turn answered without zooming, and why. */
  turnZoomNote?(turn: TurnElement, note: ZoomNote): void;
}

type ConversationChannel = HostPoster<ConversationToHostMessage> & WebviewStateStore;

export interface ConversationControllerOptions {
  /** Sends the conversation's messages; keeps the draft in the page's state. */
  readonly channel: ConversationChannel;
  /** Says something through the page's polite live region. */
  readonly announce: (text: string) => void;
  /** Tasks offered while the conversation is empty. */
  readonly suggestions?: readonly string[];
  readonly emptyTitle?: string;
  readonly composer?: ComposerOptions;
  /** What goes with a task besides its text (a region's crop, Show on diagram); may fail. */
  readonly taskOptions?: () => Promise<TaskOptions>;
  readonly decorator?: TurnDecorator;
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
  private readonly channel: ConversationChannel;
  private readonly announce: (text: string) => void;
  private activeTurnId: string | undefined;
  /** Submitted, but the host has not started a turn (or failed the request) yet. */
  private awaitingTurn = false;
  private blocked: boolean;
  private readonly presets: PresetBar;
  private readonly taskOptions: (() => Promise<TaskOptions>) | undefined;
  private readonly decorator: TurnDecorator | undefined;
  /** Turns whose broken Mermaid was sent back to the model (at most once each). */
  private readonly repairsAsked = new Set<string>();

  constructor(options: ConversationControllerOptions) {
    this.channel = options.channel;
    this.announce = options.announce;
    this.taskOptions = options.taskOptions;
    this.decorator = options.decorator;
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
        onSubmit: (task) => void this.submit(task),
        onStop: () => this.stop(),
        onDraftChange: (draft) => this.channel.updateState({ draft }),
        onSelectModel: () => this.channel.post({ type: 'action/run', action: 'selectModel' }),
        recallTask: () => this.view.lastTask,
      },
      options.composer,
    );
    this.presets = new PresetBar((task) => this.composer.setValue(task, { focus: true }));
    this.composer.addRow(this.presets.element);
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

  handle(message: HostToConversationMessage): void {
    switch (message.type) {
      case 'conversation/init': {
        const restored = this.view.restore(message.turns);
        this.presets.setPresets(message.presets ?? []);
        message.turns.forEach((view, index) => {
          this.decorator?.turnShown(restored[index]);
          if (view.zooms?.length) {
            this.decorator?.turnZoomed?.(restored[index], view.zooms);
          }
          if (view.zoomNote) {
            this.decorator?.turnZoomNote?.(restored[index], view.zoomNote);
          }
          if (view.status !== 'streaming') {
            this.finishTurn(restored[index], view.grounding, false);
          }
        });
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
        // Not inside `decorator?.turnShown(…)`: without a decorator (the side chat) the argument
        // would never run.
        const started = this.view.startTurn(message.turnId, message.task, {
          region: message.region,
          groundingRequested: message.groundingRequested,
          repairOf: message.repairOf,
          diagramSources: message.diagramSources,
          pages: message.pages,
        });
        this.decorator?.turnShown(started);
        this.composer.setStreaming(true);
        break;
      case 'turn/reasoningDelta':
        this.view.turn(message.turnId)?.appendReasoning(message.text);
        break;
      case 'turn/answerDelta':
        this.view.turn(message.turnId)?.appendAnswer(message.text);
        break;
      case 'turn/rateLimited':
        this.view
          .turn(message.turnId)
          ?.showRateLimitWait(message.message, message.seconds, () => this.stop());
        break;
      case 'turn/usage':
        this.view.turn(message.turnId)?.setUsage(message.usage);
        break;
      case 'turn/ended': {
        const turn = this.view.turn(message.turnId);
        turn?.end(message.status, message.reasoningMs, message.error, message);
        if (turn) {
          this.finishTurn(turn, message.grounding, message.status === 'done');
        }
        if (message.turnId === this.activeTurnId) {
          this.activeTurnId = undefined;
          this.composer.setStreaming(false);
        }
        if (message.status === 'done') {
          // Only the task that was answered is cleared: a follow-up typed meanwhile stays.
          this.composer.inviteFollowUp(
            turn !== undefined && this.composer.value.trim() === turn.task.trim(),
          );
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
        if (message.presets) {
          this.presets.setPresets(message.presets);
        }
        break;
      case 'composer/focus':
        this.composer.focus();
        break;
      case 'turn/zoomed': {
        const turn = this.view.turn(message.turnId);
        if (turn) {
          this.decorator?.turnZoomed?.(turn, message.zooms);
        }
        break;
      }
      case 'turn/zoomNote': {
        const turn = this.view.turn(message.turnId);
        if (turn) {
          this.decorator?.turnZoomNote?.(turn, message.note);
        }
        break;
      }
      default:
        assertNever(message);
    }
  }

  private async submit(task: string): Promise<void> {
    if (this.blocked || this.composer.isStreaming) {
      return;
    }
    this.composer.clearAlert();
    this.awaitingTurn = true;
    this.composer.setStreaming(true);
    let options: TaskOptions = {};
    try {
      options = (await this.taskOptions?.()) ?? {};
    } catch (error) {
      this.awaitingTurn = false;
      this.composer.setStreaming(false);
      const reason = error instanceof Error ? error.message : String(error);
      this.showRequestError(task, {
        code: 'imageUnreadable',
        message: l10n.t(
          'The selected region could not be cut from the image ({0}). Clear the region or select it again.',
          reason,
        ),
        actions: ['retry'],
      });
      return;
    }
    if (!this.awaitingTurn) {
      return; // stopped while the region was being cut
    }
    this.channel.post({ type: 'task/submit', task, ...options });
  }

  /**
   * A turn's answer is final (or restored): its diagrams are drawn and its grounded names linked.
   * A diagram that does not render is sent back to the model once, only for a live answer that
   * is not itself a fix, so a reload never asks again.
   */
  private finishTurn(
    turn: TurnElement,
    grounding: readonly GroundedComponent[] | undefined,
    mayRepair: boolean,
  ): void {
    if (grounding?.length) {
      this.decorator?.turnGrounded(turn, grounding);
    }
    turn.whenAnswerShown(() => this.drawDiagrams(turn, mayRepair));
  }

  private drawDiagrams(turn: TurnElement, mayRepair: boolean): void {
    void renderMermaidBlocks(turn.answerBody, (source) =>
      this.channel.post({ type: 'mermaid/open', source }),
    ).then((failures) => {
      const failure = failures.find((candidate) => !candidate.unavailable);
      if (mayRepair && failure && !turn.details.repairOf && !this.repairsAsked.has(turn.id)) {
        this.repairsAsked.add(turn.id);
        this.announce(l10n.t('The diagram did not render; asking the model to fix it.'));
        this.channel.post({
          type: 'mermaid/repair',
          turnId: turn.id,
          source: failure.source,
          error: failure.error,
        });
      }
    });
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
    void this.submit(task);
  }

  private showRequestError(task: string, error: UserFacingError): void {
    this.composer.showAlert(
      createErrorAlert(
        error,
        (action) => this.runAction(action, task),
        () => this.composer.clearAlert(),
      ),
    );
  }
}

/** Every message the conversation UI handles (the compiler checks the list is complete). */
const CONVERSATION_MESSAGES: { readonly [K in HostToConversationMessage['type']]: true } = {
  'conversation/init': true,
  'turn/started': true,
  'turn/reasoningDelta': true,
  'turn/answerDelta': true,
  'turn/usage': true,
  'turn/rateLimited': true,
  'turn/ended': true,
  'request/failed': true,
  'settings/changed': true,
  'composer/focus': true,
  'turn/zoomed': true,
  'turn/zoomNote': true,
};

/** Whether the conversation UI handles `message` (attachments, notices and history it does not). */
export function isConversationMessage(
  message: HostToWebview,
): message is HostToConversationMessage {
  return Object.hasOwn(CONVERSATION_MESSAGES, message.type);
}

function assertNever(value: never): void {
  void value;
}
