// A request to one of VS Code's own language models, made from the same messages the HTTP client
// sends (Conversation.requestMessages), so both providers are told exactly the same things.
// VS Code's stable API differs from the chat-completions format in three ways that matter here:
// it has no system role (the system prompt goes first, as a user message), it takes an image as
// bytes with a MIME type (not a data URL), and it has no `detail` for images (the prepared copy
// already has the size the model should read it at).
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { isPreparedImageDataUrl } from '../imageFacts';

export type LanguageModelPart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'image';
      readonly mime: 'image/png' | 'image/jpeg';
      readonly data: Uint8Array;
    };

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
  const converted: LanguageModelMessage[] = [];
  for (const message of messages) {
    const parts = partsOf(message.content);
    if (parts.length === 0) {
      continue;
    }
    converted.push({ role: message.role === 'assistant' ? 'assistant' : 'user', parts });
  }
  return converted;
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
