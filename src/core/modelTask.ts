// What the model is told for a task, besides what the user typed: where the region asked about
// is (its crop goes with the message as a second image), and, in "Show on diagram" mode, how to
// report where the components it mentions are. The user's own words stay the turn's title.

import { groundingInstruction, type PixelBox, type Size } from './grounding';

export interface ModelTaskOptions {
  readonly region?: { readonly box: PixelBox; readonly original: Size; readonly crop: Size };
  readonly grounding?: boolean;
  /** The copy of the whole image the model was sent. */
  readonly sent?: Size;
}

export function modelTask(task: string, options: ModelTaskOptions): string {
  const parts = [task];
  const region = options.region;
  if (region) {
    const { x, y, width, height } = roundBox(region.box);
    const sent = options.sent
      ? ` (the whole image was sent downscaled to ${options.sent.width}×${options.sent.height})`
      : '';
    parts.push(
      `This question is about one region of the image. The last image attached to this message is a full-resolution crop of it (${region.crop.width}×${region.crop.height}): ` +
        `x ${x}–${x + width}, y ${y}–${y + height} in pixels of the original ${region.original.width}×${region.original.height} image${sent}. ` +
        'Use the whole image for context and the crop for detail.',
    );
  }
  if (options.grounding) {
    parts.push(groundingInstruction(options.sent));
  }
  return parts.join('\n\n');
}

/** The turn that asks the model to fix a Mermaid diagram that did not render. */
export function mermaidRepairTask(error: string): {
  readonly task: string;
  readonly modelTask: string;
} {
  const firstLine =
    error
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? 'a syntax error';
  return {
    task: `Fix the Mermaid diagram (it did not render: ${firstLine.slice(0, 160)})`,
    modelTask:
      'The Mermaid code in your last answer did not render. Mermaid reported:\n\n' +
      '```text\n' +
      error.slice(0, 2000) +
      '\n```\n\n' +
      'Reply with the corrected diagram in one ```mermaid block, keeping every component and connection.',
  };
}

function roundBox(box: PixelBox): PixelBox {
  const x = Math.round(box.x);
  const y = Math.round(box.y);
  return {
    x,
    y,
    width: Math.round(box.x + box.width) - x,
    height: Math.round(box.y + box.height) - y,
  };
}
