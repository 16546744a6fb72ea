// What a preflight settles: the settings and key a request goes out with, or why it does not go.
// Its own file because both preflights (requestPreflight.ts for OpenAI-compatible endpoints,
// languageModels/languageModelPreflight.ts for VS Code's language models) return it, and the
// first one calls the second.
import type { UserFacingError } from '../core/userError';
import type { ReasoningSettings } from './settings';

export type PreflightResult =
  | { readonly ok: true; readonly settings: ReasoningSettings; readonly apiKey: string | undefined }
  /**
   * `error` is undefined when there is nobody left to tell (Stop, or the panel closed meanwhile).
   */
  | { readonly ok: false; readonly error?: UserFacingError };
