// Local servers' own JSON APIs (Ollama's /api/*, LM Studio's /api/v0/*), which live beside the
// OpenAI-compatible /v1 and outside the SDK. Same origin as the configured endpoint, so the key
// stored for that origin may go with them; nothing else does (a redirect is refused, not followed).
import { withoutTrailingSlashes } from './endpoint';
import { EndpointRedirectError, guardedFetch, redirectTarget } from './guardedFetch';

export interface ServerJsonRequest {
  readonly apiKey?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** POSTed as JSON when set; otherwise a GET. */
  readonly body?: object;
}

/** `http://localhost:11434/v1` → `http://localhost:11434`: where the server's own API lives. */
export function serverRoot(baseUrl: string): string {
  return withoutTrailingSlashes(baseUrl.trim()).replace(/\/v1$/, '');
}

export async function fetchServerJson<T>(url: string, request: ServerJsonRequest): Promise<T> {
  const timeout = AbortSignal.timeout(Math.max(1, request.timeoutMs));
  const response = await guardedFetch()(url, {
    method: request.body ? 'POST' : 'GET',
    headers: {
      accept: 'application/json',
      ...(request.body ? { 'content-type': 'application/json' } : {}),
      ...(request.apiKey ? { authorization: `Bearer ${request.apiKey}` } : {}),
    },
    body: request.body ? JSON.stringify(request.body) : undefined,
    signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
  });
  const redirect = redirectTarget(response.status, response.headers);
  if (redirect !== null) {
    throw new EndpointRedirectError(response.status, redirect);
  }
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return (await response.json()) as T;
}
