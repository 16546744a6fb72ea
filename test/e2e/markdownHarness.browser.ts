// Bundled by test/e2e/panelPage.test.ts for a page of its own: exposes the webview's markdown
// renderer and the streaming renderer so the test can compare them and measure them.
import { createMarkdown } from '../../src/webview/markdown';
import { StreamingMarkdown } from '../../src/webview/streamingMarkdown';

(globalThis as unknown as { markdownHarness: unknown }).markdownHarness = {
  createMarkdown,
  StreamingMarkdown,
};
