// One turn asked of one of VS Code's own language models, yielding the same events as the HTTP
// client (src/core/reasoningClient.ts): the conversation's messages become VS Code's (images as
// data parts), the request goes out with a justification, so the first one from this extension
// opens VS Code's consent prompt where the model's provider asks for one, and the reply's text
// becomes reasoning and answer deltas, then the usage as the model's own token counter counts it.
// Offered tools (the zoom tool) go as `LanguageModelChatTool`s; the model's calls come back as the
// same `done.toolCalls` the HTTP client yields, so the zoom loop runs through this provider too.
// A model that says it takes no tools is asked without them, once, as an endpoint that refuses
// them is (the loop then says quietly that it answered without zooming).
import * as vscode from 'vscode';
import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import {
  AnswerTooLongError,
  isAbortError,
  StreamStalledError,
  UserFacingFailure,
} from '../../core/errors';
import {
  languageModelEvents,
  type LanguageModelToolCall,
} from '../../core/languageModels/replyEvents';
import type { RequestShape } from '../../core/providers/requestShape';
import {
  toLanguageModelMessages,
  type LanguageModelMessage,
} from '../../core/languageModels/requestMessages';
import type { ReasoningEvent, TokenUsage } from '../../core/reasoningEvents';
import { settleOrAbort } from '../../core/streamGuards';
import {
  languageModelApi,
  type ChatModel,
  type LanguageModelApi,
  type LanguageModelUserPart,
} from '../languageModelApi';
import { createLogger } from '../logger';
import { chatModel, languageModelsMissing, requestRefused } from './chatModels';

const log = createLogger('languageModel');

export interface LanguageModelTurn {
  /** The language model's id (the `model` setting while provider is `vscode`). */
  readonly model: string;
  /** The same messages an HTTP endpoint would get (Conversation.requestMessages). */
  readonly messages: readonly ChatCompletionMessageParam[];
  readonly signal: AbortSignal;
  /** The longest quiet gap in the reply, the wait for its first piece included. */
  readonly idleTimeoutMs: number;
  /** Function tools offered to the model (the zoom tool). */
  readonly tools?: readonly ChatCompletionTool[];
  /** What was learned about this model; `sendTools: false` once it is known to take none. */
  readonly shape?: RequestShape;
  /** Reasoning and answer text taken in before the reply is cut; MAX_TURN_TEXT_CHARS if unset. */
  readonly maxTextChars?: number;
}

/**
 * Streams one reply. Failures VS Code or the model report are thrown as UserFacingFailure;
 * Stop as an abort; a quiet or overlong reply as the HTTP client's StreamCutShortErrors.
 */
export async function* streamLanguageModel(
  turn: LanguageModelTurn,
): AsyncGenerator<ReasoningEvent> {
  const api = languageModelApi();
  if (!api) throw new UserFacingFailure(languageModelsMissing());
  const model = await failuresWorded(undefined, () => chatModel(turn.model));
  const messages = toLanguageModelMessages(turn.messages).map((message) =>
    toChatMessage(api, message),
  );
  let tools = turn.tools?.length ? turn.tools.map(toChatTool) : undefined;
  if (tools && model.capabilities?.supportsToolCalling === false) {
    // Said by the model itself: no request with tools would be answered. Remembered like a
    // server's refusal, so later questions are prepared without zooming.
    tools = undefined;
    if (turn.shape) {
      yield {
        kind: 'shapeCorrected',
        rejected: 'tools',
        shape: { ...turn.shape, sendTools: false },
      };
    }
  }
  const cancellation = new vscode.CancellationTokenSource();
  try {
    log.info(
      `${model.vendor}/${model.id}: sending ${messages.length} messages${tools ? ', offering zoom' : ''}`,
    );
    const response = await failuresWorded(model, () =>
      settleOrAbort(
        model.sendRequest(
          messages,
          {
            justification: vscode.l10n.t(
              'Multimodal Reasoning sends the image and the task you typed to this model and shows its answer in the analysis panel.',
            ),
            ...(tools ? { tools, toolMode: vscode.LanguageModelChatToolMode.Auto } : {}),
          },
          cancellation.token,
        ),
        turn.signal,
        () => cancellation.cancel(),
      ),
    );
    yield* wordFailures(
      model,
      languageModelEvents(
        { parts: replyParts(response.stream), cancel: () => cancellation.cancel() },
        {
          signal: turn.signal,
          idleTimeoutMs: turn.idleTimeoutMs,
          maxTextChars: turn.maxTextChars,
          countUsage: (received) => countUsage(model, messages, received, cancellation.token),
        },
      ),
    );
  } finally {
    cancellation.dispose();
  }
}

/** The reply's text and tool calls; other parts (data, thinking in newer VS Code) are skipped. */
async function* replyParts(
  stream: AsyncIterable<unknown>,
): AsyncGenerator<string | LanguageModelToolCall> {
  for await (const part of stream) {
    if (part instanceof vscode.LanguageModelTextPart) {
      yield part.value;
    } else if (part instanceof vscode.LanguageModelToolCallPart) {
      yield { callId: part.callId, name: part.name, input: part.input };
    }
  }
}

/** A chat-completions function tool as VS Code takes it. */
function toChatTool(tool: ChatCompletionTool): vscode.LanguageModelChatTool {
  if (tool.type !== 'function') {
    throw new Error(`only function tools are offered, not ${tool.type}`);
  }
  return {
    name: tool.function.name,
    description: tool.function.description ?? '',
    inputSchema: tool.function.parameters,
  };
}

function toChatMessage(
  api: LanguageModelApi,
  message: LanguageModelMessage,
): vscode.LanguageModelChatMessage {
  if (message.role === 'assistant') {
    const text = message.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    const calls = message.parts.flatMap((part) =>
      part.kind === 'toolCall'
        ? [new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input)]
        : [],
    );
    return vscode.LanguageModelChatMessage.Assistant(
      calls.length ? [...(text ? [new vscode.LanguageModelTextPart(text)] : []), ...calls] : text,
    );
  }
  return api.userMessage(
    message.parts.flatMap((part): LanguageModelUserPart[] => {
      switch (part.kind) {
        case 'text':
          return [new vscode.LanguageModelTextPart(part.text)];
        case 'image':
          return [api.LanguageModelDataPart.image(part.data, part.mime)];
        case 'toolResult':
          return [
            new vscode.LanguageModelToolResultPart(part.callId, [
              new vscode.LanguageModelTextPart(part.text),
            ]),
          ];
        case 'toolCall':
          return [];
      }
    }),
  );
}

/** The request's tokens and the reply's, each counted by the model itself. */
async function countUsage(
  model: ChatModel,
  messages: readonly vscode.LanguageModelChatMessage[],
  received: string,
  token: vscode.CancellationToken,
): Promise<TokenUsage> {
  const [sent, completionTokens] = await Promise.all([
    Promise.all(messages.map((message) => model.countTokens(message, token))),
    model.countTokens(received, token),
  ]);
  return { promptTokens: sent.reduce((sum, tokens) => sum + tokens, 0), completionTokens };
}

/** Errors the HTTP client's vocabulary already has (aborts, cut-short replies) pass through. */
function passesThrough(error: unknown): boolean {
  return (
    error instanceof UserFacingFailure ||
    error instanceof StreamStalledError ||
    error instanceof AnswerTooLongError ||
    isAbortError(error)
  );
}

function reword(error: unknown, model: ChatModel | undefined): unknown {
  if (passesThrough(error) || !model) return error;
  log.warn(`${model.vendor}/${model.id} refused or failed: ${String(error)}`);
  return new UserFacingFailure(requestRefused(error, model));
}

async function failuresWorded<T>(model: ChatModel | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw reword(error, model);
  }
}

async function* wordFailures(
  model: ChatModel,
  events: AsyncGenerator<ReasoningEvent>,
): AsyncGenerator<ReasoningEvent> {
  try {
    yield* events;
  } catch (error) {
    throw reword(error, model);
  }
}
