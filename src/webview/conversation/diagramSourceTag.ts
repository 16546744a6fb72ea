// The tag a turn carries when a diagram's source went with its message ("draw.io source sent"):
// the user sees that the model read the file's labels, not only its pixels. Its tooltip names
// each image and what its source described.
import type { SentDiagramSource } from '../../core/protocol';
import { h, icon, Icons } from '../dom';
import * as l10n from '@vscode/l10n';

function formatName(format: SentDiagramSource['format']): string {
  switch (format) {
    case 'drawio':
      return l10n.t('draw.io source');
    case 'excalidraw':
      return l10n.t('Excalidraw source');
    case 'svg':
      return l10n.t('SVG text');
  }
}

export function diagramSourceTag(sources: readonly SentDiagramSource[]): HTMLElement {
  const label =
    sources.length === 1
      ? l10n.t('{0} sent', formatName(sources[0].format))
      : l10n.t('{0} diagram sources sent', sources.length);
  const details = sources
    .map((source) =>
      source.format === 'svg'
        ? l10n.t('{0}: {1} labels, as text beside the picture', source.name, source.items)
        : l10n.t(
            '{0}: {1} shapes and connectors from its {2}, as text beside the picture',
            source.name,
            source.items,
            formatName(source.format),
          ),
    )
    .join('\n');
  return h(
    'span',
    { class: 'turn-tag diagram-source-tag', title: details, 'aria-label': `${label}. ${details}` },
    icon(Icons.diagram),
    label,
  );
}
