// Inflate for the diagram sources (src/core/diagramSource), from Node's zlib with its output cap:
// a "zip bomb" in a file's embedded scene stops at `maxBytes` instead of filling the memory.
import * as zlib from 'node:zlib';
import type { Inflate } from '../core/diagramSource/diagramSource';

export const nodeInflate: Inflate = (data, format, maxBytes) => {
  try {
    const options = { maxOutputLength: maxBytes };
    const out =
      format === 'zlib' ? zlib.inflateSync(data, options) : zlib.inflateRawSync(data, options);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch {
    // Over the cap, truncated, or not deflate data at all: no scene from it.
    return undefined;
  }
};
