// What is settled before a question goes to one of VS Code's language models: that this VS Code
// has them, that the chosen model is still there, and that it takes images when the question
// carries one. No key and no URL: VS Code and the model's provider hold those; its consent prompt
// comes with the first request (languageModelTurn.ts).
import { UserFacingFailure } from '../../core/errors';
import type { PreflightResult } from '../preflightResult';
import type { ReasoningSettings } from '../settings';
import { languageModelApi } from '../languageModelApi';
import { acceptsImages, chatModel, languageModelsMissing, takesNoImages } from './chatModels';

export async function languageModelPreflight(
  settings: ReasoningSettings,
  sendsImages: boolean,
  isCancelled: () => boolean,
): Promise<PreflightResult> {
  const fail = (error: PreflightResult & { ok: false }) =>
    isCancelled() ? { ok: false as const } : error;
  if (!languageModelApi()) {
    return fail({ ok: false, error: languageModelsMissing() });
  }
  try {
    const model = await chatModel(settings.model);
    if (sendsImages && acceptsImages(model) === false) {
      return fail({ ok: false, error: takesNoImages(model) });
    }
  } catch (error) {
    if (error instanceof UserFacingFailure) {
      return fail({ ok: false, error: error.userFacing });
    }
    throw error;
  }
  return isCancelled() ? { ok: false } : { ok: true, settings, apiKey: undefined };
}
