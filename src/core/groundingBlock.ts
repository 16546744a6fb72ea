// Takes the ```grounding block (see grounding.ts) out of a streamed answer before anyone sees
// it, so its JSON never flashes on screen, is never copied or saved with the answer. Chunks
// arrive cut anywhere: a line that could still become the block's opening fence is held back
// until it is complete (or is clearly something else), everything else passes at once.

import { GROUNDING_FENCE_INFO } from './grounding';

/**
 * An opening fence line: up to three spaces, three or more backticks or tildes, the info string.
 */
const OPENING = new RegExp(`^ {0,3}(\`{3,}|~{3,})[ \\t]*${GROUNDING_FENCE_INFO}[ \\t]*$`, 'i');

/**
 * Longer lines are never fences: a fence line is a few characters, and holding back (and
 * re-reading on every delta) a line that could grow without end would make each delta's cost
 * grow with the answer. 40,000 spaces and a "!" froze the extension host for 4 s that way.
 */
export const MAX_FENCE_LINE_CHARS = 256;

/**
 * Every delta costs O(its length + MAX_FENCE_LINE_CHARS): a line is scanned once, a partial line
 * is held back only while it is short and may still open the block.
 */
export class GroundingBlockFilter {
  /** The start of a line that may still turn out to open the block (at most the limit). */
  private held = '';
  private atLineStart = true;
  /** Inside the block: the fence that closes it, the lines so far, and the line being read. */
  private closing: RegExp | undefined;
  private body = '';
  private blockLine = '';
  /** The line being read inside the block is too long to be the closing fence. */
  private blockLineIsBody = false;
  private readonly blocks: string[] = [];

  /** Returns the part of `text` that is answer; the block's lines are kept aside. */
  push(text: string): string {
    let visible = '';
    let position = 0;
    while (position < text.length) {
      const newline = text.indexOf('\n', position);
      const end = newline === -1 ? text.length : newline + 1;
      const piece = text.slice(position, end);
      const complete = newline !== -1;
      position = end;
      if (this.closing) {
        this.readBlockLine(piece, complete);
      } else if (!this.atLineStart) {
        // The rest of a line already known not to open the block.
        visible += piece;
        this.atLineStart = complete;
      } else {
        visible += this.readLineStart(piece, complete);
      }
    }
    return visible;
  }

  /**
   * The end of the stream: what was held back is answer after all (an unclosed block still counts).
   */
  finish(): string {
    const rest = this.held;
    this.held = '';
    if (this.closing) {
      this.blocks.push(this.body + this.blockLine + rest);
      this.closing = undefined;
      this.body = '';
      this.blockLine = '';
      this.blockLineIsBody = false;
      return '';
    }
    return isOpening(rest) ? '' : rest;
  }

  /** The JSON text of every block taken out so far (the last one is the one to use). */
  get blockTexts(): readonly string[] {
    return this.blocks;
  }

  /** A piece of a line that started at a line start: held, opened the block, or answer. */
  private readLineStart(piece: string, complete: boolean): string {
    const line = this.held + piece;
    this.held = '';
    if (complete) {
      const fence = openingFence(line);
      if (fence) {
        this.closing = new RegExp(
          `^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`,
        );
        return '';
      }
      return line;
    }
    if (couldOpen(line)) {
      this.held = line;
      return '';
    }
    this.atLineStart = false;
    return line;
  }

  private readBlockLine(piece: string, complete: boolean): void {
    if (this.blockLineIsBody) {
      this.body += piece;
    } else {
      this.blockLine += piece;
      if (this.blockLine.length > MAX_FENCE_LINE_CHARS + 2) {
        this.body += this.blockLine;
        this.blockLine = '';
        this.blockLineIsBody = true;
      }
    }
    if (!complete) {
      return;
    }
    if (!this.blockLineIsBody && this.closing?.test(this.blockLine.replace(/\r?\n$/, ''))) {
      this.blocks.push(this.body);
      this.closing = undefined;
      this.body = '';
    } else {
      this.body += this.blockLine;
    }
    this.blockLine = '';
    this.blockLineIsBody = false;
  }
}

/** The answer without its grounding blocks, and the last block's text, for a whole answer. */
export function splitGroundingBlock(answer: string): { answer: string; block: string | undefined } {
  const filter = new GroundingBlockFilter();
  const visible = filter.push(answer) + filter.finish();
  return { answer: visible, block: filter.blockTexts.at(-1) };
}

/** The fence of a complete opening line (newline included or not), or undefined. */
function openingFence(line: string): string | undefined {
  const text = line.replace(/\r?\n$/, '');
  return text.length <= MAX_FENCE_LINE_CHARS ? OPENING.exec(text)?.[1] : undefined;
}

function isOpening(line: string): boolean {
  return openingFence(line) !== undefined;
}

const isBlank = (character: string | undefined): boolean => character === ' ' || character === '\t';

/**
 * Whether a partial line (no newline yet) may still become the opening fence: up to three
 * spaces, then nothing yet, or a run of one fence character (three or more before anything
 * follows it), blanks, a prefix of the info string, and blanks after the whole of it. One pass.
 */
function couldOpen(partial: string): boolean {
  if (partial.length > MAX_FENCE_LINE_CHARS) {
    return false;
  }
  const text = partial.endsWith('\r') ? partial.slice(0, -1) : partial;
  let index = 0;
  while (index < 3 && text[index] === ' ') {
    index++;
  }
  const fenceCharacter = text[index];
  if (fenceCharacter === undefined) {
    return true;
  }
  if (fenceCharacter !== '`' && fenceCharacter !== '~') {
    return false;
  }
  const fenceStart = index;
  while (text[index] === fenceCharacter) {
    index++;
  }
  if (index === text.length) {
    return true;
  }
  if (index - fenceStart < 3) {
    return false;
  }
  while (isBlank(text[index])) {
    index++;
  }
  const wordStart = index;
  while (index < text.length && /[a-z]/i.test(text[index])) {
    index++;
  }
  const word = text.slice(wordStart, index).toLowerCase();
  const trailingStart = index;
  while (isBlank(text[index])) {
    index++;
  }
  if (index !== text.length) {
    return false;
  }
  return index > trailingStart
    ? word === GROUNDING_FENCE_INFO
    : GROUNDING_FENCE_INFO.startsWith(word);
}
