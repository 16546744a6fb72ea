// What the user is told beside Analyze before sending: how many images the question sends and
// about how many input tokens (and dollars, when the model's price is set) it costs, and what
// zooming may add. Every request of a question re-sends the whole conversation, so a model that
// zooms one region at a time pays for the conversation once per round, plus the crops so far.
// Pure: the webview computes it as the user types, picks a region or changes detail.

import {
  estimateInput,
  imageTokens,
  inputCost,
  type EstimatedImage,
  type ImageTokenRule,
} from './inputTokens';

/** What the host tells the webview for the estimate (from the settings). */
export interface CostModel {
  readonly rule: ImageTokenRule;
  /** Dollars per million input tokens, when the user set the model's price. */
  readonly inputPricePerMillion?: number;
  /** The zoom cap when the model is offered the tool; absent when it is not. */
  readonly maxZooms?: number;
  /** The system prompt's length, which every request carries. */
  readonly systemPromptChars?: number;
}

export interface QuestionEstimate {
  /** Images in the first request (overview, tiles, region crops, earlier images). */
  readonly images: number;
  readonly tokens: number;
  readonly costUsd?: number;
  /** The most the question can cost if the model zooms to the cap one region at a time. */
  readonly withZooms?: {
    readonly zooms: number;
    readonly tokens: number;
    readonly costUsd?: number;
  };
}

/**
 * A typical zoom crop: 768 px, what OpenAI reads unshrunk and Gemini counts as one tile (a
 * smaller box costs less, a larger one at most a few tiles more).
 */
export const TYPICAL_CROP = { width: 768, height: 768 } as const;

export function estimateQuestion(
  model: CostModel,
  textCharacters: number,
  images: readonly EstimatedImage[],
): QuestionEstimate {
  const first = estimateInput(model.rule, textCharacters + (model.systemPromptChars ?? 0), images);
  const price = model.inputPricePerMillion;
  const estimate: QuestionEstimate = {
    images: first.images,
    tokens: first.tokens,
    ...withCost(first.tokens, price),
  };
  const zooms = model.maxZooms ?? 0;
  if (zooms <= 0) {
    return estimate;
  }
  // Round k (1…zooms) re-sends the question and the k crops so far, plus ~60 tokens of tool text
  // each.
  const crop = imageTokens(TYPICAL_CROP, model.rule) + 60;
  let tokens = first.tokens;
  for (let round = 1; round <= zooms; round++) {
    tokens += first.tokens + round * crop;
  }
  return { ...estimate, withZooms: { zooms, tokens, ...withCost(tokens, price) } };
}

/** How a prepared image goes on the wire: its overview (at its detail) and each tile. */
export function sentImages(image: {
  readonly width: number;
  readonly height: number;
  readonly detail?: 'low' | 'high';
  readonly tiles?: readonly { readonly width: number; readonly height: number }[];
}): EstimatedImage[] {
  return [
    { width: image.width, height: image.height, detail: image.detail },
    ...(image.tiles ?? []).map((tile) => ({ width: tile.width, height: tile.height })),
  ];
}

function withCost(tokens: number, price: number | undefined): { costUsd?: number } {
  const cost = inputCost(tokens, price);
  return cost === undefined ? {} : { costUsd: cost };
}
