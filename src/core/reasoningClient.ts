// Streams one chat completion and normalises the provider's way of showing reasoning
// (`reasoning_content`, `reasoning`, OpenRouter's `reasoning_details`, or <think>/<thought> tags
// inside `content`) into ReasoningEvents. The request body follows the provider's preset and the
// shape learned for the model; a 400 that rejects one optional parameter is retried once without
// it. A 429 is waited out here (visibly, within the caller's cap); the time to the response
// headers and the gaps between chunks are bounded by our own timers. Everything else about the
// wire stays inside the openai SDK.

import { openaiSdk } from './openaiSdk';
import type { Stream } from 'openai/streaming';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import {
  AnswerTooLongError,
  MalformedStreamError,
  StreamEndedEarlyError,
  StreamStalledError,
} from './errors';
import { ResponseTooLargeError } from './guardedFetch';
import { createEndpointClient, type AzureTarget } from './openaiClient';
import { DEFAULT_RATE_LIMIT_MAX_WAIT_MS, rateLimitWaitMs, sleepUnlessAborted } from './rateLimit';
import { IdleWatchdog, settleOrAbort, withHeaderDeadline } from './streamGuards';
import {
  PROVIDER_PRESETS,
  type ProviderPreset,
  type ReasoningEffortSetting,
} from './providers/presets';
import {
  parseReasoningDetails,
  readableReasoning,
  ReasoningDetailsCollector,
} from './providers/reasoningDetails';
import {
  correctionFor,
  optionalBodyFields,
  presetShape,
  type RequestShape,
  type ShapeAspect,
} from './providers/requestShape';
import type { ReasoningEvent, TokenUsage } from './reasoningEvents';
import { ThinkTagSplitter } from './thinkTagSplitter';
import { ToolCallAccumulator } from './toolCallStream';

export type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

/**
 * The most reasoning and answer text one turn takes in: about 500,000 tokens, several times any
 * model's output limit (128k tokens are about 500,000 characters). A server that streams without
 * end is cut here, and the turn keeps what arrived, marked incomplete, instead of filling memory,
 * the page and the saved history.
 */
export const MAX_TURN_TEXT_CHARS = 2_000_000;

export interface ReasoningRequest {
  readonly baseUrl: string;
  /** Undefined for endpoints that need no key: then no Authorization header is sent at all. */
  readonly apiKey: string | undefined;
  readonly model: string;
  readonly messages: ChatCompletionMessageParam[];
  readonly maxOutputTokens?: number;
  /** Left out of the request when undefined, so the server's default applies. */
  readonly temperature?: number;
  /**
   * Limit for the response headers to arrive, per request sent (the SDK's own retries of a
   * timed-out attempt do not extend it), and, unless `idleTimeoutMs` is set, for the gap
   * between two chunks once the stream has started (our idle watchdog).
   */
  readonly timeoutMs: number;
  /** The idle watchdog's limit for the gap between two chunks; `timeoutMs` if unset. */
  readonly idleTimeoutMs?: number;
  /** The longest Retry-After of a 429 waited out automatically (0: never wait); 60 s if unset. */
  readonly rateLimitMaxWaitMs?: number;
  readonly signal: AbortSignal;
  /** The SDK's retries for connection errors, 408/409/429 and 5xx; SDK default (2) if unset. */
  readonly maxRetries?: number;
  /** Whose quirks the body follows; a generic OpenAI-compatible server when unset. */
  readonly provider?: ProviderPreset;
  /** Set for Azure OpenAI (see `createEndpointClient`). */
  readonly azure?: AzureTarget;
  /** `default` (or unset): no reasoning control is sent, except what makes thoughts visible. */
  readonly reasoningEffort?: ReasoningEffortSetting;
  /** The shape learned for this model earlier (see `RequestShapeMemory`); the preset's if unset. */
  readonly shape?: RequestShape;
  /** Reasoning and answer text taken in before the stream is cut; MAX_TURN_TEXT_CHARS if unset. */
  readonly maxTextChars?: number;
  /**
   * Function tools offered to the model (the zoom tool). Left out when the shape says this model
   * rejected them; a 400 that names tools is answered by one retry without them.
   */
  readonly tools?: readonly ChatCompletionTool[];
}

/**
 * Yields reasoning and answer deltas as they arrive, then the usage (when reported) and
 * `done`. Throws the SDK's errors (map them with `toUserFacingError`); an abort through
 * `request.signal` always ends it with `APIUserAbortError` (see `isAbortError`), and a stream
 * that goes quiet for `timeoutMs` ends with `StreamStalledError`.
 */
export async function* streamReasoning(request: ReasoningRequest): AsyncGenerator<ReasoningEvent> {
  const client = createEndpointClient(request);
  const preset = request.provider ?? PROVIDER_PRESETS.custom;
  let shape = request.shape ?? presetShape(preset);
  // Each aspect may be corrected once: a server that rejects both max-tokens fields still fails.
  const corrected = new Set<ShapeAspect>();
  let rateLimitWaits = 0;
  let stream: Stream<ChatCompletionChunk>;
  for (;;) {
    const body = chatBody(request, preset, shape);
    try {
      stream = await withHeaderDeadline(request.timeoutMs, request.signal, (signal) =>
        settleOrAbort(client.chat.completions.create(body, { signal }), signal, (late) =>
          late.controller.abort(),
        ),
      );
      break;
    } catch (error) {
      const waitMs = request.signal.aborted
        ? undefined
        : rateLimitWaitMs(
            error,
            rateLimitWaits,
            request.rateLimitMaxWaitMs ?? DEFAULT_RATE_LIMIT_MAX_WAIT_MS,
          );
      if (waitMs !== undefined) {
        rateLimitWaits++;
        yield { kind: 'rateLimitWait', waitMs, attempt: rateLimitWaits };
        await sleepUnlessAborted(waitMs, request.signal);
        continue;
      }
      const correction = correctionFor(error, shape, body as unknown as Record<string, unknown>);
      if (!correction || corrected.has(correction.aspect) || request.signal.aborted) {
        throw error;
      }
      corrected.add(correction.aspect);
      shape = correction.shape;
      yield { kind: 'shapeCorrected', rejected: correction.rejected, shape };
    }
  }

  const splitter = new ThinkTagSplitter();
  const details = new ReasoningDetailsCollector();
  const toolCalls = new ToolCallAccumulator();
  const watchdog = new IdleWatchdog(request.idleTimeoutMs ?? request.timeoutMs, () =>
    stream.controller.abort(),
  );
  const chunks = stream[Symbol.asyncIterator]();
  let textLeft = request.maxTextChars ?? MAX_TURN_TEXT_CHARS;
  let usage: TokenUsage | undefined;
  let finishReason: string | null = null;
  try {
    for (;;) {
      const next = await watchdog.watch(chunks.next());
      if (next.done) {
        break;
      }
      const chunk = next.value;
      if (chunk.usage) {
        // Some servers repeat usage on every chunk; the last one is the total.
        usage = toTokenUsage(chunk.usage);
      }
      const choice = chunk.choices?.[0];
      if (choice) {
        toolCalls.push(choice.delta?.tool_calls);
        const events = [...eventsFromDelta(choice.delta, splitter, details)];
        if (details.characters > (request.maxTextChars ?? MAX_TURN_TEXT_CHARS)) {
          // Reasoning blocks the server wants back (OpenRouter's `reasoning_details`) are held
          // until the turn ends and are not shown, so they get a limit of their own.
          throw new AnswerTooLongError(request.maxTextChars ?? MAX_TURN_TEXT_CHARS, 'characters');
        }
        for (const event of events) {
          if (event.kind === 'reasoning' || event.kind === 'answer') {
            if (event.text.length > textLeft) {
              // What fits is kept; the rest of the stream is not read.
              if (textLeft > 0) {
                yield { kind: event.kind, text: event.text.slice(0, textLeft) };
              }
              throw new AnswerTooLongError(
                request.maxTextChars ?? MAX_TURN_TEXT_CHARS,
                'characters',
              );
            }
            textLeft -= event.text.length;
          }
          yield event;
        }
        finishReason = choice.finish_reason ?? finishReason;
      }
    }
  } catch (error) {
    throw (
      whyTheStreamEnded(request, watchdog) ??
      // The SDK parses each `data:` line with JSON.parse and lets its SyntaxError through.
      (error instanceof SyntaxError
        ? new MalformedStreamError(error)
        : error instanceof ResponseTooLargeError
          ? new AnswerTooLongError(error.limitBytes, 'bytes')
          : error)
    );
  } finally {
    watchdog.dispose();
    // Closes the connection when the consumer stops early (the SDK aborts on return).
    await chunks.return?.(undefined);
  }
  // The SDK ends an aborted stream silently, as if it had finished: tell the two apart.
  const cutShort = whyTheStreamEnded(request, watchdog);
  if (cutShort) {
    throw cutShort;
  }
  yield* splitter.flush().map(toEvent);
  if (finishReason === null) {
    // Some servers omit `[DONE]`, but every one ends a finished answer with a finish reason.
    throw new StreamEndedEarlyError();
  }
  if (usage) {
    yield { kind: 'usage', usage };
  }
  const reasoningDetails = details.details;
  // Tool calls decide, not the finish reason: Gemini's stream ends a tool call with "stop".
  yield {
    kind: 'done',
    finishReason,
    ...(reasoningDetails.length > 0 ? { reasoningDetails } : {}),
    ...(toolCalls.hasCalls ? { toolCalls: toolCalls.finish() } : {}),
  };
}

function chatBody(
  request: ReasoningRequest,
  preset: ProviderPreset,
  shape: RequestShape,
): ChatCompletionCreateParamsStreaming {
  return {
    model: request.model,
    messages: request.messages,
    stream: true,
    ...(request.tools && request.tools.length > 0 && shape.sendTools
      ? { tools: [...request.tools] }
      : {}),
    ...optionalBodyFields(preset, shape, {
      effort: request.reasoningEffort ?? 'default',
      maxOutputTokens: request.maxOutputTokens,
      temperature: request.temperature,
    }),
  };
}

/** The error to surface when we, not the server, ended the stream; undefined otherwise. */
function whyTheStreamEnded(request: ReasoningRequest, watchdog: IdleWatchdog): Error | undefined {
  if (request.signal.aborted) {
    return new (openaiSdk().APIUserAbortError)();
  }
  return watchdog.fired ? new StreamStalledError(watchdog.idleMs) : undefined;
}

/** Fields some providers add to the delta; not in the SDK's types. */
interface ReasoningDeltaFields {
  readonly reasoning_content?: unknown;
  readonly reasoning?: unknown;
  readonly reasoning_details?: unknown;
}

function* eventsFromDelta(
  delta: ChatCompletionChunk.Choice.Delta | undefined,
  splitter: ThinkTagSplitter,
  collector: ReasoningDetailsCollector,
): Generator<ReasoningEvent> {
  if (!delta) {
    return;
  }
  const extra: ChatCompletionChunk.Choice.Delta & ReasoningDeltaFields = delta;
  const details = parseReasoningDetails(extra.reasoning_details);
  collector.push(details);
  // vLLM has sent the same text in both fields at once, and OpenRouter sends `reasoning` beside
  // the `reasoning_details` it summarises: take one, never both.
  const reasoning =
    nonEmptyString(extra.reasoning_content) ??
    nonEmptyString(extra.reasoning) ??
    nonEmptyString(readableReasoning(details));
  if (reasoning) {
    yield { kind: 'reasoning', text: reasoning };
  }
  if (typeof delta.content === 'string' && delta.content.length > 0) {
    yield* splitter.push(delta.content).map(toEvent);
  }
}

function toEvent(piece: { kind: 'reasoning' | 'answer'; text: string }): ReasoningEvent {
  return { kind: piece.kind, text: piece.text };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function toTokenUsage(usage: CompletionUsage): TokenUsage {
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens;
  return {
    ...(typeof usage.prompt_tokens === 'number' ? { promptTokens: usage.prompt_tokens } : {}),
    ...(typeof usage.completion_tokens === 'number'
      ? { completionTokens: usage.completion_tokens }
      : {}),
    ...(typeof reasoningTokens === 'number' ? { reasoningTokens } : {}),
  };
}
