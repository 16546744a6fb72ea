// One inflate budget per file. A file can nest compressed data: a PNG's zTXt chunks each hold an
// mxfile, and every <diagram> page of it is compressed again. A cap per call alone lets a
// 581-byte PNG inflate 134 MB, one page after another, on the extension host's thread. Every
// inflation a file's source needs (zTXt, iTXt, each draw.io page, the Excalidraw payload)
// draws on this one budget, and only so many draw.io pages are inflated at all.
import type { Inflate } from './bytes';

/** No single embedded scene inflates to more than this; a larger one is not read. */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;
/** Everything one file's embedded scenes inflate to, together. */
export const MAX_INFLATED_BYTES_PER_FILE = 16 * 1024 * 1024;
/** draw.io pages inflated per file: a diagram has a few, and the text sent holds far fewer. */
export const MAX_INFLATED_PAGES = 50;

export class InflateBudget {
  private bytesLeft: number;
  private pagesLeft: number;
  private refused = false;

  constructor(
    private readonly inflateCapped: Inflate,
    bytes = MAX_INFLATED_BYTES_PER_FILE,
    pages = MAX_INFLATED_PAGES,
  ) {
    this.bytesLeft = bytes;
    this.pagesLeft = pages;
  }

  /**
   * Inflates within what is left (and at most MAX_INFLATED_BYTES); undefined when the data is
   * not valid, would inflate past that, or the budget is gone.
   */
  inflate(data: Uint8Array, format: 'zlib' | 'raw'): Uint8Array | undefined {
    if (format === 'zlib' && !hasZlibHeader(data)) {
      return undefined; // not zlib: refused before any work, so nothing is spent
    }
    const cap = Math.min(MAX_INFLATED_BYTES, this.bytesLeft);
    if (cap <= 0) {
      this.refused = true;
      return undefined;
    }
    const out = this.inflateCapped(data, format, cap);
    // A call that fails may have inflated up to its cap before it gave up: it is charged that.
    this.bytesLeft -= out ? out.byteLength : cap;
    if (!out && cap < MAX_INFLATED_BYTES) {
      this.refused = true; // it may have failed for want of budget alone
    }
    return out;
  }

  /** Takes one draw.io page's share; false once MAX_INFLATED_PAGES pages were inflated. */
  takePage(): boolean {
    if (this.pagesLeft <= 0) {
      return false;
    }
    this.pagesLeft--;
    return true;
  }

  /** True once an inflation was refused, or failed, because the file's budget ran short. */
  get spent(): boolean {
    return this.refused;
  }
}

/** RFC 1950's header: deflate, a window of at most 32 KB, and its check bits. */
function hasZlibHeader(data: Uint8Array): boolean {
  return (
    data.length >= 2 &&
    (data[0] & 0x0f) === 8 &&
    data[0] >> 4 <= 7 &&
    ((data[0] << 8) | data[1]) % 31 === 0
  );
}
