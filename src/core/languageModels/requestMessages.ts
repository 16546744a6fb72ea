// A request to one of VS Code's own language models, made from the same messages the HTTP client
// sends (Conversation.requestMessages), so both providers are told exactly the same things.
// VS Code's stable API differs from the chat-completions format in four ways that matter here:
// it has no system role (the system prompt goes first, as a user message), it takes an image as
// bytes with a MIME type (not a data URL), it has no `detail` for images (the prepared copy
// already has the size the model should read it at), and it has no `tool` role: a tool call is a
// part of the assistant message (its input an object, not JSON text) and its result a part of the
// next user message, so a zoom round's `tool` messages and the user message with its crops become
// one user message: the results, then the crops.
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessageParam,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions';
import { isPreparedImageDataUrl } from '../imageFacts';

export type LanguageModelPart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'image';
      readonly mime: 'image/png' | 'image/jpeg';
      readonly data: Uint8Array;
    }
  /** A call the model made (in an assistant message). */
  | {
      readonly kind: 'toolCall';
      readonly callId: string;
      readonly name: string;
      readonly input: object;
    }
  /** What a call came to (in a user message). */
  | { readonly kind: 'toolResult'; readonly callId: string; readonly text: string };

export interface LanguageModelMessage {
  readonly role: 'user' | 'assistant';
  readonly parts: readonly LanguageModelPart[];
}

/** Thrown for an image that is not a prepared PNG or JPEG data URL: it never leaves the machine. */
export class UnpreparedImageError extends Error {
  constructor() {
    super('Only prepared PNG or JPEG images are sent to a language model.');
    this.name = 'UnpreparedImageError';
  }
}

export function toLanguageModelMessages(
  messages: readonly ChatCompletionMessageParam[],
): LanguageModelMessage[] {
  const converted: { role: 'user' | 'assistant'; parts: LanguageModelPart[] }[] = [];
  // Set while the last message holds tool results: more results, and the user message with
  // the crops that follows them, join it.
  let results = false;
  for (const message of messages) {
    if (message.role === 'tool') {
      const result: LanguageModelPart = {
        kind: 'toolResult',
        callId: message.tool_call_id,
        text: textOf(message.content),
      };
      if (results) converted.at(-1)!.parts.push(result);
      else converted.push({ role: 'user', parts: [result] });
      results = true;
      continue;
    }
    const parts = partsOf(message.content);
    if (message.role === 'assistant') {
      parts.push(...(message.tool_calls ?? []).flatMap(toolCallPart));
    }
    if (parts.length === 0) {
      continue;
    }
    if (results && message.role === 'user') {
      converted.at(-1)!.parts.push(...parts);
    } else {
      converted.push({ role: message.role === 'assistant' ? 'assistant' : 'user', parts });
    }
    results = false;
  }
  return converted;
}

/**
 * A function call as VS Code takes it: its arguments parsed (an object, `{}` when they are not).
 */
function toolCallPart(
  call: NonNullable<ChatCompletionAssistantMessageParam['tool_calls']>[number],
): LanguageModelPart[] {
  if (call.type !== 'function') return [];
  let input: unknown;
  try {
    input = JSON.parse(call.function.arguments);
  } catch {
    input = undefined;
  }
  return [
    {
      kind: 'toolCall',
      callId: call.id,
      name: call.function.name,
      input: typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {},
    },
  ];
}

function textOf(content: ChatCompletionToolMessageParam['content']): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function partsOf(content: ChatCompletionMessageParam['content']): LanguageModelPart[] {
  if (typeof content === 'string') {
    return content.length > 0 ? [{ kind: 'text', text: content }] : [];
  }
  const parts: LanguageModelPart[] = [];
  for (const part of content ?? []) {
    if (part.type === 'text') {
      if (part.text.length > 0) parts.push({ kind: 'text', text: part.text });
    } else if (part.type === 'image_url') {
      parts.push(imagePart(part.image_url.url));
    } else if (part.type === 'refusal') {
      parts.push({ kind: 'text', text: part.refusal });
    }
    // Audio and file parts are never built by this extension.
  }
  return parts;
}

const DATA_URL_PREFIX = /^data:(image\/(?:png|jpeg));base64,/;

function imagePart(url: string): LanguageModelPart {
  // The same check as every image the webview hands over (linear: one anchored character class).
  if (!isPreparedImageDataUrl(url)) {
    throw new UnpreparedImageError();
  }
  const prefix = DATA_URL_PREFIX.exec(url)!;
  return {
    kind: 'image',
    mime: prefix[1] as 'image/png' | 'image/jpeg',
    data: new Uint8Array(Buffer.from(url.slice(prefix[0].length), 'base64')),
  };
}
