// Tiny helpers to build DOM without innerHTML for anything that carries text we did not write.
// Styling is by class only: the panel's CSP blocks style attributes in markup.

type AttributeValue = string | number | boolean | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, AttributeValue> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A 16×16 stroked icon, hidden from assistive technology (its button carries the name). */
export function icon(paths: readonly string[], className = ''): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon ${className}`.trim());
  for (const d of paths) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/** Path data for the few icons the panel draws (stroked with currentColor by panel.css). */
export const Icons = {
  zoomIn: ['M8 3.5v9', 'M3.5 8h9'],
  zoomOut: ['M3.5 8h9'],
  fit: ['M2.5 6V2.5H6', 'M10 2.5h3.5V6', 'M13.5 10v3.5H10', 'M6 13.5H2.5V10'],
  chevron: ['M6 3.5 10.5 8 6 12.5'],
  chevronLeft: ['M10 3.5 5.5 8 10 12.5'],
  stop: ['M4.5 4.5h7v7h-7z'],
  send: ['M2.5 8h10', 'M8.5 4l4 4-4 4'],
  error: ['M8 1.75a6.25 6.25 0 1 0 0 12.5 6.25 6.25 0 0 0 0-12.5z', 'M8 4.5v4.25', 'M8 10.75v.5'],
  copy: ['M5.5 5.5h7v8h-7z', 'M3.5 10.5v-8h7'],
  check: ['M3 8.5l3.25 3.25L13 5'],
  image: ['M2.5 3.5h11v9h-11z', 'M2.5 10.5l3.5-3.5 3 3 1.5-1.5 3 3', 'M10.25 6.25h.01'],
  close: ['M4 4l8 8', 'M12 4l-8 8'],
  save: ['M3.5 2.5h7l2 2v9h-9z', 'M5.5 2.5v3h4v-3', 'M5.5 13.5v-4h5v4'],
  insert: ['M8 2.5v7', 'M5 6.5l3 3 3-3', 'M2.5 12.5h11'],
  attach: [
    'M10.5 4.5l-5 5a1.5 1.5 0 0 0 2.1 2.1l5.4-5.4a3 3 0 0 0-4.2-4.2L3.4 7.4a4.5 4.5 0 0 0 6.4 6.4l4-4',
  ],
  history: ['M2.5 8a5.5 5.5 0 1 0 1.6-3.9', 'M2.5 2.5v2.5H5', 'M8 5v3l2 1.5'],
  trash: ['M3 4.5h10', 'M6 4.5v-2h4v2', 'M4.5 4.5l.5 9h6l.5-9'],
  add: ['M8 3v10', 'M3 8h10'],
  region: [
    'M2.5 5V2.5H5',
    'M11 2.5h2.5V5',
    'M13.5 11v2.5H11',
    'M5 13.5H2.5V11',
    'M7 2.5h2',
    'M7 13.5h2',
    'M2.5 7v2',
    'M13.5 7v2',
  ],
  diagram: ['M2.5 2.5h4v3h-4z', 'M9.5 10.5h4v3h-4z', 'M4.5 5.5v6.5h5'],
  eye: [
    'M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z',
    'M8 6.25a1.75 1.75 0 1 0 0 3.5 1.75 1.75 0 0 0 0-3.5z',
  ],
  sparkle: [
    'M8 2v3',
    'M8 11v3',
    'M2 8h3',
    'M11 8h3',
    'M4.5 4.5l1.5 1.5',
    'M10 10l1.5 1.5',
    'M11.5 4.5 10 6',
    'M6 10l-1.5 1.5',
  ],
} as const;
