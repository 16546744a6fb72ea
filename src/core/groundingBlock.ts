// Takes the ```grounding block (see grounding.ts) out of a streamed answer before anyone sees
// it, so its JSON never flashes on screen, is never copied or saved with the answer. Chunks
// arrive cut anywhere: a line that could still become the block's opening fence is held back
// until it is complete (or is clearly something else), everything else passes at once.

import { GROUNDING_FENCE_INFO } from './grounding';

/** An opening fence line: up to three spaces, three or more backticks or tildes, the info string. */
const OPENING = new RegExp(`^ {0,3}(\`{3,}|~{3,})[ \\t]*${GROUNDING_FENCE_INFO}[ \\t]*$`, 'i');

export class GroundingBlockFilter {
  /** The start of a line that may still turn out to open the block. */
  private held = '';
  private atLineStart = true;
  /** Inside the block: the fence that closes it, and the lines so far. */
  private closing: RegExp | undefined;
  private body = '';
  private readonly blocks: string[] = [];

  /** Returns the part of `text` that is answer; the block's lines are kept aside. */
  push(text: string): string {
    let visible = '';
    let rest = this.held + text;
    this.held = '';
    while (rest.length > 0) {
      const newline = rest.indexOf('\n');
      const line = newline === -1 ? rest : rest.slice(0, newline + 1);
      const complete = newline !== -1;
      if (this.closing) {
        if (!complete) {
          this.held = line;
          break;
        }
        if (this.closing.test(line.replace(/\r?\n$/, ''))) {
          this.blocks.push(this.body);
          this.closing = undefined;
          this.body = '';
        } else {
          this.body += line;
        }
      } else if (this.atLineStart && complete && OPENING.test(line.replace(/\r?\n$/, ''))) {
        const fence = OPENING.exec(line.replace(/\r?\n$/, ''))?.[1] ?? '```';
        this.closing = new RegExp(
          `^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`,
        );
      } else if (this.atLineStart && !complete && couldOpen(line)) {
        this.held = line;
        break;
      } else {
        visible += line;
        this.atLineStart = complete;
      }
      rest = rest.slice(line.length);
    }
    return visible;
  }

  /** The end of the stream: what was held back is answer after all (an unclosed block still counts). */
  finish(): string {
    const rest = this.held;
    this.held = '';
    if (this.closing) {
      this.blocks.push(this.body + rest);
      this.closing = undefined;
      this.body = '';
      return '';
    }
    return OPENING.test(rest) ? '' : rest;
  }

  /** The JSON text of every block taken out so far (the last one is the one to use). */
  get blockTexts(): readonly string[] {
    return this.blocks;
  }
}

/** The answer without its grounding blocks, and the last block's text, for a whole answer. */
export function splitGroundingBlock(answer: string): { answer: string; block: string | undefined } {
  const filter = new GroundingBlockFilter();
  const visible = filter.push(answer) + filter.finish();
  return { answer: visible, block: filter.blockTexts.at(-1) };
}

/** Whether a partial line may still become the opening fence. */
function couldOpen(partial: string): boolean {
  const match = /^ {0,3}([`~]*)[ \t]*([a-z]*)([ \t]*)\r?$/i.exec(partial);
  if (!match) {
    return false;
  }
  const [, fence, info, trailing] = match;
  if (!fence) {
    return !info && !trailing;
  }
  if (!/^(`+|~+)$/.test(fence)) {
    return false;
  }
  const word = info.toLowerCase();
  return trailing ? word === GROUNDING_FENCE_INFO : GROUNDING_FENCE_INFO.startsWith(word);
}
