// What reading one file's diagram source may inflate, all its compressed parts together: a PNG
// whose zTXt chunks hold mxfiles whose pages are compressed again must not inflate a chunk's cap
// once per page (the review's 581-byte PNG inflated 134 MB). The inflate every test here hands
// in counts its calls and the bytes each could have produced, so the bounds are on work done,
// not on time.
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import {
  readDiagramSource,
  MAX_INFLATED_BYTES_PER_FILE,
  MAX_INFLATED_PAGES,
  MAX_SVG_SCAN_BYTES,
  type Inflate,
} from '../../src/core/diagramSource/diagramSource';
import { nodeInflate } from '../../src/host/nodeInflate';
import {
  bombedMxfile,
  compressDrawio,
  drawioFile,
  pageBombPng,
  withTextChunk,
} from '../support/diagramFixtures';
import { diagramPng, pngChunk } from '../support/imageFixtures';

interface InflateSpy {
  readonly inflate: Inflate;
  readonly calls: number;
  /** Bytes produced, plus the whole cap of each call that failed (it may have got that far). */
  readonly work: number;
}

function countingInflate(): InflateSpy {
  const spy = {
    calls: 0,
    work: 0,
    inflate: ((data, format, maxBytes) => {
      spy.calls++;
      const out = nodeInflate(data, format, maxBytes);
      spy.work += out ? out.byteLength : maxBytes;
      return out;
    }) as Inflate,
  };
  return spy;
}

const escapeXml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const drawioSvgOf = (mxfile: string): Buffer =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" content="${escapeXml(mxfile)}"></svg>`);

describe('diagram sources: one inflate budget per file', () => {
  it('R20 · a PNG of a few hundred bytes whose zTXt chunks hold mxfiles of 8 MB pages (134 MB without a budget) → all its inflations together stay within 16 MB; its source is left out and the picture goes alone', () => {
    const png = pageBombPng();
    assert.ok(png.length < 1024, `${png.length} bytes on disk`);
    // What it holds: 2 chunks × 8 pages, each page 8 MB once inflated.
    const page = zlib.inflateRawSync(
      Buffer.from(
        /<diagram name="p">([^<]+)</.exec(bombedMxfile(1, 8 * 1024 * 1024))![1],
        'base64',
      ),
    );
    assert.equal(page.length * 16, 128 * 1024 * 1024);

    const spy = countingInflate();
    const reading = readDiagramSource(png, 'image/png', spy.inflate);
    assert.deepEqual(reading, { leftOut: 'inflates too much' });
    assert.ok(spy.work <= MAX_INFLATED_BYTES_PER_FILE, `${spy.work} bytes inflated`);
    // The 2 chunks, then pages until the budget is gone; every later page is refused unread.
    assert.ok(spy.calls <= 6, `${spy.calls} inflate calls`);
  });

  it('R20 · an SVG of 1,000 `<diagram>` pages each compressed from 1 MB → at most 16 MB inflated in at most 50 calls; its source is left out', () => {
    const svg = drawioSvgOf(bombedMxfile(1_000, 1024 * 1024));
    assert.ok(svg.length <= MAX_SVG_SCAN_BYTES, `${svg.length} bytes: read, not skipped`);
    const spy = countingInflate();
    const reading = readDiagramSource(svg, 'image/svg+xml', spy.inflate);
    assert.deepEqual(reading, { leftOut: 'inflates too much' });
    assert.ok(spy.work <= MAX_INFLATED_BYTES_PER_FILE, `${spy.work} bytes inflated`);
    assert.ok(spy.calls <= MAX_INFLATED_PAGES, `${spy.calls} inflate calls`);
    assert.ok(spy.calls >= 16, 'pages are read until the budget is gone');
  });

  it('R20 · a draw.io file of 1,000 small compressed pages → only the first 50 are inflated, and their scene goes', () => {
    const model = (index: number): string =>
      `<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/><mxCell id="s" value="Page ${index} box" vertex="1" parent="1"/></root></mxGraphModel>`;
    const pages = Array.from(
      { length: 1_000 },
      (_, index) => `<diagram name="p${index}">${compressDrawio(model(index))}</diagram>`,
    );
    const spy = countingInflate();
    const { source, leftOut } = readDiagramSource(
      drawioSvgOf(`<mxfile>${pages.join('')}</mxfile>`),
      'image/svg+xml',
      spy.inflate,
    );
    assert.equal(leftOut, undefined);
    assert.equal(spy.calls, MAX_INFLATED_PAGES);
    assert.ok(source);
    assert.equal(source.items, MAX_INFLATED_PAGES, 'one box on each page read');
    assert.match(source.text, /"Page 0 box"/);
    assert.doesNotMatch(source.text, /"Page 50 box"/);
  });

  it('an older draw.io PNG (raw deflate in zTXt) is read with one inflation: the zlib attempt is refused from its header, unspent', () => {
    const raw = zlib.deflateRawSync(Buffer.from(encodeURIComponent(drawioFile()), 'latin1'));
    const body = Buffer.concat([Buffer.from('mxfile\0\0', 'latin1'), raw]);
    const plain = diagramPng(64, 48);
    const png = Buffer.concat([plain.subarray(0, 33), pngChunk('zTXt', body), plain.subarray(33)]);
    const spy = countingInflate();
    const { source } = readDiagramSource(png, 'image/png', spy.inflate);
    assert.equal(source?.format, 'drawio');
    assert.equal(spy.calls, 1);
  });

  it('a legitimate .drawio.png is read whole, within the budget', () => {
    const spy = countingInflate();
    const png = withTextChunk(
      diagramPng(64, 48),
      'mxfile',
      encodeURIComponent(drawioFile(true)),
      'afterHeader',
    );
    const { source, leftOut } = readDiagramSource(png, 'image/png', spy.inflate);
    assert.equal(leftOut, undefined);
    assert.equal(source?.format, 'drawio');
    assert.equal(spy.calls, 1);
  });
});
