// One turn of a conversation: the task, the model's reasoning (only if it reasoned), the answer,
// and how the turn ended. Reasoning and answer stream through their own StreamingMarkdown.

import type {
  ErrorAction,
  TokenUsage,
  TurnStartDetails,
  TurnStatus,
  TurnView,
  UserFacingError,
} from '../../core/protocol';
import { diagramSourceTag } from './diagramSourceTag';
import { pageTag } from './pageTag';
import { h, icon, Icons } from '../dom';
import { createErrorAlert } from './errorView';
import { RateLimitCountdown } from './rateLimitCountdown';
import { StreamingMarkdown } from '../markdown/streamingMarkdown';
import * as l10n from '@vscode/l10n';

export interface TurnCallbacks {
  /** An action button of this turn's error alert was pressed. */
  onErrorAction(action: ErrorAction, task: string): void;
  /** "Copy answer" was pressed. */
  onCopy(text: string): void;
  /** "Save as Markdown" or "Insert into Editor" was pressed (the host does it). */
  readonly onExport?: (target: 'markdown' | 'editor') => void;
}

/** What the host measured about a finished turn (see the `turn/ended` message). */
export interface TurnStats {
  readonly durationMs?: number;
  readonly costUsd?: number;
}

const STATUS_BADGES: Partial<Record<TurnStatus, string>> = {
  stopped: l10n.t('Stopped'),
  incomplete: l10n.t('Incomplete'),
  error: l10n.t('Failed'),
};

let nextDomId = 0;

/** After this long without new text, the pane's progress bar shows again (see noteText). */
const QUIET_AFTER_MS = 500;

export class TurnElement {
  readonly element: HTMLElement;
  private readonly waiting: HTMLElement;
  private readonly answerRegion: HTMLElement;
  /** The rendered answer (diagrams and grounded names are added to it once it is final). */
  readonly answerBody: HTMLElement;
  private readonly answer: StreamingMarkdown;
  private readonly taskLine: HTMLElement;
  private readonly footer: HTMLElement;
  private reasoning: ReasoningSection | undefined;
  private countdown: RateLimitCountdown | undefined;
  private answerStarted = false;
  private usage: TokenUsage | undefined;
  private ended = false;
  /** When text last arrived, and the one timer that notices when it stopped (see noteText). */
  private lastTextAt = 0;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  /** A restored answer not rendered yet, its turn being far above the view (ConversationView). */
  private deferredAnswer: string | undefined;
  private readonly onAnswerShown: (() => void)[] = [];

  constructor(
    readonly id: string,
    readonly task: string,
    private readonly callbacks: TurnCallbacks,
    /** A region asked about, "Show on diagram", or an automatic Mermaid fix. */
    readonly details: TurnStartDetails = {},
  ) {
    const taskId = `turn-task-${++nextDomId}`;
    this.waiting = h(
      'p',
      { class: 'turn-waiting' },
      h('span', { class: 'progress-dots', 'aria-hidden': 'true' }),
      l10n.t('Waiting for the model…'),
    );
    this.answerBody = h('div', { class: 'markdown-body answer-body' });
    this.answerRegion = h(
      'section',
      { class: 'turn-answer', role: 'region', 'aria-label': l10n.t('Answer'), hidden: true },
      this.answerBody,
    );
    this.answer = new StreamingMarkdown(this.answerBody);
    // The turn is named by its task alone; tags added after it ("Region 1") are not part of the
    // name.
    this.taskLine = h('div', { class: 'turn-task' }, h('span', { id: taskId }, task));
    this.footer = h('div', { class: 'turn-footer', hidden: true });
    this.element = h(
      'article',
      { class: 'turn streaming', 'aria-labelledby': taskId, 'data-turn-id': id },
      this.taskLine,
      this.waiting,
      this.answerRegion,
      this.footer,
    );
    if (details.pages?.length) {
      this.addTag(pageTag(details.pages));
    }
    if (details.diagramSources?.length) {
      this.addTag(diagramSourceTag(details.diagramSources));
    }
  }

  /** A small label after the task ("Region 1", "Show on diagram"). */
  addTag(tag: HTMLElement): void {
    this.taskLine.append(tag);
  }

  /** A part of the turn under its answer (the crops it zoomed into, a quiet note). */
  addSection(section: HTMLElement): void {
    this.footer.before(section);
  }

  /** The host is waiting out a rate limit before sending the request again. */
  showRateLimitWait(message: string, seconds: number, onCancel: () => void): void {
    this.clearRateLimitWait();
    this.countdown = new RateLimitCountdown(message, seconds, onCancel);
    this.waiting.before(this.countdown.element);
    // The countdown says what is happening; "Waiting for the model…" is for the retry itself.
    this.waiting.hidden = true;
  }

  private clearRateLimitWait(): void {
    this.countdown?.dispose();
    this.countdown = undefined;
  }

  appendReasoning(text: string): void {
    if (!text) {
      return;
    }
    this.clearRateLimitWait();
    this.noteText();
    if (!this.reasoning) {
      this.reasoning = new ReasoningSection();
      this.waiting.before(this.reasoning.element);
    }
    this.waiting.hidden = true;
    this.reasoning.append(text, !this.answerStarted);
  }

  appendAnswer(text: string): void {
    if (!text) {
      return;
    }
    this.clearRateLimitWait();
    this.noteText();
    this.startAnswer();
    this.answer.append(text);
  }

  /**
   * Marks the turn `receiving` while its text arrives, until QUIET_AFTER_MS pass without any:
   * the pane's animated progress bar is for the waits (the model thinking, a zoom), since text
   * appearing shows progress itself, and a running animation is styled again in every frame
   * (about 0.5 ms in each of a stream's ~400 frames; bench/README.md, render). One timer,
   * re-armed when it fires while text keeps coming, not one per delta.
   */
  private noteText(): void {
    this.lastTextAt = performance.now();
    if (this.quietTimer === undefined && !this.ended) {
      this.element.classList.add('receiving');
      this.armQuietTimer(QUIET_AFTER_MS);
    }
  }

  private armQuietTimer(delay: number): void {
    this.quietTimer = setTimeout(() => {
      const quietFor = performance.now() - this.lastTextAt;
      if (quietFor < QUIET_AFTER_MS) {
        this.armQuietTimer(QUIET_AFTER_MS - quietFor);
        return;
      }
      this.stopReceiving();
    }, delay);
  }

  private stopReceiving(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    this.element.classList.remove('receiving');
  }

  private startAnswer(): void {
    if (!this.answerStarted) {
      this.answerStarted = true;
      this.waiting.hidden = true;
      this.answerRegion.hidden = false;
      this.reasoning?.finish({ collapse: true, usage: this.usage });
    }
  }

  /** The answer's markdown so far, rendered or not. */
  get answerText(): string {
    return this.deferredAnswer ?? this.answer.text;
  }

  /** Whether the answer waits for `showAnswer` (a restored turn far above the view). */
  get isAnswerDeferred(): boolean {
    return this.deferredAnswer !== undefined;
  }

  /** Runs `callback` once the answer is in the DOM: now, or when a deferred one is shown. */
  whenAnswerShown(callback: () => void): void {
    if (this.deferredAnswer === undefined) {
      callback();
    } else {
      this.onAnswerShown.push(callback);
    }
  }

  /** Renders a deferred answer: its turn came near the view. */
  showAnswer(): void {
    const text = this.deferredAnswer;
    if (text === undefined) {
      return;
    }
    this.deferredAnswer = undefined;
    this.answer.append(text);
    this.answer.finish();
    for (const callback of this.onAnswerShown.splice(0)) {
      callback();
    }
  }

  setUsage(usage: TokenUsage): void {
    this.usage = { ...this.usage, ...usage };
    this.reasoning?.showUsage(this.usage);
  }

  end(
    status: Exclude<TurnStatus, 'streaming'>,
    reasoningMs?: number,
    error?: UserFacingError,
    stats: TurnStats = {},
  ): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    this.clearRateLimitWait();
    if (this.deferredAnswer === undefined) {
      this.answer.finish();
    }
    this.reasoning?.finish({ collapse: false, reasoningMs, usage: this.usage });
    this.waiting.hidden = true;
    this.stopReceiving();
    this.element.classList.remove('streaming');
    this.element.dataset.status = status;

    this.footer.replaceChildren();
    const badge = STATUS_BADGES[status];
    if (badge && !(status === 'error' && !this.answerStarted)) {
      this.footer.append(h('span', { class: `turn-badge badge-${status}` }, badge));
    }
    const usageLine =
      status === 'error' && !this.answerStarted ? '' : formatUsageLine(this.usage, stats);
    if (usageLine) {
      this.footer.append(
        h(
          'span',
          {
            class: 'turn-usage',
            title: l10n.t('Tokens in · out · reasoning · time to answer · cost'),
          },
          usageLine,
        ),
      );
    }
    if (this.answerText.trim()) {
      const copy = h(
        'button',
        {
          type: 'button',
          class: 'icon-button copy-answer',
          'aria-label': l10n.t('Copy answer'),
          title: l10n.t('Copy answer (Markdown)'),
        },
        icon(Icons.copy),
      );
      copy.addEventListener('click', () => {
        this.callbacks.onCopy(this.answerText);
        copy.replaceChildren(icon(Icons.check));
        setTimeout(() => copy.replaceChildren(icon(Icons.copy)), 1500);
      });
      this.footer.append(copy);
      const onExport = this.callbacks.onExport;
      if (onExport) {
        const save = h(
          'button',
          {
            type: 'button',
            class: 'icon-button save-answer',
            'aria-label': l10n.t('Save as Markdown'),
            title: l10n.t('Save as Markdown (next to the image)'),
          },
          icon(Icons.save),
        );
        save.addEventListener('click', () => onExport('markdown'));
        const insert = h(
          'button',
          {
            type: 'button',
            class: 'icon-button insert-answer',
            'aria-label': l10n.t('Insert into Editor'),
            title: l10n.t('Insert into Editor (at the cursor)'),
          },
          icon(Icons.insert),
        );
        insert.addEventListener('click', () => onExport('editor'));
        this.footer.append(save, insert);
      }
    }
    this.footer.hidden = this.footer.childElementCount === 0;
    if (status === 'done' && !this.answerText.trim()) {
      this.footer.before(
        h('p', { class: 'turn-empty' }, l10n.t('The model returned no answer text.')),
      );
    }

    // An incomplete turn may say why (a stalled stream); a failed one always gets an alert.
    if (error || status === 'error') {
      const failure: UserFacingError = error ?? {
        code: 'unknown',
        message: l10n.t('The request failed. Try again, or check the output log for details.'),
        actions: ['retry'],
      };
      this.footer.after(
        createErrorAlert(failure, (action) => this.callbacks.onErrorAction(action, this.task)),
      );
    }
  }

  /**
   * A turn restored from the host (the panel was hidden or reloaded). `deferAnswer`: a finished
   * answer is rendered only when `showAnswer` is called.
   */
  static restore(
    view: TurnView,
    callbacks: TurnCallbacks,
    { deferAnswer = false }: { readonly deferAnswer?: boolean } = {},
  ): TurnElement {
    const turn = new TurnElement(view.id, view.task, callbacks, {
      region: view.region,
      groundingRequested: view.groundingRequested,
      repairOf: view.repairOf,
      diagramSources: view.diagramSources,
      pages: view.pages,
    });
    if (view.usage) {
      turn.usage = view.usage;
    }
    if (view.reasoning) {
      turn.reasoning = new ReasoningSection(view.status === 'streaming' && !view.answer);
      turn.waiting.before(turn.reasoning.element);
      turn.reasoning.append(view.reasoning, false);
      turn.waiting.hidden = true;
    }
    if (deferAnswer && view.status !== 'streaming' && view.answer) {
      turn.startAnswer();
      turn.deferredAnswer = view.answer;
    } else {
      turn.appendAnswer(view.answer);
    }
    if (view.status === 'streaming') {
      turn.reasoning?.showUsage(turn.usage);
      turn.answer.flush();
      turn.reasoning?.flush();
    } else {
      turn.end(view.status, view.reasoningMs, view.error, view);
    }
    return turn;
  }
}

/** The collapsible "Thinking…" / "Thought for N s" section. */
class ReasoningSection {
  readonly element: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly label: HTMLElement;
  private readonly body: StreamingMarkdown;
  private firstDeltaAt = 0;
  private lastDeltaAt = 0;
  private done = false;
  private userToggled = false;
  private durationMs: number | undefined;

  constructor(open = true) {
    this.label = h('span', { class: 'reasoning-label' }, l10n.t('Thinking…'));
    const summary = h(
      'summary',
      { class: 'reasoning-summary' },
      icon(Icons.chevron, 'chevron'),
      this.label,
    );
    summary.addEventListener('click', () => {
      this.userToggled = true;
    });
    const bodyElement = h('div', { class: 'markdown-body reasoning-body', tabindex: 0 });
    this.details = h('details', { class: 'reasoning', open }, summary, bodyElement);
    this.element = h(
      'section',
      { class: 'turn-reasoning thinking', role: 'region', 'aria-label': l10n.t('Reasoning') },
      this.details,
    );
    // The body scrolls within a fixed height; follow the newest thoughts unless the user scrolled
    // up. The scroll waits for the next frame, whose layout is done by then: reading the height
    // right after a render would force a layout of its own.
    let following = true;
    let scrollFrame = 0;
    bodyElement.addEventListener('scroll', () => {
      following = bodyElement.scrollHeight - bodyElement.scrollTop - bodyElement.clientHeight < 24;
    });
    this.body = new StreamingMarkdown(bodyElement, {
      onRender: () => {
        scrollFrame ||= requestAnimationFrame(() => {
          scrollFrame = 0;
          if (following && !this.done) {
            bodyElement.scrollTop = bodyElement.scrollHeight;
          }
        });
      },
    });
  }

  append(text: string, live: boolean): void {
    const now = performance.now();
    if (live) {
      this.firstDeltaAt ||= now;
      this.lastDeltaAt = now;
    }
    this.body.append(text);
  }

  flush(): void {
    this.body.flush();
  }

  finish(options: { collapse: boolean; reasoningMs?: number; usage?: TokenUsage }): void {
    this.body.finish();
    if (options.reasoningMs !== undefined) {
      this.durationMs = options.reasoningMs;
    } else if (this.durationMs === undefined && this.firstDeltaAt) {
      this.durationMs = this.lastDeltaAt - this.firstDeltaAt;
    }
    if (options.collapse && !this.userToggled) {
      this.details.open = false;
    }
    this.done = true;
    this.element.classList.remove('thinking');
    this.showUsage(options.usage);
  }

  showUsage(usage: TokenUsage | undefined): void {
    if (!this.done) {
      return;
    }
    // A restored turn may not know how long the model thought.
    const duration =
      this.durationMs === undefined
        ? l10n.t('Thought process')
        : l10n.t('Thought for {0}', formatSeconds(this.durationMs));
    this.label.textContent = duration + tokensSuffix(usage);
  }
}

/** "1,200 in · 800 out · 1,234 reasoning · 4.2 s · $0.0036": only what is known. */
export function formatUsageLine(usage: TokenUsage | undefined, stats: TurnStats): string {
  const count = (tokens: number): string => tokens.toLocaleString('en-US');
  const parts: string[] = [];
  if (usage?.promptTokens !== undefined) {
    parts.push(`${count(usage.promptTokens)} in`);
  }
  if (usage?.completionTokens !== undefined) {
    parts.push(`${count(usage.completionTokens)} out`);
  }
  if (usage?.reasoningTokens) {
    parts.push(`${count(usage.reasoningTokens)} reasoning`);
  }
  if (stats.durationMs !== undefined) {
    parts.push(`${(stats.durationMs / 1000).toFixed(1)} s`);
  }
  if (stats.costUsd !== undefined) {
    // Sub-cent answers are common: keep enough digits to tell them apart.
    const cost = stats.costUsd;
    parts.push(
      `$${cost >= 1 ? cost.toFixed(2) : cost >= 0.01 ? cost.toFixed(3) : cost.toFixed(4)}`,
    );
  }
  return parts.join(' · ');
}

function tokensSuffix(usage: TokenUsage | undefined): string {
  const tokens = usage?.reasoningTokens;
  return tokens ? ` · ${l10n.t('{0} reasoning tokens', tokens.toLocaleString('en-US'))}` : '';
}

function formatSeconds(ms: number): string {
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}
