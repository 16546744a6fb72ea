// Keeps node labels readable on fills the model chose. Models colour nodes (`classDef x fill:…`,
// `style A fill:…`) for a white page and rarely say a text colour, so in a dark theme Mermaid
// writes its light label text on the model's pale fill, and in a light theme its dark text on a
// dark fill: unreadable either way. A node that has a fill of its own but no text colour of its
// own gets black or white text, whichever contrasts more with that fill.

/** Fills this transparent or more let the page show through: the theme's text stays. */
const MIN_FILL_ALPHA = 0.5;

type Rgba = readonly [number, number, number, number];

export function makeNodeLabelsReadable(root: Element): void {
  const parse = colourParser();
  for (const node of Array.from(root.querySelectorAll('g.node'))) {
    const shape = Array.from(node.querySelectorAll('[style*="fill"]')).find(
      (element) => !element.closest('.label') && declared(element, 'fill'),
    );
    const label = node.querySelector('.label');
    const fill = shape && parse(declared(shape, 'fill')!);
    if (!label || !fill || fill[3] < MIN_FILL_ALPHA || hasOwnTextColour(label)) {
      continue;
    }
    const ink =
      contrast(fill, [0, 0, 0, 1]) >= contrast(fill, [255, 255, 255, 1]) ? '#000' : '#fff';
    // Mermaid's stylesheet colours label spans directly, so the colour goes on each of them.
    for (const element of [label, ...Array.from(label.querySelectorAll('*'))]) {
      const property = element.namespaceURI === 'http://www.w3.org/1999/xhtml' ? 'color' : 'fill';
      if (property === 'fill' && !['text', 'tspan'].includes(element.localName)) {
        continue;
      }
      (element as SVGElement | HTMLElement).style.setProperty(property, ink, 'important');
    }
  }
}

/** The value of `property` in the element's style attribute, if it sets one. */
function declared(element: Element, property: string): string | undefined {
  const value = (element as SVGElement).style?.getPropertyValue(property).trim();
  return value && value !== 'none' ? value : undefined;
}

/** A text colour the model gave (`color:` in a classDef or style) on the label or inside it. */
function hasOwnTextColour(label: Element): boolean {
  return [label, ...Array.from(label.querySelectorAll('[style]'))].some(
    (element) => declared(element, 'color') !== undefined,
  );
}

/** Any CSS colour (names, hex, rgb(), hsl()…) as RGBA, through a canvas that normalises it. */
function colourParser(): (value: string) => Rgba | undefined {
  const context = new OffscreenCanvas(1, 1).getContext('2d');
  return (value) => {
    if (!context) {
      return undefined;
    }
    // An invalid colour leaves fillStyle as it was: two different starting colours tell.
    const results = ['#010203', '#040506'].map((start) => {
      context.fillStyle = start;
      context.fillStyle = value;
      return String(context.fillStyle);
    });
    if (results[0] !== results[1]) {
      return undefined;
    }
    const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(results[0]);
    if (hex) {
      return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16), 1];
    }
    const rgba = /^rgba\((\d+), (\d+), (\d+), ([\d.]+)\)$/.exec(results[0]);
    return rgba ? [Number(rgba[1]), Number(rgba[2]), Number(rgba[3]), Number(rgba[4])] : undefined;
  };
}

/** WCAG 2 contrast ratio of two opaque colours. */
function contrast(a: Rgba, b: Rgba): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}

function luminance([red, green, blue]: Rgba): number {
  const linear = (channel: number): number => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}
