// Labels as they go into the text sent beside a diagram: one line each, no control characters,
// bounded length, quoted as JSON strings so a label can never end its quotes or start a line of
// its own. draw.io labels may be HTML ("<b>API</b><br>gateway"): tags become spaces, in one
// forward scan (a tag that never closes leaves the rest as text).
import { stripTags } from '../htmlText';
import { decodeXmlEntities } from './xmlScanner';

/** Longer labels are cut: a label is a name, not a document. */
export const MAX_LABEL_CHARS = 200;

// C0 and C1 controls, bidirectional overrides and zero-width characters: a label should read as
// it looks, on one line.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g;

/** Whitespace collapsed, invisible characters removed, at most MAX_LABEL_CHARS. */
export function cleanLabel(text: string): string {
  const cleaned = text
    .slice(0, MAX_LABEL_CHARS * 8)
    .replace(INVISIBLE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > MAX_LABEL_CHARS
    ? `${[...cleaned.slice(0, MAX_LABEL_CHARS)].slice(0, -1).join('')}…`
    : cleaned;
}

/** An HTML label's text: every tag a space, entities decoded. */
export function htmlLabelText(html: string): string {
  return decodeXmlEntities(stripTags(html));
}

/** A label as written in the text sent: `"API gateway"`. */
export function quoted(label: string): string {
  return JSON.stringify(label);
}

/**
 * What a connector's end (the shape with `id`) is called in the text: the shape's number, with
 * its label if it has one; "(loose end)" when it is attached to no shape that was numbered.
 */
export function connectorEnd<Shape>(
  id: string | undefined,
  shapes: ReadonlyMap<string, Shape>,
  numbers: ReadonlyMap<string, string>,
  labelOf: (shape: Shape) => string,
): string {
  const shape = id ? shapes.get(id) : undefined;
  const number = id ? numbers.get(id) : undefined;
  if (!shape || !number) {
    return '(loose end)';
  }
  const label = labelOf(shape);
  return label ? `${number} ${quoted(label)}` : number;
}
