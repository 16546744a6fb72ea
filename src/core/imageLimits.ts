// How large an image may be, at each step: on disk (refused before reading), decoded (refused
// before decoding: a small file can hold a huge image), and as sent (each provider's documented
// byte limit for the images of one request, overridable). The webview applies the last two
// with the numbers the host sends it (ImagePolicy, in conversation/init), so they are named
// once, here; the webview words the messages (src/webview/image/imagePreparation.ts).

import {
  LANGUAGE_MODEL_IMAGE_BOUNDS,
  LANGUAGE_MODEL_IMAGE_BYTES,
  LANGUAGE_MODELS_PROVIDER,
  type LanguageModelsProvider,
} from './languageModels/provider';
import type { ImagePolicy } from './protocol';
import type { ProviderId } from './providers/presets';
import { MAX_IMAGE_FILE_BYTES } from './imageFacts';
import { MAX_IMAGE_PIXELS } from './imageHeader';

export type ImageDetail = ImagePolicy['detail'];
export const IMAGE_DETAILS: readonly ImageDetail[] = ['auto', 'low', 'high', 'tiles'];

/**
 * Decoded images larger than this are refused before they are decoded: the host checks the
 * header (src/core/imageHeader.ts); the webview checks pasted and dropped files, whose header it
 * reads when the image loads. 64 megapixels covers a camera phone's full-resolution photo.
 */
export const MAX_DECODED_PIXELS = MAX_IMAGE_PIXELS;

const MB = 1024 * 1024;

/**
 * The bytes the images of one question may take once prepared (before base64), per provider:
 * - OpenAI and Azure OpenAI: 20 MB per image (50 MB per request).
 * - Gemini: 20 MB for the whole inline request, base64 included (×4/3): 14 MB of images.
 * - OpenRouter: the strictest model it routes to, Anthropic's, takes 5 MB per image.
 * - Ollama, LM Studio, DeepSeek, other servers: no documented limit; OpenAI's is assumed.
 */
export const PROVIDER_IMAGE_BYTE_LIMITS: Readonly<Record<ProviderId, number>> = {
  openai: 20 * MB,
  azure: 20 * MB,
  gemini: 14 * MB,
  openrouter: 5 * MB,
  ollama: 20 * MB,
  lmstudio: 20 * MB,
  deepseek: 20 * MB,
  custom: 20 * MB,
};

/** Smallest override accepted: below it even a modest diagram cannot be sent legibly. */
export const MIN_IMAGE_BYTE_LIMIT = 64 * 1024;
/** Largest override accepted (the manifest's maximum): no provider takes more in one request. */
export const MAX_IMAGE_BYTE_LIMIT = 50 * MB;

/** The bounds of `maxImageSide` (the manifest's): a vector is drawn at most this large. */
export const MIN_IMAGE_SIDE = 256;
export const MAX_IMAGE_SIDE = 8192;

/**
 * `maxImageSide` within its bounds. A settings file is not held to the manifest's minimum and
 * maximum, and an SVG is drawn with its long side at this size: 100,000 would be a canvas of
 * ten gigapixels.
 */
export function clampImageSide(side: number): number {
  return Number.isFinite(side)
    ? Math.min(MAX_IMAGE_SIDE, Math.max(MIN_IMAGE_SIDE, Math.round(side)))
    : MAX_IMAGE_SIDE;
}

/** The provider's limit, or the user's `maxImageMegabytes` when set (never below the minimum). */
export function imageByteLimit(
  provider: ProviderId | LanguageModelsProvider,
  overrideMegabytes: number | undefined,
): number {
  if (
    overrideMegabytes !== undefined &&
    Number.isFinite(overrideMegabytes) &&
    overrideMegabytes > 0
  ) {
    return Math.min(
      MAX_IMAGE_BYTE_LIMIT,
      Math.max(MIN_IMAGE_BYTE_LIMIT, Math.round(overrideMegabytes * MB)),
    );
  }
  return provider === LANGUAGE_MODELS_PROVIDER
    ? LANGUAGE_MODEL_IMAGE_BYTES
    : PROVIDER_IMAGE_BYTE_LIMITS[provider];
}

export function isImageDetail(value: unknown): value is ImageDetail {
  return typeof value === 'string' && (IMAGE_DETAILS as readonly string[]).includes(value);
}

/** Everything the webview needs to prepare images for the current settings. */
export function imagePolicy(options: {
  maxSide: number;
  provider: ProviderId | LanguageModelsProvider;
  maxMegabytes?: number;
  detail?: string;
}): ImagePolicy {
  const maxSide = clampImageSide(options.maxSide);
  const base: ImagePolicy = {
    maxSide,
    maxBytes: imageByteLimit(options.provider, options.maxMegabytes),
    maxPixels: MAX_DECODED_PIXELS,
    maxFileBytes: MAX_IMAGE_FILE_BYTES,
    detail: isImageDetail(options.detail) ? options.detail : 'auto',
  };
  // Prepared within what VS Code passes untouched, the copy shown is the copy the model reads.
  return options.provider === LANGUAGE_MODELS_PROVIDER
    ? {
        ...base,
        maxSide: Math.min(maxSide, LANGUAGE_MODEL_IMAGE_BOUNDS.maxSide),
        maxShortSide: LANGUAGE_MODEL_IMAGE_BOUNDS.maxShortSide,
      }
    : base;
}

/** The formats we read, for "format not supported" messages. */
export const SUPPORTED_FORMATS_TEXT = 'PNG, JPEG, GIF, WebP, BMP, AVIF, ICO, SVG, TIFF';
