// Excalidraw's scene as compact text: shapes with the text bound inside them, arrows between
// shapes with their labels, free text, and frames. The scene is JSON from the file; every field
// is checked for its type before use, and deleted elements are left out.
import { cleanLabel, connectorEnd, quoted } from './labelText';
import { SourceWriter } from './sourceWriter';

/** Elements read per scene; more are only counted. */
const MAX_ELEMENTS = 20_000;

const SHAPES = new Set(['rectangle', 'ellipse', 'diamond', 'image', 'embeddable', 'iframe']);
/** Shapes listed only when they have text or an arrow touches them (the rest are decoration). */
const PLAIN = new Set(['rectangle', 'ellipse', 'diamond']);
const FRAMES = new Set(['frame', 'magicframe']);

interface Element {
  readonly id: string;
  readonly type: string;
  readonly text: string;
  readonly containerId?: string;
  readonly frameId?: string;
  readonly start?: string;
  readonly end?: string;
  readonly name?: string;
}

export interface ExcalidrawText {
  readonly text: string;
  readonly items: number;
}

/** The text for a scene's JSON, or undefined when it is not a scene or has nothing to say. */
export function excalidrawText(sceneJson: string): ExcalidrawText | undefined {
  const elements = readElements(sceneJson);
  if (!elements) {
    return undefined;
  }
  const byId = new Map(elements.map((element) => [element.id, element]));
  const labels = new Map<string, string[]>();
  const freeText: Element[] = [];
  for (const element of elements) {
    if (element.type !== 'text' || !element.text) {
      continue;
    }
    const container = element.containerId ? byId.get(element.containerId) : undefined;
    if (container) {
      const bound = labels.get(container.id) ?? [];
      bound.push(element.text);
      labels.set(container.id, bound);
    } else {
      freeText.push(element);
    }
  }
  // Joined once per shape and cut like any label: a shape is named once for every arrow that
  // touches it, so joining its texts on each use would cost texts × arrows.
  const joined = new Map([...labels].map(([id, texts]) => [id, cleanLabel(texts.join(' '))]));
  const label = (element: Element): string => joined.get(element.id) ?? '';
  const arrows = elements.filter((element) => element.type === 'arrow');
  const connected = new Set(arrows.flatMap((arrow) => [arrow.start ?? '', arrow.end ?? '']));
  const shapes = elements.filter(
    (element) =>
      SHAPES.has(element.type) &&
      (label(element) || connected.has(element.id) || !PLAIN.has(element.type)),
  );
  const frames = elements.filter((element) => FRAMES.has(element.type));
  const items = shapes.length + arrows.length + freeText.length + frames.length;
  if (items === 0) {
    return undefined;
  }
  const numbers = new Map(shapes.map((shape, at) => [shape.id, `e${at + 1}`]));
  const frameName = (id: string | undefined): string | undefined => {
    const frame = id ? byId.get(id) : undefined;
    return frame && FRAMES.has(frame.type) ? quoted(frame.name || 'Frame') : undefined;
  };
  const named = (id: string | undefined): string => connectorEnd(id, byId, numbers, label);

  const out = new SourceWriter();
  out.line(
    `Excalidraw scene: ${shapes.length} shape(s), ${arrows.length} arrow(s), ${freeText.length} free text(s), ${frames.length} frame(s).`,
  );
  if (frames.length > 0) {
    out.line(`Frames: ${frames.map((frame) => quoted(frame.name || 'Frame')).join(', ')}`);
  }
  if (shapes.length > 0) {
    out.line('Shapes (eN is the shape number used below):');
  }
  for (const shape of shapes) {
    const text = label(shape);
    const frame = frameName(shape.frameId);
    out.line(
      `- ${numbers.get(shape.id)} ${shape.type}${text ? ` ${quoted(text)}` : ''}${frame ? ` in frame ${frame}` : ''}`,
    );
  }
  if (arrows.length > 0) {
    out.line('Arrows (from → to):');
  }
  for (const arrow of arrows) {
    const text = label(arrow);
    out.line(`- ${named(arrow.start)} → ${named(arrow.end)}${text ? `: ${quoted(text)}` : ''}`);
  }
  if (freeText.length > 0) {
    out.line('Free text:');
  }
  for (const text of freeText) {
    const frame = frameName(text.frameId);
    out.line(`- ${quoted(text.text)}${frame ? ` in frame ${frame}` : ''}`);
  }
  return { text: out.text, items };
}

function readElements(sceneJson: string): Element[] | undefined {
  let scene: unknown;
  try {
    scene = JSON.parse(sceneJson);
  } catch {
    return undefined;
  }
  const list = isRecord(scene) ? scene.elements : undefined;
  if (!Array.isArray(list)) {
    return undefined;
  }
  const elements: Element[] = [];
  for (const raw of list.slice(0, MAX_ELEMENTS) as unknown[]) {
    if (!isRecord(raw) || raw.isDeleted === true) {
      continue;
    }
    const id = string(raw.id);
    const type = string(raw.type);
    if (!id || !type) {
      continue;
    }
    elements.push({
      id,
      type: /^[a-z]{1,20}$/.test(type) ? type : 'shape',
      text: cleanLabel(string(raw.originalText) ?? string(raw.text) ?? ''),
      containerId: string(raw.containerId),
      frameId: string(raw.frameId),
      start: isRecord(raw.startBinding) ? string(raw.startBinding.elementId) : undefined,
      end: isRecord(raw.endBinding) ? string(raw.endBinding.elementId) : undefined,
      name: typeof raw.name === 'string' ? cleanLabel(raw.name) : undefined,
    });
  }
  return elements;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 256) : undefined;
}
