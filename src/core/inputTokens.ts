// An estimate of a question's input tokens before it is sent, from each provider's published
// image-token rules. An estimate, and said to be one: providers change their rules and count
// text with their own tokenizers. Pure and dependency-free: the webview bundles it to update the
// figure beside Analyze as the user changes images, region or detail.
//
// - OpenAI and Azure OpenAI (GPT-4o, GPT-4.1, o-series; detail "high" or "auto"): the image is
//   fitted into 2048×2048, then scaled so its short side is at most 768, and counted as
//   85 + 170 per 512 px tile; detail "low" is 85 whatever the size.
//   https://platform.openai.com/docs/guides/images-vision#calculating-costs
// - Gemini (2.0 and later): an image with both sides at most 384 px is 258 tokens; a larger
//   one is cut into 768×768 tiles of 258 tokens each.
//   https://ai.google.dev/gemini-api/docs/tokens#multimodal-tokens
// - Everyone else (Ollama, LM Studio, vLLM, OpenRouter's many models, DeepSeek): no one rule.
//   The fallback counts one token per 28×28 px patch of the image as sent, the rule of the
//   Qwen2.5-VL family most local vision models follow (Anthropic's published w×h/750 is close).
// Text is counted as one token per 4 characters, the usual rule of thumb for English.

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export type ImageTokenRule = 'openaiTiles' | 'geminiTiles' | 'patches';

/** Providers by id, as in src/core/providers/presets.ts (kept as strings: no import needed). */
export function imageTokenRule(provider: string): ImageTokenRule {
  switch (provider) {
    case 'openai':
    case 'azure':
      return 'openaiTiles';
    case 'gemini':
      return 'geminiTiles';
    default:
      return 'patches';
  }
}

export const TEXT_CHARS_PER_TOKEN = 4;

export function textTokens(characters: number): number {
  return Math.ceil(Math.max(0, characters) / TEXT_CHARS_PER_TOKEN);
}

export function imageTokens(
  size: ImageSize,
  rule: ImageTokenRule,
  detail?: 'low' | 'high' | 'auto',
): number {
  const width = Math.max(1, size.width);
  const height = Math.max(1, size.height);
  switch (rule) {
    case 'openaiTiles': {
      if (detail === 'low') {
        return 85;
      }
      const fit = Math.min(1, 2048 / Math.max(width, height));
      const shortSide = Math.min(width, height) * fit;
      const scale = fit * (shortSide > 768 ? 768 / shortSide : 1);
      const tiles = Math.ceil((width * scale) / 512) * Math.ceil((height * scale) / 512);
      return 85 + 170 * tiles;
    }
    case 'geminiTiles':
      return width <= 384 && height <= 384
        ? 258
        : Math.ceil(width / 768) * Math.ceil(height / 768) * 258;
    case 'patches':
      return Math.ceil(width / 28) * Math.ceil(height / 28);
  }
}

/** One image of a question as it will be sent. */
export interface EstimatedImage extends ImageSize {
  readonly detail?: 'low' | 'high' | 'auto';
}

export interface InputEstimate {
  readonly images: number;
  readonly tokens: number;
}

/** The input of one request: its text (every message's characters) and its images. */
export function estimateInput(
  rule: ImageTokenRule,
  textCharacters: number,
  images: readonly EstimatedImage[],
): InputEstimate {
  return {
    images: images.length,
    tokens:
      textTokens(textCharacters) +
      images.reduce((sum, image) => sum + imageTokens(image, rule, image.detail), 0),
  };
}

/** What `tokens` of input cost at `pricePerMillion`; undefined without a price. */
export function inputCost(tokens: number, pricePerMillion: number | undefined): number | undefined {
  return pricePerMillion === undefined ? undefined : (tokens * pricePerMillion) / 1_000_000;
}
