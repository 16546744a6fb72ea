// The list of turns, independent of what the conversation is about: the analysis panel puts it
// next to an image, a side-panel chat can put it under its attachments. Links and Copy buttons
// in rendered markdown are handled here by delegation, so rendered HTML stays plain markup.

import type { ErrorAction, TurnStartDetails, TurnView } from '../../core/protocol';
import { h, icon, Icons } from '../dom';
import { isSafeHref } from '../markdown/markdown';
import { TurnElement } from './turnElement';
import * as l10n from '@vscode/l10n';

export interface ConversationCallbacks {
  onErrorAction(action: ErrorAction, task: string): void;
  onOpenLink(href: string): void;
  onCopy(text: string): void;
  /** Keep a turn's answer: save it as Markdown or insert it into the editor. */
  readonly onExport?: (turnId: string, target: 'markdown' | 'editor') => void;
  /** A suggestion in the empty state was chosen. */
  onSuggestion(task: string): void;
}

export interface ConversationViewOptions {
  /** Tasks offered while the conversation is empty. */
  readonly suggestions?: readonly string[];
  readonly emptyTitle?: string;
}

/** How close to the bottom counts as "following" the stream. */
const FOLLOW_THRESHOLD_PX = 32;

/**
 * A reopened conversation renders the answers of its newest turns at once, and older answers
 * only when their turn comes within a view's height of being seen: 30 long answers would
 * otherwise cost their whole DOM (tens of thousands of nodes) and its rendering before the
 * panel answers, and hold it for as long as the panel lives (bench/README.md, conversation_*).
 * The newest turns rendered at once hold enough text to fill a tall view, so what is on screen
 * never waits for a frame.
 */
const EAGER_ANSWER_CHARACTERS = 6_000;
const EAGER_TURNS_AT_LEAST = 2;
const RENDER_AHEAD_MARGIN = '100% 0px';

export class ConversationView {
  /** What the pane lays out: a frame the scrolling element fills (media/panel.css says why). */
  readonly element: HTMLElement;
  /** The scrolling element. */
  private readonly scroller: HTMLElement;
  private readonly list: HTMLElement;
  private readonly emptyState: HTMLElement;
  private readonly turns = new Map<string, TurnElement>();
  /** Watches restored turns whose answers wait to come near the view. */
  private readonly deferredAnswers: IntersectionObserver;
  /** The scroll anchor while following: the last thing in the conversation. */
  private readonly end: HTMLElement;
  private following = true;

  constructor(
    private readonly callbacks: ConversationCallbacks,
    options: ConversationViewOptions = {},
  ) {
    const suggestions = (options.suggestions ?? []).map((task) => {
      const button = h('button', { type: 'button', class: 'suggestion' }, task);
      button.addEventListener('click', () => callbacks.onSuggestion(task));
      return button;
    });
    this.emptyState = h(
      'div',
      { class: 'empty-state' },
      icon(Icons.sparkle, 'empty-icon'),
      h('p', { class: 'empty-title' }, options.emptyTitle ?? l10n.t('Ask a question')),
      ...(suggestions.length ? [h('div', { class: 'suggestions' }, ...suggestions)] : []),
    );
    this.list = h('div', { class: 'turns' });
    this.end = h('div', { class: 'conversation-end', 'aria-hidden': 'true' });
    this.scroller = h(
      'div',
      { class: 'conversation following', tabindex: -1 },
      this.emptyState,
      this.list,
      this.end,
    );
    this.element = h('div', { class: 'conversation-frame' }, this.scroller);

    this.scroller.addEventListener('click', (event) => this.onClick(event));
    // A middle click would open the link in a new webview window; route it like a click.
    this.scroller.addEventListener('auxclick', (event) => {
      if (event.button === 1) {
        this.onClick(event);
      }
    });
    this.deferredAnswers = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = entry.isIntersecting
            ? (entry.target as HTMLElement).dataset.turnId
            : undefined;
          if (id !== undefined) {
            this.deferredAnswers.unobserve(entry.target);
            this.turns.get(id)?.showAnswer();
          }
        }
      },
      { root: this.scroller, rootMargin: RENDER_AHEAD_MARGIN },
    );
    this.followTheEnd();
  }

  /**
   * Keeps the newest text in view while the stream grows the list, unless the user scrolled up
   * to read something, without reading the layout between the renderer's writes (each read
   * would force a layout): while following, the end is the only scroll anchor (media/panel.css),
   * so the browser keeps it in place as the text above it grows. Whether the user is following
   * is read from an IntersectionObserver, which the browser computes after each frame's layout.
   * Anchoring does nothing at the top of the scroller, so after a layout a ResizeObserver scrolls
   * to the end once content first outgrows the view (its reads come after layout: no forcing).
   */
  private followTheEnd(): void {
    new IntersectionObserver(
      (entries) => {
        const entry = entries.at(-1);
        if (entry) {
          this.setFollowing(entry.isIntersecting);
        }
      },
      { root: this.scroller, rootMargin: `0px 0px ${FOLLOW_THRESHOLD_PX}px 0px` },
    ).observe(this.end);
    new ResizeObserver(() => {
      const { scrollTop, scrollHeight, clientHeight } = this.scroller;
      if (this.following && scrollHeight - scrollTop - clientHeight > 1) {
        this.scroller.scrollTop = scrollHeight;
      }
    }).observe(this.list);
  }

  private setFollowing(following: boolean): void {
    if (following !== this.following) {
      this.following = following;
      this.scroller.classList.toggle('following', following);
    }
  }

  turn(id: string): TurnElement | undefined {
    return this.turns.get(id);
  }

  /** The turns shown, oldest first (an answer far above the view may not be rendered yet). */
  get turnList(): readonly TurnElement[] {
    return [...this.turns.values()];
  }

  /** The task of the newest turn (Up in an empty task box recalls it). */
  get lastTask(): string | undefined {
    return [...this.turns.values()].at(-1)?.task;
  }

  clear(): void {
    this.turns.clear();
    this.deferredAnswers.disconnect();
    this.list.replaceChildren();
    this.emptyState.hidden = false;
  }

  restore(turns: readonly TurnView[]): TurnElement[] {
    this.clear();
    const rendered = turnsToRenderAtOnce(turns);
    const restored = turns.map((view, index) =>
      TurnElement.restore(view, this.turnCallbacks(view.id), {
        deferAnswer: index < turns.length - rendered,
      }),
    );
    for (const turn of restored) {
      this.add(turn);
      if (turn.isAnswerDeferred) {
        this.deferredAnswers.observe(turn.element);
      }
    }
    this.scrollToEnd();
    return restored;
  }

  startTurn(id: string, task: string, details: TurnStartDetails = {}): TurnElement {
    const turn = new TurnElement(id, task, this.turnCallbacks(id), details);
    this.add(turn);
    this.scrollToEnd();
    return turn;
  }

  scrollToEnd(): void {
    this.setFollowing(true);
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  private add(turn: TurnElement): void {
    this.turns.get(turn.id)?.element.remove();
    this.turns.set(turn.id, turn);
    this.list.append(turn.element);
    this.emptyState.hidden = true;
  }

  private turnCallbacks(id?: string): ConstructorParameters<typeof TurnElement>[2] {
    const onExport = this.callbacks.onExport;
    return {
      onErrorAction: (action, task) => this.callbacks.onErrorAction(action, task),
      onCopy: (text) => this.callbacks.onCopy(text),
      onExport: onExport && id !== undefined ? (target) => onExport(id, target) : undefined,
    };
  }

  private onClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    const copy = target?.closest<HTMLButtonElement>('button.copy-code');
    if (copy) {
      const code = copy.closest('.code-block')?.querySelector('code');
      this.callbacks.onCopy(code?.textContent ?? '');
      copy.textContent = l10n.t('Copied');
      setTimeout(() => (copy.textContent = l10n.t('Copy')), 1500);
      return;
    }
    const link = target?.closest<HTMLAnchorElement>('a[href]');
    if (link) {
      // Webview navigation is never what the user wants; the host opens allowed schemes.
      event.preventDefault();
      const href = link.getAttribute('href') ?? '';
      if (isSafeHref(href)) {
        this.callbacks.onOpenLink(href);
      }
    }
  }
}

/** How many of the newest turns to render at once: enough answer text to fill a tall view. */
function turnsToRenderAtOnce(turns: readonly TurnView[]): number {
  let characters = 0;
  for (let count = 1; count <= turns.length; count++) {
    characters += turns[turns.length - count].answer.length;
    if (count >= EAGER_TURNS_AT_LEAST && characters >= EAGER_ANSWER_CHARACTERS) {
      return count;
    }
  }
  return turns.length;
}
