// What an endpoint has shown about its models' image input, remembered per endpoint and model
// (never guessed from names): a model that refused an image is not sent one again until the user
// picks it again in Select Model, and Select Model marks it. The host backs this with the
// extension's globalState, so the knowledge survives a restart.
import { endpointOrigin } from './endpoint';

/** The part of `vscode.Memento` this needs (globalState satisfies it). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

interface ImageRefusal {
  /** ISO time of the refusal, for the user's information in Select Model. */
  readonly at: string;
}

const STORAGE_KEY = 'multimodalReasoning.modelsRefusingImages';

export class ModelCapabilities {
  constructor(private readonly store: KeyValueStore) {}

  /** True when this model at this endpoint refused image input and was not picked again since. */
  refusesImages(baseUrl: string, model: string): boolean {
    return this.refusals()[modelKey(baseUrl, model)] !== undefined;
  }

  /** Models of this endpoint known to refuse images. */
  modelsRefusingImages(baseUrl: string): Set<string> {
    const prefix = `${safeOrigin(baseUrl)} `;
    return new Set(
      Object.keys(this.refusals())
        .filter((key) => key.startsWith(prefix))
        .map((key) => key.slice(prefix.length)),
    );
  }

  async recordImagesRefused(baseUrl: string, model: string, now = new Date()): Promise<void> {
    await this.store.update(STORAGE_KEY, {
      ...this.refusals(),
      [modelKey(baseUrl, model)]: { at: now.toISOString() },
    });
  }

  /** The model took an image after all (or the user chose to try it again): forget the refusal. */
  async forgetRefusal(baseUrl: string, model: string): Promise<void> {
    const key = modelKey(baseUrl, model);
    const refusals = this.refusals();
    if (refusals[key] === undefined) {
      return;
    }
    const { [key]: _forgotten, ...rest } = refusals;
    await this.store.update(STORAGE_KEY, rest);
  }

  private refusals(): Readonly<Record<string, ImageRefusal>> {
    const stored = this.store.get<Record<string, ImageRefusal>>(STORAGE_KEY);
    return typeof stored === 'object' && stored !== null ? stored : {};
  }
}

/** The origin, not the full URL: `/v1` and `/v1/` are the same server. */
function modelKey(baseUrl: string, model: string): string {
  return `${safeOrigin(baseUrl)} ${model}`;
}

function safeOrigin(baseUrl: string): string {
  try {
    return endpointOrigin(baseUrl);
  } catch {
    return baseUrl.trim();
  }
}
