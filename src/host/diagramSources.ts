// A diagram's source for the image a conversation was given, when the setting allows it: read
// once per loaded file (src/core/diagramSource), with Node's zlib for the compressed scenes, and
// kept for every later copy the webview prepares of the same file (another page, another size).
import {
  readDiagramSource,
  MAX_INFLATED_BYTES_PER_FILE,
  type DiagramSource,
  type DiagramSourceReading,
} from '../core/diagramSource/diagramSource';
import { createLogger } from './logger';
import { nodeInflate } from './nodeInflate';
import { readSettings } from './settings';

const log = createLogger('images');

/** Keyed by the loaded file's bytes: one reading per file loaded, gone with the file. */
const readings = new WeakMap<Uint8Array, DiagramSourceReading>();

/** The source to send beside `image`, or undefined (none in the file, or the setting is off). */
export function diagramSourceFor(image: {
  readonly name: string;
  readonly mime: string;
  readonly data: Uint8Array;
}): DiagramSource | undefined {
  if (!readSettings().sendDiagramSource) {
    return undefined;
  }
  let reading = readings.get(image.data);
  if (!reading) {
    reading = readDiagramSource(image.data, image.mime, nodeInflate);
    readings.set(image.data, reading);
    logReading(image.name, reading);
  }
  return reading.source;
}

function logReading(name: string, { source, leftOut }: DiagramSourceReading): void {
  if (leftOut) {
    log.warn(
      `${name}: its diagram source is left out (the picture goes alone): its compressed scenes inflate past ${MAX_INFLATED_BYTES_PER_FILE / (1024 * 1024)} MB`,
    );
  } else if (source) {
    log.debug(
      `${name}: ${source.format} source of ${source.items} item(s), ${source.text.length} chars`,
    );
  }
}
