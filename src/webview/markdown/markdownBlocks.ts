// Facts about markdown-it's token stream and source lines that the streaming renderer needs to
// decide which blocks are final. Pure functions, no DOM.

import type { Token } from 'markdown-it';

/** Where the final part of a parse ends. */
export interface CommitPoint {
  /** Tokens before this index belong to final blocks. */
  readonly tokenIndex: number;
  /** The source line (relative to the parsed text) the first block that is not final starts on. */
  readonly line: number;
}

/**
 * In CommonMark a line that opens a top-level block does so because of its own text and the
 * lines before it, so later text can only extend or reshape the last block (setext underlines,
 * table delimiter rows, more list items, an unclosed fence), never the blocks before it. A block
 * that starts on the unfinished last line is not trusted: more characters can turn it into a
 * continuation ("#" is a heading, "#tag" continues the paragraph above).
 *
 * So for a parse of `completeLines` newline-terminated lines followed by an optional partial
 * line, every top-level block before the last one that starts on a complete line is final.
 * Returns undefined when no block is known to be final yet.
 */
export function findCommitPoint(
  tokens: readonly Token[],
  completeLines: number,
): CommitPoint | undefined {
  let blocks = 0;
  let candidate: CommitPoint | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token.level !== 0 || token.nesting === -1 || !token.map) {
      continue;
    }
    if (blocks > 0 && token.map[0] < completeLines) {
      candidate = { tokenIndex: index, line: token.map[0] };
    }
    blocks++;
  }
  return candidate;
}

export function isListOpen(token: Token | undefined): boolean {
  return token?.type === 'bullet_list_open' || token?.type === 'ordered_list_open';
}

/** The index of the token that closes the top-level block opened by `tokens[open]`. */
export function closingIndex(tokens: readonly Token[], open = 0): number {
  if (tokens[open].nesting !== 1) {
    return open;
  }
  for (let index = open + 1; index < tokens.length; index++) {
    if (tokens[index].level === tokens[open].level && tokens[index].nesting === -1) {
      return index;
    }
  }
  return tokens.length - 1;
}

/** Indices of the items of the top-level list `tokens[open..close]`. */
export function listItems(tokens: readonly Token[], open: number, close: number): number[] {
  const items: number[] = [];
  for (let index = open + 1; index < close; index++) {
    if (tokens[index].type === 'list_item_open' && tokens[index].level === tokens[open].level + 1) {
      items.push(index);
    }
  }
  return items;
}

/**
 * Whether the list renders its items' paragraphs (a loose list) rather than hiding them (tight).
 * markdown-it marks the paragraphs two levels below a tight list as hidden.
 */
export function rendersParagraphs(tokens: readonly Token[], open: number, close: number): boolean {
  const level = tokens[open].level + 2;
  for (let index = open + 1; index < close; index++) {
    if (
      tokens[index].type === 'paragraph_open' &&
      tokens[index].level === level &&
      !tokens[index].hidden
    ) {
      return true;
    }
  }
  return false;
}

/** Makes a list render as loose: the items of a list parsed on its own may look tight. */
export function showParagraphs(tokens: readonly Token[], open: number, close: number): void {
  const level = tokens[open].level + 2;
  for (let index = open + 1; index < close; index++) {
    const token = tokens[index];
    if (
      (token.type === 'paragraph_open' || token.type === 'paragraph_close') &&
      token.level === level
    ) {
      token.hidden = false;
    }
  }
}

/** The source ends with a blank line (before the next list item this makes the list loose). */
export function endsWithBlankLine(source: string): boolean {
  return /\n[ \t]*\n$/.test(source) || /^[ \t]*\n$/.test(source);
}

/** Newlines in `text` from offset `from` on. */
export function countNewlines(text: string, from = 0): number {
  let count = 0;
  for (let index = text.indexOf('\n', from); index !== -1; index = text.indexOf('\n', index + 1)) {
    count++;
  }
  return count;
}

/** Where line `line` (0-based) of `text` starts; the end of `text` when it has fewer lines. */
export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let seen = 0; seen < line; seen++) {
    const newline = text.indexOf('\n', offset);
    if (newline === -1) {
      return text.length;
    }
    offset = newline + 1;
  }
  return offset;
}

/**
 * markdown-it stops a table once the body rows have left this many cells to fill in (rows with
 * fewer cells than the header), counted over the whole table (its rules_block/table.mjs).
 */
export const MAX_AUTOCOMPLETED_CELLS = 0x10000;

/**
 * How many cells markdown-it's table rule reads from a row line: the line split at pipes that
 * are not escaped by a backslash, without an empty first and last piece (its `escapedSplit`).
 */
export function tableCellCount(line: string): number {
  const text = line.trim();
  if (!text) {
    return 0;
  }
  let pieces = 1;
  let escaped = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x7c && !escaped) {
      pieces++;
    }
    escaped = code === 0x5c;
  }
  // The first piece is empty when the line starts with a pipe, the last when it ends with one
  // that is not escaped.
  if (text.charCodeAt(0) === 0x7c) {
    pieces--;
  }
  const last = text.length - 1;
  if (
    pieces > 0 &&
    text.charCodeAt(last) === 0x7c &&
    (last === 0 || text.charCodeAt(last - 1) !== 0x5c)
  ) {
    pieces--;
  }
  return pieces;
}

/** The token indices of the body rows (`tr_open`) of the table `tokens[open..close]`. */
export function tableBodyRows(tokens: readonly Token[], open: number, close: number): number[] {
  const rows: number[] = [];
  let inBody = false;
  for (let index = open + 1; index < close; index++) {
    const type = tokens[index].type;
    if (type === 'tbody_open') {
      inBody = true;
    } else if (type === 'tbody_close') {
      inBody = false;
    } else if (inBody && type === 'tr_open') {
      rows.push(index);
    }
  }
  return rows;
}
