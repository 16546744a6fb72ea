// The optional parts of a chat-completions body (max-tokens field, temperature, reasoning
// controls, usage in the stream) start from the provider's preset and are corrected by what the
// endpoint itself rejects: a 400 that names one of them is answered by one retry without it (or
// with the alternative field), and the corrected shape is remembered for that model. Models are
// never classified by name: `gpt-4o` and `o3` on the same endpoint learn their own shapes.

import type { APIError } from 'openai';
import { isApiError } from '../openaiSdk';
import type {
  EffortMapping,
  MaxTokensField,
  ProviderPreset,
  ReasoningEffortSetting,
} from './presets';

/** What is sent besides model, messages and stream, for one model on one endpoint. */
export interface RequestShape {
  readonly maxTokensField: MaxTokensField;
  readonly sendTemperature: boolean;
  readonly sendReasoningControls: boolean;
  readonly sendStreamOptions: boolean;
  /** Whether tools (the zoom tool) are offered; false once the model rejected them. */
  readonly sendTools: boolean;
}

export function presetShape(preset: ProviderPreset): RequestShape {
  return {
    maxTokensField: preset.maxTokensField,
    sendTemperature: preset.sendsTemperature,
    sendReasoningControls: true,
    sendStreamOptions: true,
    sendTools: true,
  };
}

export interface ShapeInputs {
  readonly effort: ReasoningEffortSetting;
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
}

/** The optional body fields for `shape`; fields the user did not set are never sent. */
export function optionalBodyFields(
  preset: ProviderPreset,
  shape: RequestShape,
  inputs: ShapeInputs,
): Record<string, unknown> {
  return {
    ...(shape.sendStreamOptions ? { stream_options: { include_usage: true } } : {}),
    ...(inputs.maxOutputTokens !== undefined
      ? { [shape.maxTokensField]: inputs.maxOutputTokens }
      : {}),
    ...(inputs.temperature !== undefined && shape.sendTemperature
      ? { temperature: inputs.temperature }
      : {}),
    ...(shape.sendReasoningControls ? reasoningControls(preset.effort, inputs.effort) : {}),
  };
}

function reasoningControls(
  mapping: EffortMapping,
  effort: ReasoningEffortSetting,
): Record<string, unknown> {
  const chosen = effort === 'default' ? undefined : effort;
  switch (mapping) {
    case 'reasoningEffort':
      return chosen ? { reasoning_effort: chosen } : {};
    case 'openRouterReasoning':
      return chosen ? { reasoning: { effort: chosen } } : {};
    case 'geminiThinking':
      // Google's OpenAI layer reads Gemini-only options from a literal `extra_body` field; its
      // thoughts are returned only with include_thoughts (inside <thought> tags in content).
      if (chosen === 'none') {
        return { reasoning_effort: 'none' };
      }
      return {
        ...(chosen ? { reasoning_effort: chosen } : {}),
        extra_body: { google: { thinking_config: { include_thoughts: true } } },
      };
    case 'deepSeekThinking':
      if (!chosen) {
        return {};
      }
      // DeepSeek maps low and medium to high; `none` is the thinking toggle, not an effort.
      return chosen === 'none'
        ? { thinking: { type: 'disabled' } }
        : { thinking: { type: 'enabled' }, reasoning_effort: chosen };
  }
}

/** The optional parts of a request that can be corrected, each at most once per request. */
export type ShapeAspect =
  'maxTokensField' | 'temperature' | 'reasoningControls' | 'streamOptions' | 'tools';

/** One correction learned from a rejection, named for logs and tests. */
export interface ShapeCorrection {
  /** The parameter the endpoint rejected, as it was sent. */
  readonly rejected: string;
  readonly aspect: ShapeAspect;
  readonly shape: RequestShape;
}

// Words servers use when a parameter itself (not its size) is the problem: OpenAI's
// "Unsupported parameter"/"Unsupported value", Azure's "Unrecognized request argument supplied",
// vLLM's pydantic "Extra inputs are not permitted", Gemini's "Unknown name".
const REJECTION_CUE =
  /unsupported|not supported|unrecognized|unrecognised|unknown (name|field|parameter|argument)|not permitted|not allowed|does not support|doesn't support|invalid (parameter|argument|field)|extra_forbidden|cannot be (used|disabled)|is not available/i;
const REJECTION_CODES = new Set([
  'unsupported_parameter',
  'unsupported_value',
  'invalid_request_parameter',
]);

const REASONING_NAMES = [
  'reasoning_effort',
  'reasoning',
  'thinking',
  'thinking_config',
  'include_thoughts',
  'extra_body',
];

/**
 * The shape to retry with when `error` is a 400/422 that rejects one of the optional fields in
 * `sentBody`; undefined when it is any other failure (a bad key, a size limit, a missing model).
 */
export function correctionFor(
  error: unknown,
  shape: RequestShape,
  sentBody: Readonly<Record<string, unknown>>,
): ShapeCorrection | undefined {
  if (!isApiError(error)) {
    return undefined;
  }
  if ('tools' in sentBody && rejectsTools(error)) {
    return { rejected: 'tools', aspect: 'tools', shape: { ...shape, sendTools: false } };
  }
  if (error.status !== 400 && error.status !== 422) {
    return undefined;
  }
  const { text, param, code } = describeRejection(error);
  if (!REJECTION_CUE.test(text) && !(code && REJECTION_CODES.has(code))) {
    return undefined;
  }
  const names = (name: string): boolean => param === name || mentions(text, name);

  const maxField = shape.maxTokensField;
  if (maxField in sentBody && names(maxField)) {
    const other: MaxTokensField =
      maxField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
    return {
      rejected: maxField,
      aspect: 'maxTokensField',
      shape: { ...shape, maxTokensField: other },
    };
  }
  if ('temperature' in sentBody && names('temperature')) {
    return {
      rejected: 'temperature',
      aspect: 'temperature',
      shape: { ...shape, sendTemperature: false },
    };
  }
  const reasoning = REASONING_NAMES.find(
    (name) => names(name) && (name in sentBody || nestedReasoningName(name, sentBody)),
  );
  if (reasoning) {
    return {
      rejected: reasoning,
      aspect: 'reasoningControls',
      shape: { ...shape, sendReasoningControls: false },
    };
  }
  if ('stream_options' in sentBody && (names('stream_options') || names('include_usage'))) {
    return {
      rejected: 'stream_options',
      aspect: 'streamOptions',
      shape: { ...shape, sendStreamOptions: false },
    };
  }
  return undefined;
}

// How servers say a model takes no tools: OpenAI "Unsupported parameter: 'tools' is not
// supported with this model.", Ollama "llava does not support tools", vLLM '"auto" tool choice
// requires --enable-auto-tool-choice and --tool-call-parser to be set', llama.cpp "tools param
// requires --jinja flag", DeepSeek "deepseek-reasoner does not support Function Calling".
const TOOLS_NAMED =
  /(^|[^A-Za-z0-9_])(tools|tool[ _-]choice|functions|function[ _-]?calling|tool use)($|[^A-Za-z0-9_])/i;

/**
 * A 400 or 422 that names tools, tool_choice, functions or function calling: the model or
 * server takes no tools, and the question is asked again without them. OpenRouter says the same
 * with a 404 ("No endpoints found that support tool use"), when no provider of the model does.
 */
export function rejectsTools(error: APIError): boolean {
  if (error.status !== 400 && error.status !== 422 && error.status !== 404) {
    return false;
  }
  const { text, param } = describeRejection(error);
  if (error.status === 404) {
    return /support tool use/i.test(text);
  }
  return param === 'tools' || param === 'tool_choice' || TOOLS_NAMED.test(text);
}

/** `thinking_config` and `include_thoughts` travel inside `extra_body`. */
function nestedReasoningName(name: string, sentBody: Readonly<Record<string, unknown>>): boolean {
  return (name === 'thinking_config' || name === 'include_thoughts') && 'extra_body' in sentBody;
}

/**
 * The parameter named as a whole word (any case: "Reasoning is mandatory…"); `reasoning` does
 * not match inside `reasoning_effort`.
 */
function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${name}($|[^A-Za-z0-9_])`, 'i').test(text);
}

function describeRejection(error: APIError): { text: string; param?: string; code?: string } {
  const body: unknown = error.error;
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message =
    typeof record.message === 'string'
      ? record.message
      : typeof body === 'string'
        ? body
        : error.message;
  return {
    text: message,
    param: typeof record.param === 'string' ? record.param : undefined,
    code: typeof error.code === 'string' ? error.code : undefined,
  };
}

/**
 * Shapes learned this session, per endpoint and model. In memory only: a model that rejected a
 * parameter today may accept it after a server upgrade, and one wasted request per session is
 * cheap, while a stale persisted shape would silently drop the user's settings forever.
 */
export class RequestShapeMemory {
  private readonly shapes = new Map<string, RequestShape>();

  shapeFor(preset: ProviderPreset, baseUrl: string, model: string): RequestShape {
    return this.shapes.get(memoryKey(preset, baseUrl, model)) ?? presetShape(preset);
  }

  remember(preset: ProviderPreset, baseUrl: string, model: string, shape: RequestShape): void {
    this.shapes.set(memoryKey(preset, baseUrl, model), shape);
  }
}

function memoryKey(preset: ProviderPreset, baseUrl: string, model: string): string {
  return JSON.stringify([preset.id, baseUrl, model]);
}
