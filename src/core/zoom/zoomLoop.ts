// One question as several requests: the model answers on the overview and may call `zoom`; the
// regions it names are cut from the original (by `cut`, which the host hands to the webview that
// holds the decoded image) and the question continues with them, until the model answers without
// calling or the cap is spent. Yields the reasoning client's events, so a caller that shows one
// request shows the whole loop: answer text accumulates across rounds, usage is the running
// total of every round, Stop (the request's signal) ends whichever round or crop is under way.

import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { openaiSdk } from '../openaiSdk';
import type { ToolCallReasoning } from '../providers/presets';
import type { RequestShape } from '../providers/requestShape';
import { streamReasoning, type ReasoningRequest } from '../reasoningClient';
import type { ReasoningEvent, TokenUsage } from '../reasoningEvents';
import { zoomTool, zoomGuidance } from './zoomTool';
import {
  recordsOf,
  zoomRoundMessages,
  type CutCrop,
  type PlannedZoom,
  type RoundReasoning,
  type ZoomBudget,
  type ZoomRecord,
} from './zoomRounds';

export type ZoomLoopEvent =
  | Exclude<ReasoningEvent, { kind: 'done' }>
  /** The model asked for these crops; they are being cut. */
  | { readonly kind: 'zoomRequested'; readonly zooms: readonly PlannedZoom[] }
  /** These crops were cut and go with the next request (the trail grows by them). */
  | { readonly kind: 'zoomed'; readonly records: readonly ZoomRecord[] }
  /** Said quietly beside the answer: zooming did not happen, and why. */
  | { readonly kind: 'zoomNote'; readonly reason: 'toolsRejected' | 'notOffered' }
  | Extract<ReasoningEvent, { kind: 'done' }>;

export interface ZoomLoopOptions {
  /** The question's request; its messages are the conversation's (system prompt first). */
  readonly request: ReasoningRequest;
  readonly budget: ZoomBudget;
  /** Cuts the crops from the originals; rejects (or returns early) when `signal` aborts. */
  readonly cut: (
    zooms: readonly PlannedZoom[],
    signal: AbortSignal,
  ) => Promise<ReadonlyMap<string, CutCrop>>;
  /** What the assistant message of a round carries of its reasoning (see RoundReasoning). */
  readonly reasoningBack?: ToolCallReasoning;
}

export async function* streamWithZoom(options: ZoomLoopOptions): AsyncGenerator<ZoomLoopEvent> {
  const { request, budget } = options;
  let shape: RequestShape | undefined = request.shape;
  const offersAtFirst = budget.offersTool && shape?.sendTools !== false;
  const base = offersAtFirst
    ? withGuidance(request.messages, zoomGuidance(budget.maxZooms))
    : request.messages;
  const rounds: ChatCompletionMessageParam[] = [];
  let total: TokenUsage | undefined;
  let answered = '';
  for (;;) {
    const offered = budget.offersTool && shape?.sendTools !== false;
    let text = '';
    let reasoning = '';
    let done: Extract<ReasoningEvent, { kind: 'done' }> | undefined;
    let roundUsage: TokenUsage | undefined;
    const events = streamReasoning({
      ...request,
      shape,
      messages: [...base, ...rounds],
      tools: offered ? [zoomTool(budget.imageCount)] : undefined,
    });
    for await (const event of events) {
      switch (event.kind) {
        case 'done':
          done = event;
          continue;
        case 'usage':
          // Each round reports its own; the caller sees the running total.
          roundUsage = event.usage;
          yield { kind: 'usage', usage: addUsage(total, roundUsage) ?? roundUsage };
          continue;
        case 'shapeCorrected':
          shape = event.shape;
          if (event.rejected === 'tools') {
            yield { kind: 'zoomNote', reason: 'toolsRejected' };
          }
          break;
        case 'answer':
          if (text.length === 0 && answered.length > 0 && !answered.endsWith('\n\n')) {
            // The text of a later round starts a new paragraph of the same answer.
            const gap = answered.endsWith('\n') ? '\n' : '\n\n';
            answered += gap;
            yield { kind: 'answer', text: gap };
          }
          text += event.text;
          answered += event.text;
          break;
        case 'reasoning':
          reasoning += event.text;
          break;
      }
      yield event;
    }
    total = addUsage(total, roundUsage);
    const calls = done?.toolCalls ?? [];
    if (!done || calls.length === 0) {
      if (done) {
        yield done;
      }
      return;
    }
    if (!offered) {
      // A server that calls a tool it was not offered: what it wrote stands as the answer.
      yield { kind: 'zoomNote', reason: 'notOffered' };
      yield done;
      return;
    }
    const steps = budget.plan(calls);
    const zooms = steps.flatMap((step) => (step.kind === 'crop' ? [step.zoom] : []));
    let crops: ReadonlyMap<string, CutCrop> = new Map();
    if (zooms.length > 0) {
      yield { kind: 'zoomRequested', zooms };
      crops = await options.cut(zooms, request.signal);
      if (request.signal.aborted) {
        throw new (openaiSdk().APIUserAbortError)();
      }
    }
    const round = {
      text,
      calls,
      steps,
      crops,
      reasoning: roundReasoning(options.reasoningBack, reasoning, done),
    };
    const records = recordsOf(round);
    if (records.length > 0) {
      yield { kind: 'zoomed', records };
    }
    rounds.push(...zoomRoundMessages(round, (image) => budget.original(image)));
  }
}

/** The zoom guidance added to the system prompt (or as one, when there is none). */
export function withGuidance(
  messages: readonly ChatCompletionMessageParam[],
  guidance: string,
): ChatCompletionMessageParam[] {
  const [first, ...rest] = messages;
  if (first?.role === 'system' && typeof first.content === 'string') {
    return [{ role: 'system', content: `${first.content}\n\n${guidance}` }, ...rest];
  }
  return [{ role: 'system', content: guidance }, ...messages];
}

function roundReasoning(
  back: ZoomLoopOptions['reasoningBack'],
  reasoning: string,
  done: Extract<ReasoningEvent, { kind: 'done' }>,
): RoundReasoning | undefined {
  if (back === 'reasoningContent' && reasoning.length > 0) {
    return { reasoningContent: reasoning };
  }
  if (back === 'reasoningDetails' && done.reasoningDetails?.length) {
    return { reasoningDetails: done.reasoningDetails };
  }
  return undefined;
}

function addUsage(
  total: TokenUsage | undefined,
  next: TokenUsage | undefined,
): TokenUsage | undefined {
  if (!next) {
    return total;
  }
  if (!total) {
    return next;
  }
  const sum = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
  return withoutUndefined({
    promptTokens: sum(total.promptTokens, next.promptTokens),
    completionTokens: sum(total.completionTokens, next.completionTokens),
    reasoningTokens: sum(total.reasoningTokens, next.reasoningTokens),
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
