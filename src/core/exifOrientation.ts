// The EXIF orientation of a JPEG (tag 0x0112 in IFD0 of its APP1 "Exif" segment): how the
// stored pixels are turned to be shown. Browsers apply it when they decode the image, so what the
// panel shows and what the model sees is the turned image; grounding.ts's displayedToStored maps
// a box back onto the stored grid. 1 (as stored) when absent or unreadable.

export function exifOrientation(bytes: Uint8Array): number {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    return 1;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1];
    // Start of scan: the image data follows, no more metadata.
    if (marker === 0xda || marker === 0xd9) {
      break;
    }
    const length = view.getUint16(offset + 2);
    if (marker === 0xe1 && isExifHeader(bytes, offset + 4)) {
      return readOrientation(view, offset + 10, offset + 2 + length) ?? 1;
    }
    offset += 2 + length;
  }
  return 1;
}

function isExifHeader(bytes: Uint8Array, at: number): boolean {
  return (
    at + 6 <= bytes.length &&
    String.fromCharCode(...bytes.subarray(at, at + 4)) === 'Exif' &&
    bytes[at + 4] === 0 &&
    bytes[at + 5] === 0
  );
}

/** Reads tag 0x0112 from the TIFF structure starting at `tiff` (segment ends at `end`). */
function readOrientation(view: DataView, tiff: number, end: number): number | undefined {
  if (tiff + 8 > Math.min(end, view.byteLength)) {
    return undefined;
  }
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) {
    return undefined;
  }
  const little = order === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > Math.min(end, view.byteLength)) {
    return undefined;
  }
  const entries = view.getUint16(ifd, little);
  for (let index = 0; index < entries; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > Math.min(end, view.byteLength)) {
      return undefined;
    }
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}
