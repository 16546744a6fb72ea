import * as assert from 'node:assert/strict';
import {
  describeImageSizeLimit,
  formatBytes,
  IMAGE_EXTENSIONS,
  isHeif,
  isImagePath,
  isPreparedImageDataUrl,
  isWithinImageSizeLimit,
  MAX_IMAGE_FILE_BYTES,
  sniffImageMime,
} from '../../src/core/imageFacts';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...part].map((char) => char.charCodeAt(0)) : part,
    ),
  );
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const u32le = (value: number): number[] => [
  value & 0xff,
  (value >> 8) & 0xff,
  (value >> 16) & 0xff,
  (value >>> 24) & 0xff,
];
const u32be = (value: number): number[] => u32le(value).reverse();

const PNG_1X1 = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const ftyp = (major: string, ...compatible: string[]): Uint8Array =>
  bytes(
    u32be(16 + 4 * compatible.length),
    'ftyp',
    major,
    [0, 0, 0, 0],
    ...compatible,
    [0, 0, 0, 0],
  );

describe('sniffImageMime', () => {
  const images: Array<[string, Uint8Array, string]> = [
    ['PNG', PNG_1X1, 'image/png'],
    ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'), 'image/jpeg'],
    ['JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1, 0, 0x10], 'Exif'), 'image/jpeg'],
    ['GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'image/gif'],
    ['GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', u32le(30), 'WEBPVP8 ', [0, 0, 0, 0]), 'image/webp'],
    ['BMP', bytes('BM', u32le(58), [0, 0, 0, 0], u32le(54), u32le(40), u32le(1)), 'image/bmp'],
    ['AVIF', ftyp('avif', 'mif1', 'miaf'), 'image/avif'],
    ['AVIF sequence', ftyp('avis', 'msf1'), 'image/avif'],
    ['AVIF as a compatible brand', ftyp('mif1', 'avif', 'miaf'), 'image/avif'],
    [
      'ICO',
      bytes([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0], u32le(104), u32le(22)),
      'image/x-icon',
    ],
    ['SVG', utf8('<svg xmlns="http://www.w3.org/2000/svg" width="10"/>'), 'image/svg+xml'],
    [
      'SVG with BOM, declaration, comment and DOCTYPE',
      utf8(
        '\ufeff\n  <?xml version="1.0" encoding="UTF-8"?>\n<!-- Generator: Illustrator — ünïcode -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg\n viewBox="0 0 1 1"></svg>',
      ),
      'image/svg+xml',
    ],
    ['TIFF (little-endian)', bytes('II', [42, 0], u32le(8)), 'image/tiff'],
    ['TIFF (big-endian)', bytes('MM', [0, 42, 0, 0, 0, 8]), 'image/tiff'],
    [
      'SVG with a DOCTYPE internal subset',
      utf8('<?xml version="1.0"?><!DOCTYPE svg [ <!ENTITY a "<b>"> ]><svg></svg>'),
      'image/svg+xml',
    ],
  ];
  for (const [name, data, mime] of images) {
    it(`recognises ${name}`, () => {
      assert.equal(sniffImageMime(data), mime);
    });
  }

  const notImages: Array<[string, Uint8Array]> = [
    ['an empty file', new Uint8Array()],
    ['a truncated PNG signature', PNG_1X1.subarray(0, 4)],
    ['text starting with "BM"', utf8('BM is the start of this text file, not a bitmap')],
    ['HEIC', ftyp('heic', 'mif1', 'heic')],
    ['a WAV file', bytes('RIFF', u32le(30), 'WAVEfmt ')],
    ['an XML document with another root', utf8('<?xml version="1.0"?><html><svg></svg></html>')],
    ['HTML', utf8('<!DOCTYPE html><html><body><svg></svg></body></html>')],
    ['an element named like svg', utf8('<svgx></svgx>')],
    ['a never-ending comment', utf8('<!-- <svg>')],
    ['a PDF', utf8('%PDF-1.7\n')],
    ['a BigTIFF', bytes('II', [43, 0, 8, 0, 0, 0], u32le(16), u32le(0))],
  ];
  for (const [name, data] of notImages) {
    it(`rejects ${name}`, () => {
      assert.equal(sniffImageMime(data), undefined);
    });
  }

  it('tells HEIC and HEIF photos (refused with advice) from AVIF and other files', () => {
    for (const heif of [
      ftyp('heic', 'mif1', 'heic'),
      ftyp('mif1', 'heic'),
      ftyp('heix'),
      ftyp('msf1', 'hevc'),
    ]) {
      assert.equal(isHeif(heif), true);
      assert.equal(sniffImageMime(heif), undefined, 'not an accepted image type');
    }
    for (const other of [
      ftyp('avif', 'mif1', 'miaf'),
      ftyp('mif1', 'avif'),
      ftyp('isom', 'mp41'),
      PNG_1X1,
    ]) {
      assert.equal(isHeif(other), false);
    }
  });
});

describe('image paths and limits', () => {
  it('lists the accepted extensions', () => {
    assert.deepEqual([...IMAGE_EXTENSIONS].sort(), [
      'avif',
      'bmp',
      'gif',
      'heic',
      'heif',
      'ico',
      'jpeg',
      'jpg',
      'png',
      'svg',
      'tif',
      'tiff',
      'webp',
    ]);
  });

  it('recognises image paths case-insensitively, on either separator', () => {
    for (const path of [
      'diagram.png',
      'docs/Arch.PNG',
      'C:\\shots\\screen.JpEg',
      '/a.b/c.webp',
      'x.svg',
      'y.avif',
      'favicon.ICO',
    ]) {
      assert.equal(isImagePath(path), true, path);
    }
    for (const path of ['notes.txt', 'png', 'archive.png.zip', 'folder.png/readme', 'image.', '']) {
      assert.equal(isImagePath(path), false, path);
    }
  });

  it('caps files at 50 MiB and says so', () => {
    assert.equal(MAX_IMAGE_FILE_BYTES, 50 * 1024 * 1024);
    assert.equal(isWithinImageSizeLimit(MAX_IMAGE_FILE_BYTES), true);
    assert.equal(isWithinImageSizeLimit(MAX_IMAGE_FILE_BYTES + 1), false);
    assert.equal(
      describeImageSizeLimit('huge.png', 65_326_284),
      'huge.png is 62 MB; images larger than 50 MB are not analyzed.',
    );
  });

  it('formats byte counts', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024 + 300 * 1024), '5.3 MB');
    assert.equal(formatBytes(MAX_IMAGE_FILE_BYTES), '50 MB');
  });

  it('accepts only base64 PNG and JPEG data URLs as prepared images', () => {
    assert.equal(isPreparedImageDataUrl('data:image/png;base64,iVBORw0KGgo='), true);
    assert.equal(isPreparedImageDataUrl('data:image/jpeg;base64,/9j/4AAQ'), true);
    assert.equal(isPreparedImageDataUrl('data:image/svg+xml;base64,PHN2Zz4='), false);
    assert.equal(isPreparedImageDataUrl('https://example.com/a.png'), false);
    assert.equal(isPreparedImageDataUrl('data:image/png;base64,abc"onerror="x'), false);
    assert.equal(isPreparedImageDataUrl(42), false);
  });
});
