// Which of VS Code's language models this extension may use, and the failures worded for the
// user: the API is missing on this VS Code, the model is gone, it takes no images, VS Code
// refused the request. Only VS Code 1.106 and later have image parts in requests; below that
// `languageModelApi()` answers undefined and the provider is hidden (chooseProvider.ts).
import * as vscode from 'vscode';
import { summarise, UserFacingFailure } from '../../core/errors';
import type { UserFacingError } from '../../core/userError';
import { LANGUAGE_MODEL_IMAGES_SINCE, languageModelApi, type ChatModel } from '../languageModelApi';

/** Whether this model takes images: true or false when VS Code says, undefined when it does not. */
export function acceptsImages(model: ChatModel): boolean | undefined {
  return model.capabilities?.supportsImageToText;
}

/**
 * The models that can be asked about an image: those that say they take images first, then
 * those that do not say; never those that say they do not. Empty without the API.
 */
export async function imageModels(): Promise<ChatModel[]> {
  const api = languageModelApi();
  if (!api) return [];
  const models = (await api.selectChatModels()).filter((model) => acceptsImages(model) !== false);
  return [
    ...models.filter((model) => acceptsImages(model) === true),
    ...models.filter((model) => acceptsImages(model) === undefined),
  ];
}

/**
 * The model saved as `id` (Select Model stores a language model's id). When several vendors
 * offer the same id, the one that takes images. Throws UserFacingFailure when there is none.
 */
export async function chatModel(id: string): Promise<ChatModel> {
  const api = languageModelApi();
  if (!api) throw new UserFacingFailure(languageModelsMissing());
  const found = await api.selectChatModels({ id });
  const model = found.find((each) => acceptsImages(each) === true) ?? found[0];
  if (!model) throw new UserFacingFailure(modelMissing(id));
  return model;
}

export function languageModelsMissing(): UserFacingError {
  return {
    code: 'badRequest',
    message: vscode.l10n.t(
      'VS Code language models need VS Code {0} or later (this is {1}). Choose another provider, or update VS Code.',
      LANGUAGE_MODEL_IMAGES_SINCE.replace(/\.0$/, ''),
      vscode.version,
    ),
    actions: ['chooseProvider'],
  };
}

export function modelMissing(id: string): UserFacingError {
  return {
    code: 'modelNotFound',
    message: vscode.l10n.t(
      'VS Code has no language model "{0}" now (signed out, or its extension was removed). Pick one with Select Model.',
      id,
    ),
    actions: ['selectModel', 'chooseProvider'],
  };
}

export function takesNoImages(model: ChatModel): UserFacingError {
  return {
    code: 'imagesUnsupported',
    message: vscode.l10n.t(
      '{0} ({1}) does not take images, so the image was not sent. Pick a model that does with Select Model.',
      model.name,
      model.vendor,
    ),
    actions: ['selectModel'],
  };
}

/** What VS Code's LanguageModelError (or the model's provider) said, worded for the user. */
export function requestRefused(error: unknown, model: ChatModel): UserFacingError {
  const name = `${model.name} (${model.vendor})`;
  if (error instanceof vscode.LanguageModelError) {
    // The names of LanguageModelError's factories (`LanguageModelError.NoPermissions()`…).
    switch (error.code) {
      case 'NoPermissions':
        return {
          code: 'unauthorized',
          message: vscode.l10n.t(
            'VS Code did not let Multimodal Reasoning use {0}: access was not allowed. Ask again and choose Allow when VS Code asks, or allow it in the Accounts menu under Manage Language Model Access.',
            name,
          ),
          actions: ['retry', 'chooseProvider'],
        };
      case 'Blocked':
        return {
          code: 'rateLimited',
          message: vscode.l10n.t(
            'VS Code blocked the request to {0} (too many requests, or a quota is used up). Wait a moment and retry, or choose another provider.',
            name,
          ),
          actions: ['retry', 'chooseProvider'],
        };
      case 'NotFound':
        return modelMissing(model.id);
    }
  }
  const detail = summarise(error instanceof Error ? error.message : String(error));
  return {
    code: 'serverError',
    message: detail
      ? vscode.l10n.t('{0} could not answer: {1}', name, detail)
      : vscode.l10n.t('{0} could not answer.', name),
    actions: ['retry', 'selectModel'],
  };
}
