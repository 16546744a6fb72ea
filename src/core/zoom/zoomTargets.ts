// The images a question may zoom into, in the order the model numbers them: the panel's own image
// first (when there is one), then the attachments in the order they were added. Region crops are
// not zoom targets. Each is known by the size of its original as displayed (EXIF orientation
// applied), the pixels `box_2d` is normalised to.

import type { PreparedImage, Size } from '../protocol';

export class ZoomTargets {
  private main: Size | undefined;
  private readonly attached: { readonly dataUrl: string; readonly size: Size }[] = [];

  /** The panel's image (prepared again when the settings change: its size stays the original's). */
  setMain(image: PreparedImage): void {
    this.main = originalSize(image);
  }

  add(image: PreparedImage): void {
    this.attached.push({ dataUrl: image.dataUrl, size: originalSize(image) });
  }

  remove(image: PreparedImage): void {
    const index = this.attached.findIndex((entry) => entry.dataUrl === image.dataUrl);
    if (index >= 0) {
      this.attached.splice(index, 1);
    }
  }

  /** The originals' sizes, image 1 first. */
  get sizes(): readonly Size[] {
    return [...(this.main ? [this.main] : []), ...this.attached.map((entry) => entry.size)];
  }
}

/** The original's size as displayed; a prepared copy without it is the original itself. */
function originalSize(image: PreparedImage): Size {
  return {
    width: image.sourceWidth ?? image.width,
    height: image.sourceHeight ?? image.height,
  };
}
