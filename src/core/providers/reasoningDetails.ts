// OpenRouter's structured reasoning: `reasoning_details`, an array of blocks that arrives in
// pieces across stream deltas. Text and summary blocks are shown as reasoning; encrypted blocks
// are opaque. The whole array goes back on the next turn exactly as the model produced it
// (https://openrouter.ai/docs/use-cases/reasoning-tokens#preserving-reasoning-blocks), so the
// pieces are merged back into whole blocks, never reordered or rewritten.

/** One block as OpenRouter documents it; unknown fields (signature, format, id) are kept as is. */
export type ReasoningDetail =
  | {
      readonly type: 'reasoning.text';
      readonly text?: string;
      readonly signature?: string | null;
      readonly [field: string]: unknown;
    }
  | {
      readonly type: 'reasoning.summary';
      readonly summary?: string;
      readonly [field: string]: unknown;
    }
  | {
      readonly type: 'reasoning.encrypted';
      readonly data?: string;
      readonly [field: string]: unknown;
    };

const DETAIL_TYPES = new Set(['reasoning.text', 'reasoning.summary', 'reasoning.encrypted']);

/** The blocks of one delta's `reasoning_details`, ignoring anything that is not one. */
export function parseReasoningDetails(value: unknown): ReasoningDetail[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(
    (item): item is ReasoningDetail =>
      typeof item === 'object' &&
      item !== null &&
      DETAIL_TYPES.has((item as { type?: unknown }).type as string),
  );
}

/**
 * The human-readable part of some blocks: text and summaries, in order; encrypted blocks add
 * nothing.
 */
export function readableReasoning(details: readonly ReasoningDetail[]): string {
  return details
    .map((detail) => {
      if (detail.type === 'reasoning.text') {
        return typeof detail.text === 'string' ? detail.text : '';
      }
      if (detail.type === 'reasoning.summary') {
        return typeof detail.summary === 'string' ? detail.summary : '';
      }
      return '';
    })
    .join('');
}

/**
 * Collects the pieces of a streamed `reasoning_details` array into whole blocks: a piece with
 * the same `type` and `index` as the block before it continues that block (its text, summary
 * or data appended, later metadata such as a signature kept); anything else starts a new block.
 */
export class ReasoningDetailsCollector {
  private readonly blocks: Record<string, unknown>[] = [];
  private collectedCharacters = 0;

  /**
   * The characters of every string collected so far. The blocks' `data` (encrypted reasoning) is
   * never shown, so the turn's text limit does not see it: the stream's reader caps this instead.
   */
  get characters(): number {
    return this.collectedCharacters;
  }

  push(pieces: readonly ReasoningDetail[]): void {
    for (const piece of pieces) {
      for (const value of Object.values(piece)) {
        if (typeof value === 'string') {
          this.collectedCharacters += value.length;
        }
      }
      const last = this.blocks.at(-1);
      if (last && continues(last, piece)) {
        for (const [key, value] of Object.entries(piece)) {
          if (
            (key === 'text' || key === 'summary' || key === 'data') &&
            typeof value === 'string'
          ) {
            last[key] = (typeof last[key] === 'string' ? last[key] : '') + value;
          } else if (value !== undefined && value !== null) {
            last[key] = value;
          }
        }
      } else {
        this.blocks.push({ ...piece });
      }
    }
  }

  get details(): ReasoningDetail[] {
    return this.blocks.map((block) => ({ ...block }) as ReasoningDetail);
  }
}

function continues(block: Record<string, unknown>, piece: ReasoningDetail): boolean {
  return (
    block.type === piece.type && typeof piece.index === 'number' && block.index === piece.index
  );
}
