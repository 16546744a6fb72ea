// Renders markdown that arrives in small deltas, in time linear in its length.
//
// The source is split into a committed prefix, whose blocks are final and were rendered and
// appended to the DOM exactly once, and a live tail that is re-parsed and re-rendered at most
// once per animation frame (see findCommitPoint for why a block can be known to be final).
// The tail is normally the last top-level block, so its cost is bounded by that block. Three
// refinements keep one huge block from costing a full re-render per frame:
// - an unclosed fenced code block grows by appending its new lines as text, without parsing;
// - a top-level list becomes an open list: its final items are appended to the list element
//   and only the last item is re-rendered (whether the list is loose is checked again when the
//   list ends, and the list re-rendered once if it changed);
// - any other tail is re-rendered no more often than keeps that under a fifth of the time.
// When the stream finishes, the container holds exactly what rendering it all at once gives.

import type { Env, MarkdownIt, Token } from 'markdown-it';
import { sharedMarkdown } from './markdown';
import {
  closingIndex,
  countNewlines,
  endsWithBlankLine,
  findCommitPoint,
  isListOpen,
  listItems,
  offsetOfLine,
  rendersParagraphs,
  showParagraphs,
} from './markdownBlocks';

export { findCommitPoint } from './markdownBlocks';

export interface StreamingMarkdownOptions {
  /** Defaults to the webview's shared, hardened instance. */
  readonly md?: MarkdownIt;
  /** Runs `render` later, returning a cancel function. Defaults to the next animation frame. */
  readonly schedule?: (render: () => void) => () => void;
  /** Called after every DOM update. */
  readonly onRender?: () => void;
}

/** markdown-it's parse state shared across blocks: the link reference definitions seen. */
type MarkdownEnv = Env;

/** The tail while it is one unclosed fenced code block, grown line by line. */
interface OpenFence {
  readonly code: HTMLElement;
  /** Matches a line that closes this fence. */
  readonly closing: RegExp;
  /** The unfinished last line, replaced on every render. */
  readonly partialLine: Text;
  /** Offset in `pending` up to which whole lines are already in `code`. */
  scanned: number;
}

/** A top-level list whose final items are in the DOM; `pending` starts with its next item. */
interface OpenList {
  readonly element: HTMLElement;
  readonly type: string;
  readonly markup: string;
  /** The index in `committedChunks` where the list's source starts. */
  readonly firstChunk: number;
  /** Whether the list is loose as far as its complete lines tell. */
  loose: boolean;
  /** How committed items were rendered: paragraphs hidden (tight) or shown (loose). */
  renderedTight: boolean;
  renderedLoose: boolean;
  /** The committed items end with a blank line, which makes the list loose once an item follows. */
  blankBeforeNext: boolean;
}

/** Tail renders may take at most this share of the time. */
const TAIL_RENDER_SHARE = 0.2;
/** A render this long ago means the stream was idle: the next delta renders at once. */
const IDLE_AFTER_MS = 16;

export class StreamingMarkdown {
  private readonly md: MarkdownIt;
  private readonly schedule: (render: () => void) => () => void;
  private readonly onRender: (() => void) | undefined;

  /** Source already rendered for good, kept for `text` and for the checks at the end. */
  private readonly committedChunks: string[] = [];
  /** Source not yet committed (newlines normalised as markdown-it does). */
  private pending = '';
  private pendingNewlines = 0;
  private endsWithCarriageReturn = false;
  /** Link reference definitions found in committed blocks, visible to later blocks. */
  private readonly env: MarkdownEnv = {};
  private sawReferences = false;

  private tailNodes: ChildNode[] = [];
  /** The HTML the tail nodes were made from; undefined when they were made another way. */
  private tailHtml: string | undefined = '';
  private openFence: OpenFence | undefined;
  private openList: OpenList | undefined;
  private cancelScheduled: (() => void) | undefined;
  /** performance.now() before which the next scheduled render waits (see TAIL_RENDER_SHARE). */
  private notBefore = 0;
  /** performance.now() when the last render ended. */
  private lastRenderEnded = -Infinity;
  private dirty = false;

  constructor(
    private readonly container: HTMLElement,
    options: StreamingMarkdownOptions = {},
  ) {
    this.md = options.md ?? sharedMarkdown();
    this.schedule = options.schedule ?? nextFrame;
    this.onRender = options.onRender;
  }

  /** Everything appended so far. */
  get text(): string {
    return this.committedChunks.join('') + this.pending;
  }

  /** Adds a delta; the DOM catches up now when the stream was idle, else on the next frame. */
  append(delta: string): void {
    let text = delta;
    if (this.endsWithCarriageReturn && text.startsWith('\n')) {
      text = text.slice(1);
    }
    if (delta.length > 0) {
      this.endsWithCarriageReturn = delta.endsWith('\r');
    }
    text = text.replace(/\r\n?/g, '\n');
    if (!text) {
      return;
    }
    this.pending += text;
    this.pendingNewlines += countNewlines(text);
    this.dirty = true;
    this.requestRender();
  }

  /** Renders what has arrived now instead of on the next frame. */
  flush(): void {
    this.render(false);
  }

  /** The stream is over: renders the rest as final. */
  finish(): void {
    this.render(true);
  }

  /** Stops any pending render (the view is going away). */
  dispose(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
  }

  private requestRender(): void {
    if (this.cancelScheduled) {
      return;
    }
    const now = performance.now();
    if (now - this.lastRenderEnded >= IDLE_AFTER_MS && now >= this.notBefore) {
      // The first delta of a burst (a turn's first token, or any token of a slow stream):
      // rendering it in this task gets it into the coming frame's paint instead of waiting a
      // frame for requestAnimationFrame. Deltas that follow within a frame wait as before.
      this.render(false);
      return;
    }
    this.cancelScheduled = this.schedule(() => {
      this.cancelScheduled = undefined;
      const wait = this.notBefore - performance.now();
      if (wait > 0) {
        const timer = setTimeout(() => {
          this.cancelScheduled = undefined;
          this.requestRender();
        }, wait);
        this.cancelScheduled = () => clearTimeout(timer);
        return;
      }
      this.render(false);
    });
  }

  private render(final: boolean): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
    if (!this.dirty && !final) {
      return;
    }
    this.dirty = false;
    const started = performance.now();
    if (!final && this.openFence && this.growOpenFence(this.openFence)) {
      this.rendered();
      return;
    }
    this.openFence = undefined;
    if (this.openList && this.continueList(this.openList, final)) {
      this.pace(started);
      this.rendered();
      return;
    }

    const env = this.parseEnv();
    const tokens = this.md.parse(this.pending, env);
    const newReferences = this.noteReferences(env);
    const point = final
      ? { tokenIndex: tokens.length, line: this.pendingNewlines + 1 }
      : findCommitPoint(tokens, this.pendingNewlines);
    const hadCommitted = this.committedChunks.length > 0;

    let committedHtml = '';
    if (point && point.tokenIndex > 0) {
      committedHtml = this.renderTokens(tokens.slice(0, point.tokenIndex), env);
      const committedSource = this.commitSource(
        final ? this.pending.length : offsetOfLine(this.pending, point.line),
      );
      if (newReferences && !final) {
        // Keep only the definitions made in the committed part (the tail's may be half-typed).
        this.md.parse(committedSource, this.env);
      }
    }
    const tail = final ? [] : tokens.slice(point?.tokenIndex ?? 0);
    const tailHtml = this.renderTokens(tail, env);

    if (final && this.sawReferences && hadCommitted) {
      // A reference used before its definition only resolves in a whole-document parse; the
      // definitions are rare enough in model output that one full render at the end is cheap.
      this.removeTail();
      this.container.innerHTML = this.md.render(this.text);
    } else if (committedHtml || tailHtml !== this.tailHtml) {
      this.removeTail();
      if (committedHtml) {
        this.container.insertAdjacentHTML('beforeend', committedHtml);
      }
      this.appendTail(tailHtml, this.container);
      this.tailHtml = tailHtml;
    }
    if (!final) {
      this.openFence = this.findOpenFence(tail);
      this.openList = this.openFence ? undefined : this.findOpenList(tail);
      this.pace(started);
    }
    this.rendered();
  }

  private rendered(): void {
    this.lastRenderEnded = performance.now();
    this.onRender?.();
  }

  // ── Open fenced code block ──────────────────────────────────────────────────────────────

  /**
   * The tail is a single fenced code block at the start of `pending` that has not been closed:
   * from now on its new lines are appended as text, until a line closes it.
   */
  private findOpenFence(tail: readonly Token[]): OpenFence | undefined {
    const fence = tail[0];
    if (
      tail.length !== 1 ||
      fence.type !== 'fence' ||
      fence.map?.[0] !== 0 ||
      !this.pending.startsWith(fence.markup)
    ) {
      return undefined;
    }
    const code = this.firstTailElement()?.querySelector('pre > code');
    const bodyStart = this.pending.indexOf('\n') + 1;
    if (!(code instanceof HTMLElement) || bodyStart === 0) {
      return undefined;
    }
    const marker = fence.markup[0] === '`' ? '`' : '~';
    const closing = new RegExp(`^ {0,3}${marker}{${fence.markup.length},}[ \\t]*$`);
    if (closesFence(this.pending.slice(bodyStart, this.pending.lastIndexOf('\n') + 1), closing)) {
      return undefined;
    }
    const state: OpenFence = {
      code,
      closing,
      partialLine: document.createTextNode(''),
      scanned: bodyStart,
    };
    code.replaceChildren(state.partialLine);
    this.tailHtml = undefined;
    this.growOpenFence(state);
    return state;
  }

  /** Appends the lines that arrived since the last render; false when one of them closes the fence. */
  private growOpenFence(fence: OpenFence): boolean {
    const fresh = this.pending.slice(fence.scanned);
    const lastNewline = fresh.lastIndexOf('\n');
    if (lastNewline >= 0) {
      const lines = fresh.slice(0, lastNewline + 1);
      if (closesFence(lines, fence.closing)) {
        return false;
      }
      fence.partialLine.before(lines.replace(/\0/g, '\uFFFD'));
      fence.scanned += lines.length;
    }
    fence.partialLine.data = fresh.slice(lastNewline + 1).replace(/\0/g, '\uFFFD');
    return true;
  }

  // ── Open list ───────────────────────────────────────────────────────────────────────────

  /**
   * The tail is a single top-level list at the start of `pending` whose items before the last
   * complete-line item are final: they stay in the list element, the rest becomes the tail.
   */
  private findOpenList(tail: readonly Token[]): OpenList | undefined {
    const open = tail[0];
    if (!isListOpen(open) || open.map?.[0] !== 0 || closingIndex(tail) !== tail.length - 1) {
      return undefined;
    }
    const items = listItems(tail, 0, tail.length - 1);
    const last = lastIndexWhere(
      items,
      (index) => (tail[index].map?.[0] ?? Infinity) < this.pendingNewlines,
    );
    const element = this.firstTailElement();
    const renderedItems = element ? Array.from(element.children) : [];
    if (last < 1 || !element || renderedItems.length !== items.length) {
      return undefined;
    }
    // The list element and the items before `last` become committed; later items are the tail.
    this.tailNodes = renderedItems
      .slice(last)
      .flatMap((item) => (item.nextSibling ? [item, item.nextSibling] : [item]));
    this.tailHtml = undefined;
    const source = this.commitSource(offsetOfLine(this.pending, tail[items[last]].map?.[0] ?? 0));
    const loose = rendersParagraphs(tail, 0, tail.length - 1);
    return {
      element,
      type: open.type,
      markup: open.markup,
      firstChunk: this.committedChunks.length - 1,
      loose,
      renderedTight: !loose,
      renderedLoose: loose,
      blankBeforeNext: endsWithBlankLine(source),
    };
  }

  /**
   * Renders an open list's next items. Returns false once the list has ended (its last items
   * are committed and `pending` holds what follows) or cannot be continued (it is then given
   * back to `pending` whole); the caller renders `pending` the ordinary way.
   */
  private continueList(list: OpenList, final: boolean): boolean {
    // Decisions use complete lines only: an unfinished line can fake an item or a blank line.
    const completeEnd = final ? this.pending.length : this.pending.lastIndexOf('\n') + 1;
    const env = this.parseEnv();
    const tokens = this.md.parse(this.pending.slice(0, completeEnd), env);
    this.noteReferences(env);
    if (
      tokens[0]?.type !== list.type ||
      tokens[0].markup !== list.markup ||
      tokens[0].map?.[0] !== 0
    ) {
      this.abandonList(list);
      return false;
    }
    const close = closingIndex(tokens);
    const loose = list.loose || list.blankBeforeNext || rendersParagraphs(tokens, 0, close);
    if (loose && list.renderedTight) {
      // The list turned loose: its items get paragraph spacing, so it is rendered again.
      this.abandonList(list);
      return false;
    }
    if (loose) {
      showParagraphs(tokens, 0, close);
    }
    list.loose = loose;
    this.removeTail();

    if (final || close < tokens.length - 1) {
      // A block follows the list on a complete line (or the stream is over): the list is done.
      list.element.insertAdjacentHTML('beforeend', this.renderTokens(tokens.slice(1, close), env));
      this.noteRendered(list);
      const next = tokens[close + 1]?.map?.[0];
      this.commitSource(
        next === undefined ? this.pending.length : offsetOfLine(this.pending, next),
      );
      this.closeList(list);
      return false;
    }

    const items = listItems(tokens, 0, close);
    if (items.length > 1) {
      const lastItem = items[items.length - 1];
      list.element.insertAdjacentHTML(
        'beforeend',
        this.renderTokens(tokens.slice(1, lastItem), env),
      );
      this.noteRendered(list);
      const source = this.commitSource(offsetOfLine(this.pending, tokens[lastItem].map?.[0] ?? 0));
      list.blankBeforeNext = endsWithBlankLine(source);
    }

    // The tail: the last item, unfinished line included, parsed again on its own.
    const shown = this.md.parse(this.pending, this.parseEnv());
    const shownClose = shown[0]?.type === list.type ? closingIndex(shown) : -1;
    if (shownClose > 0) {
      if (loose) {
        showParagraphs(shown, 0, shownClose);
      }
      this.appendTail(this.renderTokens(shown.slice(1, shownClose), env), list.element);
    }
    this.appendTail(this.renderTokens(shown.slice(shownClose + 1), env), this.container);
    this.tailHtml = undefined;
    return true;
  }

  private noteRendered(list: OpenList): void {
    list.renderedLoose ||= list.loose;
    list.renderedTight ||= !list.loose;
  }

  /** The list is complete: if any item was rendered tighter or looser than the list is, render it again. */
  private closeList(list: OpenList): void {
    this.openList = undefined;
    const env = this.parseEnv();
    const tokens = this.md.parse(this.committedChunks.slice(list.firstChunk).join(''), env);
    const close = tokens.length ? closingIndex(tokens) : -1;
    const single = close === tokens.length - 1 && tokens[0]?.type === list.type;
    const loose = single && rendersParagraphs(tokens, 0, close);
    if (single && !(loose ? list.renderedTight : list.renderedLoose)) {
      return;
    }
    const template = document.createElement('template');
    // The newline after the list element is already in place.
    template.innerHTML = this.renderTokens(tokens, env).replace(/\n$/, '');
    list.element.replaceWith(template.content);
  }

  /** Gives the list's source back to `pending`, to be rendered from scratch. */
  private abandonList(list: OpenList): void {
    this.openList = undefined;
    this.removeTail();
    const source = this.committedChunks.splice(list.firstChunk).join('');
    list.element.nextSibling?.remove();
    list.element.remove();
    this.pending = source + this.pending;
    this.pendingNewlines += countNewlines(source);
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────

  /** Moves the first `end` characters of `pending` to the committed source. */
  private commitSource(end: number): string {
    const source = this.pending.slice(0, end);
    this.committedChunks.push(source);
    this.pending = this.pending.slice(end);
    this.pendingNewlines -= countNewlines(source);
    return source;
  }

  private parseEnv(): MarkdownEnv {
    return { references: { ...this.env.references } };
  }

  /** Whether this parse found reference definitions the committed part did not have. */
  private noteReferences(env: MarkdownEnv): boolean {
    const found = countKeys(env.references) > countKeys(this.env.references);
    this.sawReferences ||= found;
    return found;
  }

  private renderTokens(tokens: Token[], env: MarkdownEnv): string {
    return tokens.length ? this.md.renderer.render(tokens, this.md.options, env) : '';
  }

  /** Spaces out scheduled renders so they take at most TAIL_RENDER_SHARE of the time. */
  private pace(started: number): void {
    const now = performance.now();
    this.notBefore = now + (now - started) * (1 / TAIL_RENDER_SHARE - 1);
  }

  private firstTailElement(): HTMLElement | undefined {
    return this.tailNodes.find((node): node is HTMLElement => node instanceof HTMLElement);
  }

  private removeTail(): void {
    for (const node of this.tailNodes) {
      node.remove();
    }
    this.tailNodes = [];
    this.tailHtml = '';
  }

  private appendTail(html: string, parent: HTMLElement): void {
    if (!html) {
      return;
    }
    const template = document.createElement('template');
    template.innerHTML = html;
    this.tailNodes.push(...Array.from(template.content.childNodes));
    parent.append(template.content);
  }
}

/** The next animation frame, or a timer when frames are paused (a hidden webview). */
function nextFrame(render: () => void): () => void {
  let done = false;
  const run = (): void => {
    if (!done) {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      render();
    }
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 250);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

function closesFence(lines: string, closing: RegExp): boolean {
  return lines.split('\n').some((line) => closing.test(line));
}

function countKeys(record: Record<string, unknown> | undefined): number {
  return record ? Object.keys(record).length : 0;
}

function lastIndexWhere<T>(values: readonly T[], test: (value: T) => boolean): number {
  for (let index = values.length - 1; index >= 0; index--) {
    if (test(values[index])) {
      return index;
    }
  }
  return -1;
}
