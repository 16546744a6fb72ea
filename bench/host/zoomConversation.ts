// What a conversation about one big image costs in input, request by request, built with the
// extension's own code: Conversation.requestMessages for every request, imageContentParts for an
// overview with tiles (the old default), and for the zoom default the guidance, the tool and the
// round messages of src/core/zoom (zoomRoundMessages, withTrailNote). Tokens are counted by
// src/core/inputTokens.ts (the provider's image rule, 4 characters a token of text); bytes are the
// images' own bytes as they go on the wire. Loaded by bench/figures/zoomCost.mjs.

import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { Conversation } from '../../src/core/conversation';
import { imageContentParts } from '../../src/core/imageParts';
import {
  estimateInput,
  type EstimatedImage,
  type ImageTokenRule,
} from '../../src/core/inputTokens';
import type { PreparedImage, Size } from '../../src/core/protocol';
import { withGuidance } from '../../src/core/zoom/zoomLoop';
import type { Box2d } from '../../src/core/zoom/zoomRequest';
import {
  recordsOf,
  withTrailNote,
  ZoomBudget,
  zoomRoundMessages,
  type CutCrop,
} from '../../src/core/zoom/zoomRounds';
import { zoomGuidance, zoomTool } from '../../src/core/zoom/zoomTool';

/** The region the host asks the page to cut for a box (the bench asks the page the same way). */
export { cropRect } from '../../src/core/zoom/zoomRequest';

export interface ScriptedQuestion {
  readonly task: string;
  readonly answer: string;
  /** The region the model zooms into (new default only), and its crop as the page cut it. */
  readonly zoom?: {
    readonly box: Box2d;
    readonly crop: { readonly dataUrl: string; readonly width: number; readonly height: number };
  };
}

export interface RequestInput {
  readonly images: number;
  readonly tokens: number;
  readonly bytes: number;
}

export interface QuestionInput {
  readonly requests: readonly RequestInput[];
  readonly tokens: number;
  readonly bytes: number;
}

const SYSTEM_PROMPT =
  'You are an expert software architect. Explain diagrams and screenshots precisely, and say when something is unreadable.';

/**
 * The input of each question of a conversation about `image`: with `mode` "tiles" the prepared
 * copy carries its tiles (the old "auto" default) and no tool is offered; with "zoom" it is the
 * overview only, the tool is offered, and a question with `zoom` runs one zoom round.
 */
export function conversationInput(
  rule: ImageTokenRule,
  image: PreparedImage,
  questions: readonly ScriptedQuestion[],
  mode: 'tiles' | 'zoom',
  maxZooms = 3,
): QuestionInput[] {
  const sizes = new Map<string, Size>();
  const remember = (copy: { dataUrl: string; width: number; height: number }): void => {
    sizes.set(copy.dataUrl, { width: copy.width, height: copy.height });
  };
  remember(image);
  image.tiles?.forEach(remember);
  const conversation = new Conversation(SYSTEM_PROMPT);
  conversation.setImage(
    image.dataUrl,
    mode === 'tiles' ? imageContentParts('screenshot.png', image) : undefined,
  );
  const original: Size = {
    width: image.sourceWidth ?? image.width,
    height: image.sourceHeight ?? image.height,
  };
  const tools = mode === 'zoom' ? JSON.stringify([zoomTool(1)]).length : 0;
  return questions.map((question) => {
    const base = conversation.requestMessages(question.task);
    const asked = mode === 'zoom' ? withGuidance(base, zoomGuidance(maxZooms)) : base;
    const requests = [measure(rule, asked, sizes, tools)];
    let records: ReturnType<typeof recordsOf> = [];
    if (mode === 'zoom' && question.zoom) {
      const budget = new ZoomBudget(maxZooms, [original]);
      const calls = [
        {
          id: 'call_1',
          name: 'zoom',
          arguments: JSON.stringify({ image: 1, box_2d: question.zoom.box }),
          argumentsCut: false,
        },
      ];
      const steps = budget.plan(calls);
      const { crop } = question.zoom;
      remember(crop);
      const crops = new Map<string, CutCrop>([['call_1', { ok: true, ...crop }]]);
      const round = { text: '', calls, steps, crops };
      records = recordsOf(round);
      const continued = [...asked, ...zoomRoundMessages(round, () => original)];
      requests.push(measure(rule, continued, sizes, budget.offersTool ? tools : 0));
    }
    conversation.commitTurn(question.task, withTrailNote(question.answer, records));
    return {
      requests,
      tokens: requests.reduce((sum, request) => sum + request.tokens, 0),
      bytes: requests.reduce((sum, request) => sum + request.bytes, 0),
    };
  });
}

/** One request: its text (every message's and the tools') and its images, as sent. */
function measure(
  rule: ImageTokenRule,
  messages: readonly ChatCompletionMessageParam[],
  sizes: ReadonlyMap<string, Size>,
  toolCharacters: number,
): RequestInput {
  let text = toolCharacters;
  const images: EstimatedImage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const content = message.content;
    if (typeof content === 'string') {
      text += content.length;
      continue;
    }
    for (const part of content ?? []) {
      if (part.type === 'text') {
        text += part.text.length;
      } else if (part.type === 'image_url') {
        const url = part.image_url.url;
        const size = sizes.get(url);
        if (!size) {
          throw new Error('an image of unknown size in the request');
        }
        const detail = part.image_url.detail;
        images.push({ ...size, detail: detail === 'original' ? 'high' : detail });
        bytes += Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').length;
      }
    }
  }
  return { ...estimateInput(rule, text, images), bytes };
}
