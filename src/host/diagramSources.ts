// A diagram's source for the image a conversation was given, when the setting allows it: read
// once from the file's bytes (src/core/diagramSource), with Node's zlib for the compressed scenes.
import { diagramSource, type DiagramSource } from '../core/diagramSource/diagramSource';
import { createLogger } from './logger';
import { nodeInflate } from './nodeInflate';
import { readSettings } from './settings';

const log = createLogger('images');

/** The source to send beside `image`, or undefined (none in the file, or the setting is off). */
export function diagramSourceFor(image: {
  readonly name: string;
  readonly mime: string;
  readonly data: Uint8Array;
}): DiagramSource | undefined {
  if (!readSettings().sendDiagramSource) {
    return undefined;
  }
  const source = diagramSource(image.data, image.mime, nodeInflate);
  if (source) {
    log.debug(
      `${image.name}: ${source.format} source of ${source.items} item(s), ${source.text.length} chars`,
    );
  }
  return source;
}
