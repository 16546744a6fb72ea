// Excalidraw keeps its scene in what it exports: an SVG carries it base64-encoded between
// `<!-- payload-start -->` and `<!-- payload-end -->`, a PNG in a tEXt chunk keyed
// `application/vnd.excalidraw+json`. Either holds a small JSON wrapper,
// `{ encoding: "bstring", compressed, encoded }`, whose `encoded` is the scene's bytes as a byte
// string, zlib-compressed when `compressed`; older exports hold the scene JSON itself.
import { byteString, decodeBase64, latin1, utf8 } from './bytes';
import type { InflateBudget } from './inflateBudget';

export const EXCALIDRAW_PNG_KEYWORD = 'application/vnd.excalidraw+json';

/** The scene JSON from an SVG's payload, or undefined when it cannot be read. */
export function sceneFromSvgPayload(base64: string, budget: InflateBudget): string | undefined {
  const bytes = decodeBase64(base64);
  if (!bytes) {
    return undefined;
  }
  // Version 2 base64-encodes the wrapper's byte string as it is; version 1 its UTF-8 encoding.
  return sceneFromWrapper(latin1(bytes), budget) ?? sceneFromWrapper(utf8(bytes), budget);
}

/** The scene JSON from a PNG tEXt chunk's text (Latin-1, as PNG defines tEXt). */
export function sceneFromPngText(text: string, budget: InflateBudget): string | undefined {
  return sceneFromWrapper(text, budget);
}

function sceneFromWrapper(json: string, budget: InflateBudget): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return undefined;
  }
  const wrapper = parsed as Record<string, unknown>;
  if (!('encoded' in wrapper)) {
    // A legacy export: the scene itself.
    return wrapper.type === 'excalidraw' ? json : undefined;
  }
  if (wrapper.encoding !== 'bstring' || typeof wrapper.encoded !== 'string') {
    return undefined;
  }
  const bytes = byteString(wrapper.encoded);
  if (!bytes) {
    return undefined;
  }
  if (wrapper.compressed !== true) {
    return utf8(bytes);
  }
  const inflated = budget.inflate(bytes, 'zlib');
  return inflated && utf8(inflated);
}
