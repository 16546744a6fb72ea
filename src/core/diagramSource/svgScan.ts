// One pass over an SVG file for what its picture cannot say exactly: the text it draws (<text>
// and its <tspan>s, HTML labels in <foreignObject>), with where each label starts in the
// drawing's coordinates; its title and description; tooltips (<title> inside shapes, which is
// where Graphviz writes edges such as "api->db"); and, for the exporters that keep their scene in
// the file, the root's `content` attribute (draw.io) and the payload between
// `<!-- payload-start -->` and `<!-- payload-end -->` (Excalidraw). Text drawn as paths has no
// text to find, so such a drawing yields no labels.
import { cleanLabel } from './labelText';
import { apply, IDENTITY, multiply, numbers, parseTransform, type Matrix } from './svgTransform';
import { decodeXmlEntities, localName, scanXml } from './xmlScanner';

/** Labels kept beyond this are only counted: the text sent is capped long before. */
const MAX_KEPT_LABELS = 2_000;
/** An embedded scene larger than this is not read (a diagram's is far smaller). */
export const MAX_EMBEDDED_SCENE_CHARS = 16 * 1024 * 1024;

export interface SvgLabel {
  readonly text: string;
  /** Where the label starts, in the root's user units; absent for tooltips. */
  readonly at?: { readonly x: number; readonly y: number };
  readonly tooltip?: boolean;
}

export interface SvgScan {
  /** The root <svg>'s attributes (width, height, viewBox, draw.io's `content`). */
  readonly root?: ReadonlyMap<string, string>;
  readonly title?: string;
  readonly description?: string;
  readonly labels: readonly SvgLabel[];
  /** Labels found beyond those kept. */
  readonly labelsNotKept: number;
  /** Excalidraw's base64 payload, when the file has one. */
  readonly excalidrawPayload?: string;
}

/** Elements whose content is never drawn as text. */
const HIDDEN = new Set(['style', 'script', 'metadata', 'defs', 'symbol', 'clippath', 'mask']);
/** HTML elements in a <foreignObject> that end a line. */
const BLOCK = new Set(['div', 'p', 'br', 'li', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'table']);

interface Frame {
  readonly name: string;
  readonly matrix: Matrix;
  /** Labels found before this element opened: more when it closes means it drew text. */
  readonly labelsBefore: number;
  /** A <switch>: only its first child that draws text counts (draw.io's HTML-or-text labels). */
  switchTaken?: boolean;
}

interface Collector {
  readonly depth: number;
  readonly at?: { x: number; y: number };
  readonly kind: 'text' | 'title' | 'desc' | 'tooltip';
  text: string;
}

export function scanSvg(svg: string): SvgScan {
  const stack: Frame[] = [];
  const labels: SvgLabel[] = [];
  let labelsNotKept = 0;
  let root: ReadonlyMap<string, string> | undefined;
  let title: string | undefined;
  let description: string | undefined;
  let collector: Collector | undefined;
  /** Depth of the element whose content is skipped (hidden, or a <switch>'s later children). */
  let skipDepth = -1;
  let payload: string[] | undefined;
  let payloadChars = 0;
  let excalidrawPayload: string | undefined;

  const keep = (label: SvgLabel): void => {
    if (labels.length < MAX_KEPT_LABELS) {
      labels.push(label);
    } else {
      labelsNotKept++;
    }
  };

  const finish = (): void => {
    const done = collector!;
    collector = undefined;
    const text = cleanLabel(done.text);
    if (!text) {
      return;
    }
    if (done.kind === 'title') {
      title ??= text;
    } else if (done.kind === 'desc') {
      description ??= text;
    } else if (done.kind === 'tooltip') {
      keep({ text, tooltip: true });
    } else {
      keep({ text, at: done.at && { x: Math.round(done.at.x), y: Math.round(done.at.y) } });
    }
  };
  const found = (): number => labels.length + labelsNotKept;

  scanXml(svg, {
    open(rawName, attributes, selfClosing) {
      const name = localName(rawName);
      const parent = stack.at(-1);
      if (!root) {
        if (name !== 'svg') {
          return false; // not an SVG document
        }
        root = attributes;
      }
      const depth = stack.length;
      const own: Matrix | undefined =
        name === 'svg' && parent
          ? [1, 0, 0, 1, numbers(attributes.get('x'))[0] ?? 0, numbers(attributes.get('y'))[0] ?? 0]
          : attributes.has('transform')
            ? parseTransform(attributes.get('transform'))
            : undefined;
      const inherited = parent?.matrix ?? IDENTITY;
      const matrix = own ? multiply(inherited, own) : inherited;
      const frame: Frame = { name, matrix, labelsBefore: found() };
      if (skipDepth < 0) {
        if (parent?.name === 'switch' && parent.switchTaken) {
          skipDepth = depth;
        } else if (HIDDEN.has(name)) {
          skipDepth = depth;
        } else if (collector) {
          if (name === 'tspan' && ['x', 'y', 'dy'].some((key) => attributes.has(key))) {
            collector.text += ' ';
          } else if (BLOCK.has(name)) {
            collector.text += ' ';
          }
        } else if (name === 'text' || name === 'foreignobject') {
          const x = numbers(attributes.get('x'))[0] ?? 0;
          const y = numbers(attributes.get('y'))[0] ?? 0;
          collector = { depth, kind: 'text', at: apply(matrix, x, y), text: '' };
        } else if (name === 'title' || name === 'desc') {
          collector = { depth, kind: depth === 1 ? name : 'tooltip', text: '' };
        }
      }
      if (!selfClosing) {
        stack.push(frame);
      } else if (collector?.depth === depth) {
        finish();
      }
    },
    close() {
      const frame = stack.pop();
      const depth = stack.length;
      if (!frame) {
        return false;
      }
      if (skipDepth === depth) {
        skipDepth = -1;
      } else if (collector?.depth === depth) {
        finish();
      } else if (collector && BLOCK.has(frame.name)) {
        collector.text += ' ';
      }
      const parent = stack.at(-1);
      if (parent?.name === 'switch' && found() > frame.labelsBefore) {
        parent.switchTaken = true;
      }
      // Nothing after the root element is drawn.
      return depth > 0;
    },
    text(text, raw) {
      if (payload) {
        payloadChars += text.length;
        if (payloadChars > MAX_EMBEDDED_SCENE_CHARS) {
          payload = undefined;
        } else {
          payload.push(text);
        }
      } else if (collector && skipDepth < 0 && collector.text.length < 4096) {
        const kept = text.slice(0, 4096);
        collector.text += raw ? decodeXmlEntities(kept) : kept;
      }
    },
    comment(text) {
      const marker = text.trim();
      if (marker === 'payload-start' && excalidrawPayload === undefined) {
        payload = [];
        payloadChars = 0;
      } else if (marker === 'payload-end' && payload) {
        excalidrawPayload = payload.join('').trim();
        payload = undefined;
      }
    },
  });

  return { root, title, description, labels, labelsNotKept, excalidrawPayload };
}
