// A harness page (webviewPage.ts bundles it) for panelPage.streaming.test.ts: exposes the
// webview's markdown renderer and the streaming renderer so the test can compare and measure them.
import { createMarkdown } from '../../src/webview/markdown/markdown';
import { StreamingMarkdown } from '../../src/webview/markdown/streamingMarkdown';

(globalThis as unknown as { markdownHarness: unknown }).markdownHarness = {
  createMarkdown,
  StreamingMarkdown,
};
