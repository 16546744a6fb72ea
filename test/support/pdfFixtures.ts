// PDFs made by the tests themselves, with content known to the pixel and the word: a small
// writer of the format (objects, a cross-reference table, a trailer), enough for pages of text
// in the standard Helvetica font and vector drawings, plus the Standard security handler's RC4
// encryption (revision 2) for a password-protected file. Node only; no dependency.
import { createHash } from 'node:crypto';

/** One page: its size in points and the content stream that draws it (PDF operators). */
export interface PdfPage {
  readonly width: number;
  readonly height: number;
  readonly content: string;
}

export interface PdfOptions {
  /** Encrypt with RC4 (40-bit, revision 2); `userPassword` '' opens without asking. */
  readonly encrypt?: { readonly userPassword: string; readonly ownerPassword: string };
  /** What the page tree's /Count says, when it should lie about the number of pages. */
  readonly claimedPageCount?: number;
}

/** A PDF of `pages`, every page with Helvetica as /F1. */
export function makePdf(pages: readonly PdfPage[], options: PdfOptions = {}): Buffer {
  // Object numbers: 1 catalog, 2 page tree, 3 font, then a page and its content for each page.
  const objects: (string | { dict: string; stream: string })[] = [];
  const kids = pages.map((_, index) => `${4 + index * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(
    `<< /Type /Pages /Kids [${kids}] /Count ${options.claimedPageCount ?? pages.length} >>`,
  );
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  pages.forEach((page, index) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] ` +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + index * 2} 0 R >>`,
    );
    objects.push({ dict: '', stream: page.content });
  });

  const id = createHash('md5').update(`fixture-${pages.length}`).digest();
  const security = options.encrypt ? standardSecurity(options.encrypt, id) : undefined;
  const encryptNumber = objects.length + 1;

  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0].length;
  const offsets: number[] = [];
  const write = (chunk: Buffer): void => {
    chunks.push(chunk);
    offset += chunk.length;
  };
  objects.forEach((object, index) => {
    const number = index + 1;
    offsets.push(offset);
    if (typeof object === 'string') {
      write(Buffer.from(`${number} 0 obj\n${object}\nendobj\n`, 'latin1'));
      return;
    }
    let data: Buffer = Buffer.from(object.stream, 'latin1');
    if (security) {
      data = rc4(objectKey(security.key, number), data);
    }
    write(Buffer.from(`${number} 0 obj\n<< /Length ${data.length} >>\nstream\n`, 'latin1'));
    write(data);
    write(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  if (security) {
    offsets.push(offset);
    write(
      Buffer.from(
        `${encryptNumber} 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <${security.o.toString('hex')}> ` +
          `/U <${security.u.toString('hex')}> /P ${security.permissions} >>\nendobj\n`,
        'latin1',
      ),
    );
  }
  const xrefOffset = offset;
  const count = offsets.length + 1;
  const xref = [
    'xref',
    `0 ${count}`,
    '0000000000 65535 f ',
    ...offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${count} /Root 1 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>]` +
      `${security ? ` /Encrypt ${encryptNumber} 0 R` : ''} >>`,
    'startxref',
    String(xrefOffset),
    '%%EOF',
    '',
  ].join('\n');
  write(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}

/** A string for a content stream: `(text)` with the characters PDF escapes escaped. */
export function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, '\\$&')})`;
}

/** Text at (x, y) from the bottom-left corner, in Helvetica at `size` points. */
export function textAt(text: string, x: number, y: number, size: number): string {
  return `BT /F1 ${size} Tf ${x} ${y} Td ${pdfString(text)} Tj ET\n`;
}

/** A filled rectangle in an RGB colour (0xRRGGBB). */
export function filledRect(
  x: number,
  y: number,
  width: number,
  height: number,
  rgb: number,
): string {
  return `${colour(rgb)} rg ${x} ${y} ${width} ${height} re f\n`;
}

/** A stroked line in an RGB colour. */
export function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  rgb: number,
  width = 2,
): string {
  return `${colour(rgb)} RG ${width} w ${x1} ${y1} m ${x2} ${y2} l S\n`;
}

function colour(rgb: number): string {
  return [16, 8, 0].map((shift) => (((rgb >> shift) & 0xff) / 255).toFixed(4)).join(' ');
}

// ── The documents the tests use ─────────────────────────────────────────────────────────────

/** US Letter, in points. */
export const LETTER = { width: 612, height: 792 } as const;

/** The colour that fills the top band of page n of `designDocument()`: each page its own. */
export function pageBandColour(pageNumber: number): number {
  return [0xc0392b, 0x2b5797, 0x1e8449, 0x8e44ad, 0xd35400][(pageNumber - 1) % 5];
}

/** The words on page n of `designDocument()`, as its text layer reads them. */
export function pageWords(pageNumber: number): string {
  return `Design page ${pageNumber} checkout-service-${pageNumber}`;
}

/**
 * A design document of `pageCount` Letter pages: a coloured band across the top third (its
 * colour says which page it is), a line of text, and on page 2 a diagram of two boxes joined by
 * an arrow with labels inside them.
 */
export function designDocument(pageCount = 3): Buffer {
  const pages = Array.from({ length: pageCount }, (_, index) => {
    const n = index + 1;
    let content =
      filledRect(0, LETTER.height * (2 / 3), LETTER.width, LETTER.height / 3, pageBandColour(n)) +
      '0 0 0 rg\n' +
      textAt(pageWords(n), 72, 420, 20);
    if (n === 2) {
      content +=
        filledRect(72, 120, 180, 120, 0xf4d03f) +
        filledRect(360, 120, 180, 120, 0x48c9b0) +
        line(252, 180, 360, 180, 0x000000, 4) +
        `0 0 0 rg\n` +
        textAt('API Gateway', 100, 175, 18) +
        textAt('Orders DB', 400, 175, 18);
    }
    return { ...LETTER, content };
  });
  return makePdf(pages);
}

/** `pageCount` small pages, each saying its number: a huge document. */
export function manyPagesDocument(pageCount: number): Buffer {
  const pages = Array.from({ length: pageCount }, (_, index) => ({
    width: 300,
    height: 400,
    content:
      filledRect(0, 300, 300, 100, pageBandColour(index + 1)) +
      textAt(`Page ${index + 1}`, 40, 200, 36),
  }));
  return makePdf(pages);
}

/** The same design document with a user password: it cannot be opened without it. */
export function encryptedDocument(): Buffer {
  return makePdf([{ ...LETTER, content: textAt('Secret architecture', 72, 700, 24) }], {
    encrypt: { userPassword: 'correct horse', ownerPassword: 'owner' },
  });
}

/** The design document cut off at `fraction` of its length, as an interrupted download is. */
export function truncatedDocument(fraction = 0.4): Buffer {
  const whole = designDocument(3);
  return whole.subarray(0, Math.floor(whole.length * fraction));
}

// ── RC4 encryption, the Standard security handler, revision 2 (PDF 1.7, 7.6.3) ─────────────

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function padded(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
}

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  parts.forEach((part) => hash.update(part));
  return hash.digest();
}

function standardSecurity(
  passwords: { readonly userPassword: string; readonly ownerPassword: string },
  id: Buffer,
): { key: Buffer; o: Buffer; u: Buffer; permissions: number } {
  // Printing and copying allowed; the bits the specification says must be 1 set.
  const permissions = -44;
  const o = rc4(
    md5(padded(passwords.ownerPassword)).subarray(0, 5),
    padded(passwords.userPassword),
  );
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = md5(padded(passwords.userPassword), o, p, id).subarray(0, 5);
  return { key, o, u: rc4(key, PAD), permissions };
}

function objectKey(key: Buffer, number: number): Buffer {
  const suffix = Buffer.from([number & 0xff, (number >> 8) & 0xff, (number >> 16) & 0xff, 0, 0]);
  return md5(key, suffix).subarray(0, Math.min(key.length + 5, 16));
}

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, index) => index);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}
