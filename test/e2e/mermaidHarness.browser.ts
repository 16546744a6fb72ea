// A harness page (webviewPage.ts bundles it) for mermaidCorpus.test.ts: renders an answer holding
// one `mermaid` block the way a turn's answer is rendered (markdown, then its diagrams), into an
// answer column as wide as the panel's; and shows a given SVG as a diagram's picture.
import { createMarkdown } from '../../src/webview/markdown/markdown';
import { loadDiagramImage } from '../../src/webview/mermaid/diagramImage';
import {
  renderMermaidBlocks,
  type DiagramFailure,
} from '../../src/webview/mermaid/mermaidDiagrams';

const markdown = createMarkdown();

async function renderAnswer(
  answer: string,
): Promise<{ failures: DiagramFailure[]; opened: string[] }> {
  const body = document.createElement('div');
  body.className = 'markdown-body answer-body';
  body.innerHTML = markdown.render(answer);
  document.getElementById('app')!.replaceChildren(body);
  const opened: string[] = [];
  const failures = await renderMermaidBlocks(body, (source) => opened.push(source));
  return { failures, opened };
}

/** Shows `xml` as a diagram picture; resolves to why it cannot be shown, or undefined. */
async function displayFailure(
  xml: string,
  width: number,
  height: number,
): Promise<string | undefined> {
  try {
    await loadDiagramImage(document.createElement('img'), { xml, width, height, links: [] });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

(globalThis as unknown as { mermaidHarness: unknown }).mermaidHarness = {
  renderAnswer,
  displayFailure,
};
