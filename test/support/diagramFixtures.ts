// Diagram files as draw.io and Excalidraw export them, made here so every test knows their
// content: the same small architecture (Browser → API gateway → Orders service → Orders DB,
// the two services inside a "Backend" container) as a draw.io .drawio.svg / .drawio.png (scene
// stored plain or compressed, as draw.io does) and as an Excalidraw .excalidraw.svg /
// .excalidraw.png (scene zlib-compressed inside its JSON wrapper), each with a picture that draws
// the same boxes. Node only (zlib).
import * as zlib from 'node:zlib';
import { diagramPng, pngChunk } from './imageFixtures';

/** What every fixture here describes: shape labels and the connectors between them. */
export const ARCHITECTURE = {
  shapes: ['Browser', 'API gateway', 'Orders service', 'Orders DB'],
  container: 'Backend',
  connectors: [
    ['Browser', 'API gateway', 'HTTPS'],
    ['API gateway', 'Orders service', 'REST'],
    ['Orders service', 'Orders DB', 'SQL'],
  ],
} as const;

const escapeXml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The mxGraphModel of ARCHITECTURE, as draw.io writes it (HTML labels, an edge label cell). */
export function drawioModel(): string {
  return [
    '<mxGraphModel dx="1000" dy="600" grid="1"><root>',
    '<mxCell id="0"/><mxCell id="1" parent="0"/>',
    '<mxCell id="browser" value="Browser" style="shape=mxgraph.cisco.computers_and_peripherals.pc;html=1;" vertex="1" parent="1"><mxGeometry x="20" y="80" width="100" height="60" as="geometry"/></mxCell>',
    '<mxCell id="backend" value="Backend" style="swimlane;html=1;" vertex="1" parent="1"><mxGeometry x="160" y="20" width="420" height="200" as="geometry"/></mxCell>',
    `<mxCell id="gw" value="${escapeXml('<b>API</b> gateway')}" style="rounded=1;whiteSpace=wrap;html=1;" vertex="1" parent="1"><mxGeometry x="180" y="80" width="100" height="60" as="geometry"/></mxCell>`,
    '<UserObject label="Orders service" tooltip="Java" id="orders"><mxCell style="rounded=0;html=1;" vertex="1" parent="backend"><mxGeometry x="160" y="60" width="100" height="60" as="geometry"/></mxCell></UserObject>',
    '<mxCell id="db" value="Orders DB" style="shape=cylinder3;whiteSpace=wrap;html=1;" vertex="1" parent="backend"><mxGeometry x="300" y="60" width="80" height="80" as="geometry"/></mxCell>',
    '<mxCell id="e1" value="HTTPS" style="edgeStyle=orthogonalEdgeStyle;html=1;" edge="1" parent="1" source="browser" target="gw"><mxGeometry relative="1" as="geometry"/></mxCell>',
    '<mxCell id="e2" value="" style="html=1;" edge="1" parent="1" source="gw" target="orders"><mxGeometry relative="1" as="geometry"/></mxCell>',
    '<mxCell id="e2label" value="REST" style="edgeLabel;html=1;" vertex="1" connectable="0" parent="e2"><mxGeometry x="-0.1" relative="1" as="geometry"/></mxCell>',
    '<mxCell id="e3" value="SQL" style="html=1;" edge="1" parent="backend" source="orders" target="db"><mxGeometry relative="1" as="geometry"/></mxCell>',
    '</root></mxGraphModel>',
  ].join('');
}

/** draw.io's `Graph.compress`: raw deflate of the URI-encoded XML, base64. */
export function compressDrawio(xml: string): string {
  return zlib.deflateRawSync(Buffer.from(encodeURIComponent(xml), 'latin1')).toString('base64');
}

/** An mxfile holding the model on one page, plain or compressed. */
export function drawioFile(compressed = false, model = drawioModel()): string {
  const page = compressed ? compressDrawio(model) : model;
  return `<mxfile host="app.diagrams.net" version="24.7.17"><diagram id="p1" name="Architecture">${page}</diagram></mxfile>`;
}

/** Excalidraw's picture: four labelled boxes in a row, 640×240, text as <text>. */
function excalidrawPicture(): string {
  return ARCHITECTURE.shapes
    .map(
      (label, index) =>
        `<g><rect x="${20 + index * 155}" y="80" width="130" height="60" fill="#ffec99" stroke="#1e1e1e"/>` +
        `<text x="${85 + index * 155}" y="115" font-family="Virgil, Segoe UI Emoji" font-size="16" text-anchor="middle">${escapeXml(label)}</text></g>`,
    )
    .join('');
}

/** draw.io's picture: the same boxes, each label an HTML <foreignObject> with a <text> fallback. */
function pictureBody(): string {
  return ARCHITECTURE.shapes
    .map(
      (label, index) =>
        `<g><rect x="${20 + index * 155}" y="80" width="130" height="60" fill="#dae8fc" stroke="#6c8ebf"/>` +
        `<switch><foreignObject x="${20 + index * 155}" y="80" width="130" height="60" requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"><div xmlns="http://www.w3.org/1999/xhtml"><div>${escapeXml(label)}</div></div></foreignObject>` +
        `<text x="${85 + index * 155}" y="115" font-size="14" text-anchor="middle">${escapeXml(label)}</text></switch></g>`,
    )
    .join('');
}

/** A .drawio.svg: the picture, with the mxfile in the root's `content` attribute. */
export function drawioSvg(compressed = false): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="640" height="240" viewBox="0 0 640 240" content="${escapeXml(drawioFile(compressed))}"><rect width="640" height="240" fill="#ffffff"/>${pictureBody()}</svg>`,
  );
}

/** A .drawio.png: a width×height picture with the mxfile URI-encoded in a tEXt chunk. */
export function drawioPng(width = 640, height = 240, compressed = true): Buffer {
  return withTextChunk(
    diagramPng(width, height),
    'mxfile',
    encodeURIComponent(drawioFile(compressed)),
    'afterHeader',
  );
}

/** The Excalidraw scene of ARCHITECTURE: rectangles with bound text, bound arrows, a frame. */
export function excalidrawScene(): string {
  const elements: object[] = [
    { id: 'frame', type: 'frame', name: 'Backend', isDeleted: false },
    { id: 'gone', type: 'rectangle', isDeleted: true, boundElements: [] },
    { id: 'gone-text', type: 'text', text: 'Deleted box', containerId: 'gone', isDeleted: true },
  ];
  ARCHITECTURE.shapes.forEach((label, index) => {
    elements.push({
      id: `box${index}`,
      type: index === 3 ? 'ellipse' : 'rectangle',
      x: 20 + index * 155,
      y: 80,
      width: 130,
      height: 60,
      frameId: index >= 2 ? 'frame' : null,
      boundElements: [{ id: `label${index}`, type: 'text' }],
      isDeleted: false,
    });
    elements.push({
      id: `label${index}`,
      type: 'text',
      text: label,
      originalText: label,
      containerId: `box${index}`,
      isDeleted: false,
    });
  });
  ARCHITECTURE.connectors.forEach(([from, to, label], index) => {
    elements.push({
      id: `arrow${index}`,
      type: 'arrow',
      startBinding: { elementId: `box${ARCHITECTURE.shapes.indexOf(from)}`, focus: 0, gap: 4 },
      endBinding: { elementId: `box${ARCHITECTURE.shapes.indexOf(to)}`, focus: 0, gap: 4 },
      boundElements: [{ id: `arrowLabel${index}`, type: 'text' }],
      isDeleted: false,
    });
    elements.push({
      id: `arrowLabel${index}`,
      type: 'text',
      text: label,
      containerId: `arrow${index}`,
      isDeleted: false,
    });
  });
  elements.push({ id: 'title', type: 'text', text: 'Checkout flow', containerId: null });
  return JSON.stringify({
    type: 'excalidraw',
    version: 2,
    source: 'https://excalidraw.com',
    elements,
    appState: { viewBackgroundColor: '#ffffff' },
    files: {},
  });
}

/** Excalidraw's `encode`: the scene's UTF-8 bytes, zlib-compressed, as a byte string in JSON. */
export function excalidrawWrapper(scene = excalidrawScene(), compressed = true): string {
  const bytes = Buffer.from(scene, 'utf8');
  return JSON.stringify({
    version: '1',
    encoding: 'bstring',
    compressed,
    encoded: (compressed ? zlib.deflateSync(bytes) : bytes).toString('latin1'),
  });
}

/** An .excalidraw.svg: the picture, with the scene in its <metadata> payload (version 2). */
export function excalidrawSvg(wrapper = excalidrawWrapper()): Buffer {
  const payload = Buffer.from(wrapper, 'latin1').toString('base64');
  return Buffer.from(
    `<svg version="1.1" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 240" width="640" height="240">` +
      `<!-- svg-source:excalidraw --><metadata><!-- payload-type:application/vnd.excalidraw+json --><!-- payload-version:2 --><!-- payload-start -->${payload}<!-- payload-end --></metadata>` +
      `<rect width="640" height="240" fill="#ffffff"/>${excalidrawPicture()}</svg>`,
  );
}

/**
 * An .excalidraw.png: a picture with the wrapper in a tEXt chunk before IEND, as Excalidraw puts
 * it.
 */
export function excalidrawPng(width = 640, height = 240, wrapper = excalidrawWrapper()): Buffer {
  return withTextChunk(
    diagramPng(width, height),
    'application/vnd.excalidraw+json',
    wrapper,
    'beforeEnd',
  );
}

/** `png` with a tEXt chunk `keyword`=`text` (Latin-1) after IHDR or just before IEND. */
export function withTextChunk(
  png: Buffer,
  keyword: string,
  text: string,
  where: 'afterHeader' | 'beforeEnd',
  type: 'tEXt' | 'zTXt' = 'tEXt',
): Buffer {
  const body =
    type === 'tEXt'
      ? Buffer.from(`${keyword}\0${text}`, 'latin1')
      : Buffer.concat([
          Buffer.from(`${keyword}\0\0`, 'latin1'),
          zlib.deflateSync(Buffer.from(text, 'latin1')),
        ]);
  const chunk = pngChunk(type, body);
  const at = where === 'afterHeader' ? 8 + 25 : png.length - 12;
  return Buffer.concat([png.subarray(0, at), chunk, png.subarray(at)]);
}

/**
 * A draw.io "page bomb": an mxfile of `pages` compressed pages, each inflating to `bytesPerPage`
 * of 'a' (no cells), within the cap each inflation has on its own.
 */
export function bombedMxfile(pages: number, bytesPerPage: number): string {
  const page = zlib
    .deflateRawSync(Buffer.alloc(bytesPerPage, 0x61), { level: 9 })
    .toString('base64');
  return `<mxfile>${`<diagram name="p">${page}</diagram>`.repeat(pages)}</mxfile>`;
}

/**
 * A PNG of a few hundred bytes whose zTXt chunks (keyed `mxfile`) each hold a bombed mxfile of
 * 8 pages of 8 MB: 2 chunks inflate to 134 MB without a budget for the whole file.
 */
export function pageBombPng(chunks = 2, pages = 8, bytesPerPage = 8 * 1024 * 1024): Buffer {
  let png = diagramPng(1, 1);
  for (let chunk = 0; chunk < chunks; chunk++) {
    png = withTextChunk(
      png,
      'mxfile',
      encodeURIComponent(bombedMxfile(pages, bytesPerPage)),
      'afterHeader',
      'zTXt',
    );
  }
  return png;
}
