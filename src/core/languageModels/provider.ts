// The facts about VS Code's own language models as a provider that the rest of the extension
// needs without talking to VS Code: how the choice is saved, how it is named where an HTTP
// endpoint's origin would be, and what VS Code does to images on their way to the model.

/** The `multimodalReasoning.provider` value that sends requests to VS Code's language models. */
export const LANGUAGE_MODELS_PROVIDER = 'vscode';
export type LanguageModelsProvider = typeof LANGUAGE_MODELS_PROVIDER;

/**
 * Where an endpoint's origin would go (the effective `baseUrl`): in messages ("VS Code language
 * models stopped sending…"), in the log, and as the key of what was learned about a model.
 */
export const LANGUAGE_MODELS_ENDPOINT = 'VS Code language models';

/**
 * VS Code scales every image part of a language model request before the model's provider sees
 * it, unless its short side is already at most 768 px: it fits the image into 2048×2048, then
 * scales it so the short side is 768 px, and re-encodes it as PNG (VS Code's
 * mainThreadLanguageModels.ts, `resizeImage`; a 1600×900 PNG arrives as 1365×768). Prepared
 * within these bounds, an image passes untouched, so what the panel says the model sees is what
 * it gets (test/integration/languageModels.test.ts checks the rule on every VS Code it runs on).
 */
export const LANGUAGE_MODEL_IMAGE_BOUNDS = { maxSide: 2048, maxShortSide: 768 } as const;

/**
 * The bytes of one question's images: the strictest model VS Code commonly offers (Anthropic's
 * Claude through GitHub Copilot) takes 5 MB per image; an image within the bounds above is
 * rarely more than 2 MB as PNG.
 */
export const LANGUAGE_MODEL_IMAGE_BYTES = 5 * 1024 * 1024;
