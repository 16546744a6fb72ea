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

export function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    count++;
  }
  return count;
}

export function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let seen = 0; seen < line; seen++) {
    offset = text.indexOf('\n', offset) + 1;
  }
  return offset;
}
