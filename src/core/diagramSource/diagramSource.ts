// The source of a diagram, read from its file to go beside its picture: a model reading small
// text off pixels guesses, the file knows its labels exactly. draw.io (`.drawio.svg`,
// `.drawio.png`) and Excalidraw (`.excalidraw.svg`, `.excalidraw.png`) keep their whole scene in
// the file: shapes, their text, the connectors between them. A plain SVG has at least the text
// it draws. Everything here reads a file from a repository: linear, capped (MAX_SVG_SCAN_BYTES in,
// MAX_INFLATED_BYTES inflated, MAX_DIAGRAM_SOURCE_CHARS out), and it never throws.
import { decodeUriComponentSafely, utf8, type Inflate } from './bytes';
import { drawioText } from './drawioScene';
import { EXCALIDRAW_PNG_KEYWORD, sceneFromPngText, sceneFromSvgPayload } from './excalidrawPayload';
import { excalidrawText } from './excalidrawScene';
import { pngTextChunks, type PngTextChunk } from './pngText';
import { scanSvg } from './svgScan';
import { svgLabelsText } from './svgSource';

export type { Inflate } from './bytes';
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

/** The diagram's source when its file has one worth sending; undefined otherwise. */
export function diagramSource(
  bytes: Uint8Array,
  mime: string,
  inflate: Inflate,
): DiagramSource | undefined {
  try {
    if (mime === 'image/svg+xml') {
      return fromSvg(bytes, inflate);
    }
    if (mime === 'image/png') {
      return fromPng(bytes, inflate);
    }
  } catch {
    // A source is extra: a file it cannot be read from is sent as a picture alone.
  }
  return undefined;
}

function fromSvg(bytes: Uint8Array, inflate: Inflate): DiagramSource | undefined {
  if (bytes.byteLength > MAX_SVG_SCAN_BYTES) {
    return undefined;
  }
  const scan = scanSvg(utf8(bytes));
  const content = scan.root?.get('content');
  if (content && /^\s*<(mxfile|mxGraphModel)[\s>]/.test(content)) {
    const drawio = drawioText(content, inflate);
    if (drawio) {
      return { format: 'drawio', ...drawio };
    }
  }
  if (scan.excalidrawPayload) {
    const scene = sceneFromSvgPayload(scan.excalidrawPayload, inflate);
    const excalidraw = scene && excalidrawText(scene);
    if (excalidraw) {
      return { format: 'excalidraw', ...excalidraw };
    }
  }
  const labels = svgLabelsText(scan);
  return labels && { format: 'svg', ...labels };
}

function fromPng(bytes: Uint8Array, inflate: Inflate): DiagramSource | undefined {
  for (const chunk of pngTextChunks(bytes, PNG_KEYWORDS, inflate)) {
    if (chunk.keyword === EXCALIDRAW_PNG_KEYWORD) {
      const scene = sceneFromPngText(chunk.text, inflate);
      const excalidraw = scene && excalidrawText(scene);
      if (excalidraw) {
        return { format: 'excalidraw', ...excalidraw };
      }
    } else {
      const drawio = drawioText(drawioPngXml(chunk), inflate);
      if (drawio) {
        return { format: 'drawio', ...drawio };
      }
    }
  }
  return undefined;
}

/**
 * draw.io writes the mxfile URI-encoded into a tEXt chunk (sometimes twice over); its older
 * exports wrote the model raw-deflated into zTXt with '+' for spaces (`Editor.extractGraphModelFromPng`).
 */
function drawioPngXml(chunk: PngTextChunk): string {
  let text = chunk.type === 'zTXt' ? chunk.text.replace(/\+/g, ' ') : chunk.text;
  for (let round = 0; round < 2 && text.startsWith('%'); round++) {
    text = decodeUriComponentSafely(text);
  }
  return text;
}
