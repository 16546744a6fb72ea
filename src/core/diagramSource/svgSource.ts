// A plain SVG's labels as compact text: its size, title and description, then each label with
// where it starts, in document order (the order the drawing's author grouped them in).
import { quoted } from './labelText';
import type { SvgScan } from './svgScan';
import { numbers } from './svgTransform';
import { SourceWriter } from './sourceWriter';

/** The text for a plain SVG, or undefined when it draws no text at all. */
export function svgLabelsText(scan: SvgScan): { text: string; items: number } | undefined {
  const { root, title, description, labels, labelsNotKept } = scan;
  const drawnCount = labels.length + labelsNotKept;
  const items = drawnCount + (title ? 1 : 0) + (description ? 1 : 0);
  if (items === 0) {
    return undefined;
  }
  const out = new SourceWriter();
  const size = [numbers(root?.get('width'), 1)[0], numbers(root?.get('height'), 1)[0]];
  const viewBox = numbers(root?.get('viewBox'), 4);
  const facts = [
    size[0] && size[1] ? `${size[0]}×${size[1]}` : undefined,
    viewBox.length === 4 ? `viewBox ${viewBox.join(' ')}` : undefined,
  ].filter(Boolean);
  out.line(`SVG drawing${facts.length ? ` (${facts.join(', ')})` : ''}.`);
  if (title) {
    out.line(`Title: ${quoted(title)}`);
  }
  if (description) {
    out.line(`Description: ${quoted(description)}`);
  }
  if (drawnCount > 0) {
    out.line(`Text it draws, in document order, with where each starts (x, y in its coordinates):`);
  }
  const shown = new Set<string>();
  const drawn = new Set(labels.filter((label) => !label.tooltip).map((label) => label.text));
  for (const label of labels) {
    if (label.tooltip) {
      // Graphviz names every node in a <title> too: only tooltips that add something are kept.
      if (!drawn.has(label.text)) {
        out.line(`- tooltip ${quoted(label.text)}`);
      }
      continue;
    }
    const at = label.at ? ` at ${label.at.x}, ${label.at.y}` : '';
    const line = `- ${quoted(label.text)}${at}`;
    // The same text drawn twice at the same place (a halo under it) is one label.
    if (!shown.has(line)) {
      shown.add(line);
      out.line(line);
    }
  }
  out.skip(labelsNotKept);
  return { text: out.text, items };
}
