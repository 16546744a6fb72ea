// A TIFF's pages, read from its directory chain without decoding any pixels: how many there are,
// each one's size and compression. A TIFF is a linked list of image file directories (IFDs),
// and a file from a repository can make that list loop or run past its end; a decoder that
// follows it blindly (UTIF.decode does) never returns. The host refuses such files before the
// webview sees them, and the webview's TIFF worker checks the same way before decoding.

/** Pages beyond this are not offered: a scanned document has tens, not thousands. */
export const MAX_TIFF_PAGES = 1_000;

export interface TiffPage {
  /** Its position in the directory chain (UTIF.decode's index). */
  readonly ifd: number;
  readonly width: number;
  readonly height: number;
  /** TIFF compression code: 1 none, 2–4 CCITT, 5 LZW, 7 JPEG, 8 Deflate, 32773 PackBits… */
  readonly compression: number;
}

export type TiffStructure =
  | { readonly kind: 'pages'; readonly pages: readonly TiffPage[] }
  /** The chain loops, runs past the file, or a page states no size. */
  | { readonly kind: 'damaged'; readonly reason: string }
  | { readonly kind: 'tooManyPages' };

/** "II*\0" (little-endian) or "MM\0*" (big-endian); BigTIFF (43) is not read. */
export function isTiff(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 &&
    ((bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 42 && bytes[3] === 0) ||
      (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && bytes[3] === 42))
  );
}

/**
 * The pages of a TIFF (reduced-resolution copies such as thumbnails left out when full pages
 * exist), or why it cannot be read. Each directory is looked at once.
 */
export function tiffStructure(bytes: Uint8Array): TiffStructure {
  if (!isTiff(bytes)) {
    return { kind: 'damaged', reason: 'not a TIFF header' };
  }
  const little = bytes[0] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, little);
  const u32 = (at: number): number => view.getUint32(at, little);
  const pages: (TiffPage & { readonly reduced: boolean })[] = [];
  const seen = new Set<number>();
  let offset = u32(4);
  while (offset !== 0) {
    if (seen.has(offset)) {
      return { kind: 'damaged', reason: 'its page directories loop' };
    }
    if (seen.size >= MAX_TIFF_PAGES) {
      return { kind: 'tooManyPages' };
    }
    seen.add(offset);
    if (offset + 2 > bytes.length) {
      return { kind: 'damaged', reason: 'a page directory lies past the end of the file' };
    }
    const count = u16(offset);
    const end = offset + 2 + count * 12;
    if (end + 4 > bytes.length) {
      return { kind: 'damaged', reason: 'a page directory runs past the end of the file' };
    }
    const tags = new Map<number, number>();
    for (let entry = offset + 2; entry < end; entry += 12) {
      const tag = u16(entry);
      const type = u16(entry + 2);
      // SHORT or LONG, one value, stored in the entry itself.
      if ((tag === 254 || tag === 256 || tag === 257 || tag === 259) && u32(entry + 4) >= 1) {
        if (type === 3) {
          tags.set(tag, u16(entry + 8));
        } else if (type === 4) {
          tags.set(tag, u32(entry + 8));
        }
      }
    }
    const width = tags.get(256) ?? 0;
    const height = tags.get(257) ?? 0;
    if (width < 1 || height < 1) {
      return { kind: 'damaged', reason: `page ${pages.length + 1} states no size` };
    }
    pages.push({
      ifd: seen.size - 1,
      width,
      height,
      compression: tags.get(259) ?? 1,
      reduced: ((tags.get(254) ?? 0) & 1) === 1,
    });
    offset = u32(end);
  }
  if (pages.length === 0) {
    return { kind: 'damaged', reason: 'it has no pages' };
  }
  const full = pages.filter((page) => !page.reduced);
  return {
    kind: 'pages',
    pages: (full.length > 0 ? full : pages).map(({ ifd, width, height, compression }) => ({
      ifd,
      width,
      height,
      compression,
    })),
  };
}
