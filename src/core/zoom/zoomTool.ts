// The `zoom` function tool: what the model is offered with a question about images, and what the
// system prompt says about when to use it. The contract is the one any OpenAI-compatible server
// can pass on unchanged: one function, two arguments, `box_2d` in the same convention the
// grounding boxes use (Gemini's [ymin, xmin, ymax, xmax], 0–1000 over the whole original image).
// The schema keeps to what Gemini's and Ollama's tool schemas accept: no `additionalProperties`,
// no `strict`.

import type { ChatCompletionTool } from 'openai/resources/chat/completions';

export const ZOOM_TOOL_NAME = 'zoom';

/** Crops per question unless the user sets `multimodalReasoning.zoom.maxPerQuestion`. */
export const DEFAULT_MAX_ZOOMS = 3;
/** The setting's bounds: more rounds cost more than tiles would. */
export const MIN_MAX_ZOOMS = 1;
export const MAX_MAX_ZOOMS = 8;

/** The setting within its bounds (a settings file is not held to the manifest's). */
export function clampMaxZooms(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.min(MAX_MAX_ZOOMS, Math.max(MIN_MAX_ZOOMS, Math.round(value)))
    : DEFAULT_MAX_ZOOMS;
}

/** The tool as offered; `imageCount` is how many images the conversation has (at least 1). */
export function zoomTool(imageCount: number): ChatCompletionTool {
  const count = Math.max(1, Math.floor(imageCount));
  const which =
    count === 1
      ? 'Which image: 1 (the conversation has one image). Default 1.'
      : `Which image: 1 to ${count}, numbered in the order they were attached (1 is the first image of the conversation). Default 1.`;
  return {
    type: 'function',
    function: {
      name: ZOOM_TOOL_NAME,
      description:
        'Look closer at one region of an image: returns a crop of that region cut from the original image at full resolution. ' +
        'Use it when text, labels, numbers, arrows or other details you need are too small to read reliably in the image you were given.',
      parameters: {
        type: 'object',
        properties: {
          image: { type: 'integer', minimum: 1, maximum: count, description: which },
          box_2d: {
            type: 'array',
            items: { type: 'integer', minimum: 0, maximum: 1000 },
            minItems: 4,
            maxItems: 4,
            description:
              'The region as [ymin, xmin, ymax, xmax], each an integer from 0 to 1000, normalised to the whole original image (0 is the top or left edge, 1000 the bottom or right edge).',
          },
        },
        required: ['box_2d'],
      },
    },
  };
}

/**
 * Added to the system prompt of a question that offers the tool: when zooming helps, and its
 * limit. The same text for every request of the question, also the last one that offers no
 * tool: providers cache a prompt's unchanged beginning, and a changing system prompt would
 * make every round pay for the whole conversation again.
 */
export function zoomGuidance(maxZooms: number): string {
  return [
    `You can call the \`${ZOOM_TOOL_NAME}\` tool to see a region of an image at full resolution.`,
    'The images you were given may have been scaled down, so small text, labels, numbers, thin lines and dense areas can be unreadable or misleading.',
    'When your answer depends on such details, zoom into the regions that hold them instead of guessing; when the image already shows clearly what you need, answer without zooming.',
    'Choose a box a little larger than the detail. You may ask for several regions at once.',
    `You can zoom at most ${maxZooms} ${maxZooms === 1 ? 'time' : 'times'} per question; the crops arrive in the next message. Once the tool is no longer offered, answer from what you have.`,
  ].join(' ');
}
