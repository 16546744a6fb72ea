// A forward-only XML scanner for reading labels out of diagram files (SVG, draw.io's mxfile). The
// files come from a cloned repository, so it is built to be linear: each step finds the end of
// one token with a single indexOf from the current position and moves past it, and the first
// token that never ends stops the scan (a later one could not end either). No DTD is read and no
// entity but the five predefined ones and character references is expanded, so an "XML bomb"
// yields its entity names as text. Not a validating parser: malformed markup degrades to text.

export interface XmlVisitor {
  /** An element starts; `selfClosing` elements get no `close`. Return false to stop the scan. */
  open?(
    name: string,
    attributes: ReadonlyMap<string, string>,
    selfClosing: boolean,
  ): boolean | void;
  close?(name: string): boolean | void;
  /**
   * Character data between tags, as written (`raw`: decode it with decodeXmlEntities, which
   * only the part a reader keeps needs), and CDATA sections (`raw` false: nothing to decode).
   */
  text?(text: string, raw: boolean): boolean | void;
  comment?(text: string): boolean | void;
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos|nbsp));/g;
const NAMED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** The predefined entities and character references; anything else stays as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) {
    return text;
  }
  return text.replace(ENTITY, (_match, hex?: string, decimal?: string, name?: string) => {
    if (name) {
      return NAMED[name];
    }
    const code = hex ? parseInt(hex, 16) : Number(decimal);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
      ? String.fromCodePoint(code)
      : '\ufffd';
  });
}

const NAME_END = /[\s/>]/g;

/** Scans `xml` from the start, calling `visitor` for each token, until the end or it says stop. */
export function scanXml(xml: string, visitor: XmlVisitor): void {
  let position = 0;
  const length = xml.length;
  while (position < length) {
    const lt = xml.indexOf('<', position);
    const textEnd = lt < 0 ? length : lt;
    if (textEnd > position) {
      if (visitor.text?.(xml.slice(position, textEnd), true) === false) {
        return;
      }
    }
    if (lt < 0) {
      return;
    }
    const next = scanMarkup(xml, lt, visitor);
    if (next < 0) {
      return;
    }
    position = next;
  }
}

/** Handles the markup at `lt`; returns the position after it, or -1 to stop. */
function scanMarkup(xml: string, lt: number, visitor: XmlVisitor): number {
  if (xml.startsWith('<!--', lt)) {
    const end = xml.indexOf('-->', lt + 4);
    if (end < 0 || visitor.comment?.(xml.slice(lt + 4, end)) === false) {
      return -1;
    }
    return end + 3;
  }
  if (xml.startsWith('<![CDATA[', lt)) {
    const end = xml.indexOf(']]>', lt + 9);
    if (end < 0 || visitor.text?.(xml.slice(lt + 9, end), false) === false) {
      return -1;
    }
    return end + 3;
  }
  if (xml.startsWith('<?', lt)) {
    const end = xml.indexOf('?>', lt + 2);
    return end < 0 ? -1 : end + 2;
  }
  if (xml.startsWith('<!', lt)) {
    return endOfDeclaration(xml, lt);
  }
  if (xml.startsWith('</', lt)) {
    const end = xml.indexOf('>', lt + 2);
    if (end < 0 || visitor.close?.(xml.slice(lt + 2, end).trim()) === false) {
      return -1;
    }
    return end + 1;
  }
  return scanStartTag(xml, lt, visitor);
}

/**
 * `<!DOCTYPE …>`, whose internal subset `[…]` may hold '>' of its own. The '[' is looked for only
 * up to the first '>': a search to the end of the document for every `<!x>` would be quadratic.
 */
function endOfDeclaration(xml: string, lt: number): number {
  const close = xml.indexOf('>', lt + 2);
  if (close < 0) {
    return -1;
  }
  const bracket = indexBefore(xml, 91 /* '[' */, lt + 2, close);
  if (bracket < 0) {
    return close + 1;
  }
  const subsetEnd = xml.indexOf(']', bracket);
  const after = subsetEnd < 0 ? -1 : xml.indexOf('>', subsetEnd);
  return after < 0 ? -1 : after + 1;
}

/** Where the character `code` first is in [from, to), or -1. */
function indexBefore(text: string, code: number, from: number, to: number): number {
  for (let index = from; index < to; index++) {
    if (text.charCodeAt(index) === code) {
      return index;
    }
  }
  return -1;
}

function scanStartTag(xml: string, lt: number, visitor: XmlVisitor): number {
  NAME_END.lastIndex = lt + 1;
  const nameEnd = NAME_END.exec(xml)?.index ?? -1;
  if (nameEnd < 0) {
    return -1;
  }
  const name = xml.slice(lt + 1, nameEnd);
  if (!name) {
    // A '<' that starts no tag ("a < b" in sloppy markup) is text.
    if (visitor.text?.('<', false) === false) {
      return -1;
    }
    return lt + 1;
  }
  const attributes = new Map<string, string>();
  let position = nameEnd;
  const length = xml.length;
  for (;;) {
    while (position < length && isSpace(xml.charCodeAt(position))) {
      position++;
    }
    if (position >= length) {
      return -1;
    }
    const char = xml[position];
    if (char === '>' || (char === '/' && xml[position + 1] === '>')) {
      const selfClosing = char === '/';
      if (visitor.open?.(name, attributes, selfClosing) === false) {
        return -1;
      }
      return position + (selfClosing ? 2 : 1);
    }
    const attributeEnd = attributeNameEnd(xml, position);
    if (attributeEnd === position) {
      position++; // a stray '/' or quote: skipped
      continue;
    }
    const attributeName = xml.slice(position, attributeEnd);
    position = attributeEnd;
    while (position < length && isSpace(xml.charCodeAt(position))) {
      position++;
    }
    if (xml[position] !== '=') {
      attributes.set(attributeName, '');
      continue;
    }
    position++;
    while (position < length && isSpace(xml.charCodeAt(position))) {
      position++;
    }
    const quote = xml[position];
    if (quote === '"' || quote === "'") {
      const end = xml.indexOf(quote, position + 1);
      if (end < 0) {
        return -1;
      }
      attributes.set(attributeName, decodeXmlEntities(xml.slice(position + 1, end)));
      position = end + 1;
    } else {
      const end = attributeNameEnd(xml, position);
      attributes.set(attributeName, decodeXmlEntities(xml.slice(position, end)));
      position = end;
    }
  }
}

/** The end of an attribute name (or unquoted value) starting at `position`. */
function attributeNameEnd(xml: string, position: number): number {
  let end = position;
  while (end < xml.length) {
    const code = xml.charCodeAt(end);
    // whitespace, '=', '>', '/', '"', "'"
    if (isSpace(code) || code === 61 || code === 62 || code === 47 || code === 34 || code === 39) {
      break;
    }
    end++;
  }
  return end;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** The name without its namespace prefix, lower-cased: `svg:text` → `text`. */
export function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}
