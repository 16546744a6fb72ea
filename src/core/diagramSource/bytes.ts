// Byte functions the embedded scenes need (base64, Latin-1, UTF-8), without Node's Buffer or the
// DOM, and inflate as a function the caller supplies: src/core stays pure, the host hands in
// Node's zlib with an output cap so a compressed "zip bomb" stops at the cap (and inflateBudget.ts
// shares one budget among all of a file's inflations).

/**
 * Inflates zlib (`zlib`) or raw deflate (`raw`) data, giving up (undefined) when the output
 * would exceed `maxBytes` or the data is not valid.
 */
export type Inflate = (
  data: Uint8Array,
  format: 'zlib' | 'raw',
  maxBytes: number,
) => Uint8Array | undefined;

const BASE64_VALUES = (() => {
  const table = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let index = 0; index < alphabet.length; index++) {
    table[alphabet.charCodeAt(index)] = index;
  }
  table['-'.charCodeAt(0)] = 62; // base64url
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/** Base64 (whitespace ignored, padding optional); undefined for any other character. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 61) {
      break; // '=': padding ends the data
    }
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      continue;
    }
    const value = code < 128 ? BASE64_VALUES[code] : -1;
    if (value < 0) {
      return undefined;
    }
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

/** Each byte as the character of that code (how draw.io and Excalidraw carry bytes in strings). */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let offset = 0; offset < bytes.length; offset += 8192) {
    // apply takes the typed array as it is; a spread first copies it into an array (6× slower).
    text += String.fromCharCode.apply(null, bytes.subarray(offset, offset + 8192) as never);
  }
  return text;
}

/** The reverse of latin1; undefined when a character is above 255 (not a byte string). */
export function byteString(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 255) {
      return undefined;
    }
    bytes[index] = code;
  }
  return bytes;
}

export function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
}
