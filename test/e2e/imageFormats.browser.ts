// A harness page (webviewPage.ts bundles it) for imageFormats.test.ts: runs the webview's own
// image preparation (src/webview/image/imagePreparation.ts) on files the test generated, and reads
// pixels back so the test can compare what the model gets with the source.
import type { ImagePolicy, PreparedImage } from '../../src/core/protocol';
import {
  decodeFile,
  DEFAULT_IMAGE_POLICY,
  fetchFile,
  intrinsicSize,
  loadImage,
  prepareImage,
} from '../../src/webview/image/imagePreparation';

interface Outcome {
  readonly image?: PreparedImage;
  readonly bytes?: number;
  readonly error?: string;
}

/**
 * Prepares `src` as the analysis panel does (src/webview/image/imageSession.ts: the file fetched
 * once, decoded off the main thread once its size passed the cap), or with `fromImage` as the chat
 * view does (from the decoded <img>).
 */
async function prepare(
  src: string,
  mime: string,
  policy: Partial<ImagePolicy> = {},
  fromImage = false,
  /** Also hand over the file's own bytes, as the panel does (imageSession.ts). */
  withOriginal = false,
): Promise<Outcome> {
  const full = { ...DEFAULT_IMAGE_POLICY, ...policy };
  try {
    const file = fromImage ? undefined : await fetchFile(src);
    let decoded: Promise<ImageBitmap | undefined> | undefined;
    const url = file && URL.createObjectURL(file);
    const image = await loadImage(
      url ?? src,
      true,
      { maxPixels: full.maxPixels, name: src.split('/').pop() ?? src },
      () => {
        decoded = file && decodeFile(file, mime);
      },
    );
    const size = await intrinsicSize(image, mime);
    const {
      image: prepared,
      bytes,
      overview,
    } = await prepareImage(image, mime, full, size, decoded, withOriginal ? file : undefined);
    overview.close();
    return { image: prepared, bytes };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** RGBA bytes of a region of an image (a data URL or a URL on this page's origin). */
async function pixels(
  src: string,
  x: number,
  y: number,
  width: number,
  height: number,
): Promise<number[]> {
  const image = await loadImage(src);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.drawImage(image, x, y, width, height, 0, 0, width, height);
  return [...context.getImageData(0, 0, width, height).data];
}

/**
 * A large, sparse architecture diagram with labels in 9 px text: boxes and lines on white,
 * encoded as PNG. Returns the PNG (base64) and where the smallest label lies.
 */
async function drawDiagram(
  width: number,
  height: number,
): Promise<{ png: string; label: { x: number; y: number; width: number; height: number } }> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.strokeStyle = '#333333';
  g.lineWidth = 2;
  g.font = '9px DejaVu Sans, sans-serif';
  g.fillStyle = '#222222';
  for (let y = 120; y < height - 120; y += 400) {
    for (let x = 100; x < width - 300; x += 500) {
      g.strokeRect(x, y, 260, 120);
      g.fillText(`svc-${x}-${y} :8443 /healthz`, x + 10, y + 60);
      g.beginPath();
      g.moveTo(x + 260, y + 60);
      g.lineTo(x + 500, y + 60);
      g.stroke();
    }
  }
  // The label the test reads back: 9 px text, well inside one tile.
  const label = { x: 1610, y: 1330, width: 180, height: 14 };
  g.fillText('replica-lag-alarm 250ms', label.x + 2, label.y + 10);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  const bytes = new Uint8Array(await blob!.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { png: btoa(binary), label };
}

(globalThis as unknown as { imageFormats: unknown }).imageFormats = {
  prepare,
  pixels,
  drawDiagram,
};
