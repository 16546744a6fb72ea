// Turns the SVG markup Mermaid returns into a standalone SVG document that an <img> can show.
//
// Mermaid serialises its live drawing as HTML, not XML: HTML labels put `<br>`, `<p>`, `&nbsp;`
// and other HTML inside `<foreignObject>`, and `click … href` writes an `xlink:href` whose prefix
// is never declared. An SVG image must be well-formed XML, so that markup, read as XML, is a
// broken image. Reading it back the way it was written (as HTML, which also places every element
// in the right namespace) and writing it out with XMLSerializer gives well-formed XML for any
// markup Mermaid can produce, instead of repairing the cases seen so far one by one.
//
// The document stays an image: nothing in it runs, it loads nothing, and it is drawn at its own
// size. Links are taken out of it (an image cannot be clicked) and returned, so the panel can
// offer them as ordinary answer links, which open only through the host after the user agrees.

export interface StandaloneSvg {
  /** Well-formed SVG XML with the drawing's own width and height. */
  readonly xml: string;
  readonly width: number;
  readonly height: number;
  /** The destinations of the diagram's `click … href` links, in order, without repeats. */
  readonly links: readonly string[];
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

/** Why a drawing cannot be shown; its message is what the panel and the repair turn say. */
export class DiagramDisplayError extends Error {
  override readonly name = 'DiagramDisplayError';
}

/** `prepare` may change the parsed drawing before it is written out (label colours, say). */
export function standaloneSvg(
  markup: string,
  prepare?: (root: SVGSVGElement) => void,
): StandaloneSvg {
  const root = new DOMParser().parseFromString(markup, 'text/html').querySelector('svg');
  if (!root || root.namespaceURI !== SVG_NS) {
    throw new DiagramDisplayError('Mermaid returned no SVG drawing for this diagram.');
  }
  prepare?.(root);
  const { width, height } = drawingSize(root);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  // Mermaid sizes the drawing for inline use (`max-width` in a style attribute); as an image
  // its size is the width and height above.
  root.style.removeProperty('max-width');
  const links = unlink(root);
  return { xml: new XMLSerializer().serializeToString(root), width, height, links };
}

/** The drawing's size from its viewBox, whole pixels; an empty drawing is an error. */
function drawingSize(root: Element): { width: number; height: number } {
  const viewBox = (root.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [, , boxWidth, boxHeight] = viewBox;
  if (viewBox.length !== 4 || !viewBox.every(Number.isFinite)) {
    throw new DiagramDisplayError('The picture Mermaid drew has no size (no usable viewBox).');
  }
  if (!(boxWidth >= 1 && boxHeight >= 1)) {
    throw new DiagramDisplayError(
      `Mermaid drew an empty picture (${Math.max(0, boxWidth)}×${Math.max(0, boxHeight)} px).`,
    );
  }
  return { width: Math.ceil(boxWidth), height: Math.ceil(boxHeight) };
}

/** Removes every link target from the drawing; returns the distinct targets in order. */
function unlink(root: Element): string[] {
  const links = new Set<string>();
  for (const anchor of Array.from(root.getElementsByTagNameNS(SVG_NS, 'a'))) {
    const href = anchor.getAttributeNS(XLINK_NS, 'href') ?? anchor.getAttribute('href');
    if (href?.trim()) {
      links.add(href.trim());
    }
    anchor.removeAttributeNS(XLINK_NS, 'href');
    anchor.removeAttribute('href');
    anchor.removeAttribute('target');
  }
  return [...links];
}
