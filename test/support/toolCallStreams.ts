// Streamed tool calls in the shapes real servers send, for the loopback server:
// - `openai`: the first delta of each call carries `index`, `id`, `type` and the name with empty
//   arguments; the arguments follow a few characters per delta under the same index; the last
//   chunk says `finish_reason: "tool_calls"`
//   (https://platform.openai.com/docs/guides/function-calling#streaming).
// - `ollama`: each call whole in one delta, with `index` and an id like `call_hk81qg8b`, content
//   "" beside it, then a chunk with `finish_reason: "tool_calls"`
//   (ollama/ollama openai/openai.go: ToChunk, ToToolCalls).
// - `gemini`: no `index` at all, ids like `function-call-1`, arguments whole or split over
//   indexless deltas, `extra_content.google.thought_signature` on the call, and
//   `finish_reason: "stop"` (googleapis/python-genai issue 2868).

import type { ScriptedResponse, ScriptedUsage, StreamChunk } from './loopbackServer';

export type ToolCallShape = 'openai' | 'ollama' | 'gemini';

export interface ScriptedToolCall {
  readonly name?: string;
  /** The arguments' JSON text exactly as the model writes it (may be malformed on purpose). */
  readonly arguments: string;
  readonly id?: string;
}

export interface ToolCallReplyOptions {
  readonly shape?: ToolCallShape;
  /** Text the model writes before calling (streamed as content). */
  readonly text?: string;
  readonly reasoning?: string;
  /** Characters of arguments per delta (openai; gemini splits only when set). */
  readonly argumentChunk?: number;
  /** Gemini's thought signature on each call. */
  readonly thoughtSignature?: string;
  readonly usage?: ScriptedUsage;
  /** Overrides the shape's finish reason. */
  readonly finishReason?: string;
  readonly delayMs?: number;
}

/** A box request as a model writes it: `{"image": 1, "box_2d": [ymin, xmin, ymax, xmax]}`. */
export function zoomArguments(box: readonly number[], image?: number): string {
  return JSON.stringify(image === undefined ? { box_2d: box } : { image, box_2d: box });
}

export function toolCallReply(
  calls: readonly ScriptedToolCall[],
  options: ToolCallReplyOptions = {},
): ScriptedResponse {
  const shape = options.shape ?? 'openai';
  const chunks: StreamChunk[] = [];
  if (options.reasoning) {
    chunks.push({ reasoning_content: options.reasoning });
  }
  for (const piece of cut(options.text ?? '', 6)) {
    chunks.push({ content: piece });
  }
  calls.forEach((call, index) => {
    const id = call.id ?? idFor(shape, index);
    const name = call.name ?? 'zoom';
    switch (shape) {
      case 'openai': {
        chunks.push({
          tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }],
        });
        for (const piece of cut(call.arguments, options.argumentChunk ?? 3)) {
          chunks.push({ tool_calls: [{ index, function: { arguments: piece } }] });
        }
        break;
      }
      case 'ollama':
        chunks.push({
          content: '',
          tool_calls: [
            { id, index, type: 'function', function: { name, arguments: call.arguments } },
          ],
        });
        break;
      case 'gemini': {
        const extra = options.thoughtSignature
          ? { extra_content: { google: { thought_signature: options.thoughtSignature } } }
          : {};
        const pieces = options.argumentChunk
          ? cut(call.arguments, options.argumentChunk)
          : [call.arguments];
        chunks.push({
          tool_calls: [
            { id, type: 'function', function: { name, arguments: pieces[0] ?? '' }, ...extra },
          ],
        });
        for (const piece of pieces.slice(1)) {
          chunks.push({ tool_calls: [{ function: { arguments: piece } }] });
        }
        break;
      }
    }
  });
  return {
    kind: 'stream',
    chunks,
    usage: options.usage,
    delayMs: options.delayMs,
    finishReason: options.finishReason ?? (shape === 'gemini' ? 'stop' : 'tool_calls'),
  };
}

function idFor(shape: ToolCallShape, index: number): string {
  switch (shape) {
    case 'openai':
      return `call_${(index + 1).toString().padStart(3, '0')}AbCdEf`;
    case 'ollama':
      return `call_${(index + 7).toString(36)}k81qg8b`;
    case 'gemini':
      return `function-call-${index + 1}`;
  }
}

function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += Math.max(1, size)) {
    pieces.push(text.slice(index, index + Math.max(1, size)));
  }
  return pieces;
}
