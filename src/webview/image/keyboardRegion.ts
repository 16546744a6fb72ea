// Selecting a region without a pointer: a rectangle that arrow keys move and Shift+arrow keys
// resize, in steps of screen pixels turned into the original's pixels through the viewer's
// ImageTransform, so a step is the same size on the screen at any zoom. Pure arithmetic, no DOM
// (unit-tested in test/unit/imageTransform.test.ts).

import type { ImageTransform, Rect, Size } from './imageTransform';

/** One arrow key press, in CSS pixels on the screen (Ctrl/Alt held: one pixel). */
export const KEY_STEP_PX = 10;

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

export function isArrowKey(key: string): key is ArrowKey {
  return key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown';
}

/**
 * The rectangle a keyboard selection starts with: a third of the part of the image in view,
 * centred in it, in whole pixels of the original.
 */
export function startingRegion(transform: ImageTransform, pane: Size): Rect {
  const a = transform.toImage({ x: 0, y: 0 });
  const b = transform.toImage({ x: pane.width, y: pane.height });
  const left = Math.max(0, a.x);
  const top = Math.max(0, a.y);
  const right = Math.min(transform.image.width, b.x);
  const bottom = Math.min(transform.image.height, b.y);
  const width = Math.max(1, Math.round((right - left) / 3));
  const height = Math.max(1, Math.round((bottom - top) / 3));
  return {
    x: Math.round(left + (right - left - width) / 2),
    y: Math.round(top + (bottom - top - height) / 2),
    width,
    height,
  };
}

/**
 * `region` after one arrow key: moved by a step, or (`resize`) with its right or bottom edge
 * moved by a step, never smaller than one pixel and never outside the image.
 */
export function stepRegion(
  region: Rect,
  key: ArrowKey,
  options: { readonly resize: boolean; readonly fine: boolean },
  transform: ImageTransform,
): Rect {
  const image = transform.image;
  const step = Math.max(1, Math.round((options.fine ? 1 : KEY_STEP_PX) / transform.scale));
  const dx = key === 'ArrowLeft' ? -step : key === 'ArrowRight' ? step : 0;
  const dy = key === 'ArrowUp' ? -step : key === 'ArrowDown' ? step : 0;
  if (options.resize) {
    const width = clamp(region.width + dx, 1, image.width - region.x);
    const height = clamp(region.height + dy, 1, image.height - region.y);
    return { ...region, width, height };
  }
  return {
    ...region,
    x: clamp(region.x + dx, 0, image.width - region.width),
    y: clamp(region.y + dy, 0, image.height - region.height),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
