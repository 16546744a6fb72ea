// An SVG the canvas can read back. Chromium taints a canvas that an SVG image with a
// <foreignObject> was drawn on, so its pixels cannot be exported, and draw.io writes every HTML
// label that way (inside a <switch>, with a plain <text> fallback after it). Each <foreignObject>
// is taken out: where a <switch> offers another child, that child is drawn (draw.io's fallback
// text); elsewhere the object's text is drawn as SVG <text> in the middle of its box. The viewer
// shows this same drawing, so what the user sees is what the model is sent.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `file` unchanged when nothing in it would taint the canvas (or it cannot be parsed). */
export async function svgForCanvas(file: Blob): Promise<Blob> {
  const text = await file.text();
  if (!/<(\w+:)?foreignObject[\s>/]/i.test(text)) {
    return file;
  }
  const document = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = document.documentElement;
  if (root.localName !== 'svg' || document.getElementsByTagName('parsererror').length > 0) {
    return file;
  }
  for (const object of Array.from(root.getElementsByTagNameNS(SVG_NS, 'foreignObject'))) {
    const parent = object.parentElement;
    const fallback =
      parent?.localName === 'switch' &&
      Array.from(parent.children).some((child) => child !== object);
    if (fallback) {
      object.remove();
    } else {
      object.replaceWith(textInBox(object));
    }
  }
  return new Blob([new XMLSerializer().serializeToString(document)], { type: 'image/svg+xml' });
}

/** The object's text, one <tspan> a line, centred in its box. */
function textInBox(object: Element): Element {
  const number = (name: string): number => {
    const value = Number.parseFloat(object.getAttribute(name) ?? '');
    return Number.isFinite(value) ? value : 0;
  };
  const lines = (object.textContent ?? '')
    .split(/\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const fontSize = 14;
  const text = object.ownerDocument.createElementNS(SVG_NS, 'text');
  const x = number('x') + number('width') / 2;
  const top = number('y') + number('height') / 2 - ((lines.length - 1) * fontSize * 1.2) / 2;
  text.setAttribute('x', String(x));
  text.setAttribute('y', String(top));
  text.setAttribute('text-anchor', 'middle');
  text.setAttribute('dominant-baseline', 'middle');
  text.setAttribute('font-family', 'sans-serif');
  text.setAttribute('font-size', String(fontSize));
  lines.forEach((line, index) => {
    const span = object.ownerDocument.createElementNS(SVG_NS, 'tspan');
    span.setAttribute('x', String(x));
    if (index > 0) {
      span.setAttribute('dy', String(fontSize * 1.2));
    }
    span.textContent = line;
    text.append(span);
  });
  return text;
}
