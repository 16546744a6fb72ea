// The diagram-source readers take files from a cloned repository, so their work must grow with
// the file, not with its square. These tests count the work itself (the characters the scanner's
// searches visit, the characters joined into labels) against the input's length, with the
// search functions wrapped for the one call measured; no timing. How long the readers take is
// measured by `node bench/run.mjs --only parsers`.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { diagramSource } from '../../src/core/diagramSource/diagramSource';
import { scanXml } from '../../src/core/diagramSource/xmlScanner';
import { nodeInflate } from '../../src/host/nodeInflate';
import { excalidrawSvg, excalidrawWrapper } from '../support/diagramFixtures';

/** Runs `run` with String.prototype.indexOf counting the characters each search visits. */
function indexOfVisits(run: () => void): number {
  const original = String.prototype.indexOf; // eslint-disable-line @typescript-eslint/unbound-method
  let visited = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number): number {
    const start = Math.max(0, Math.min(from ?? 0, this.length));
    const found = original.call(this, search, start);
    visited += (found < 0 ? this.length : found + search.length) - start;
    return found;
  };
  try {
    run();
  } finally {
    String.prototype.indexOf = original;
  }
  return visited;
}

/** Runs `run` with Array.prototype.join counting the characters it produces. */
function joinedChars(run: () => void): number {
  const original = Array.prototype.join;
  let produced = 0;
  Array.prototype.join = function (this: unknown[], separator?: string): string {
    const out = original.call(this, separator);
    produced += out.length;
    return out;
  };
  try {
    run();
  } finally {
    Array.prototype.join = original;
  }
  return produced;
}

describe('diagram sources: work that grows with the file, not its square', () => {
  it('R07 · an SVG of 200,000 `<!a>` declarations, with no "[" or one at its very end → scanned in linear work: its searches visit at most 4 characters per character of the file', () => {
    for (const tail of ['', '[']) {
      const xml = `<svg>${'<!a>'.repeat(200_000)}</svg>${tail}`;
      let closed = false;
      const visited = indexOfVisits(() =>
        scanXml(xml, {
          close(name) {
            closed ||= name === 'svg';
          },
        }),
      );
      assert.ok(closed, 'scanned to the end');
      assert.ok(visited <= 4 * xml.length, `${visited} characters visited for ${xml.length}`);
    }
  });

  it('the scanner visits at most 4 characters per character on any markup made of its tokens', () => {
    const pieces = fc.constantFrom(
      '<!a>',
      '<!DOCTYPE x [',
      '<!ENTITY a "b">',
      ']',
      '>',
      '<!--',
      '-->',
      '<?x',
      '?>',
      '<![CDATA[',
      ']]>',
      '</a',
      '</a>',
      '<a b="',
      "<a b='c'",
      '"',
      "'",
      '<',
      ' ',
      '/>',
      'text',
      '&amp;',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 400 }),
        fc.integer({ min: 1, max: 50 }),
        (list, times) => {
          const xml = list.join('').repeat(times);
          const visited = indexOfVisits(() => scanXml(xml, {}));
          return visited <= 4 * xml.length + 16;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('R20 · an Excalidraw scene of 5,000 texts bound to one box and 5,000 arrows to it → each label is joined once, the work stays linear, and the box is named as one cut label', () => {
    const elements: object[] = [{ id: 'box', type: 'rectangle' }];
    for (let index = 0; index < 5_000; index++) {
      elements.push({ id: `t${index}`, type: 'text', text: 'word', containerId: 'box' });
      elements.push({
        id: `a${index}`,
        type: 'arrow',
        startBinding: { elementId: 'box' },
        endBinding: { elementId: 'box' },
      });
    }
    const scene = JSON.stringify({ type: 'excalidraw', elements });
    const svg = excalidrawSvg(excalidrawWrapper(scene, false));
    let text = '';
    const produced = joinedChars(() => {
      text = diagramSource(svg, 'image/svg+xml', nodeInflate)?.text ?? '';
    });
    assert.match(text, /^- e1 rectangle "word word/m);
    assert.ok(produced <= 4 * svg.length, `${produced} characters joined for ${svg.length}`);
    const boxLabel = /^- e1 rectangle (".*")$/m.exec(text)![1];
    assert.ok((JSON.parse(boxLabel) as string).length <= 200, 'cut like any label');
  });
});
