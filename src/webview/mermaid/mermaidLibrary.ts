// The lazily loaded half of the Mermaid round trip: the `mermaid` library, bundled on its own
// into dist/webview/mermaid/ (esbuild.config.mjs) and imported by the panel only when an answer
// has a `mermaid` block. Renders one diagram to an SVG string; a diagram that does not parse
// throws with Mermaid's own message, which is what the model is sent to fix.

import mermaid from 'mermaid';
import { themeVariables } from './mermaidTheme';

let initialisedFor: string | undefined;
let counter = 0;

export async function renderDiagram(source: string, theme: 'dark' | 'default'): Promise<string> {
  if (initialisedFor !== theme) {
    mermaid.initialize({
      startOnLoad: false,
      // Strict: labels are sanitised and click handlers never bound (the source is model output).
      securityLevel: 'strict',
      theme,
      themeVariables: themeVariables(theme),
      // Dagre ships in the bundle; ELK (Mermaid 12's default for flowcharts) is left out for size.
      layout: 'dagre',
      // No "syntax error" bomb drawn into the page: the panel shows the message itself.
      suppressErrorRendering: true,
    });
    initialisedFor = theme;
  }
  // Parsing first gives the parser's message ("Parse error on line 3: …") rather than a render
  // stack.
  await mermaid.parse(source);
  const { svg } = await mermaid.render(`mermaid-diagram-${++counter}`, source);
  return svg;
}
