// The reply of one of VS Code's language models as the same ReasoningEvents the HTTP client
// yields, so the turn view, history, usage line and zoom loop never know which provider answered.
// Tool calls arrive whole (`LanguageModelToolCallPart`) and end the reply as `done.toolCalls`, kept
// within the HTTP client's caps and with ids of their own (toolCallStream.ts). VS Code hands an
// extension the reply's words as text only (reasoning parts are not stable API), so reasoning
// shows only when the model writes it inline as <think>…</think> or <thought>…</thought>, as
// with an HTTP endpoint. The same limits hold: a reply that goes quiet is cut and marked
// incomplete, one past the turn's text cap is cut where it passes it, and Stop ends it at once,
// even when the model's provider ignores the cancellation.
import { AnswerTooLongError, StreamStalledError } from '../errors';
import { MAX_TURN_TEXT_CHARS } from '../reasoningClient';
import type { ReasoningEvent, TokenUsage } from '../reasoningEvents';
import { ThinkTagSplitter } from '../thinkTagSplitter';
import { ToolCallAccumulator } from '../toolCallStream';

/**
 * A tool call of the reply (`LanguageModelToolCallPart`): its input is an object, not JSON text.
 */
export interface LanguageModelToolCall {
  readonly callId: string;
  readonly name: string;
  readonly input: unknown;
}

export interface LanguageModelReply {
  /** The model's text and tool calls as they stream (`LanguageModelChatResponse.stream`). */
  readonly parts: AsyncIterable<string | LanguageModelToolCall>;
  /** Asks the model's provider to stop (cancels the request's CancellationToken). */
  readonly cancel: () => void;
}

export interface LanguageModelReplyOptions {
  /** Stop, closing the panel, a reload. */
  readonly signal: AbortSignal;
  /** The longest gap allowed between two pieces of text, the first one included. */
  readonly idleTimeoutMs: number;
  /** Reasoning and answer text taken in before the reply is cut; MAX_TURN_TEXT_CHARS if unset. */
  readonly maxTextChars?: number;
  /**
   * The tokens of the request and of `received` by the model's own counter, for the usage line;
   * undefined when the model cannot count them.
   */
  readonly countUsage?: (received: string) => Promise<TokenUsage | undefined>;
}

/** Thrown when the caller aborted: `isAbortError` (errors.ts) knows it by its name. */
export class LanguageModelAbortError extends Error {
  constructor() {
    super('The request to the language model was stopped.');
    this.name = 'AbortError';
  }
}

/**
 * Yields reasoning and answer deltas as they arrive, then the usage (when the model counts) and
 * `done`. Throws LanguageModelAbortError when `signal` aborts, StreamStalledError when the reply
 * goes quiet for `idleTimeoutMs`, AnswerTooLongError past the text cap (after what fits), and
 * whatever the reply's iterator throws.
 */
export async function* languageModelEvents(
  reply: LanguageModelReply,
  options: LanguageModelReplyOptions,
): AsyncGenerator<ReasoningEvent> {
  const limit = options.maxTextChars ?? MAX_TURN_TEXT_CHARS;
  const splitter = new ThinkTagSplitter();
  const pieces = reply.parts[Symbol.asyncIterator]();
  const toolCalls = new ToolCallAccumulator();
  let callCount = 0;
  let textLeft = limit;
  let received = '';
  let finished = false;
  try {
    for (;;) {
      const next = await nextOrStop(pieces, options);
      if (next.done) {
        break;
      }
      if (typeof next.value !== 'string') {
        const call = next.value;
        // Indexed as the HTTP stream's calls, so each is one call whatever its id says.
        toolCalls.push([
          {
            index: callCount++,
            id: call.callId,
            function: { name: call.name, arguments: call.input },
          },
        ]);
        continue;
      }
      for (const piece of splitter.push(next.value)) {
        if (piece.text.length > textLeft) {
          if (textLeft > 0) yield { kind: piece.kind, text: piece.text.slice(0, textLeft) };
          throw new AnswerTooLongError(limit, 'characters');
        }
        textLeft -= piece.text.length;
        received += piece.text;
        yield { kind: piece.kind, text: piece.text };
      }
    }
    for (const piece of splitter.flush()) {
      received += piece.text;
      yield { kind: piece.kind, text: piece.text };
    }
    finished = true;
  } finally {
    if (!finished) {
      reply.cancel();
      // Not awaited: a provider that ignores cancellation must not hold the turn open.
      void Promise.resolve(pieces.return?.()).catch(() => undefined);
    }
  }
  const usage = await options.countUsage?.(received).catch(() => undefined);
  if (usage) {
    yield { kind: 'usage', usage };
  }
  yield toolCalls.hasCalls
    ? { kind: 'done', finishReason: 'tool_calls', toolCalls: toolCalls.finish() }
    : { kind: 'done', finishReason: 'stop' };
}

/** The next piece, unless Stop or the idle limit comes first. */
function nextOrStop<T>(
  pieces: AsyncIterator<T>,
  options: LanguageModelReplyOptions,
): Promise<IteratorResult<T>> {
  const { signal, idleTimeoutMs } = options;
  if (signal.aborted) {
    return Promise.reject(new LanguageModelAbortError());
  }
  return new Promise<IteratorResult<T>>((resolve, reject) => {
    const onAbort = (): void => settle(() => reject(new LanguageModelAbortError()));
    const timer = setTimeout(
      () => settle(() => reject(new StreamStalledError(idleTimeoutMs))),
      idleTimeoutMs,
    );
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      action();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pieces.next().then(
      (result) => settle(() => resolve(result)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
