// An OpenAI-compatible server on 127.0.0.1 for tests: it records every request and answers
// chat completions from a script, in the same SSE wire format the real API uses, so the real
// openai SDK can be exercised end to end. node:http only: it also runs inside the VS Code
// extension host and behind Playwright tests.

import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One delta as the model would stream it; `raw` sends its text verbatim as an SSE `data:`. */
export type StreamChunk =
  | { readonly content: string }
  | { readonly reasoning_content: string }
  | { readonly reasoning: string }
  /**
   * Tool-call entries as `delta.tool_calls` carries them (see toolCallStreams.ts for real shapes).
   */
  | { readonly tool_calls: readonly object[]; readonly content?: string }
  | { readonly raw: string };

export interface ScriptedUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly reasoning_tokens?: number;
}

export type ScriptedResponse =
  | {
      readonly kind: 'stream';
      readonly chunks: readonly StreamChunk[];
      /** Pause before each chunk, in ms. */
      readonly delayMs?: number;
      /** Sent as a final `choices: []` chunk when the request asked for include_usage. */
      readonly usage?: ScriptedUsage;
      readonly finishReason?: string;
      /** End the body without `data: [DONE]`. */
      readonly omitDone?: boolean;
      /** Leave out the last chunk that carries `finish_reason` (and the usage chunk). */
      readonly omitFinish?: boolean;
      /** Send only this many chunks, then go silent with the connection open. */
      readonly stallAfter?: number;
      /** Send only this many chunks, then close the connection in the middle of the body. */
      readonly dropAfter?: number;
      /**
       * Hold the stream open before chunk `beforeChunk` until `opened` settles, so a test can look
       * at what is on screen while the reply is provably still streaming.
       */
      readonly gate?: { readonly beforeChunk: number; readonly opened: PromiseLike<unknown> };
    }
  | {
      readonly kind: 'error';
      readonly status: number;
      /** An object is sent as JSON (e.g. `{ error: { message, type, code } }`), a string as is. */
      readonly body: string | object;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** Accept the request and never answer. */
  | { readonly kind: 'hang' }
  /** Answer with a redirect (307 keeps the method and body) to `location`. */
  | {
      readonly kind: 'redirect';
      readonly location: string;
      readonly status?: number;
      /** Extra response headers (e.g. `x-should-retry: true`, asking the SDK to repeat it). */
      readonly headers?: Readonly<Record<string, string>>;
    }
  /**
   * Stream `text` as answer deltas of `chunkSize` characters, `repeat` times over (a server that
   * sends far more than any answer), then finish normally if the client is still reading.
   */
  | {
      readonly kind: 'flood';
      readonly text: string;
      readonly repeat: number;
      readonly chunkSize?: number;
    }
  /**
   * Send `sse` verbatim as the response body, one event (text up to a blank line) per write:
   * a provider's documented stream replayed byte for byte (see test/fixtures/providers/).
   */
  | { readonly kind: 'replay'; readonly sse: string };

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The JSON body, parsed; undefined when there was none or it was not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
  /**
   * performance.now() in the server's process when the request's head arrived: Node emits
   * 'request' in the read that brought its first bytes (for the benchmark, bench/README.md).
   */
  readonly receivedAt: number;
  /**
   * performance.now() just before each scripted chunk of a streamed reply was written, by index.
   */
  readonly chunkWrittenAt: number[];
}

/** A chat-completions request body as it reached the server, typed for assertions. */
export interface RecordedChatBody {
  readonly model: string;
  readonly messages: readonly RecordedMessage[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly max_tokens?: number;
  readonly temperature?: number;
  readonly [field: string]: unknown;
}

export interface RecordedMessage {
  readonly role: string;
  // Not a readonly array: Array.isArray narrows a readonly one to any[].
  readonly content: string | RecordedContentPart[];
}

export type RecordedContentPart =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'image_url';
      readonly image_url: { readonly url: string; readonly detail?: string };
    };

/** The body of a recorded chat-completions request; throws if it is not one. */
export function chatBody(request: RecordedRequest | undefined): RecordedChatBody {
  const body = request?.body;
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray(field(body, 'messages')) ||
    typeof field(body, 'model') !== 'string'
  ) {
    throw new Error(
      `not a chat-completions body: ${request?.rawBody.slice(0, 200) ?? '(no request)'}`,
    );
  }
  return body as RecordedChatBody;
}

/** The text of a recorded message, whether plain or in parts. */
export function textOf(content: RecordedChatBody['messages'][number]['content']): string {
  return typeof content === 'string'
    ? content
    : content
        .filter(
          (part): part is Extract<RecordedContentPart, { type: 'text' }> => part.type === 'text',
        )
        .map((part) => part.text)
        .join('');
}

/** The text of each user message, in order. */
export function userTexts(body: RecordedChatBody): string[] {
  return body.messages
    .filter((message) => message.role === 'user')
    .map((message) => textOf(message.content));
}

/** The parts of the first user message (a plain text one as one text part). */
export function firstUserParts(body: RecordedChatBody): RecordedContentPart[] {
  const user = body.messages.find((message) => message.role === 'user')!;
  return Array.isArray(user.content) ? user.content : [{ type: 'text', text: user.content }];
}

/** Every image part in the request, whichever message carries it. */
export function imageParts(body: RecordedChatBody): RecordedContentPart[] {
  return body.messages.flatMap((message) =>
    typeof message.content === 'string'
      ? []
      : message.content.filter((part) => part.type === 'image_url'),
  );
}

export interface LoopbackServerOptions {
  /** Ids listed by GET /v1/models. */
  readonly models?: readonly string[];
  /**
   * When set, every API request without `Authorization: Bearer <key>` (or Azure's `api-key`) gets a
   * 401.
   */
  readonly requireApiKey?: string;
  /** Answer for chat completions when nothing is enqueued. */
  readonly defaultReply?: ScriptedResponse;
  /** Ollama's own API (`GET /api/tags`, `POST /api/show`): these models and their capabilities. */
  readonly ollamaModels?: readonly LocalModel[];
  /** LM Studio's own API (`GET /api/v0/models`): these models and their types. */
  readonly lmStudioModels?: readonly LocalModel[];
  /**
   * Listen on this port (a test that first found it refusing connections); default: any free port.
   */
  readonly port?: number;
  /** Answer every request (any path and method) with this redirect. */
  readonly redirectAll?: { readonly location: string; readonly status?: number };
}

/**
 * A model of a local server's own API; `vision` becomes Ollama's capability / LM Studio's "vlm".
 */
export interface LocalModel {
  readonly id: string;
  readonly vision: boolean;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>/v1` */
  readonly baseUrl: string;
  readonly port: number;
  /** Every request, in arrival order. Tests may clear it (`requests.length = 0`). */
  readonly requests: RecordedRequest[];
  /** Chat-completion responses the client closed before the server had finished them. */
  readonly closedConnections: number;
  models: string[];
  requireApiKey: string | undefined;
  defaultReply: ScriptedResponse;
  ollamaModels: LocalModel[] | undefined;
  lmStudioModels: LocalModel[] | undefined;
  /** When set, every request is answered with this redirect (model lists, local APIs, chats). */
  redirectAll: { readonly location: string; readonly status?: number } | undefined;
  /** Queue the answer to the next chat completion request (first in, first out). */
  enqueue(...responses: ScriptedResponse[]): void;
  /** The recorded POST …/chat/completions requests (any prefix: /v1, Gemini's, Azure's). */
  chatRequests(): RecordedRequest[];
  /** Resolves once `closedConnections` reaches `count` (default: one more than now). */
  waitForClientClose(count?: number): Promise<void>;
  /** Resolves once `requests.length` reaches `count`. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface TextReplyOptions {
  readonly reasoning?: string;
  /** How the reasoning travels: a delta field, or inline `<think>` tags in `content`. */
  readonly reasoningAs?: 'reasoning_content' | 'reasoning' | 'think';
  /** Characters per chunk (default 8). */
  readonly chunkSize?: number;
  readonly delayMs?: number;
  readonly usage?: ScriptedUsage;
}

/** A streamed reply whose reasoning and answer are cut into small chunks. */
export function textReply(answer: string, options: TextReplyOptions = {}): ScriptedResponse {
  const size = Math.max(1, options.chunkSize ?? 8);
  const cut = (text: string): string[] => {
    const pieces: string[] = [];
    for (let index = 0; index < text.length; index += size) {
      pieces.push(text.slice(index, index + size));
    }
    return pieces;
  };
  const chunks: StreamChunk[] = [];
  const reasoningAs = options.reasoningAs ?? 'reasoning_content';
  if (options.reasoning !== undefined) {
    if (reasoningAs === 'think') {
      chunks.push(...cut(`<think>${options.reasoning}</think>`).map((content) => ({ content })));
    } else if (reasoningAs === 'reasoning') {
      chunks.push(...cut(options.reasoning).map((reasoning) => ({ reasoning })));
    } else {
      chunks.push(...cut(options.reasoning).map((reasoning_content) => ({ reasoning_content })));
    }
  }
  chunks.push(...cut(answer).map((content) => ({ content })));
  return { kind: 'stream', chunks, delayMs: options.delayMs, usage: options.usage };
}

/**
 * `textReply`, held just before its first answer chunk until `release()`: the reasoning has
 * streamed, the turn is certainly mid-stream, and the test decides when it goes on.
 */
export function heldTextReply(
  answer: string,
  options: TextReplyOptions = {},
): { reply: ScriptedResponse; release: () => void } {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const base = textReply(answer, options);
  if (base.kind !== 'stream') throw new Error('textReply always streams');
  const firstAnswerChunk = base.chunks.findIndex((chunk) => 'content' in chunk);
  return { reply: { ...base, gate: { beforeChunk: firstAnswerChunk, opened } }, release };
}

/** OpenAI's 401 for a wrong key, as its API words it. */
export function unauthorizedReply(): ScriptedResponse {
  return {
    kind: 'error',
    status: 401,
    body: openAIError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'),
  };
}

/** OpenAI's 429, asking (by Retry-After) for a wait of `seconds`. */
export function rateLimitedReply(seconds: number): ScriptedResponse {
  return {
    kind: 'error',
    status: 429,
    body: {
      error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
    },
    headers: { 'retry-after': String(seconds) },
  };
}

/** Ollama's 400 for a model that takes no tools (here llava), as its API words it. */
export function toolsRejectedReply(): ScriptedResponse {
  return {
    kind: 'error',
    status: 400,
    body: { error: { message: 'registry.ollama.ai/library/llava:latest does not support tools' } },
  };
}

const DEFAULT_MODELS = ['vision-test-model', 'text-only-model'];

export async function startLoopbackServer(
  options: LoopbackServerOptions = {},
): Promise<LoopbackServer> {
  const queue: ScriptedResponse[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const notify = (): void => waiters.forEach((check) => check());
  let closedConnections = 0;
  let closing = false;

  const waitUntil = (condition: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (condition()) {
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      check();
    });

  const httpServer = http.createServer((request, response) => {
    const receivedAt = performance.now();
    const body: Buffer[] = [];
    request.on('data', (chunk: Buffer) => body.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(body).toString('utf8');
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body: parseJson(rawBody),
        rawBody,
        receivedAt,
        chunkWrittenAt: [],
      };
      server.requests.push(recorded);
      notify();
      void route(recorded, response).catch((error: unknown) => {
        if (!response.headersSent) {
          sendJson(
            response,
            500,
            openAIError(`loopback server failed: ${String(error)}`, 'server_error'),
          );
        } else {
          response.destroy();
        }
      });
    });
  });
  httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function route(request: RecordedRequest, response: http.ServerResponse): Promise<void> {
    const path = request.path.split('?')[0].replace(/\/+$/, '');
    if (server.redirectAll) {
      response.writeHead(server.redirectAll.status ?? 307, {
        location: server.redirectAll.location,
      });
      response.end();
      return;
    }
    if (answerLocalServerApi(request, path, response)) {
      return;
    }
    // Any prefix: /v1 (OpenAI), /v1beta/openai (Gemini), /openai/deployments/<name> (Azure, key in
    // `api-key`).
    const hasKey =
      request.headers.authorization === `Bearer ${server.requireApiKey}` ||
      request.headers['api-key'] === server.requireApiKey;
    if (server.requireApiKey !== undefined && !hasKey) {
      sendJson(
        response,
        401,
        openAIError(
          'Incorrect API key provided: sk-wr***ng.',
          'invalid_request_error',
          'invalid_api_key',
        ),
      );
      return;
    }
    if (request.method === 'GET' && path.endsWith('/models')) {
      sendJson(response, 200, {
        object: 'list',
        data: server.models.map((id) => ({
          id,
          object: 'model',
          created: 1_700_000_000,
          owned_by: 'loopback',
        })),
      });
      return;
    }
    if (request.method === 'POST' && path.endsWith('/chat/completions')) {
      const scripted = queue.shift() ?? server.defaultReply;
      trackClientClose(response);
      await answerChat(request, scripted, response);
      return;
    }
    sendJson(
      response,
      404,
      openAIError(
        `Unknown request URL: ${request.method} ${path}.`,
        'invalid_request_error',
        'unknown_url',
      ),
    );
  }

  /** Ollama's `/api/tags` and `/api/show`, LM Studio's `/api/v0/models`, when configured. */
  function answerLocalServerApi(
    request: RecordedRequest,
    path: string,
    response: http.ServerResponse,
  ): boolean {
    const ollama = server.ollamaModels;
    const lmStudio = server.lmStudioModels;
    if (ollama && request.method === 'GET' && path === '/api/tags') {
      sendJson(response, 200, {
        models: ollama.map((model) => ({
          name: model.id,
          model: model.id,
          size: 1,
          details: { format: 'gguf' },
        })),
      });
      return true;
    }
    if (ollama && request.method === 'POST' && path === '/api/show') {
      const shown = ollama.find((model) => model.id === field(request.body, 'model'));
      if (!shown) {
        sendJson(response, 404, {
          error: `model '${String(field(request.body, 'model'))}' not found`,
        });
      } else {
        sendJson(response, 200, {
          details: { format: 'gguf' },
          capabilities: shown.vision ? ['completion', 'vision'] : ['completion'],
        });
      }
      return true;
    }
    if (lmStudio && request.method === 'GET' && path === '/api/v0/models') {
      sendJson(response, 200, {
        object: 'list',
        data: lmStudio.map((model) => ({
          id: model.id,
          object: 'model',
          type: model.vision ? 'vlm' : 'llm',
          state: 'not-loaded',
          max_context_length: 8192,
        })),
      });
      return true;
    }
    return false;
  }

  /** Counts responses the client closed before the server ended them (an abort). */
  function trackClientClose(response: http.ServerResponse): void {
    response.on('close', () => {
      if (!response.writableEnded && !closing) {
        closedConnections++;
        notify();
      }
    });
  }

  const server: LoopbackServer = {
    baseUrl: '',
    port: 0,
    requests: [],
    get closedConnections() {
      return closedConnections;
    },
    models: [...(options.models ?? DEFAULT_MODELS)],
    ollamaModels: options.ollamaModels ? [...options.ollamaModels] : undefined,
    lmStudioModels: options.lmStudioModels ? [...options.lmStudioModels] : undefined,
    requireApiKey: options.requireApiKey,
    redirectAll: options.redirectAll,
    defaultReply:
      options.defaultReply ??
      textReply('Hello from the loopback server.', { reasoning: 'Thinking about the image.' }),
    enqueue: (...responses) => void queue.push(...responses),
    chatRequests: () =>
      server.requests.filter(
        (request) =>
          request.method === 'POST' && request.path.split('?')[0].endsWith('/chat/completions'),
      ),
    waitForClientClose: (count = closedConnections + 1) =>
      waitUntil(() => closedConnections >= count),
    waitForRequests: (count) => waitUntil(() => server.requests.length >= count),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const socket of sockets) {
          socket.destroy();
        }
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return Object.assign(server, { port, baseUrl: `http://127.0.0.1:${port}/v1` });
}

async function answerChat(
  request: RecordedRequest,
  scripted: ScriptedResponse,
  response: http.ServerResponse,
): Promise<void> {
  switch (scripted.kind) {
    case 'replay': {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
      });
      for (const event of scripted.sse.split(/(?<=\n\n)/)) {
        if (response.destroyed) {
          return;
        }
        response.write(event);
        await new Promise((resolve) => setImmediate(resolve));
      }
      response.end();
      return;
    }
    case 'hang':
      // Headers are not even sent: the client waits for a response that never comes.
      return;
    case 'redirect':
      response.writeHead(scripted.status ?? 307, {
        location: scripted.location,
        ...scripted.headers,
      });
      response.end();
      return;
    case 'flood':
      return flood(request, scripted, response);
    case 'error': {
      const isJson = typeof scripted.body !== 'string';
      const text = isJson ? JSON.stringify(scripted.body) : scripted.body;
      const contentType = isJson
        ? 'application/json'
        : /^\s*</.test(text)
          ? 'text/html; charset=utf-8'
          : 'text/plain; charset=utf-8';
      response.writeHead(scripted.status, { 'content-type': contentType, ...scripted.headers });
      response.end(text);
      return;
    }
    case 'stream':
      return chatRequestIsStreaming(request.body)
        ? streamChat(request, scripted, response)
        : sendJson(response, 200, wholeCompletion(request, scripted));
  }
}

type StreamScript = Extract<ScriptedResponse, { kind: 'stream' }>;

async function streamChat(
  request: RecordedRequest,
  script: StreamScript,
  response: http.ServerResponse,
): Promise<void> {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const id = `chatcmpl-loopback-${Date.now().toString(36)}`;
  const model = requestedModel(request.body);
  const created = Math.floor(Date.now() / 1000);
  const chunkJson = (
    delta: object,
    finishReason: string | null = null,
    extra: object = {},
  ): string =>
    JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...extra,
    });
  const send = (data: string): boolean =>
    !response.destroyed && response.write(`data: ${data}\n\n`);

  send(chunkJson({ role: 'assistant', content: '' }));
  for (const [index, chunk] of script.chunks.entries()) {
    if (index === script.stallAfter) {
      return; // Silent from here on; the connection stays open until a side closes it.
    }
    if (index === script.dropAfter) {
      // Flush what was sent, then close the socket mid-body: the client sees a truncated stream.
      response.socket?.end();
      return;
    }
    if (index === script.gate?.beforeChunk) {
      await script.gate.opened;
    }
    if (script.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, script.delayMs));
    }
    if (response.destroyed) {
      return;
    }
    request.chunkWrittenAt[index] = performance.now();
    send('raw' in chunk ? chunk.raw : chunkJson(chunk));
  }
  if (!script.omitFinish) {
    send(chunkJson({}, script.finishReason ?? 'stop'));
  }
  if (includeUsage(request.body) && !script.omitFinish) {
    const usage = script.usage ?? { prompt_tokens: 12, completion_tokens: script.chunks.length };
    send(
      JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [],
        usage: wireUsage(usage),
      }),
    );
  }
  if (!script.omitDone) {
    send('[DONE]');
  }
  response.end();
}

/** A streamed answer far longer than any model writes: `text` sent `repeat` times over. */
async function flood(
  request: RecordedRequest,
  script: Extract<ScriptedResponse, { kind: 'flood' }>,
  response: http.ServerResponse,
): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  const size = Math.max(1, script.chunkSize ?? script.text.length);
  const model = requestedModel(request.body);
  const event = (delta: object, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-flood', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  for (let round = 0; round < script.repeat; round++) {
    for (let index = 0; index < script.text.length; index += size) {
      if (response.destroyed) {
        return;
      }
      // Respect back-pressure: a client that stopped reading is not sent megabytes it never asked
      // for.
      if (!response.write(event({ content: script.text.slice(index, index + size) }))) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            response.off('drain', done).off('close', done);
            resolve();
          };
          response.on('drain', done).on('close', done);
        });
      }
    }
  }
  if (!response.destroyed) {
    response.write(event({}, 'stop'));
    response.end('data: [DONE]\n\n');
  }
}

/** The same script as one `chat.completion`, for clients that did not ask to stream. */
function wholeCompletion(request: RecordedRequest, script: StreamScript): object {
  const text = (key: 'content' | 'reasoning_content' | 'reasoning'): string =>
    script.chunks
      .map((chunk) => (key in chunk ? (chunk as Record<string, string>)[key] : ''))
      .join('');
  const reasoning = text('reasoning_content') + text('reasoning');
  return {
    id: `chatcmpl-loopback-${Date.now().toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: requestedModel(request.body),
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text('content'),
          ...(reasoning ? { reasoning_content: reasoning } : {}),
        },
        logprobs: null,
        finish_reason: script.finishReason ?? 'stop',
      },
    ],
    usage: wireUsage(
      script.usage ?? { prompt_tokens: 12, completion_tokens: script.chunks.length },
    ),
  };
}

function wireUsage(usage: ScriptedUsage): object {
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
    completion_tokens_details: { reasoning_tokens: usage.reasoning_tokens ?? 0 },
  };
}

function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[key]
    : undefined;
}

function chatRequestIsStreaming(body: unknown): boolean {
  return field(body, 'stream') === true;
}

function includeUsage(body: unknown): boolean {
  return field(field(body, 'stream_options'), 'include_usage') === true;
}

function requestedModel(body: unknown): string {
  const model = field(body, 'model');
  return typeof model === 'string' ? model : 'loopback-model';
}

function openAIError(message: string, type: string, code: string | null = null): object {
  return { error: { message, type, param: null, code } };
}

function sendJson(response: http.ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
