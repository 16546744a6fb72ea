import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { APIUserAbortError } from 'openai';
import {
  isAbortError,
  noApiKeyError,
  scrubSecrets,
  summarise,
  toUserFacingError,
} from '../../src/core/errors';
import type { UserFacingError } from '../../src/core/userError';
import {
  startLoopbackServer,
  textReply,
  type LoopbackServer,
  type ScriptedResponse,
} from '../support/loopbackServer';
import { requestFor, runStream, textOf } from './streamHarness';

const MODEL = 'vision-test-model';
const KEY = 'sk-test-key-123456';

describe('toUserFacingError (errors from the real SDK)', () => {
  let server: LoopbackServer;
  let origin: string;

  before(async () => {
    server = await startLoopbackServer();
    origin = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
  });

  // Every failure here must end in a rejection the caller catches, never an unhandled one.
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));
  afterEach(() => assert.deepEqual(unhandled.splice(0), [], 'no unhandled rejection'));

  /**
   * Streams against the scripted failure with the SDK's retries as the extension uses them (its
   * default, 2), and maps what the generator threw. `sent`: how many times the server sees the
   * request (1: not retried). Then, with the fault gone, the same request succeeds (Retry works).
   */
  async function failureShownFor(response: ScriptedResponse, sent = 1): Promise<UserFacingError> {
    server.requests.length = 0;
    for (let index = 0; index < sent; index++) {
      server.enqueue(response);
    }
    const request = requestFor(server, {
      apiKey: KEY,
      model: MODEL,
      maxRetries: 2,
      rateLimitMaxWaitMs: 5_000,
    });
    const { events, error } = await runStream(request);
    assert.deepEqual(events, [], 'no events before the failure');
    assert.ok(error, 'the stream failed');
    assert.equal(server.chatRequests().length, sent, `the request was sent ${sent} time(s)`);
    const shown = toUserFacingError(error, {
      baseUrl: server.baseUrl,
      model: MODEL,
      timeoutMs: 5_000,
      apiKey: KEY,
      rateLimitMaxWaitMs: 5_000,
    });
    server.enqueue(textReply('Recovered.'));
    const retried = await runStream(request);
    assert.equal(retried.error, undefined, 'Retry works once the fault is gone');
    assert.equal(textOf(retried.events, 'answer'), 'Recovered.');
    return shown;
  }

  const openAIError = (
    status: number,
    message: string,
    code: string | null = null,
    type = 'invalid_request_error',
  ): Extract<ScriptedResponse, { kind: 'error' }> => ({
    kind: 'error',
    status,
    body: { error: { message, type, param: null, code } },
  });

  it('F01 · 401 rejected key → Set API Key, not retried, the key never shown; Retry works once fixed', async () => {
    const shown = await failureShownFor(
      openAIError(401, `Incorrect API key provided: ${KEY}.`, 'invalid_api_key'),
    );
    assert.deepEqual(shown, {
      code: 'unauthorized',
      status: 401,
      message: `The API key for ${origin} was rejected (401). Set a valid key for this endpoint.`,
      actions: ['setApiKey', 'retry'],
    });
  });

  it('401 from a server that checks the key itself', async () => {
    const guarded = await startLoopbackServer({ requireApiKey: 'sk-the-right-one' });
    try {
      const { error } = await runStream(requestFor(guarded, { apiKey: 'sk-the-wrong-one' }));
      const shown = toUserFacingError(error, {
        baseUrl: guarded.baseUrl,
        model: MODEL,
        timeoutMs: 5_000,
      });
      assert.equal(shown.code, 'unauthorized');
      const { error: none } = await runStream(requestFor(guarded, { apiKey: 'sk-the-right-one' }));
      assert.equal(none, undefined, 'the right key is accepted');
    } finally {
      await guarded.close();
    }
  });

  it('F02 · 403 forbidden → the key was rejected, Set API Key, not retried', async () => {
    const shown = await failureShownFor(
      openAIError(403, 'You are not allowed to use this model.', 'forbidden'),
    );
    assert.equal(shown.code, 'unauthorized');
    assert.equal(
      shown.message,
      `The API key for ${origin} was rejected (403). Set a valid key for this endpoint.`,
    );
  });

  it('F03 · 404 unknown model → model not found, Select Model, not retried', async () => {
    const shown = await failureShownFor(
      openAIError(
        404,
        `The model \`${MODEL}\` does not exist or you do not have access to it.`,
        'model_not_found',
      ),
    );
    assert.deepEqual(shown, {
      code: 'modelNotFound',
      status: 404,
      message: `Model "${MODEL}" was not found at ${origin}.`,
      actions: ['selectModel', 'retry'],
    });
  });

  it('404 Ollama style ({"error": "…"}): model not found', async () => {
    const shown = await failureShownFor({
      kind: 'error',
      status: 404,
      body: { error: `model "${MODEL}" not found, try pulling it first` },
    });
    assert.equal(shown.code, 'modelNotFound');
    assert.deepEqual(shown.actions, ['selectModel', 'retry']);
  });

  it('404 without a word about models: model not found, and check the URL', async () => {
    const shown = await failureShownFor({ kind: 'error', status: 404, body: '404 page not found' });
    assert.equal(shown.code, 'modelNotFound');
    assert.match(
      shown.message,
      new RegExp(
        `^Model "${MODEL}" was not found at ${origin.replace(/\./g, '\\.')}\\. .*endpoint URL`,
      ),
    );
    assert.deepEqual(shown.actions, ['selectModel', 'openSettings', 'retry']);
  });

  const imageWordings: Array<[string, ScriptedResponse]> = [
    [
      'OpenAI',
      openAIError(
        400,
        'Invalid content type. image_url is only supported by certain models.',
        null,
      ),
    ],
    [
      'OpenAI (newer)',
      openAIError(400, 'This model does not support image inputs.', 'unsupported_value'),
    ],
    [
      'Ollama',
      {
        kind: 'error',
        status: 400,
        body: { error: 'this model is missing data required for image input' },
      },
    ],
    // vLLM answers with a top-level message, not OpenAI's {"error": {...}} envelope.
    [
      'vLLM',
      {
        kind: 'error',
        status: 400,
        body: {
          object: 'error',
          message: `${MODEL} is not a multimodal model`,
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      },
    ],
  ];
  describe('F04 · 400 "model does not support images" in the wording of OpenAI, Ollama and vLLM → suggests a vision model with Select Model', () => {
    for (const [server_, response] of imageWordings) {
      it(`in ${server_}'s wording`, async () => {
        const shown = await failureShownFor(response);
        assert.deepEqual(shown, {
          code: 'imagesUnsupported',
          status: 400,
          message: `Model "${MODEL}" at ${origin} does not accept images. Pick a model that does with Select Model.`,
          actions: ['selectModel', 'retry'],
        });
      });
    }
  });

  it('F05 · 400 context length exceeded → conversation too long: new conversation, smaller image or larger model', async () => {
    const shown = await failureShownFor(
      openAIError(
        400,
        'Input tokens exceed the configured limit of 272000 tokens.',
        'context_length_exceeded',
      ),
    );
    assert.equal(shown.code, 'contextTooLong');
    assert.ok(shown.actions.includes('retry'));
  });

  it('400 "maximum context length" wording: conversation too long', async () => {
    const shown = await failureShownFor(
      openAIError(
        400,
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
      ),
    );
    assert.equal(shown.code, 'contextTooLong');
  });

  it('400 anything else: the server words, summarised', async () => {
    const shown = await failureShownFor(
      openAIError(400, "Unsupported parameter: 'max_tokens' is not supported with this model."),
    );
    assert.equal(shown.code, 'badRequest');
    assert.match(shown.message, /max_tokens/);
  });

  it('F06 · 413 payload too large (HTML body) → lower the image size in settings, no markup shown', async () => {
    const shown = await failureShownFor({
      kind: 'error',
      status: 413,
      body: '<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>',
    });
    assert.equal(shown.code, 'payloadTooLarge');
    assert.deepEqual(shown.actions, ['openSettings', 'retry']);
  });

  it('F08 · 429 asking for more than the wait cap → not waited: says how long and the cap, Retry and Open Settings', async () => {
    const shown = await failureShownFor({
      ...openAIError(429, 'Rate limit reached for requests', 'rate_limit_exceeded', 'requests'),
      headers: { 'retry-after': '3600' },
    });
    assert.deepEqual(shown, {
      code: 'rateLimited',
      status: 429,
      message: `${origin} is rate limiting requests (429) and asks to wait 1 h, longer than the 5 s this extension waits by itself (Rate Limit Max Wait Seconds). Retry after that, or raise the limit in settings.`,
      actions: ['retry', 'openSettings'],
    });
  });

  it('F12 · 429 insufficient_quota → no quota left: points at the key and billing, never waited', async () => {
    const shown = await failureShownFor(
      openAIError(
        429,
        'You exceeded your current quota, please check your plan and billing details.',
        'insufficient_quota',
      ),
    );
    assert.equal(shown.code, 'rateLimited');
    assert.match(shown.message, /quota/);
    assert.ok(shown.actions.includes('setApiKey'));
  });

  it('F14 · 502 with an HTML body → server error in one plain line, the HTML never shown; retried as the SDK does', async () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>Bad Gateway</h1><script>alert(1)</script>${'<p>filler</p>'.repeat(500)}</body></html>`;
    const shown = await failureShownFor(
      { kind: 'error', status: 502, body: html, headers: { 'retry-after-ms': '10' } },
      3,
    );
    assert.equal(shown.code, 'serverError');
    assert.equal(shown.status, 502);
    assert.ok(!/[<>]/.test(shown.message), shown.message);
    assert.match(shown.message, /502 Bad Gateway/);
    assert.ok(shown.message.length < 300, 'summarised');
  });

  it('S01 · a server error that echoes the key or a bearer token → neither is shown', async () => {
    const shown = await failureShownFor(
      {
        ...openAIError(
          500,
          `upstream rejected Authorization: Bearer sk-live-0123456789abcdef for key ${KEY}`,
          null,
          'server_error',
        ),
        headers: { 'retry-after-ms': '10' },
      },
      3,
    );
    assert.equal(shown.code, 'serverError');
    assert.ok(!shown.message.includes(KEY), shown.message);
    assert.ok(!shown.message.includes('sk-live-0123456789abcdef'), shown.message);
  });

  it('F16 · connection refused → is the server running? Open Settings, Retry; Retry works once the server runs', async () => {
    const port = await unusedPort();
    const request = requestFor({ baseUrl: `http://127.0.0.1:${port}/v1` });
    const { error } = await runStream(request);
    assert.deepEqual(
      toUserFacingError(error, {
        baseUrl: `http://127.0.0.1:${port}/v1`,
        model: MODEL,
        timeoutMs: 5_000,
      }),
      {
        code: 'connectionRefused',
        message: `Could not connect to http://127.0.0.1:${port}: connection refused. Is the server running?`,
        actions: ['openSettings', 'retry'],
      },
    );
    // The user starts the server on that port and presses Retry: the same request answers.
    const started = await startLoopbackServer({ port, defaultReply: textReply('Now running.') });
    try {
      const retried = await runStream(request);
      assert.equal(retried.error, undefined);
      assert.equal(textOf(retried.events, 'answer'), 'Now running.');
    } finally {
      await started.close();
    }
  });

  it('F17 · unknown host → host not found: check the URL and network; Retry works once the URL is fixed', async () => {
    const baseUrl = 'http://no-such-endpoint.invalid/v1';
    const { error } = await runStream(requestFor({ baseUrl }));
    const shown = toUserFacingError(error, { baseUrl, model: MODEL, timeoutMs: 5_000 });
    assert.equal(shown.code, 'hostNotFound');
    assert.match(shown.message, /no-such-endpoint\.invalid/);
    assert.deepEqual(shown.actions, ['openSettings', 'retry']);
    // Open Settings, correct the URL, Retry: the request goes to the fixed endpoint and answers.
    server.enqueue(textReply('Found it.'));
    const retried = await runStream(requestFor(server, { apiKey: KEY, model: MODEL }));
    assert.equal(retried.error, undefined);
    assert.equal(textOf(retried.events, 'answer'), 'Found it.');
  });

  it('F18 · no response headers → times out once at the configured request timeout (the SDK does not retry it), naming the limit', async () => {
    server.requests.length = 0;
    // One hang: were the timed-out attempt retried, the default reply would answer it.
    server.enqueue({ kind: 'hang' });
    const closed = server.waitForClientClose();
    // The SDK's default of 2 retries, as the extension runs it: a timed-out attempt is not sent
    // again.
    const { error } = await runStream(requestFor(server, { timeoutMs: 300, maxRetries: 2 }));
    assert.equal(server.chatRequests().length, 1, 'sent once');
    assert.ok(!isAbortError(error), 'a timeout is not a user abort');
    assert.deepEqual(
      toUserFacingError(error, { baseUrl: server.baseUrl, model: MODEL, timeoutMs: 300 }),
      {
        code: 'timeout',
        message: `No response from ${origin} within 0.3 s.`,
        actions: ['retry', 'openSettings'],
      },
    );
    await closed;
  });
});

describe('isAbortError', () => {
  it('recognises the SDK abort and DOM-style AbortErrors, nothing else', () => {
    assert.equal(isAbortError(new APIUserAbortError()), true);
    assert.equal(isAbortError(new DOMException('stop', 'AbortError')), true);
    assert.equal(isAbortError(new Error('Request was aborted.')), false);
    assert.equal(isAbortError(undefined), false);
  });
});

describe('noApiKeyError', () => {
  it('names the origin and offers Set API Key', () => {
    assert.deepEqual(noApiKeyError('https://api.openai.com'), {
      code: 'noApiKey',
      message:
        'No API key is set for https://api.openai.com. Set a key for this endpoint to continue.',
      actions: ['setApiKey'],
    });
  });
});

describe('scrubSecrets and summarise', () => {
  it('removes bearer tokens, provider-style keys and the exact key', () => {
    const text = scrubSecrets(
      'Bearer abc.def key sk-proj-AbCdEf123456 and my-own-secret-value',
      'my-own-secret-value',
    );
    assert.equal(text, 'Bearer [redacted] key [redacted] and [redacted]');
  });

  it('keeps ordinary words and model names', () => {
    assert.equal(
      scrubSecrets('model "llama3.2-vision:11b" not found'),
      'model "llama3.2-vision:11b" not found',
    );
  });

  it('reduces HTML to its title', () => {
    assert.equal(
      summarise(
        '<html><head><title>Service Unavailable</title></head><body><script>x()</script></body></html>',
      ),
      'Service Unavailable',
    );
  });
});

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
