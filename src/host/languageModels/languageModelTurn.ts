// One turn asked of one of VS Code's own language models, yielding the same events as the HTTP
// client (src/core/reasoningClient.ts): the conversation's messages become VS Code's (images as
// data parts), the request goes out with a justification, so the first one from this extension
// opens VS Code's consent prompt where the model's provider asks for one, and the reply's text
// becomes reasoning and answer deltas, then the usage as the model's own token counter counts it.
import * as vscode from 'vscode';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  AnswerTooLongError,
  isAbortError,
  StreamStalledError,
  UserFacingFailure,
} from '../../core/errors';
import { languageModelEvents } from '../../core/languageModels/replyEvents';
import {
  toLanguageModelMessages,
  type LanguageModelMessage,
} from '../../core/languageModels/requestMessages';
import type { ReasoningEvent, TokenUsage } from '../../core/reasoningEvents';
import { settleOrAbort } from '../../core/streamGuards';
import { languageModelApi, type ChatModel, type LanguageModelApi } from '../languageModelApi';
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
  const cancellation = new vscode.CancellationTokenSource();
  try {
    log.info(`${model.vendor}/${model.id}: sending ${messages.length} messages`);
    const response = await failuresWorded(model, () =>
      settleOrAbort(
        model.sendRequest(
          messages,
          {
            justification: vscode.l10n.t(
              'Multimodal Reasoning sends the image and the task you typed to this model and shows its answer in the analysis panel.',
            ),
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
        { text: response.text, cancel: () => cancellation.cancel() },
        {
          signal: turn.signal,
          idleTimeoutMs: turn.idleTimeoutMs,
          countUsage: (received) => countUsage(model, messages, received, cancellation.token),
        },
      ),
    );
  } finally {
    cancellation.dispose();
  }
}

function toChatMessage(
  api: LanguageModelApi,
  message: LanguageModelMessage,
): vscode.LanguageModelChatMessage {
  if (message.role === 'assistant') {
    return vscode.LanguageModelChatMessage.Assistant(
      message.parts.map((part) => (part.kind === 'text' ? part.text : '')).join(''),
    );
  }
  return api.userMessage(
    message.parts.map((part) =>
      part.kind === 'text'
        ? new vscode.LanguageModelTextPart(part.text)
        : api.LanguageModelDataPart.image(part.data, part.mime),
    ),
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
