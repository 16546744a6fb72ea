// Which text in an answer becomes a link (src/webview/markdown/markdown.ts). markdown-it 15
// (linkify-it
// 6) no longer turns bare domains into links: only what the model wrote as a URL is one, so a
// word like "config.yaml" or "example.com" in an answer never points anywhere.
import * as assert from 'node:assert/strict';
import { createMarkdown } from '../../src/webview/markdown/markdown';

const md = createMarkdown();

describe('links in rendered answers', () => {
  it('links a URL written with its scheme, and shows where it goes', () => {
    assert.equal(
      md.renderInline('see https://example.com/runbook for details'),
      'see <a href="https://example.com/runbook" title="https://example.com/runbook">https://example.com/runbook</a> for details',
    );
  });

  it('leaves bare domains and file names as text', () => {
    for (const text of [
      'www.example.com',
      'example.com',
      'read config.yaml',
      'api.internal:8080',
    ]) {
      assert.doesNotMatch(md.renderInline(text), /<a /, text);
    }
  });

  it('never links a scheme outside http(s) and mailto', () => {
    for (const text of [
      'javascript:alert(1)',
      '[x](javascript:alert(1))',
      '[x](command:workbench.action.openSettings)',
      '<vscode://file/etc/passwd>',
    ]) {
      assert.doesNotMatch(md.renderInline(text), /<a /, text);
    }
  });
});
