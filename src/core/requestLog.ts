// What the Output channel records about each request: where it went, which model, how big it
// was, how long it took. Sizes only: never a key, never the image bytes, never the task text
// (the endpoint path is kept, its credentials and query are not).
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { withoutTrailingSlashes } from './endpoint';
import { LANGUAGE_MODELS_ENDPOINT } from './languageModels/provider';
import type { TokenUsage } from './reasoningEvents';

export interface RequestSize {
  readonly messages: number;
  readonly textChars: number;
  readonly images: number;
  /** Decoded size of the images' data URLs (what base64 encodes), in bytes. */
  readonly imageBytes: number;
}

/** Counts what a request carries without copying or serialising it. */
export function measureMessages(messages: readonly ChatCompletionMessageParam[]): RequestSize {
  let textChars = 0;
  let images = 0;
  let imageBytes = 0;
  for (const message of messages) {
    const content: unknown = message.content;
    if (typeof content === 'string') {
      textChars += content.length;
      continue;
    }
    for (const part of Array.isArray(content)
      ? (content as { type: string; text?: string; image_url?: { url: string } }[])
      : []) {
      if (part.type === 'text') {
        textChars += part.text?.length ?? 0;
      } else if (part.type === 'image_url' && part.image_url) {
        images += 1;
        imageBytes += dataUrlBytes(part.image_url.url);
      }
    }
  }
  return { messages: messages.length, textChars, images, imageBytes };
}

function dataUrlBytes(url: string): number {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) {
    return 0;
  }
  const base64 = url.length - comma - 1;
  const padding = url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0;
  return Math.floor((base64 * 3) / 4) - padding;
}

/**
 * The endpoint as logged: origin and path, without user:password@ or ?query (Azure's api-version
 * stays out too).
 */
export function endpointForLog(baseUrl: string): string {
  if (baseUrl === LANGUAGE_MODELS_ENDPOINT) {
    return baseUrl;
  }
  try {
    const url = new URL(baseUrl.trim());
    return `${url.protocol}//${url.host}${withoutTrailingSlashes(url.pathname)}`;
  } catch {
    return '(invalid endpoint URL)';
  }
}

export function formatBytes(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export interface RequestStart {
  readonly baseUrl: string;
  readonly provider: string;
  readonly model: string;
  readonly size: RequestSize;
}

export function describeRequest({ baseUrl, provider, model, size }: RequestStart): string {
  return `request → ${endpointForLog(baseUrl)} provider=${provider} model=${model} messages=${size.messages} text=${size.textChars} chars images=${size.images} (${formatBytes(size.imageBytes)})`;
}

export interface RequestEnd {
  readonly status: string;
  readonly durationMs: number;
  /** From sending to the first reasoning or answer text. */
  readonly firstTokenMs?: number;
  readonly answerChars: number;
  readonly reasoningChars: number;
  readonly usage?: TokenUsage;
  readonly error?: { readonly code: string; readonly status?: number };
}

export function describeResponse(end: RequestEnd): string {
  const parts = [`response ${end.status} in ${end.durationMs} ms`];
  if (end.firstTokenMs !== undefined) {
    parts.push(`first token ${end.firstTokenMs} ms`);
  }
  parts.push(`answer=${end.answerChars} chars reasoning=${end.reasoningChars} chars`);
  const usage = end.usage;
  if (usage && (usage.promptTokens !== undefined || usage.completionTokens !== undefined)) {
    parts.push(
      `tokens in=${usage.promptTokens ?? '?'} out=${usage.completionTokens ?? '?'}${usage.reasoningTokens !== undefined ? ` reasoning=${usage.reasoningTokens}` : ''}`,
    );
  }
  if (end.error) {
    parts.push(`error=${end.error.code}${end.error.status ? ` (${end.error.status})` : ''}`);
  }
  return parts.join(', ');
}
