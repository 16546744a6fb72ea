// Splits streamed `content` into reasoning and answer for models that inline their reasoning as
// <think>…</think> (DeepSeek R1, QwQ, many Ollama models) or <thought>…</thought> (Gemma-style).
// Chunks arrive cut anywhere, so a tail that could still become a tag is held back until the
// next chunk (or `flush`) settles it; anything that cannot be a tag is released at once.

export interface SplitPiece {
  readonly kind: 'reasoning' | 'answer';
  readonly text: string;
}

const OPENING_TAGS: Readonly<Record<string, string>> = {
  '<think>': '</think>',
  '<thought>': '</thought>',
};

export class ThinkTagSplitter {
  /** Text not yet classified: only ever a possible prefix of a tag. */
  private pending = '';
  /** The closing tag we are waiting for while inside a reasoning block. */
  private closingTag: string | undefined;

  push(text: string): SplitPiece[] {
    const pieces: SplitPiece[] = [];
    let rest = this.pending + text;
    this.pending = '';
    while (rest.length > 0) {
      const kind = this.closingTag ? 'reasoning' : 'answer';
      const wanted = this.closingTag ? [this.closingTag] : Object.keys(OPENING_TAGS);
      const found = findFirstTag(rest, wanted);
      if (found) {
        appendPiece(pieces, kind, rest.slice(0, found.index));
        this.closingTag = this.closingTag ? undefined : OPENING_TAGS[found.tag];
        rest = rest.slice(found.index + found.tag.length);
        continue;
      }
      const heldFrom = startOfPossibleTagPrefix(rest, wanted);
      appendPiece(pieces, kind, rest.slice(0, heldFrom));
      this.pending = rest.slice(heldFrom);
      break;
    }
    return pieces;
  }

  /** End of stream: a held-back tail was not a tag after all, so it is plain text. */
  flush(): SplitPiece[] {
    const pieces: SplitPiece[] = [];
    appendPiece(pieces, this.closingTag ? 'reasoning' : 'answer', this.pending);
    this.pending = '';
    return pieces;
  }
}

function appendPiece(pieces: SplitPiece[], kind: SplitPiece['kind'], text: string): void {
  if (text.length > 0) {
    pieces.push({ kind, text });
  }
}

function findFirstTag(
  text: string,
  tags: readonly string[],
): { index: number; tag: string } | undefined {
  let first: { index: number; tag: string } | undefined;
  for (const tag of tags) {
    const index = text.indexOf(tag);
    if (index >= 0 && (!first || index < first.index)) {
      first = { index, tag };
    }
  }
  return first;
}

/** Index of the earliest '<' whose suffix is a proper prefix of some tag, else text.length. */
function startOfPossibleTagPrefix(text: string, tags: readonly string[]): number {
  const longest = Math.max(...tags.map((tag) => tag.length));
  for (let index = Math.max(0, text.length - longest + 1); index < text.length; index++) {
    if (text[index] !== '<') {
      continue;
    }
    const tail = text.slice(index);
    if (tags.some((tag) => tag.startsWith(tail))) {
      return index;
    }
  }
  return text.length;
}
