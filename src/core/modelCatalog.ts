// The endpoint's model list (`GET /models`), for the Select Model quick pick.
import { createEndpointClient } from './openaiClient';

export interface ModelListRequest {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Model ids the endpoint lists, sorted, without duplicates. */
export async function listModelIds(request: ModelListRequest): Promise<string[]> {
  const client = createEndpointClient({ ...request, maxRetries: 0 });
  const ids = new Set<string>();
  for await (const model of client.models.list({ signal: request.signal })) {
    if (model.id) {
      ids.add(model.id);
    }
  }
  return [...ids].sort((a, b) => a.localeCompare(b));
}
