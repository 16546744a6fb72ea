// The webviews' stylesheets are plain CSS that Chromium reads with CSS nesting on: a rule left
// without its closing brace does not fail to parse, it silently nests every rule after it under
// its selector, so they match nothing. That once left the side chat's attachments a bulleted
// list of full-size thumbnails. Our stylesheets never nest on purpose: every style rule is at the
// top level or directly inside an at-rule (@media, @supports…).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const MEDIA = path.resolve(__dirname, '..', '..', '..', 'media');

interface Block {
  readonly prelude: string;
  readonly line: number;
}

/** Each style rule opened inside another style rule, and the blocks never closed. */
function nestingProblems(css: string): string[] {
  const problems: string[] = [];
  const open: Block[] = [];
  let prelude = '';
  let line = 1;
  for (let index = 0; index < css.length; index++) {
    const char = css[index];
    if (char === '/' && css[index + 1] === '*') {
      const end = css.indexOf('*/', index + 2);
      const comment = css.slice(index, end === -1 ? css.length : end + 2);
      line += comment.split('\n').length - 1;
      index += comment.length - 1;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = css.indexOf(char, index + 1);
      prelude += css.slice(index, end === -1 ? css.length : end + 1);
      index = end === -1 ? css.length : end;
      continue;
    }
    if (char === '\n') {
      line++;
    }
    if (char === '{') {
      const block = { prelude: prelude.trim(), line };
      const parent = open.at(-1);
      if (parent && !parent.prelude.startsWith('@') && !block.prelude.startsWith('@')) {
        problems.push(
          `line ${block.line}: "${block.prelude}" is nested inside "${parent.prelude}" (line ${parent.line}): a missing "}"?`,
        );
      }
      open.push(block);
      prelude = '';
    } else if (char === '}') {
      if (!open.pop()) {
        problems.push(`line ${line}: "}" closes nothing`);
      }
      prelude = '';
    } else if (char === ';') {
      prelude = '';
    } else {
      prelude += char;
    }
  }
  for (const block of open) {
    problems.push(`line ${block.line}: "${block.prelude}" is never closed`);
  }
  return problems;
}

describe('webview stylesheets', () => {
  const sheets = fs.readdirSync(MEDIA).filter((name) => name.endsWith('.css'));

  it('are found', () => {
    assert.deepEqual(sheets.sort(), ['chat.css', 'panel.css']);
  });

  for (const name of sheets) {
    it(`${name}: every rule is closed, none nested in another by accident`, () => {
      assert.deepEqual(nestingProblems(fs.readFileSync(path.join(MEDIA, name), 'utf8')), []);
    });
  }

  it('finds a rule left open, and one closed twice', () => {
    assert.deepEqual(nestingProblems('.a { color: red;\n\n.b { color: blue; }\n'), [
      'line 3: ".b" is nested inside ".a" (line 1): a missing "}"?',
      'line 1: ".a" is never closed',
    ]);
    assert.deepEqual(
      nestingProblems('@media (width < 700px) { .a { color: red; } }\n.b { content: "{"; } }'),
      ['line 2: "}" closes nothing'],
    );
  });
});
