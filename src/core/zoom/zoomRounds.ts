// The zoom loop of one question, without any I/O: which calls of a round are carried out (the
// cap counts crops and malformed calls alike), and the messages that continue the question:
// the assistant message with its tool calls, one `tool` message per tool_call_id (text: which
// region, at what size, or what was wrong), then one `user` message with the crops as image
// parts, because most providers accept images only in user messages.

import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions';
import type { Size } from '../grounding';
import type { ReasoningDetail } from '../providers/reasoningDetails';
import type { StreamedToolCall } from '../toolCallStream';
import { readZoomCall, type Box2d, type PixelRect, type ZoomRequest } from './zoomRequest';

/** A crop carried out, numbered in the order asked ("Zoom 1", "Zoom 2"…): the turn's trail. */
export interface ZoomRecord {
  readonly label: number;
  /** 1-based, as the model numbers the images. */
  readonly image: number;
  readonly box: Box2d;
  /** The region of the original, in its pixels (as displayed). */
  readonly region: PixelRect;
  /** The size the crop was sent at. */
  readonly sent: Size;
}

/** A crop to cut from the original, with its place in the trail. */
export type PlannedZoom = ZoomRequest & { readonly label: number };

/** What one round of calls becomes, in the order of the calls. */
export type ZoomStep =
  | { readonly kind: 'crop'; readonly zoom: PlannedZoom }
  | { readonly kind: 'refused'; readonly callId: string; readonly problem: string };

/** A crop as cut by whoever holds the decoded original (the webview), or why it could not be. */
export type CutCrop =
  | { readonly ok: true; readonly dataUrl: string; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly reason: string };

export class ZoomBudget {
  private used = 0;
  private labels = 0;

  /** `originals`: the conversation's images as displayed, in the order the model numbers them. */
  constructor(
    readonly maxZooms: number,
    private readonly originals: readonly Size[],
  ) {}

  /**
   * Whether the next request offers the tool: crops and malformed calls so far are under the cap.
   */
  get offersTool(): boolean {
    return this.originals.length > 0 && this.used < this.maxZooms;
  }

  get imageCount(): number {
    return this.originals.length;
  }

  /** The original the model numbers `image` (1-based). */
  original(image: number): Size | undefined {
    return this.originals[image - 1];
  }

  /** Decides each call of a round, in order; calls past the cap are answered, not carried out. */
  plan(calls: readonly StreamedToolCall[]): ZoomStep[] {
    return calls.map((call): ZoomStep => {
      if (this.used >= this.maxZooms) {
        return {
          kind: 'refused',
          callId: call.id,
          problem: `Not carried out: the limit of ${this.maxZooms} zooms per question is reached. Answer from what you have.`,
        };
      }
      this.used++;
      const outcome = readZoomCall(call, this.originals);
      return outcome.ok
        ? { kind: 'crop', zoom: { ...outcome, label: ++this.labels } }
        : { kind: 'refused', callId: outcome.callId, problem: outcome.problem };
    });
  }
}

/** What the assistant message of a round carries besides its text and calls. */
export interface RoundReasoning {
  /** DeepSeek's thinking mode wants `reasoning_content` back on messages with tool calls. */
  readonly reasoningContent?: string;
  /** OpenRouter's reasoning blocks, verbatim, for the model that wrote them. */
  readonly reasoningDetails?: readonly ReasoningDetail[];
}

export interface ZoomRound {
  /** The answer text the model wrote before calling (may be empty). */
  readonly text: string;
  readonly calls: readonly StreamedToolCall[];
  readonly steps: readonly ZoomStep[];
  /** The crops cut, by tool_call_id. */
  readonly crops: ReadonlyMap<string, CutCrop>;
  readonly reasoning?: RoundReasoning;
}

/** The messages that continue the question after `round`. */
export function zoomRoundMessages(
  round: ZoomRound,
  originals: (image: number) => Size | undefined,
): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [assistantWithCalls(round)];
  const imageParts: ChatCompletionContentPart[] = [];
  for (const step of round.steps) {
    if (step.kind === 'refused') {
      messages.push({ role: 'tool', tool_call_id: step.callId, content: step.problem });
      continue;
    }
    const { zoom } = step;
    const crop = round.crops.get(zoom.callId);
    const where = describeRegion(zoom, originals(zoom.image));
    if (!crop?.ok) {
      messages.push({
        role: 'tool',
        tool_call_id: zoom.callId,
        content: `Zoom ${zoom.label} (${where}) could not be cut: ${crop?.reason ?? 'no crop arrived'}.`,
      });
      continue;
    }
    const scaled =
      crop.width < zoom.region.width
        ? `scaled down from ${zoom.region.width}×${zoom.region.height}, the largest the model takes`
        : 'full resolution';
    messages.push({
      role: 'tool',
      tool_call_id: zoom.callId,
      content: `Zoom ${zoom.label}: ${where}. The crop (${crop.width}×${crop.height} px, ${scaled}) is in the next message.`,
    });
    imageParts.push(
      { type: 'text', text: `Zoom ${zoom.label}: ${where}.` },
      { type: 'image_url', image_url: { url: crop.dataUrl } },
    );
  }
  if (imageParts.length > 0) {
    messages.push({
      role: 'user',
      content: [
        { type: 'text', text: 'The regions you zoomed into, cut from the original image:' },
        ...imageParts,
      ],
    });
  }
  return messages;
}

/** The zoom records of a round's crops that were cut (the trail grows by these). */
export function recordsOf(round: Pick<ZoomRound, 'steps' | 'crops'>): ZoomRecord[] {
  return round.steps.flatMap((step) => {
    if (step.kind !== 'crop') {
      return [];
    }
    const crop = round.crops.get(step.zoom.callId);
    if (!crop?.ok) {
      return [];
    }
    const { label, image, box, region } = step.zoom;
    return [{ label, image, box, region, sent: { width: crop.width, height: crop.height } }];
  });
}

/**
 * What a later question is told about the zooms of an earlier one instead of their crops: the
 * answer already says what the model read in them, and it can zoom again.
 */
export function zoomTrailNote(records: readonly ZoomRecord[]): string {
  if (records.length === 0) {
    return '';
  }
  const regions = records
    .map(
      (record) =>
        `image ${record.image} x ${record.region.x}–${record.region.x + record.region.width}, y ${record.region.y}–${record.region.y + record.region.height}`,
    )
    .join('; ');
  return `(To answer this I zoomed into ${regions}. Those crops are not repeated here; zoom again if you need them.)`;
}

/** An answer as later questions carry it: with the note about its zooms, when it had any. */
export function withTrailNote(answer: string, records: readonly ZoomRecord[]): string {
  return records.length > 0 && answer.trim().length > 0
    ? `${answer}\n\n${zoomTrailNote(records)}`
    : answer;
}

function assistantWithCalls(round: ZoomRound): ChatCompletionMessageParam {
  const toolCalls = round.calls.map((call): ChatCompletionMessageToolCall => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: jsonOrEmpty(call.arguments) },
    ...(call.extraContent !== undefined ? { extra_content: call.extraContent } : {}),
  }));
  const reasoning = round.reasoning;
  return {
    role: 'assistant',
    content: round.text.length > 0 ? round.text : null,
    tool_calls: toolCalls,
    ...(reasoning?.reasoningContent ? { reasoning_content: reasoning.reasoningContent } : {}),
    ...(reasoning?.reasoningDetails?.length
      ? { reasoning_details: reasoning.reasoningDetails }
      : {}),
  };
}

/**
 * Arguments repeated as written when they are JSON; `{}` otherwise: Ollama re-parses the
 * arguments of every assistant tool call and refuses the whole request over malformed ones
 * (the `tool` message already says what was wrong with them).
 */
function jsonOrEmpty(text: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch {
    return '{}';
  }
}

function describeRegion(zoom: ZoomRequest, original: Size | undefined): string {
  const { x, y, width, height } = zoom.region;
  const of = original ? ` of the ${original.width}×${original.height} original` : '';
  return `image ${zoom.image}, box_2d [${zoom.box.join(', ')}] = x ${x}–${x + width}, y ${y}–${y + height}${of}`;
}
