// "Show on diagram": the model is asked to end its answer with a small JSON block naming the
// components it talked about and where they are. Vision models disagree on how to say where:
// - Gemini returns `box_2d: [ymin, xmin, ymax, xmax]` normalised to 0–1000 (y first);
// - Qwen2.5-VL returns `bbox_2d: [x1, y1, x2, y2]` in pixels of the image it was given, while
//   Qwen3-VL uses the same key for 0–1000 values, so the key alone cannot tell the units: the
//   prompt asks for a `units` field with `bbox_2d`, and pixels are assumed without one.
// Everything is turned into fractions of the image (0–1), which map onto the original image
// because the copy sent is a uniform downscale of it. A box that is malformed, inverted or out
// of range is dropped: the answer is never lost over a bad box.
//
// Pure functions with no imports: the webview bundles this module too.

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A box as fractions of the image: 0 ≤ left < right ≤ 1, 0 ≤ top < bottom ≤ 1. */
export interface FractionBox {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** A box in an image's pixels. */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GroundedComponent {
  /** The name as the answer writes it. */
  readonly name: string;
  readonly box: FractionBox;
}

/** The info string of the fenced block the model writes the boxes in. */
export const GROUNDING_FENCE_INFO = 'grounding';
const MAX_COMPONENTS = 64;
const MAX_NAME_LENGTH = 120;

/** What is added to the task in "Show on diagram" mode; `sent` is the copy the model sees. */
export function groundingInstruction(sent: Size | undefined): string {
  const pixels = sent ? ` of the ${sent.width}×${sent.height} image you were given` : '';
  return [
    'After your answer, add one fenced code block tagged `grounding` that lists the diagram components your answer mentions and where each is in the image, for example:',
    '```grounding',
    '[{"name": "API Gateway", "box_2d": [120, 340, 260, 610]}]',
    '```',
    `\`box_2d\` is [ymin, xmin, ymax, xmax] normalised to 0–1000. If you work in pixels${pixels}, write \`"bbox_2d": [x1, y1, x2, y2], "units": "pixels"\` instead. Use each name exactly as it appears in your answer, and put nothing after the block.`,
  ].join('\n');
}

/** Reads the JSON of a grounding block; whatever is not a well-formed box is left out. */
export function parseGrounding(json: string, sent: Size | undefined): GroundedComponent[] {
  let data: unknown;
  try {
    data = JSON.parse(json.trim());
  } catch {
    return [];
  }
  const record = isRecord(data) ? data : undefined;
  const items = Array.isArray(data)
    ? data
    : ((record && firstArray(record, ['components', 'items', 'objects', 'boxes'])) ?? []);
  const defaultUnits = record ? unitsOf(record) : undefined;
  const components: GroundedComponent[] = [];
  for (const item of items) {
    if (components.length >= MAX_COMPONENTS || !isRecord(item)) {
      continue;
    }
    const name = nameOf(item);
    const box = name ? boxOf(item, unitsOf(item) ?? defaultUnits, sent) : undefined;
    if (name && box) {
      components.push({ name, box });
    }
  }
  return components;
}

/** A fraction box in the pixels of an image of `size` (the original, as it is displayed). */
export function toPixels(box: FractionBox, size: Size): PixelBox {
  const x = box.left * size.width;
  const y = box.top * size.height;
  return { x, y, width: box.right * size.width - x, height: box.bottom * size.height - y };
}

/**
 * A box on the displayed image (EXIF orientation applied, as browsers decode it and as the copy
 * for the model is drawn) in the pixel grid stored in the file. `displayed` is the size shown;
 * orientations 5–8 swap width and height. See the EXIF 2.3 spec, tag 0x0112.
 */
export function displayedToStored(box: PixelBox, orientation: number, displayed: Size): PixelBox {
  const swapped = orientation >= 5 && orientation <= 8;
  const stored = swapped ? { width: displayed.height, height: displayed.width } : displayed;
  const map = (dx: number, dy: number): [number, number] => {
    const { width: W, height: H } = stored;
    switch (orientation) {
      case 2:
        return [W - dx, dy]; // mirrored
      case 3:
        return [W - dx, H - dy]; // rotated 180°
      case 4:
        return [dx, H - dy]; // mirrored vertically
      case 5:
        return [dy, dx]; // transposed
      case 6:
        return [dy, H - dx]; // shown rotated 90° clockwise
      case 7:
        return [W - dy, H - dx]; // transversed
      case 8:
        return [W - dy, dx]; // shown rotated 90° counter-clockwise
      default:
        return [dx, dy];
    }
  };
  const [x1, y1] = map(box.x, box.y);
  const [x2, y2] = map(box.x + box.width, box.y + box.height);
  return {
    x: Math.min(x1, x2),
    y: Math.min(y1, y2),
    width: Math.abs(x2 - x1),
    height: Math.abs(y2 - y1),
  };
}

type Units = 'normalised' | 'pixels';

function boxOf(
  item: Record<string, unknown>,
  units: Units | undefined,
  sent: Size | undefined,
): FractionBox | undefined {
  const gemini = numbers(item.box_2d);
  if (gemini) {
    // Gemini's order is y first.
    const [ymin, xmin, ymax, xmax] = gemini;
    return units === 'pixels'
      ? fromPixels(xmin, ymin, xmax, ymax, sent)
      : fromThousandths(xmin, ymin, xmax, ymax);
  }
  const xy = numbers(item.bbox_2d) ?? numbers(item.bbox) ?? numbers(item.box);
  if (!xy) {
    return undefined;
  }
  const [x1, y1, x2, y2] = xy;
  return units === 'normalised'
    ? fromThousandths(x1, y1, x2, y2)
    : fromPixels(x1, y1, x2, y2, sent);
}

function fromThousandths(x1: number, y1: number, x2: number, y2: number): FractionBox | undefined {
  return checked({ left: x1 / 1000, top: y1 / 1000, right: x2 / 1000, bottom: y2 / 1000 });
}

function fromPixels(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  sent: Size | undefined,
): FractionBox | undefined {
  if (!sent || !(sent.width > 0) || !(sent.height > 0)) {
    return undefined;
  }
  return checked({
    left: x1 / sent.width,
    top: y1 / sent.height,
    right: x2 / sent.width,
    bottom: y2 / sent.height,
  });
}

/** Inside the image and not empty; a box the wrong way round is malformed, not fixed. */
function checked(box: FractionBox): FractionBox | undefined {
  const inRange = (value: number): boolean => value >= 0 && value <= 1;
  if (
    ![box.left, box.top, box.right, box.bottom].every(inRange) ||
    box.left >= box.right ||
    box.top >= box.bottom
  ) {
    return undefined;
  }
  return box;
}

function numbers(value: unknown): [number, number, number, number] | undefined {
  if (
    !Array.isArray(value) ||
    value.length !== 4 ||
    !value.every((entry) => typeof entry === 'number' && Number.isFinite(entry))
  ) {
    return undefined;
  }
  return value as [number, number, number, number];
}

function nameOf(item: Record<string, unknown>): string | undefined {
  const raw = [item.name, item.label, item.component].find((value) => typeof value === 'string');
  const name = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim() : '';
  return name && name.length <= MAX_NAME_LENGTH ? name : undefined;
}

function unitsOf(record: Record<string, unknown>): Units | undefined {
  const units = typeof record.units === 'string' ? record.units.toLowerCase() : '';
  if (/^(px|pixels?|absolute)$/.test(units)) {
    return 'pixels';
  }
  return /^(normali[sz]ed|relative|1000|0-1000|thousandths)$/.test(units)
    ? 'normalised'
    : undefined;
}

function firstArray(
  record: Record<string, unknown>,
  keys: readonly string[],
): unknown[] | undefined {
  for (const key of keys) {
    const value = record[key];
    if (Array.isArray(value)) {
      return value as unknown[];
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
