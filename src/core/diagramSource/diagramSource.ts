// The source of a diagram, read from its file to go beside its picture: a model reading small
// text off pixels guesses, the file knows its labels exactly. draw.io (`.drawio.svg`,
// `.drawio.png`) and Excalidraw (`.excalidraw.svg`, `.excalidraw.png`) keep their whole scene in
// the file: shapes, their text, the connectors between them. A plain SVG has at least the text
// it draws. Everything here reads a file from a repository: linear, capped (MAX_SVG_SCAN_BYTES in,
// MAX_INFLATED_BYTES_PER_FILE inflated by all its scenes together, MAX_DIAGRAM_SOURCE_CHARS
// out), and it never throws.
import { decodeUriComponentSafely } from '../uriComponent';
import { utf8, type Inflate } from './bytes';
import { drawioText } from './drawioScene';
import { EXCALIDRAW_PNG_KEYWORD, sceneFromPngText, sceneFromSvgPayload } from './excalidrawPayload';
import { excalidrawText } from './excalidrawScene';
import { InflateBudget } from './inflateBudget';
import { pngTextChunks, type PngTextChunk } from './pngText';
import { scanSvg } from './svgScan';
import { svgLabelsText } from './svgSource';

export type { Inflate } from './bytes';
export {
  MAX_INFLATED_BYTES,
  MAX_INFLATED_BYTES_PER_FILE,
  MAX_INFLATED_PAGES,
} from './inflateBudget';
export { MAX_DIAGRAM_SOURCE_CHARS } from './sourceWriter';

/** SVG files above this are not read for labels (the picture still goes). */
export const MAX_SVG_SCAN_BYTES = 8 * 1024 * 1024;

export type DiagramSourceFormat = 'svg' | 'drawio' | 'excalidraw';

export interface DiagramSource {
  readonly format: DiagramSourceFormat;
  /** The compact text: labels, shapes, connectors. At most MAX_DIAGRAM_SOURCE_CHARS. */
  readonly text: string;
  /** How many labels (SVG) or shapes and connectors (scenes) it describes. */
  readonly items: number;
}

const DRAWIO_KEYWORDS = ['mxfile', 'mxGraphModel'];
const PNG_KEYWORDS = new Set([...DRAWIO_KEYWORDS, EXCALIDRAW_PNG_KEYWORD]);

/** What reading a file for its source found. */
export interface DiagramSourceReading {
  readonly source?: DiagramSource;
  /**
   * Set when the file's compressed scenes need more than MAX_INFLATED_BYTES_PER_FILE: the
   * source is left out whole (part of a scene could mislead), and the picture goes alone.
   */
  readonly leftOut?: 'inflates too much';
}

/** The diagram's source when its file has one worth sending; undefined otherwise. */
export function diagramSource(
  bytes: Uint8Array,
  mime: string,
  inflate: Inflate,
): DiagramSource | undefined {
  return readDiagramSource(bytes, mime, inflate).source;
}

/** The diagram's source, or why a source the file has is left out. */
export function readDiagramSource(
  bytes: Uint8Array,
  mime: string,
  inflate: Inflate,
): DiagramSourceReading {
  const budget = new InflateBudget(inflate);
  let source: DiagramSource | undefined;
  try {
    if (mime === 'image/svg+xml') {
      source = fromSvg(bytes, budget);
    } else if (mime === 'image/png') {
      source = fromPng(bytes, budget);
    }
  } catch {
    // A source is extra: a file it cannot be read from is sent as a picture alone.
  }
  if (budget.spent) {
    return { leftOut: 'inflates too much' };
  }
  return source ? { source } : {};
}

function fromSvg(bytes: Uint8Array, budget: InflateBudget): DiagramSource | undefined {
  if (bytes.byteLength > MAX_SVG_SCAN_BYTES) {
    return undefined;
  }
  const scan = scanSvg(utf8(bytes));
  const content = scan.root?.get('content');
  if (content && /^\s*<(mxfile|mxGraphModel)[\s>]/.test(content)) {
    const drawio = drawioText(content, budget);
    if (drawio) {
      return { format: 'drawio', ...drawio };
    }
  }
  if (scan.excalidrawPayload) {
    const scene = sceneFromSvgPayload(scan.excalidrawPayload, budget);
    const excalidraw = scene && excalidrawText(scene);
    if (excalidraw) {
      return { format: 'excalidraw', ...excalidraw };
    }
  }
  const labels = svgLabelsText(scan);
  return labels && { format: 'svg', ...labels };
}

function fromPng(bytes: Uint8Array, budget: InflateBudget): DiagramSource | undefined {
  for (const chunk of pngTextChunks(bytes, PNG_KEYWORDS, budget)) {
    if (chunk.keyword === EXCALIDRAW_PNG_KEYWORD) {
      const scene = sceneFromPngText(chunk.text, budget);
      const excalidraw = scene && excalidrawText(scene);
      if (excalidraw) {
        return { format: 'excalidraw', ...excalidraw };
      }
    } else {
      const drawio = drawioText(drawioPngXml(chunk), budget);
      if (drawio) {
        return { format: 'drawio', ...drawio };
      }
    }
  }
  return undefined;
}

/**
 * draw.io writes the mxfile URI-encoded into a tEXt chunk (sometimes twice over); its older
 * exports wrote the model raw-deflated into zTXt with '+' for spaces
 * (`Editor.extractGraphModelFromPng`).
 */
function drawioPngXml(chunk: PngTextChunk): string {
  let text = chunk.type === 'zTXt' ? chunk.text.replace(/\+/g, ' ') : chunk.text;
  for (let round = 0; round < 2 && text.startsWith('%'); round++) {
    text = decodeUriComponentSafely(text);
  }
  return text;
}
