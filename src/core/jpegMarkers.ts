// What the JPEG readers (imageHeader.ts for the size, originalImage.ts for the copy sent as it is)
// agree on when they walk a file's segments: where a marker starts and which markers are frames.

/**
 * Where the marker at `offset` has its own 0xFF: any number of 0xFF fill bytes may come before
 * a marker, and each is skipped.
 */
export function skipFillBytes(bytes: Uint8Array, offset: number): number {
  while (bytes[offset] === 0xff && bytes[offset + 1] === 0xff) {
    offset++;
  }
  return offset;
}

/** SOF0…SOF15, the frame headers; DHT, JPG and DAC (0xC4, 0xC8, 0xCC) share their range. */
export function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}
