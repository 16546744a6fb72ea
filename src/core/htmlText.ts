// An HTML error page (a proxy's 502, a gateway's 413) reduced to the words worth showing: its
// <title>, else its <h1>, else its text without scripts, styles and tags. Error bodies come from
// the endpoint or anything on its path and can be large and hostile, so this is a handful of
// forward scans, each character looked at a bounded number of times. Lazy regular expressions
// such as /<title[^>]*>([\s\S]*?)<\/title>/ or /<[^>]*>/g rescan the rest of the text from every
// candidate start when the closing part is missing: 280 KB of "<title" took 7 s that way.

const HTML_MARKER = /<(!doctype|html|head|body|title|h1|p|div|center)\b/i;

export function looksLikeHtml(text: string): boolean {
  return HTML_MARKER.test(text);
}

/** The page's title or first heading, else its text; tags removed, a few entities decoded. */
export function htmlSummaryText(html: string): string {
  const chosen = elementContent(html, 'title') ?? elementContent(html, 'h1') ?? html;
  return decodeEntities(stripTags(withoutElements(chosen, ['script', 'style'])));
}

/** The first position of `pattern` (global, case-insensitive) at or after `from`, or -1. */
function search(text: string, pattern: RegExp, from: number): { index: number; end: number } {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match
    ? { index: match.index, end: match.index + match[0].length }
    : { index: -1, end: -1 };
}

/**
 * What lies between the first `<name …>` and the `</name>` after it. When either end is missing
 * after the first opening, it is missing after every later one too, so one try decides.
 */
function elementContent(html: string, name: string): string | undefined {
  const open = search(html, new RegExp(`<${name}`, 'gi'), 0);
  if (open.index < 0) {
    return undefined;
  }
  const contentStart = html.indexOf('>', open.end);
  if (contentStart < 0) {
    return undefined;
  }
  const close = search(html, new RegExp(`</${name}>`, 'gi'), contentStart + 1);
  return close.index < 0 ? undefined : html.slice(contentStart + 1, close.index);
}

/** Removes `<script…>…</script>` and the like; an element never closed is left as text. */
function withoutElements(html: string, names: readonly string[]): string {
  const opening = new RegExp(`<(${names.join('|')})`, 'gi');
  const neverClosed = new Set<string>();
  let kept = '';
  let position = 0;
  for (;;) {
    const open = search(html, opening, position);
    if (open.index < 0) {
      break;
    }
    const name = html.slice(open.index + 1, open.end).toLowerCase();
    const close = neverClosed.has(name)
      ? { index: -1, end: -1 }
      : search(html, new RegExp(`</${name}>`, 'gi'), open.end);
    if (close.index < 0) {
      // No closing tag after this one, so none after any later opening of the same name either.
      neverClosed.add(name);
      if (neverClosed.size === names.length) {
        break;
      }
      kept += html.slice(position, open.end);
      position = open.end;
      continue;
    }
    kept += `${html.slice(position, open.index)} `;
    position = close.end;
  }
  return kept + html.slice(position);
}

/**
 * Every `<…>` becomes a space; a `<` that is never closed stays as text. Linear: one forward scan.
 */
export function stripTags(html: string): string {
  let text = '';
  let position = 0;
  for (;;) {
    const open = html.indexOf('<', position);
    if (open < 0) {
      break;
    }
    const close = html.indexOf('>', open + 1);
    if (close < 0) {
      break;
    }
    text += `${html.slice(position, open)} `;
    position = close + 1;
  }
  return text + html.slice(position);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
