// The key for one origin reaches that origin only, through the real openai SDK: not another
// origin the first one redirects to, and not from the environment.
import * as assert from 'node:assert/strict';
import { textReply, type LoopbackServer } from '../support/loopbackServer';
import { requestFor, runStream, useLoopbackServer } from './streamHarness';

describe('key isolation (real openai SDK, loopback servers)', () => {
  let endpoint: LoopbackServer;
  let elsewhere: LoopbackServer;
  useLoopbackServer((server) => (endpoint = server));
  useLoopbackServer((server) => (elsewhere = server));

  it('S04 · an endpoint that redirects to another origin → the key is not sent there', async () => {
    endpoint.enqueue({ kind: 'redirect', location: `${elsewhere.baseUrl}/chat/completions` });
    elsewhere.enqueue(textReply('Answered elsewhere.'));
    const key = 'sk-only-for-the-endpoint-0001';
    await runStream(requestFor(endpoint, { apiKey: key }));
    assert.equal(endpoint.chatRequests()[0]?.headers.authorization, `Bearer ${key}`);
    for (const request of elsewhere.requests) {
      assert.ok(
        !JSON.stringify(request.headers).includes(key),
        `no key in ${JSON.stringify(request.headers)}`,
      );
    }
  });
});
