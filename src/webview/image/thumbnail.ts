// A small picture of an image for the history list: a moved or deleted file still shows what
// the conversation was about. JPEG on white, at most 96 px on its long side (a few KB).

export const THUMBNAIL_SIDE = 96;

export function makeThumbnail(
  image: CanvasImageSource & {
    readonly naturalWidth?: number;
    readonly naturalHeight?: number;
    readonly width: number | SVGAnimatedLength;
    readonly height: number | SVGAnimatedLength;
  },
  size?: { width: number; height: number },
): string | undefined {
  const width = size?.width ?? (image.naturalWidth || Number(image.width));
  const height = size?.height ?? (image.naturalHeight || Number(image.height));
  if (!width || !height) {
    return undefined;
  }
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d');
  if (!context) {
    return undefined;
  }
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingQuality = 'high';
  try {
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/jpeg', 0.72);
  } catch {
    return undefined; // a tainted canvas: no thumbnail rather than no analysis
  }
}
