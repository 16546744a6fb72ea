// draw.io's scene (an `mxfile` of pages, each an `mxGraphModel` of cells) as compact text: per
// page, the shapes with their labels and kinds, what contains what, and the connectors between
// shapes with their labels. A page may be stored compressed (base64 of raw deflate of the
// URI-encoded XML, draw.io's `Graph.compress`); it is inflated within the file's one budget, and
// pages past MAX_INFLATED_PAGES are only counted.
import { decodeUriComponentSafely } from '../uriComponent';
import { decodeBase64, latin1 } from './bytes';
import type { InflateBudget } from './inflateBudget';
import { cleanLabel, connectorEnd, htmlLabelText, quoted } from './labelText';
import { SourceWriter } from './sourceWriter';
import { localName, scanXml } from './xmlScanner';

/** Cells read per file; a diagram has hundreds, so more are only counted. */
const MAX_CELLS = 20_000;

interface Cell {
  readonly id: string;
  readonly label: string;
  readonly style: string;
  readonly parent?: string;
  readonly vertex: boolean;
  readonly edge: boolean;
  readonly source?: string;
  readonly target?: string;
}

interface Page {
  readonly name: string;
  readonly cells: Cell[];
}

export interface DrawioText {
  readonly text: string;
  /** Shapes and connectors listed (or counted). */
  readonly items: number;
}

/** The text for an mxfile (or a bare mxGraphModel), or undefined when it has no cells. */
export function drawioText(mxfile: string, budget: InflateBudget): DrawioText | undefined {
  const { pages, notInflated } = readPages(mxfile, budget);
  const out = new SourceWriter();
  let items = 0;
  pages.forEach((page, index) => {
    items += writePage(out, page, index, pages.length);
  });
  if (items > 0 && notInflated > 0) {
    out.line(`… ${notInflated} more compressed page(s) not read.`);
  }
  return items > 0 ? { text: out.text, items } : undefined;
}

function readPages(mxfile: string, budget: InflateBudget): { pages: Page[]; notInflated: number } {
  const pages: Page[] = [];
  let notInflated = 0;
  let cellCount = 0;
  let page: Page | undefined;
  let pageText: string[] | undefined;
  let wrapper: { id?: string; label?: string } | undefined;
  const addCell = (attributes: ReadonlyMap<string, string>): void => {
    if (cellCount++ >= MAX_CELLS) {
      return;
    }
    if (!page) {
      page = { name: '', cells: [] };
      pages.push(page);
    }
    const style = (attributes.get('style') ?? '').slice(0, 2048);
    const raw = wrapper?.label ?? attributes.get('value') ?? '';
    page.cells.push({
      id: wrapper?.id ?? attributes.get('id') ?? '',
      label: cleanLabel(/(^|;)html=1(;|$)/.test(style) ? htmlLabelText(raw) : raw),
      style,
      parent: attributes.get('parent'),
      vertex: attributes.get('vertex') === '1',
      edge: attributes.get('edge') === '1',
      source: attributes.get('source'),
      target: attributes.get('target'),
    });
  };
  /** A cell, or an `object` that lends the cell inside it its id and label; others ignored. */
  const openCell = (local: string, attributes: ReadonlyMap<string, string>): void => {
    if (local === 'mxcell') {
      addCell(attributes);
      wrapper = undefined;
    } else if (local === 'object' || local === 'userobject') {
      wrapper = { id: attributes.get('id'), label: attributes.get('label') };
    }
  };
  const scanCells = (xml: string): void =>
    scanXml(xml, {
      open(name, attributes) {
        openCell(localName(name), attributes);
      },
    });
  scanXml(mxfile, {
    open(name, attributes, selfClosing) {
      const local = localName(name);
      if (local === 'diagram') {
        page = { name: cleanLabel(attributes.get('name') ?? ''), cells: [] };
        pages.push(page);
        pageText = selfClosing ? undefined : [];
      } else if (local === 'mxgraphmodel') {
        pageText = undefined; // stored as XML, not compressed
      } else {
        openCell(local, attributes);
      }
    },
    text(text) {
      // base64 has no entities to decode.
      pageText?.push(text);
    },
    close(name) {
      if (localName(name) === 'diagram' && pageText) {
        const compressed = pageText.join('').trim();
        pageText = undefined;
        if (!compressed) {
          return;
        }
        if (!budget.takePage()) {
          notInflated++;
          return;
        }
        const xml = decompressPage(compressed, budget);
        if (xml) {
          scanCells(xml);
        }
      }
    },
  });
  return { pages: pages.filter((each) => each.cells.length > 0), notInflated };
}

/** draw.io's `Graph.decompress`: base64 → raw inflate → URI-decoded XML. */
function decompressPage(base64: string, budget: InflateBudget): string | undefined {
  const bytes = decodeBase64(base64);
  const inflated = bytes && budget.inflate(bytes, 'raw');
  return inflated && decodeUriComponentSafely(latin1(inflated));
}

/** Writes one page; returns how many shapes and connectors it has. */
function writePage(out: SourceWriter, page: Page, index: number, pageCount: number): number {
  const byId = new Map(page.cells.map((cell) => [cell.id, cell]));
  const isLayer = (cell: Cell | undefined): boolean =>
    !!cell && !cell.vertex && !cell.edge && (!cell.parent || !byId.get(cell.parent)?.parent);
  const edgeLabels = new Map<string, string[]>();
  const children = new Set<string>();
  for (const cell of page.cells) {
    const parent = cell.parent ? byId.get(cell.parent) : undefined;
    if (cell.vertex && parent?.edge) {
      if (cell.label) {
        const labels = edgeLabels.get(parent.id) ?? [];
        labels.push(cell.label);
        edgeLabels.set(parent.id, labels);
      }
    } else if (parent && !isLayer(parent)) {
      children.add(parent.id);
    }
  }
  const edges = page.cells.filter((cell) => cell.edge);
  const connected = new Set(edges.flatMap((edge) => [edge.source ?? '', edge.target ?? '']));
  const shapes = page.cells.filter(
    (cell) =>
      cell.vertex &&
      !byId.get(cell.parent ?? '')?.edge &&
      (cell.label || connected.has(cell.id) || children.has(cell.id)),
  );
  const numbers = new Map(shapes.map((shape, at) => [shape.id, `n${at + 1}`]));
  const named = (id: string | undefined): string =>
    connectorEnd(id, byId, numbers, (cell) => cell.label);
  const where = pageCount > 1 ? `page ${index + 1} of ${pageCount}` : 'one page';
  const title = page.name ? ` ${quoted(page.name)}` : '';
  out.line(
    `draw.io diagram, ${where}${title}: ${shapes.length} shape(s), ${edges.length} connector(s).`,
  );
  if (shapes.length > 0) {
    out.line('Shapes (nN is the shape number used below):');
  }
  for (const shape of shapes) {
    const kind = shapeKind(shape.style);
    const parent = shape.parent ? byId.get(shape.parent) : undefined;
    const inside = parent && numbers.has(parent.id) ? ` inside ${named(parent.id)}` : '';
    out.line(
      `- ${numbers.get(shape.id)} ${shape.label ? quoted(shape.label) : '(no text)'}${kind ? ` [${kind}]` : ''}${inside}`,
    );
  }
  if (edges.length > 0) {
    out.line('Connectors (from → to):');
  }
  for (const edge of edges) {
    const labels = [edge.label, ...(edgeLabels.get(edge.id) ?? [])].filter(Boolean);
    out.line(
      `- ${named(edge.source)} → ${named(edge.target)}${labels.length ? `: ${labels.map(quoted).join(', ')}` : ''}`,
    );
  }
  return shapes.length + edges.length;
}

/** What a shape is, from its style: `ellipse`, `cylinder3`, `aws4.lambda` … */
export function shapeKind(style: string): string | undefined {
  const entries = style.split(';').filter(Boolean);
  const value = (key: string): string | undefined =>
    entries.find((entry) => entry.startsWith(`${key}=`))?.slice(key.length + 1);
  const kind = value('resIcon') ?? value('prIcon') ?? value('shape') ?? entries[0];
  if (!kind || kind.includes('=')) {
    return undefined;
  }
  const short = kind.replace(/^mxgraph\./, '');
  return /^[\w.-]{1,60}$/.test(short) ? short : undefined;
}
