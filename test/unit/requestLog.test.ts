import * as assert from 'node:assert/strict';
import {
  describeRequest,
  describeResponse,
  endpointForLog,
  measureMessages,
} from '../../src/core/requestLog';

describe('request log lines', () => {
  const image = `data:image/png;base64,${Buffer.alloc(3000, 7).toString('base64')}`;
  const messages = [
    { role: 'system' as const, content: 'Be brief.' },
    {
      role: 'user' as const,
      content: [
        { type: 'text' as const, text: 'explain this' },
        { type: 'image_url' as const, image_url: { url: image } },
      ],
    },
  ];

  it('measures text and decoded image bytes without the content', () => {
    assert.deepEqual(measureMessages(messages), {
      messages: 2,
      textChars: 9 + 12,
      images: 1,
      imageBytes: 3000,
    });
  });

  it('names the endpoint without credentials or query (Azure api-version, a key in the URL)', () => {
    assert.equal(
      endpointForLog(
        'https://user:sk-secret@example.com/openai/deployments/gpt4o/?api-version=2024-10-21&key=abc',
      ),
      'https://example.com/openai/deployments/gpt4o',
    );
    assert.equal(endpointForLog('http://127.0.0.1:11434/v1/'), 'http://127.0.0.1:11434/v1');
    assert.equal(endpointForLog('not a url'), '(invalid endpoint URL)');
  });

  it('says where, which model and how big, never the task or the image', () => {
    const line = describeRequest({
      baseUrl: 'https://api.openai.com/v1',
      provider: 'openai',
      model: 'gpt-4o',
      size: measureMessages(messages),
    });
    assert.equal(
      line,
      'request → https://api.openai.com/v1 provider=openai model=gpt-4o messages=2 text=21 chars images=1 (2.9 KB)',
    );
    assert.ok(!line.includes('explain this') && !line.includes('base64'));
  });

  it('says how it ended, how long it took and what it cost in tokens', () => {
    assert.equal(
      describeResponse({
        status: 'done',
        durationMs: 4200,
        firstTokenMs: 800,
        answerChars: 120,
        reasoningChars: 40,
        usage: { promptTokens: 900, completionTokens: 60, reasoningTokens: 20 },
      }),
      'response done in 4200 ms, first token 800 ms, answer=120 chars reasoning=40 chars, tokens in=900 out=60 reasoning=20',
    );
    assert.equal(
      describeResponse({
        status: 'error',
        durationMs: 30,
        answerChars: 0,
        reasoningChars: 0,
        error: { code: 'unauthorized', status: 401 },
      }),
      'response error in 30 ms, answer=0 chars reasoning=0 chars, error=unauthorized (401)',
    );
  });
});
