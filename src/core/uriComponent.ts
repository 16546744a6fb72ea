// Percent-decoding of text that may not be valid percent-encoding: a draw.io page's URI-encoded
// XML, a mailto link's address. What cannot be decoded is kept as it was, never thrown on.

/** decodeURIComponent that returns the text as it was when it is not valid percent-encoding. */
export function decodeUriComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
