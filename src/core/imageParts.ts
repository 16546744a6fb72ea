// How one prepared image goes into a user message: its overview, then (detail "tiles") each
// full-resolution crop preceded by where it lies in the original, then (an SVG) its source as
// text. A plain image is a single image_url part, as before. Also checks what the webview sent:
// it is a browser page, so nothing but PNG or JPEG data URLs goes on the wire.

import type { ChatCompletionContentPart } from 'openai/resources/chat/completions';
import { isPreparedImageDataUrl } from './imageFacts';
import type { PreparedImage } from './protocol';

/** SVG sources above this are not sent as text (the raster still is): a diagram's is far smaller. */
export const MAX_SVG_SOURCE_CHARS = 64 * 1024;

export function isValidPreparedImage(image: PreparedImage | undefined): image is PreparedImage {
  return (
    image !== undefined &&
    isPreparedImageDataUrl(image.dataUrl) &&
    (image.tiles ?? []).every((tile) => isPreparedImageDataUrl(tile.dataUrl))
  );
}

/** The SVG's text when it is worth sending (not too long, and text at all); otherwise undefined. */
export function svgSourceText(mime: string, data: Uint8Array | undefined): string | undefined {
  if (mime !== 'image/svg+xml' || !data || data.byteLength > MAX_SVG_SOURCE_CHARS * 4) {
    return undefined;
  }
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(data)
    .replace(/^\uFEFF/, '')
    .trim();
  return text.length > 0 && text.length <= MAX_SVG_SOURCE_CHARS ? text : undefined;
}

export function imageContentParts(
  name: string,
  image: PreparedImage,
  svgSource?: string,
): ChatCompletionContentPart[] {
  const url = (dataUrl: string, detail?: 'low' | 'high'): ChatCompletionContentPart => ({
    type: 'image_url',
    image_url: detail ? { url: dataUrl, detail } : { url: dataUrl },
  });
  const parts: ChatCompletionContentPart[] = [];
  const tiles = image.tiles ?? [];
  if (tiles.length > 0) {
    const width = image.sourceWidth ?? image.width;
    const height = image.sourceHeight ?? image.height;
    const columns = Math.max(...tiles.map((tile) => tile.column)) + 1;
    const rows = Math.max(...tiles.map((tile) => tile.row)) + 1;
    parts.push({
      type: 'text',
      text:
        `Image "${name}" is ${width}×${height} pixels. First an overview of all of it, scaled to ${image.width}×${image.height}; ` +
        `then ${tiles.length} tiles (${columns} columns × ${rows} rows) that show it at full resolution, for reading small text. ` +
        `Tile positions are in the original's pixels: x from the left edge, y from the top.`,
    });
  }
  parts.push(url(image.dataUrl, image.detail));
  for (const tile of tiles) {
    parts.push({
      type: 'text',
      text: `Tile row ${tile.row + 1}, column ${tile.column + 1} of "${name}": x ${tile.x}–${tile.x + tile.regionWidth}, y ${tile.y}–${tile.y + tile.regionHeight}.`,
    });
    parts.push(url(tile.dataUrl));
  }
  if (svgSource) {
    parts.push({
      type: 'text',
      text: `The SVG source of "${name}" (the image above is drawn from it):\n\`\`\`svg\n${svgSource}\n\`\`\``,
    });
  }
  return parts;
}
