// The encoders' worker (imageEncoders.ts starts it from this file's bundled text): draws a bitmap
// the page decoded and cut onto white and encodes it within its byte share, with the page's own
// code. Chromium encodes a PNG or JPEG canvas on the thread that asks, in its idle time, so on
// the page every part was encoded on the main thread, one after another; here each worker is a
// thread of its own. Errors come back as their (localised) message.

import { canvasOf, encodeWithinLimit } from './imageEncoding';
import type { EncoderReply, EncoderRequest } from './imageEncoders';
import * as l10n from '@vscode/l10n';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<EncoderRequest>) => void) | null;
  postMessage(message: EncoderReply, transfer?: Transferable[]): void;
};

scope.onmessage = ({ data }) => void handle(data);

async function handle(data: EncoderRequest): Promise<void> {
  if (data.type === 'l10n') {
    l10n.config({ contents: data.contents });
    return;
  }
  const { id, bitmap, mime, limit, keepCanvas, flat, palette } = data;
  try {
    const canvas = await canvasOf(bitmap, flat);
    const encoded = await encodeWithinLimit(canvas, mime, limit, palette);
    const drawn =
      keepCanvas && 'transferToImageBitmap' in canvas ? canvas.transferToImageBitmap() : undefined;
    scope.postMessage({ id, encoded, drawn }, drawn ? [drawn] : []);
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
}
scope.postMessage({ ready: true });
