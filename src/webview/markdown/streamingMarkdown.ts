// Renders markdown that arrives in small deltas, in time linear in its length.
//
// A delta only joins a buffer; the DOM catches up at most once per animation frame. The source is
// split into a committed prefix, whose blocks are final and were rendered and appended to the
// DOM exactly once, and a live tail that is re-parsed and re-rendered (see findCommitPoint for
// why a block can be known to be final). The tail is normally the last top-level block, so its
// cost is bounded by that block. Four refinements keep one huge block from costing a full
// re-render per frame:
// - an unclosed fenced code block grows by appending its new lines as text, without parsing,
//   and once closed stays as it is (its blocks of lines are what a render would give);
// - a top-level list becomes an open list: its final items are appended to the list element
//   and only the last item is re-rendered (whether the list is loose is checked again when the
//   list ends, and the list re-rendered once if it changed);
// - a table becomes an open table: each new complete row is parsed on its own (under the
//   table's header) and appended to its body; only the unfinished row is re-rendered;
// - any other tail is re-rendered no more often than keeps that under a fifth of the time.
// When the stream finishes, the container holds exactly what rendering it all at once gives.

import type { Env, MarkdownIt, Token } from 'markdown-it';
import { CODE_BLOCK_LINES, sharedMarkdown } from './markdown';
import {
  closingIndex,
  countNewlines,
  endsWithBlankLine,
  findCommitPoint,
  isListOpen,
  listItems,
  MAX_AUTOCOMPLETED_CELLS,
  offsetOfLine,
  rendersParagraphs,
  showParagraphs,
  tableBodyRows,
  tableCellCount,
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
  /** The block of lines being filled (see appendCode), and how many lines it holds. */
  lines: HTMLElement | undefined;
  lineCount: number;
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

/** A table whose header and final rows are in the DOM; `pending` starts with its next row. */
interface OpenTable {
  /** The table's wrapper (`div.md-table`), the committed node the table is. */
  readonly element: HTMLElement;
  readonly table: HTMLTableElement;
  /** The body, once a row is final (markdown-it writes none for a table without rows). */
  body: HTMLTableSectionElement | undefined;
  /** The header and delimiter lines: every row is parsed under them. */
  readonly header: string;
  readonly columns: number;
  /** Cells the final rows left empty (markdown-it ends a table at MAX_AUTOCOMPLETED_CELLS). */
  autocompleted: number;
  /** The index in `committedChunks` where the table's source starts. */
  readonly firstChunk: number;
}

/** Tail renders may take at most this share of the time. */
const TAIL_RENDER_SHARE = 0.2;
/** A render this long ago means the stream was idle: the next delta renders at once. */
const IDLE_AFTER_MS = 16;
/**
 * While deltas keep coming, renders are at least this far apart. Each render costs a frame's
 * style, layout, paint and commit, which grow with the answer, whatever the text it adds; at
 * 2,000 tokens/s rendering every frame kept the main thread busy a third of the time. Twenty
 * updates a second still show text arriving as it streams (chat interfaces update on a similar
 * beat), and the first delta after a pause is shown at once.
 */
const MIN_RENDER_INTERVAL_MS = 50;
/** How long before a due render its frame is asked for (about half a frame). */
const FRAME_LEAD_MS = 8;

export class StreamingMarkdown {
  private readonly md: MarkdownIt;
  private readonly schedule: (render: () => void) => () => void;
  private readonly onRender: (() => void) | undefined;

  /** Source already rendered for good, kept for `text` and for the checks at the end. */
  private readonly committedChunks: string[] = [];
  /** Source not yet committed (newlines normalised as markdown-it does). */
  private pending = '';
  /** Newlines in `pending` up to `counted` (counted when rendering, not per delta). */
  private pendingNewlines = 0;
  private counted = 0;
  private endsWithCarriageReturn = false;
  /** Link reference definitions found in committed blocks, visible to later blocks. */
  private readonly env: MarkdownEnv = {};
  private sawReferences = false;

  private tailNodes: ChildNode[] = [];
  /** The HTML the tail nodes were made from; undefined when they were made another way. */
  private tailHtml: string | undefined = '';
  private openFence: OpenFence | undefined;
  private openList: OpenList | undefined;
  private openTable: OpenTable | undefined;
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

  /**
   * Adds a delta; the DOM catches up now when the stream was idle, else on the next frame. Runs
   * for every token of a fast stream, so it only joins the buffer and asks for a frame.
   */
  append(delta: string): void {
    let text = delta;
    if (this.endsWithCarriageReturn || text.includes('\r')) {
      if (this.endsWithCarriageReturn && text.startsWith('\n')) {
        text = text.slice(1);
      }
      if (delta.length > 0) {
        this.endsWithCarriageReturn = delta.endsWith('\r');
      }
      text = text.replace(/\r\n?/g, '\n');
    }
    if (!text) {
      return;
    }
    this.pending += text;
    this.dirty = true;
    if (!this.cancelScheduled) {
      this.requestRender();
    }
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
      // frame for requestAnimationFrame. Deltas that follow wait for a frame.
      this.render(false);
      return;
    }
    const renderInFrame = (): void => {
      this.cancelScheduled = this.schedule(() => {
        this.cancelScheduled = undefined;
        this.render(false);
      });
    };
    // Renders run in animation frames only, so the DOM changes right before the frame's own
    // style and layout, and nothing reads a layout made stale between frames.
    const wait = this.notBefore - now - FRAME_LEAD_MS;
    if (wait > 0) {
      const timer = setTimeout(renderInFrame, wait);
      this.cancelScheduled = () => clearTimeout(timer);
    } else {
      renderInFrame();
    }
  }

  private render(final: boolean): void {
    this.cancelScheduled?.();
    this.cancelScheduled = undefined;
    if (!this.dirty && !final) {
      return;
    }
    this.dirty = false;
    const started = performance.now();
    this.countNewlines();
    if (this.openFence) {
      const closedAt = this.growOpenFence(this.openFence, final);
      if (closedAt === undefined) {
        this.rendered();
        return;
      }
      // The code block is final as it stands: its text is what a render of it gives.
      this.openFence = undefined;
      this.tailNodes = [];
      this.tailHtml = '';
      this.commitSource(closedAt);
    }
    if (this.openList && this.continueList(this.openList, final)) {
      this.pace(started);
      this.rendered();
      return;
    }
    if (this.openTable && this.continueTable(this.openTable, final)) {
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
      this.openTable = this.openFence || this.openList ? undefined : this.findOpenTable(tail);
      this.pace(started);
    }
    this.rendered();
  }

  private rendered(): void {
    this.lastRenderEnded = performance.now();
    this.notBefore = Math.max(this.notBefore, this.lastRenderEnded + MIN_RENDER_INTERVAL_MS);
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
      lines: undefined,
      lineCount: 0,
    };
    code.replaceChildren(state.partialLine);
    this.tailHtml = undefined;
    this.growOpenFence(state, false);
    return state;
  }

  /**
   * Appends the lines that arrived since the last render. Once a complete line closes the fence
   * (or the stream is over), returns the offset in `pending` where the code block's source ends.
   */
  private growOpenFence(fence: OpenFence, final: boolean): number | undefined {
    const end = final ? this.pending.length : this.pending.lastIndexOf('\n') + 1;
    let closingEnd: number | undefined;
    if (end > fence.scanned) {
      const lines = this.pending.slice(fence.scanned, end);
      const closing = closingLine(lines, fence.closing);
      const body = closing ? lines.slice(0, closing.start) : lines;
      appendCode(fence, body.replace(/\0/g, '\uFFFD'));
      fence.scanned += body.length;
      closingEnd = closing && fence.scanned + closing.end - closing.start;
    }
    if (closingEnd !== undefined || final) {
      // Final as it stands: its blocks of lines are what a render of the whole code block makes.
      fence.partialLine.remove();
      return closingEnd ?? this.pending.length;
    }
    fence.partialLine.data = this.pending.slice(end).replace(/\0/g, '\uFFFD');
    return undefined;
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
    this.counted += source.length;
  }

  // ── Open table ──────────────────────────────────────────────────────────────────────────

  /**
   * The tail is a single table at the start of `pending` whose header and delimiter lines are
   * complete: its rows on complete lines are final (a later line can end the table, never change
   * a row), so they stay in its body; the row on the unfinished line is the tail.
   */
  private findOpenTable(tail: readonly Token[]): OpenTable | undefined {
    const open = tail[0];
    const element = this.firstTailElement();
    const table = element?.firstElementChild;
    if (
      open?.type !== 'table_open' ||
      open.map?.[0] !== 0 ||
      closingIndex(tail) !== tail.length - 1 ||
      this.pendingNewlines < 2 ||
      !element ||
      !(table instanceof HTMLTableElement)
    ) {
      return undefined;
    }
    const rows = tableBodyRows(tail, 0, tail.length - 1);
    const final = rows.filter((index) => (tail[index].map?.[0] ?? Infinity) < this.pendingNewlines);
    const body = table.tBodies[0];
    const renderedRows = body ? Array.from(body.rows) : [];
    if (renderedRows.length !== rows.length) {
      return undefined;
    }
    // The table (with its final rows) becomes committed; the unfinished row, or a body holding
    // only it, stays the tail.
    const tailRows = renderedRows.slice(final.length);
    this.tailNodes =
      final.length === 0 && body
        ? withNextSibling(body)
        : tailRows.flatMap((row) => withNextSibling(row));
    this.tailHtml = undefined;
    const header = this.pending.slice(0, offsetOfLine(this.pending, 2));
    const firstChunk = this.committedChunks.length;
    const source = this.commitSource(offsetOfLine(this.pending, 2 + final.length));
    const columns = tableCellCount(header.slice(0, header.indexOf('\n')));
    let autocompleted = 0;
    for (const line of source.slice(header.length).split('\n').slice(0, final.length)) {
      autocompleted += columns - tableCellCount(line);
    }
    return {
      element,
      table,
      body: final.length > 0 ? body : undefined,
      header,
      columns,
      autocompleted,
      firstChunk,
    };
  }

  /**
   * Appends the table's new final rows and renders its unfinished one. Returns false once the
   * table has ended (`pending` then holds what follows it), or cannot be continued (its source
   * is then given back to `pending` whole); the caller renders `pending` the ordinary way.
   */
  private continueTable(table: OpenTable, final: boolean): boolean {
    const completeEnd = final ? this.pending.length : this.pending.lastIndexOf('\n') + 1;
    this.removeTail();
    const env = this.parseEnv();
    let rowCount = 0;
    let ended = final;
    if (completeEnd > 0) {
      const lines = this.pending.slice(0, completeEnd);
      const tokens = this.md.parse(table.header + lines, env);
      if (tokens[0]?.type !== 'table_open' || tokens[0].map?.[0] !== 0) {
        this.abandonTable(table);
        return false;
      }
      const rows = tableBodyRows(tokens, 0, closingIndex(tokens));
      const lineTexts = lines.split('\n');
      const lineCount = lineTexts.length - (lines.endsWith('\n') ? 1 : 0);
      // markdown-it counts the cells left empty over the whole table, not over this parse.
      const before = table.autocompleted;
      let inThisParse = 0;
      for (; rowCount < lineCount; rowCount++) {
        inThisParse += table.columns - tableCellCount(lineTexts[rowCount]);
        if (rowCount >= rows.length || before + inThisParse > MAX_AUTOCOMPLETED_CELLS) {
          break;
        }
        table.autocompleted = before + inThisParse;
      }
      if (
        rowCount === rows.length &&
        rowCount < lineCount &&
        inThisParse > MAX_AUTOCOMPLETED_CELLS &&
        before + inThisParse <= MAX_AUTOCOMPLETED_CELLS
      ) {
        // This parse stopped at its own count of empty cells, which earlier rows with extra cells
        // lower: the whole table reads on. Only hostile tables get here; render it from scratch.
        this.abandonTable(table);
        return false;
      }
      ended ||= rowCount < lineCount;
      if (rowCount > 0) {
        const last = rows[rowCount - 1];
        const html = this.renderTokens(tokens.slice(rows[0], closingIndex(tokens, last) + 1), env);
        this.appendRows(table, html, false);
        this.commitSource(offsetOfLine(this.pending, rowCount));
      }
    }
    if (ended) {
      this.openTable = undefined;
      return false;
    }
    // The tail: the unfinished line, as a row if it reads as one, else as what follows the table.
    const partial = this.pending;
    if (partial) {
      const tokens = this.md.parse(table.header + partial, env);
      const rows =
        tokens[0]?.type === 'table_open' ? tableBodyRows(tokens, 0, closingIndex(tokens)) : [];
      const fits =
        table.autocompleted + table.columns - tableCellCount(partial) <= MAX_AUTOCOMPLETED_CELLS;
      if (rows.length === 1 && fits) {
        this.appendRows(
          table,
          this.renderTokens(tokens.slice(rows[0], closingIndex(tokens, rows[0]) + 1), env),
          true,
        );
      } else {
        this.appendTail(this.renderTokens(this.md.parse(partial, env), env), this.container);
      }
    }
    this.tailHtml = undefined;
    return true;
  }

  /** Adds rendered rows to the table's body (making the body when it has none), as tail or for good. */
  private appendRows(table: OpenTable, rowsHtml: string, asTail: boolean): void {
    if (table.body) {
      if (asTail) {
        this.appendTail(rowsHtml, table.body);
      } else {
        table.body.insertAdjacentHTML('beforeend', rowsHtml);
      }
      return;
    }
    const html = `<tbody>\n${rowsHtml}</tbody>\n`;
    if (asTail) {
      this.appendTail(html, table.table);
    } else {
      table.table.insertAdjacentHTML('beforeend', html);
      table.body = table.table.tBodies[0];
    }
  }

  /** Gives the table's source back to `pending`, to be rendered from scratch. */
  private abandonTable(table: OpenTable): void {
    this.openTable = undefined;
    this.removeTail();
    const source = this.committedChunks.splice(table.firstChunk).join('');
    table.element.nextSibling?.remove();
    table.element.remove();
    this.pending = source + this.pending;
    this.pendingNewlines += countNewlines(source);
    this.counted += source.length;
  }

  // ── Helpers ─────────────────────────────────────────────────────────────────────────────

  /** Counts the newlines that arrived since the last render (`append` leaves that to here). */
  private countNewlines(): void {
    this.pendingNewlines += countNewlines(this.pending, this.counted);
    this.counted = this.pending.length;
  }

  /** Moves the first `end` characters of `pending` to the committed source. */
  private commitSource(end: number): string {
    const source = this.pending.slice(0, end);
    this.committedChunks.push(source);
    this.pending = this.pending.slice(end);
    this.pendingNewlines -= countNewlines(source);
    this.counted -= source.length;
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

/** Appends whole lines to the open code block, filling its blocks of CODE_BLOCK_LINES lines. */
function appendCode(fence: OpenFence, text: string): void {
  for (let start = 0; start < text.length;) {
    if (!fence.lines || fence.lineCount >= CODE_BLOCK_LINES) {
      fence.lines = document.createElement('span');
      fence.lines.className = 'code-lines';
      fence.partialLine.before(fence.lines);
      fence.lineCount = 0;
    }
    let end = start;
    while (fence.lineCount < CODE_BLOCK_LINES && end < text.length) {
      const newline = text.indexOf('\n', end);
      end = newline === -1 ? text.length : newline + 1;
      fence.lineCount++;
    }
    fence.lines.append(text.slice(start, end));
    start = end;
  }
}

function closesFence(lines: string, closing: RegExp): boolean {
  return closingLine(lines, closing) !== undefined;
}

/** Where in `lines` the first line that `closing` matches starts and ends (its newline included). */
function closingLine(lines: string, closing: RegExp): { start: number; end: number } | undefined {
  for (let start = 0; start < lines.length;) {
    const newline = lines.indexOf('\n', start);
    const end = newline === -1 ? lines.length : newline + 1;
    if (closing.test(lines.slice(start, newline === -1 ? end : newline))) {
      return { start, end };
    }
    start = end;
  }
  return undefined;
}

/** A node and the newline text markdown-it writes after it, if that follows. */
function withNextSibling(node: ChildNode): ChildNode[] {
  return node.nextSibling ? [node, node.nextSibling] : [node];
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
