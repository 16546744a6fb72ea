// Shows a diagram's standalone SVG through an <img> and proves that it drew: the image decodes,
// has a size, and puts ink on a canvas. Any of those failing is a diagram that did not render,
// reported like a Mermaid syntax error (the panel says so and the model is asked to fix it),
// never a silent broken image.

import { DiagramDisplayError, type StandaloneSvg } from './mermaidSvg';

/** The longest side of the copy the ink is counted on: enough to see a thin line, cheap to read. */
const INK_SAMPLE_SIDE = 256;
/** A pixel with at least this alpha (0–255) was drawn on; antialiasing leaves fainter ones. */
const INK_ALPHA = 16;

/** Loads `svg` into `image`; resolves once it is displayable with ink, rejects with why not. */
export async function loadDiagramImage(image: HTMLImageElement, svg: StandaloneSvg): Promise<void> {
  // The attributes give the element its aspect before it decodes, so layout does not jump.
  image.width = svg.width;
  image.height = svg.height;
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.xml)}`;
  try {
    await image.decode();
  } catch {
    throw new DiagramDisplayError(
      'The browser could not display the picture Mermaid drew (its SVG did not decode).',
    );
  }
  if (image.naturalWidth === 0 || image.naturalHeight === 0) {
    throw new DiagramDisplayError(
      `The picture Mermaid drew displays at no size (${image.naturalWidth}×${image.naturalHeight} px).`,
    );
  }
  if (inkPixels(image) === 0) {
    throw new DiagramDisplayError('Mermaid drew an empty picture, with nothing visible in it.');
  }
}

/** How many pixels of a small copy of `image` were drawn on; undefined when it cannot be read. */
function inkPixels(image: HTMLImageElement): number | undefined {
  const scale = Math.min(1, INK_SAMPLE_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
  const width = Math.max(1, Math.round(image.naturalWidth * scale));
  const height = Math.max(1, Math.round(image.naturalHeight * scale));
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) {
    return undefined;
  }
  context.drawImage(image, 0, 0, width, height);
  let pixels: Uint8ClampedArray;
  try {
    pixels = context.getImageData(0, 0, width, height).data;
  } catch {
    return undefined; // a canvas the browser will not let us read: no verdict, not a failure
  }
  let drawn = 0;
  for (let index = 3; index < pixels.length; index += 4) {
    if (pixels[index] >= INK_ALPHA) {
      drawn++;
    }
  }
  return drawn;
}
