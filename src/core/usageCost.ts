// The cost of one answer, from the prices the user configured for the model (per million input
// and output tokens). There is no built-in price table: prices change and differ per provider,
// and a stale table would show a confident wrong number.
import type { TokenUsage } from './reasoningEvents';

export interface ModelPrice {
  /** Price per million input (prompt) tokens. */
  readonly input: number;
  /** Price per million output tokens; reasoning tokens are billed as output. */
  readonly output: number;
}

export type ModelPrices = Readonly<Record<string, ModelPrice>>;

/** Valid entries of the `modelPrices` setting; anything malformed is ignored, not guessed. */
export function parseModelPrices(value: unknown): ModelPrices {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }
  const prices: Record<string, ModelPrice> = {};
  for (const [model, price] of Object.entries(value as Record<string, unknown>)) {
    const { input, output } = (typeof price === 'object' && price !== null ? price : {}) as Record<
      string,
      unknown
    >;
    if (isPrice(input) && isPrice(output)) {
      prices[model] = { input, output };
    }
  }
  return prices;
}

/**
 * What the turn cost, or undefined when the model has no configured price or the endpoint did
 * not report usage. Providers count reasoning inside completion tokens (OpenAI's
 * `completion_tokens_details.reasoning_tokens` is a breakdown, not an addition).
 */
export function turnCost(
  usage: TokenUsage | undefined,
  price: ModelPrice | undefined,
): number | undefined {
  if (
    !usage ||
    !price ||
    (usage.promptTokens === undefined && usage.completionTokens === undefined)
  ) {
    return undefined;
  }
  return (
    ((usage.promptTokens ?? 0) * price.input + (usage.completionTokens ?? 0) * price.output) /
    1_000_000
  );
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
