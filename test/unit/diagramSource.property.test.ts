// The diagram-source readers take files from a cloned repository: property-based, on random
// bytes, on markup made of the pieces that matter to the scanner, and on megabytes shaped to make
// a backtracking or recursive reader slow (unclosed tags, comments and quotes, deep nesting,
// long transform lists, a million entities). They never throw, never write more than the size
// budget, never let a label spill onto a line of its own, and keep every label of a scene they
// can read. (How their cost grows with the input is measured, not asserted:
// `node bench/run.mjs --only parsers`, diagram_source_growth_exponent.)
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  diagramSource,
  MAX_DIAGRAM_SOURCE_CHARS,
  MAX_SVG_SCAN_BYTES,
  type DiagramSource,
} from '../../src/core/diagramSource/diagramSource';
import { cleanLabel } from '../../src/core/diagramSource/labelText';
import { nodeInflate } from '../../src/host/nodeInflate';
import {
  drawioFile,
  drawioSvg,
  excalidrawPng,
  excalidrawWrapper,
  withTextChunk,
} from '../support/diagramFixtures';
import { diagramPng } from '../support/imageFixtures';

const read = (bytes: Uint8Array, mime: string): DiagramSource | undefined =>
  diagramSource(bytes, mime, nodeInflate);

/** What every source must be: within budget, and every line a header or a listed item. */
function assertWellFormed(source: DiagramSource | undefined): void {
  if (!source) {
    return;
  }
  assert.ok(source.text.length <= 12_000, `${source.text.length} chars`);
  assert.ok(source.items > 0);
  for (const line of source.text.split('\n')) {
    assert.match(
      line,
      /^(- |… \d+ more|SVG drawing|Title: "|Description: "|Text it draws|draw\.io diagram|Shapes \(|Connectors \(|Excalidraw scene|Frames: |Arrows \(|Free text:)/,
      `a line that is no item or header: ${JSON.stringify(line.slice(0, 80))}`,
    );
  }
}

const MARKUP_PIECES = fc.oneof(
  fc.constantFrom(
    '<',
    '</',
    '>',
    '/>',
    '<svg>',
    '<svg width="10" height="5">',
    '</svg>',
    '<text x="1" y="2">',
    '</text>',
    '<tspan dy="3">',
    '</tspan>',
    '<switch>',
    '</switch>',
    '<foreignObject>',
    '<div>',
    '</div>',
    '<br/>',
    '<title>',
    '</title>',
    '<g transform="translate(5 5) rotate(30 1 1)">',
    '<g transform="matrix(1 0 0',
    '</g>',
    '<!--',
    '-->',
    '<!-- payload-start -->',
    '<!-- payload-end -->',
    '<![CDATA[',
    ']]>',
    '<!DOCTYPE svg [<!ENTITY a "b">]>',
    '<?xml version="1.0"?>',
    '"',
    "'",
    '=',
    '&amp;',
    '&#x41;',
    '&#99999999;',
    '&lt;',
    ' content="&lt;mxfile&gt;&lt;diagram&gt;',
    '&lt;mxCell id=&quot;a&quot; value=&quot;x&quot; vertex=&quot;1&quot;/&gt;',
    'label',
    '\n',
  ),
  fc.string({ maxLength: 8 }),
);

const markup = fc.array(MARKUP_PIECES, { maxLength: 80 }).map((parts) => parts.join(''));

describe('diagram sources (property-based)', () => {
  it('never throw and stay well formed on random bytes read as SVG or PNG', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        assertWellFormed(read(bytes, 'image/svg+xml'));
        assertWellFormed(read(bytes, 'image/png'));
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throw and stay well formed on markup made of the pieces the scanner cares about', () => {
    fc.assert(
      fc.property(markup, (text) => assertWellFormed(read(Buffer.from(text), 'image/svg+xml'))),
      { numRuns: 3_000 },
    );
  });

  it('real exports cut anywhere or with bytes changed: read or given up, never thrown', () => {
    const files: [Buffer, string][] = [
      [drawioSvg(true), 'image/svg+xml'],
      [excalidrawPng(), 'image/png'],
    ];
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        (which, cutAt, changes) => {
          const [original, mime] = files[which];
          const file = Buffer.from(original);
          for (const [at, value] of changes) {
            file[at % file.length] = value;
          }
          assertWellFormed(read(file.subarray(0, cutAt % (file.length + 1)), mime));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keep every label of a draw.io or Excalidraw scene, whatever its characters', () => {
    const label = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 12 }), (labels) => {
        const xml = (text: string) => text.replace(/[&<>"\n\r\t]/g, (c) => `&#${c.charCodeAt(0)};`);
        const cells = labels
          .map(
            (text, index) => `<mxCell id="c${index}" value="${xml(text)}" vertex="1" parent="1"/>`,
          )
          .join('');
        const model = `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>${cells}</root></mxGraphModel>`;
        const drawio = read(
          withTextChunk(
            diagramPng(8, 8),
            'mxfile',
            encodeURIComponent(drawioFile(true, model)),
            'afterHeader',
          ),
          'image/png',
        );
        const scene = JSON.stringify({
          type: 'excalidraw',
          elements: labels.map((text, index) => ({ id: `t${index}`, type: 'text', text })),
        });
        const excalidraw = read(excalidrawPng(8, 8, excalidrawWrapper(scene)), 'image/png');
        for (const source of [drawio, excalidraw]) {
          assertWellFormed(source);
          for (const text of labels) {
            const cleaned = cleanLabel(text);
            if (cleaned) {
              assert.ok(
                source?.text.includes(JSON.stringify(cleaned)),
                `${JSON.stringify(cleaned)} kept`,
              );
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finish within the budget on megabytes shaped against backtracking and recursion', () => {
    const MB = 1024 * 1024;
    const hostile: Record<string, string> = {
      'unclosed "<"': `<svg>${'<'.repeat(4 * MB)}`,
      'unclosed tags': `<svg>${'<a b="c" '.repeat(MB / 2)}`,
      'unclosed comment': `<svg><text>x</text><!--${'-'.repeat(4 * MB)}`,
      'unclosed quote': `<svg><g id="${'x'.repeat(4 * MB)}`,
      'nested 500k deep': `<svg>${'<g>'.repeat(500_000)}<text>deep</text>${'</g>'.repeat(500_000)}</svg>`,
      'texts 200k wide': `<svg>${'<text x="1" y="2">label</text>'.repeat(200_000)}</svg>`,
      'long transform lists': `<svg>${`<g transform="${'translate(1 '.repeat(20_000)}">`.repeat(20)}</svg>`,
      'half a million entities': `<svg><text>${'&#x41;&amp;&lt;'.repeat(MB / 2)}</text></svg>`,
      'deep text nesting': `<svg><text>${'<tspan x="1">a'.repeat(300_000)}</text></svg>`,
      'unclosed payload': `<svg><!-- payload-start -->${'QUFB'.repeat(MB)}`,
      'drawio content of 80k cells': `<svg content="&lt;mxGraphModel&gt;${'&lt;mxCell id=&quot;a&quot; value=&quot;v&quot; vertex=&quot;1&quot; parent=&quot;p&quot;/&gt;'.repeat(80_000)}"/>`,
      'drawio edges all to one shape': `<svg content="&lt;mxGraphModel&gt;&lt;mxCell id=&quot;s&quot; value=&quot;S&quot; vertex=&quot;1&quot;/&gt;${'&lt;mxCell value=&quot;e&quot; edge=&quot;1&quot; source=&quot;s&quot; target=&quot;s&quot;/&gt;'.repeat(60_000)}"/>`,
    };
    for (const [name, svg] of Object.entries(hostile)) {
      assert.ok(svg.length <= MAX_SVG_SCAN_BYTES, `${name} is read, not skipped for its size`);
      const source = read(Buffer.from(svg), 'image/svg+xml');
      assertWellFormed(source);
      assert.ok(
        (source?.text.length ?? 0) <= MAX_DIAGRAM_SOURCE_CHARS,
        `${name}: within the budget`,
      );
    }
    const chunks = Buffer.concat(
      Array.from({ length: 50_000 }, () =>
        withTextChunk(diagramPng(1, 1), 'mxfile', '%3Cmxfile%3E', 'afterHeader').subarray(
          33,
          33 + 12 + 19,
        ),
      ),
    );
    const manyChunks = Buffer.concat([
      diagramPng(1, 1).subarray(0, 33),
      chunks,
      diagramPng(1, 1).subarray(33),
    ]);
    assertWellFormed(read(manyChunks, 'image/png'));
  });
});
