// Is a local model server (Ollama, LM Studio) listening where its preset expects it? Asked once
// when the provider is chosen, with a short timeout, so the user learns at once whether to start
// the server instead of finding out from a failed request.
import type { ProviderPreset } from './providers/presets';
import { withoutTrailingSlashes } from './endpoint';
import { fetchServerJson, serverRoot } from './serverJson';

export type LocalServerProbe =
  | { readonly found: true; readonly baseUrl: string; readonly modelCount: number }
  | { readonly found: false; readonly baseUrl: string };

export const LOCAL_PROBE_TIMEOUT_MS = 1500;

/** Lists the server's models the cheapest way it offers; any failure means "not found". */
export async function probeLocalServer(
  preset: ProviderPreset,
  baseUrl: string,
  timeoutMs = LOCAL_PROBE_TIMEOUT_MS,
): Promise<LocalServerProbe> {
  try {
    if (preset.catalog === 'ollama') {
      const tags = await fetchServerJson<{ models?: unknown }>(`${serverRoot(baseUrl)}/api/tags`, {
        timeoutMs,
      });
      return {
        found: true,
        baseUrl,
        modelCount: Array.isArray(tags.models) ? tags.models.length : 0,
      };
    }
    const listed = await fetchServerJson<{ data?: unknown }>(
      `${withoutTrailingSlashes(baseUrl)}/models`,
      { timeoutMs },
    );
    return {
      found: true,
      baseUrl,
      modelCount: Array.isArray(listed.data) ? listed.data.length : 0,
    };
  } catch {
    return { found: false, baseUrl };
  }
}
