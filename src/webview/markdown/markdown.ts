// The one markdown-it instance the webview renders model output with. Model output is
// untrusted: raw HTML stays text (`html: false`), only http(s)/mailto become links, images
// become link placeholders (no request ever leaves the webview), and links carry their href in
// `title` so the user sees where a click goes (the click itself is routed through the host).

import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';
import * as l10n from '@vscode/l10n';

/** Schemes a rendered link may have; everything else (javascript:, data:, command:, vscode:,
 *  file:, relative and protocol-relative URLs) stays plain text. */
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

export function isSafeHref(href: string): boolean {
  // Browsers ignore leading spaces and control characters when resolving a URL.
  return SAFE_HREF.test(href.replace(/^[\u0000-\u0020]+/, ''));
}

export function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: true, typographer: false });
  // Used by inline links, autolinks, reference definitions, images and linkify alike: an
  // unsafe destination never becomes a link token in the first place.
  md.validateLink = isSafeHref;
  md.core.ruler.push('mra_safe_links', (state) => {
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children) {
        secureLinks(block.children);
      }
    }
  });

  const rules = md.renderer.rules;
  rules.fence = (tokens, idx) => renderCodeBlock(md, tokens[idx], fenceLanguage(md, tokens[idx]));
  rules.code_block = (tokens, idx) => renderCodeBlock(md, tokens[idx], '');
  rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const src = String(token.attrGet('src') ?? '');
    const label = md.utils.escapeHtml(alt ? l10n.t('Image: {0}', alt) : l10n.t('Image'));
    return isSafeHref(src)
      ? `<a class="md-image-link" href="${md.utils.escapeHtml(src)}" title="${md.utils.escapeHtml(src)}">${label}</a>`
      : `<span class="md-image-link">${label}</span>`;
  };
  // Wide tables scroll inside their own box instead of widening the conversation.
  rules.table_open = () => '<div class="md-table"><table>\n';
  rules.table_close = () => '</table></div>\n';
  // Column alignment as a class: the panel's CSP ignores style attributes.
  rules.th_open = rules.td_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    const align = /text-align:(left|center|right)/.exec(String(token.attrGet('style') ?? ''))?.[1];
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    if (align) {
      token.attrJoin('class', `align-${align}`);
    }
    return self.renderToken(tokens, idx, options);
  };
  return md;
}

/** Defence in depth after parsing: a link whose href is not safe becomes a span, and every
 *  link shows its destination as a tooltip. */
function secureLinks(children: Token[]): void {
  const open: Token[] = [];
  for (const token of children) {
    if (token.type === 'link_open') {
      const href = String(token.attrGet('href') ?? '');
      if (isSafeHref(href)) {
        token.attrSet('title', href);
      } else {
        token.tag = 'span';
        token.attrs = [['class', 'md-link-blocked']];
      }
      open.push(token);
    } else if (token.type === 'link_close') {
      const opener = open.pop();
      if (opener) {
        token.tag = opener.tag;
      }
    }
  }
}

function fenceLanguage(md: MarkdownIt, token: Token): string {
  const info = token.info ? md.utils.unescapeAll(token.info).trim() : '';
  return info.split(/\s+/, 1)[0] ?? '';
}

/** A code block with a header (language, Copy button). The button is wired by delegation in
 *  the conversation view, so the HTML stays a pure function of the markdown. */
function renderCodeBlock(md: MarkdownIt, token: Token, language: string): string {
  const escape = md.utils.escapeHtml;
  const codeClass = language ? ` class="language-${escape(language)}"` : '';
  return (
    '<div class="code-block">' +
    '<div class="code-header">' +
    `<span class="code-language">${escape(language)}</span>` +
    '<button type="button" class="copy-code" aria-label="Copy code" title="Copy code">Copy</button>' +
    '</div>' +
    `<pre><code${codeClass}>${codeLineBlocks(token.content)
      .map((lines) => `<span class="code-lines">${escape(lines)}</span>`)
      .join('')}</code></pre>` +
    '</div>\n'
  );
}

/**
 * A code block's lines are in blocks of this many (span.code-lines, a block each), whether it
 * was rendered at once or streamed (streamingMarkdown.ts): a line added to a streaming block
 * lays out and paints its last block, not the whole code block (2,000 lines of code took 3 ms
 * of layout and as much of paint per frame, growing), and a streamed block is already what a
 * render of it gives when it closes (joining its lines into one text node then laid out all
 * 2,000 lines again, an 18 ms frame).
 */
export const CODE_BLOCK_LINES = 64;

/** `code` cut after every CODE_BLOCK_LINES-th newline (none for empty code). */
export function codeLineBlocks(code: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  while (start < code.length) {
    let end = start;
    for (let line = 0; line < CODE_BLOCK_LINES && end < code.length; line++) {
      const newline = code.indexOf('\n', end);
      end = newline === -1 ? code.length : newline + 1;
    }
    blocks.push(code.slice(start, end));
    start = end;
  }
  return blocks;
}

let shared: MarkdownIt | undefined;

/** The instance every view shares (rules are configured once). */
export function sharedMarkdown(): MarkdownIt {
  shared ??= createMarkdown();
  return shared;
}
