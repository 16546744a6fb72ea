import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { APIUserAbortError } from 'openai';
import { isAbortError, noApiKeyError, scrubSecrets, summarise, toUserFacingError } from '../../src/core/errors';
import type { UserFacingError } from '../../src/core/userError';
import { startLoopbackServer, type LoopbackServer, type ScriptedResponse } from '../support/loopbackServer';
import { requestFor, runStream } from './streamHarness';

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

  /** Streams against the scripted failure and maps what the generator threw. */
  async function failureShownFor(response: ScriptedResponse): Promise<UserFacingError> {
    server.enqueue(response);
    const { events, error } = await runStream(requestFor(server, { apiKey: KEY, model: MODEL }));
    assert.deepEqual(events, [], 'no events before the failure');
    assert.ok(error, 'the stream failed');
    return toUserFacingError(error, { baseUrl: server.baseUrl, model: MODEL, timeoutMs: 5_000, apiKey: KEY });
  }

  const openAIError = (status: number, message: string, code: string | null = null, type = 'invalid_request_error'): Extract<ScriptedResponse, { kind: 'error' }> => ({
    kind: 'error',
    status,
    body: { error: { message, type, param: null, code } },
  });

  it('401: rejected key, with Set API Key, never showing the key', async () => {
    const shown = await failureShownFor(openAIError(401, `Incorrect API key provided: ${KEY}.`, 'invalid_api_key'));
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
      const shown = toUserFacingError(error, { baseUrl: guarded.baseUrl, model: MODEL, timeoutMs: 5_000 });
      assert.equal(shown.code, 'unauthorized');
      const { error: none } = await runStream(requestFor(guarded, { apiKey: 'sk-the-right-one' }));
      assert.equal(none, undefined, 'the right key is accepted');
    } finally {
      await guarded.close();
    }
  });

  it('403: rejected key', async () => {
    const shown = await failureShownFor(openAIError(403, 'You are not allowed to use this model.', 'forbidden'));
    assert.equal(shown.code, 'unauthorized');
    assert.equal(shown.message, `The API key for ${origin} was rejected (403). Set a valid key for this endpoint.`);
  });

  it('404 naming the model: model not found', async () => {
    const shown = await failureShownFor(openAIError(404, `The model \`${MODEL}\` does not exist or you do not have access to it.`, 'model_not_found'));
    assert.deepEqual(shown, {
      code: 'modelNotFound',
      status: 404,
      message: `Model "${MODEL}" was not found at ${origin}.`,
      actions: ['selectModel', 'retry'],
    });
  });

  it('404 Ollama style ({"error": "…"}): model not found', async () => {
    const shown = await failureShownFor({ kind: 'error', status: 404, body: { error: `model "${MODEL}" not found, try pulling it first` } });
    assert.equal(shown.code, 'modelNotFound');
    assert.deepEqual(shown.actions, ['selectModel', 'retry']);
  });

  it('404 without a word about models: model not found, and check the URL', async () => {
    const shown = await failureShownFor({ kind: 'error', status: 404, body: '404 page not found' });
    assert.equal(shown.code, 'modelNotFound');
    assert.match(shown.message, new RegExp(`^Model "${MODEL}" was not found at ${origin.replace(/\./g, '\\.')}\\. .*endpoint URL`));
    assert.deepEqual(shown.actions, ['selectModel', 'openSettings', 'retry']);
  });

  const imageWordings: Array<[string, ScriptedResponse]> = [
    ['OpenAI', openAIError(400, 'Invalid content type. image_url is only supported by certain models.', null)],
    ['OpenAI (newer)', openAIError(400, 'This model does not support image inputs.', 'unsupported_value')],
    ['Ollama', { kind: 'error', status: 400, body: { error: 'this model is missing data required for image input' } }],
    // vLLM answers with a top-level message, not OpenAI's {"error": {...}} envelope.
    ['vLLM', { kind: 'error', status: 400, body: { object: 'error', message: `${MODEL} is not a multimodal model`, type: 'BadRequestError', param: null, code: 400 } }],
  ];
  for (const [server_, response] of imageWordings) {
    it(`400 images unsupported (${server_} wording)`, async () => {
      const shown = await failureShownFor(response);
      assert.deepEqual(shown, {
        code: 'imagesUnsupported',
        status: 400,
        message: `Model "${MODEL}" at ${origin} does not accept images. Pick a model that does with Select Model.`,
        actions: ['selectModel', 'retry'],
      });
    });
  }

  it('400 context_length_exceeded: conversation too long', async () => {
    const shown = await failureShownFor(openAIError(400, 'Input tokens exceed the configured limit of 272000 tokens.', 'context_length_exceeded'));
    assert.equal(shown.code, 'contextTooLong');
    assert.ok(shown.actions.includes('retry'));
  });

  it('400 "maximum context length" wording: conversation too long', async () => {
    const shown = await failureShownFor(openAIError(400, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens."));
    assert.equal(shown.code, 'contextTooLong');
  });

  it('400 anything else: the server words, summarised', async () => {
    const shown = await failureShownFor(openAIError(400, "Unsupported parameter: 'max_tokens' is not supported with this model."));
    assert.equal(shown.code, 'badRequest');
    assert.match(shown.message, /max_tokens/);
  });

  it('413: payload too large', async () => {
    const shown = await failureShownFor({ kind: 'error', status: 413, body: '<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body></html>' });
    assert.equal(shown.code, 'payloadTooLarge');
    assert.deepEqual(shown.actions, ['openSettings', 'retry']);
  });

  it('429: rate limited, with the wait the server asked for', async () => {
    const shown = await failureShownFor({ ...openAIError(429, 'Rate limit reached for requests', 'rate_limit_exceeded', 'requests'), headers: { 'retry-after': '7' } });
    assert.deepEqual(shown, { code: 'rateLimited', status: 429, message: `${origin} is rate limiting requests (429). Retry after 7 s.`, actions: ['retry'] });
  });

  it('429 insufficient_quota: no quota left, points at the key', async () => {
    const shown = await failureShownFor(openAIError(429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota'));
    assert.equal(shown.code, 'rateLimited');
    assert.match(shown.message, /quota/);
    assert.ok(shown.actions.includes('setApiKey'));
  });

  it('500 with an HTML body: server error, summarised, no markup', async () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>Bad Gateway</h1>${'<p>filler</p>'.repeat(500)}</body></html>`;
    const shown = await failureShownFor({ kind: 'error', status: 500, body: html });
    assert.equal(shown.code, 'serverError');
    assert.equal(shown.status, 500);
    assert.ok(!/[<>]/.test(shown.message), shown.message);
    assert.match(shown.message, /502 Bad Gateway/);
    assert.ok(shown.message.length < 300, 'summarised');
  });

  it('never shows the key or bearer tokens the server echoes back', async () => {
    const shown = await failureShownFor(openAIError(500, `upstream rejected Authorization: Bearer sk-live-0123456789abcdef for key ${KEY}`, null, 'server_error'));
    assert.equal(shown.code, 'serverError');
    assert.ok(!shown.message.includes(KEY), shown.message);
    assert.ok(!shown.message.includes('sk-live-0123456789abcdef'), shown.message);
  });

  it('connection refused: is the server running?', async () => {
    const port = await unusedPort();
    const { error } = await runStream(requestFor({ baseUrl: `http://127.0.0.1:${port}/v1` }));
    assert.deepEqual(toUserFacingError(error, { baseUrl: `http://127.0.0.1:${port}/v1`, model: MODEL, timeoutMs: 5_000 }), {
      code: 'connectionRefused',
      message: `Could not connect to http://127.0.0.1:${port}: connection refused. Is the server running?`,
      actions: ['openSettings', 'retry'],
    });
  });

  it('unknown host: host not found', async () => {
    const baseUrl = 'http://no-such-endpoint.invalid/v1';
    const { error } = await runStream(requestFor({ baseUrl }));
    const shown = toUserFacingError(error, { baseUrl, model: MODEL, timeoutMs: 5_000 });
    assert.equal(shown.code, 'hostNotFound');
    assert.match(shown.message, /no-such-endpoint\.invalid/);
    assert.deepEqual(shown.actions, ['openSettings', 'retry']);
  });

  it('no response in time: timeout naming the limit', async () => {
    server.enqueue({ kind: 'hang' });
    const closed = server.waitForClientClose();
    const { error } = await runStream(requestFor(server, { timeoutMs: 300, maxRetries: 0 }));
    assert.ok(!isAbortError(error), 'a timeout is not a user abort');
    assert.deepEqual(toUserFacingError(error, { baseUrl: server.baseUrl, model: MODEL, timeoutMs: 300 }), {
      code: 'timeout',
      message: `No response from ${origin} within 0.3 s.`,
      actions: ['retry', 'openSettings'],
    });
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
      message: 'No API key is set for https://api.openai.com. Set a key for this endpoint to continue.',
      actions: ['setApiKey'],
    });
  });
});

describe('scrubSecrets and summarise', () => {
  it('removes bearer tokens, provider-style keys and the exact key', () => {
    const text = scrubSecrets('Bearer abc.def key sk-proj-AbCdEf123456 and my-own-secret-value', 'my-own-secret-value');
    assert.equal(text, 'Bearer [redacted] key [redacted] and [redacted]');
  });

  it('keeps ordinary words and model names', () => {
    assert.equal(scrubSecrets('model "llama3.2-vision:11b" not found'), 'model "llama3.2-vision:11b" not found');
  });

  it('reduces HTML to its title', () => {
    assert.equal(summarise('<html><head><title>Service Unavailable</title></head><body><script>x()</script></body></html>'), 'Service Unavailable');
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
