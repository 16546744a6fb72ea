// The endpoint's models for the Select Model quick pick, and which of them accept images where
// the server says so: Ollama's `/api/show` lists "vision" among a model's capabilities, LM
// Studio's `/api/v0/models` types vision models "vlm". Every other endpoint lists ids only
// (`GET /models`); what they refuse is learned from their errors (see modelCapabilities.ts).
import { createEndpointClient, type AzureTarget } from './openaiClient';
import type { ModelCatalogKind } from './providers/presets';
import { fetchServerJson, serverRoot } from './serverJson';

export interface ModelListRequest {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** How to ask; `openai` when unset. */
  readonly catalog?: ModelCatalogKind;
  readonly azure?: AzureTarget;
}

export interface ListedModel {
  readonly id: string;
  /** What the server says about image input; undefined when it does not say. */
  readonly acceptsImages?: boolean;
}

/** Model ids the endpoint lists, sorted, without duplicates. */
export async function listModelIds(request: ModelListRequest): Promise<string[]> {
  return (await listModels(request)).map((model) => model.id);
}

/** The endpoint's models, sorted by id; a local server's own API is used where it says more. */
export async function listModels(request: ModelListRequest): Promise<ListedModel[]> {
  switch (request.catalog) {
    case 'azureDeployment':
      // Deployments are listed by Azure's management API, not the data plane the key opens.
      return [];
    case 'ollama':
      return sorted((await ollamaModels(request)) ?? (await openAIModels(request)));
    case 'lmstudio':
      return sorted((await lmStudioModels(request)) ?? (await openAIModels(request)));
    default:
      return sorted(await openAIModels(request));
  }
}

async function openAIModels(request: ModelListRequest): Promise<ListedModel[]> {
  const client = createEndpointClient({ ...request, maxRetries: 0 });
  const models: ListedModel[] = [];
  for await (const model of client.models.list({ signal: request.signal })) {
    if (model.id) {
      models.push({ id: model.id });
    }
  }
  return models;
}

interface OllamaTags {
  readonly models?: readonly { readonly name?: unknown; readonly model?: unknown }[];
}

/** `GET /api/tags`, then `POST /api/show` per model for its capabilities (a few at a time). */
async function ollamaModels(request: ModelListRequest): Promise<ListedModel[] | undefined> {
  const root = serverRoot(request.baseUrl);
  let tags: OllamaTags;
  try {
    tags = await fetchServerJson<OllamaTags>(`${root}/api/tags`, request);
  } catch (error) {
    if (request.signal?.aborted) {
      throw error;
    }
    return undefined; // Not Ollama's own API (a proxy in front of it): list the OpenAI way.
  }
  const names = (tags.models ?? [])
    .map((model) => model.name ?? model.model)
    .filter((name): name is string => typeof name === 'string');
  return mapConcurrently(names, 4, async (name) => {
    try {
      const shown = await fetchServerJson<{ capabilities?: unknown }>(`${root}/api/show`, {
        ...request,
        body: { model: name },
      });
      return Array.isArray(shown.capabilities)
        ? { id: name, acceptsImages: shown.capabilities.includes('vision') }
        : { id: name };
    } catch {
      return { id: name };
    }
  });
}

interface LmStudioModels {
  readonly data?: readonly { readonly id?: unknown; readonly type?: unknown }[];
}

/** `GET /api/v0/models`: type "vlm" accepts images, "llm" does not, "embeddings" cannot chat. */
async function lmStudioModels(request: ModelListRequest): Promise<ListedModel[] | undefined> {
  let listed: LmStudioModels;
  try {
    listed = await fetchServerJson<LmStudioModels>(
      `${serverRoot(request.baseUrl)}/api/v0/models`,
      request,
    );
  } catch (error) {
    if (request.signal?.aborted) {
      throw error;
    }
    return undefined;
  }
  return (listed.data ?? [])
    .filter((model) => typeof model.id === 'string' && model.type !== 'embeddings')
    .map((model) => ({
      id: model.id as string,
      ...(model.type === 'vlm'
        ? { acceptsImages: true }
        : model.type === 'llm'
          ? { acceptsImages: false }
          : {}),
    }));
}

function sorted(models: readonly ListedModel[]): ListedModel[] {
  const byId = new Map<string, ListedModel>();
  for (const model of models) {
    byId.set(model.id, { ...byId.get(model.id), ...model });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
