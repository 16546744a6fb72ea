// One zoom call checked against the images of the conversation, and the rectangle of the original
// it asks for. Model output is untrusted: anything malformed (not JSON, a box outside 0–1000,
// inverted, of zero area, an image that does not exist, a tool that does not exist) becomes a
// sentence for the `tool` message that says what was wrong, never an exception. JSON.parse and
// the checks are linear in the arguments, which the stream already capped.

import type { Size } from '../grounding';
import type { StreamedToolCall } from '../toolCallStream';
import { ZOOM_TOOL_NAME } from './zoomTool';

/** `[ymin, xmin, ymax, xmax]`, 0–1000, as the model wrote it. */
export type Box2d = readonly [number, number, number, number];

/** A rectangle of whole pixels of the original image (as displayed: EXIF orientation applied). */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface ZoomRequest {
  readonly ok: true;
  readonly callId: string;
  /** 1-based, as the model numbers the images. */
  readonly image: number;
  readonly box: Box2d;
  /** What to cut from the original. */
  readonly region: PixelRect;
  /** The original's size as displayed (the page checks it cuts from that image). */
  readonly original: Size;
}

export interface ZoomRefusal {
  readonly ok: false;
  readonly callId: string;
  /** Said back to the model in the `tool` message. */
  readonly problem: string;
}

export type ZoomCallOutcome = ZoomRequest | ZoomRefusal;

/** How much of malformed arguments is quoted back to the model. */
const QUOTE_CHARS = 200;

/**
 * Checks a zoom call; `originals` are the sizes of the conversation's images as displayed, in
 * the order the model numbers them (crops are not among them).
 */
export function readZoomCall(call: StreamedToolCall, originals: readonly Size[]): ZoomCallOutcome {
  const refuse = (problem: string): ZoomRefusal => ({ ok: false, callId: call.id, problem });
  if (call.name !== ZOOM_TOOL_NAME) {
    return refuse(
      `There is no tool named "${quote(call.name)}"; the only tool is ${ZOOM_TOOL_NAME}.`,
    );
  }
  if (call.argumentsCut) {
    return refuse(
      'The arguments were too long. Send {"image": 1, "box_2d": [ymin, xmin, ymax, xmax]}.',
    );
  }
  let args: unknown;
  try {
    args = JSON.parse(call.arguments.trim() || '{}');
  } catch {
    return refuse(
      `The arguments are not valid JSON: ${quote(call.arguments)}. Send {"image": 1, "box_2d": [ymin, xmin, ymax, xmax]}.`,
    );
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return refuse(
      'The arguments must be a JSON object: {"image": 1, "box_2d": [ymin, xmin, ymax, xmax]}.',
    );
  }
  const { image: rawImage, box_2d: rawBox } = args as Record<string, unknown>;

  const image = rawImage === undefined || rawImage === null ? 1 : rawImage;
  if (
    typeof image !== 'number' ||
    !Number.isInteger(image) ||
    image < 1 ||
    image > originals.length
  ) {
    const count = originals.length;
    return refuse(
      `There is no image ${quote(JSON.stringify(image) ?? typeof image)}: the conversation has ${count} ${count === 1 ? 'image' : 'images'}, numbered from 1.`,
    );
  }
  const box = boxOf(rawBox);
  if (!box) {
    return refuse(
      `box_2d must be four numbers [ymin, xmin, ymax, xmax]; got ${quote(JSON.stringify(rawBox) ?? 'nothing')}.`,
    );
  }
  const [ymin, xmin, ymax, xmax] = box;
  if (box.some((value) => value < 0 || value > 1000)) {
    return refuse(`box_2d values must be from 0 to 1000; got [${box.join(', ')}].`);
  }
  if (ymin > ymax || xmin > xmax) {
    return refuse(
      `box_2d is inverted: it is [ymin, xmin, ymax, xmax], so ymin must be below ymax and xmin below xmax; got [${box.join(', ')}].`,
    );
  }
  if (ymin === ymax || xmin === xmax) {
    return refuse(`box_2d [${box.join(', ')}] has no area.`);
  }
  const original = originals[image - 1];
  return { ok: true, callId: call.id, image, box, region: cropRect(box, original), original };
}

/**
 * The pixels of `original` that `box` covers: min edges rounded down, max edges up, clamped to
 * the image, so the crop always contains the whole region asked for. Integer arithmetic where
 * the box is whole (100 × 3000 / 1000 is exactly 300; 0.1 × 3000 is not).
 */
export function cropRect(box: Box2d, original: Size): PixelRect {
  const [ymin, xmin, ymax, xmax] = box;
  const clamp = (value: number, low: number, high: number): number =>
    Math.min(high, Math.max(low, value));
  const left = clamp(Math.floor((xmin * original.width) / 1000), 0, original.width - 1);
  const top = clamp(Math.floor((ymin * original.height) / 1000), 0, original.height - 1);
  // At least one pixel, whatever box a caller passes; a checked box always has more.
  const right = clamp(Math.ceil((xmax * original.width) / 1000), left + 1, original.width);
  const bottom = clamp(Math.ceil((ymax * original.height) / 1000), top + 1, original.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The size a crop is sent at: its own, or scaled down (aspect kept) to fit `maxSide` when it is
 * larger than the model takes. Never enlarged.
 */
export function cropOutputSize(region: Size, maxSide: number): Size {
  const longSide = Math.max(region.width, region.height);
  const scale = longSide > maxSide ? maxSide / longSide : 1;
  return {
    width: Math.max(1, Math.round(region.width * scale)),
    height: Math.max(1, Math.round(region.height * scale)),
  };
}

/** Four finite numbers; a string holding the JSON array is accepted too (some models quote it). */
function boxOf(value: unknown): Box2d | undefined {
  let candidate = value;
  if (typeof candidate === 'string' && candidate.length <= QUOTE_CHARS) {
    try {
      candidate = JSON.parse(candidate);
    } catch {
      return undefined;
    }
  }
  if (
    !Array.isArray(candidate) ||
    candidate.length !== 4 ||
    !candidate.every((entry) => typeof entry === 'number' && Number.isFinite(entry))
  ) {
    return undefined;
  }
  return candidate as unknown as Box2d;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS)}…` : flat;
}
