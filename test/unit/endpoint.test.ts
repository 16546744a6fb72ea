import * as assert from 'node:assert/strict';
import {
  describeEndpoint,
  endpointOrigin,
  InvalidEndpointUrlError,
  isLoopbackHost,
} from '../../src/core/endpoint';

describe('endpoint', () => {
  it('normalises the origin: case, default port, path and credentials dropped', () => {
    assert.equal(endpointOrigin('HTTPS://API.OpenAI.com:443/v1/'), 'https://api.openai.com');
    assert.equal(endpointOrigin(' http://localhost:11434/v1 '), 'http://localhost:11434');
    assert.equal(
      endpointOrigin('https://user:secret@example.com/openai/v1'),
      'https://example.com',
    );
  });

  it('gives different origins to different ports of one host', () => {
    assert.notEqual(
      endpointOrigin('http://127.0.0.1:9/v1'),
      endpointOrigin('http://127.0.0.1:8080/v1'),
    );
  });

  it('throws a clear error for an invalid or non-http URL', () => {
    assert.throws(
      () => endpointOrigin('api.openai.com/v1'),
      (error: unknown) =>
        error instanceof InvalidEndpointUrlError && /not a valid endpoint URL/.test(error.message),
    );
    assert.throws(() => endpointOrigin('file:///etc/passwd'), InvalidEndpointUrlError);
  });

  it('recognises loopback hosts only', () => {
    for (const url of [
      'http://localhost:1234/v1',
      'http://127.0.0.1/v1',
      'http://127.8.9.10',
      'http://[::1]:8000/v1',
      'http://api.localhost/v1',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      assert.equal(isLoopbackHost(url), true, url);
    }
    for (const url of [
      'http://192.168.1.5:11434/v1',
      'https://api.openai.com/v1',
      'http://localhost.example.com',
      'http://0.0.0.0:8000',
      'not a url',
    ]) {
      assert.equal(isLoopbackHost(url), false, url);
    }
  });

  it('describes an endpoint by its origin, or by the raw text when invalid', () => {
    assert.equal(
      describeEndpoint('https://generativelanguage.googleapis.com/v1beta/openai/'),
      'https://generativelanguage.googleapis.com',
    );
    assert.equal(describeEndpoint('nonsense'), 'nonsense');
  });
});
