// What is kept of a conversation after it ends: the turns as the user saw them, the model and
// time of each, and which images it was about (a reference plus a small thumbnail, so a moved or
// deleted file still shows what it was). Pure data and helpers; the host stores it.

import * as l10n from '@vscode/l10n';
import { parseHistoryRecord } from './historySchema';
import type { HistoryRecord } from './historyRecord';
import type { HistorySummary, TurnView, UserFacingError } from './protocol';

export { isConversationId, parseHistoryIndex, parseHistoryRecord } from './historySchema';
export {
  HISTORY_VERSION,
  type HistoryImage,
  type HistoryRecord,
  type HistoryTurn,
} from './historyRecord';

export function newConversationId(now = Date.now()): string {
  return `c${now.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Whether a value read back from disk is a well-formed record (see historySchema.ts). */
export function isHistoryRecord(value: unknown): value is HistoryRecord {
  return parseHistoryRecord(value) !== undefined;
}

export function summarize(record: HistoryRecord): HistorySummary {
  const first = record.turns[0];
  const last = record.turns.at(-1);
  return {
    id: record.id,
    kind: record.kind,
    title: first?.task ?? record.images[0]?.name ?? l10n.t('Empty conversation'),
    imageNames: record.images.map((image) => image.name),
    thumbnail: record.images.find((image) => image.thumbnail)?.thumbnail,
    model: last?.model,
    updatedAt: record.updatedAt,
    turnCount: record.turns.length,
  };
}

function interruptedError(): UserFacingError {
  return {
    code: 'streamError',
    message: l10n.t(
      'Interrupted: VS Code reloaded or closed while this answer was streaming. Retry to ask again.',
    ),
    actions: ['retry'],
  };
}

/**
 * Turns as a restored conversation shows them: one that was still streaming when the window
 * went away can never finish, so it is marked incomplete and says why.
 */
export function interruptStreamingTurns<T extends TurnView>(turns: readonly T[]): T[] {
  return turns.map((turn) =>
    turn.status === 'streaming'
      ? { ...turn, status: 'incomplete', error: interruptedError() }
      : turn,
  );
}

export interface AnalysisMarkdownInput {
  /** The images, each with its path relative to the Markdown file (usually just its name). */
  readonly images: readonly { readonly name: string; readonly link?: string }[];
  readonly task: string;
  readonly answer: string;
  readonly model?: string;
  readonly date?: Date;
}

/** The `<image>.analysis.md` kept next to an image: the image, the task and the answer. */
export function analysisMarkdown(input: AnalysisMarkdownInput): string {
  const names = input.images.map((image) => image.name);
  const title = names.length ? `# Analysis of ${names.join(', ')}` : '# Analysis';
  const pictures = input.images.flatMap((image) => {
    const alt = image.name.replace(/[[\]\\]/g, '\\$&');
    return image.link
      ? [`![${alt}](${image.link.split('/').map(encodeURIComponent).join('/')})`, '']
      : [];
  });
  const facts = [
    input.model && `Model: ${input.model}`,
    input.date && input.date.toISOString().slice(0, 16).replace('T', ' '),
  ].filter(Boolean);
  return [
    title,
    '',
    ...pictures,
    '## Task',
    '',
    quote(input.task),
    '',
    '## Answer',
    '',
    input.answer.trim(),
    '',
    ...(facts.length ? ['---', '', `*${facts.join(' · ')}*`, ''] : []),
  ].join('\n');
}

/** `to` relative to the folder `fromFolder` (both absolute POSIX paths, as `Uri.path` is). */
export function relativePath(fromFolder: string, to: string): string {
  const from = fromFolder.split('/').filter(Boolean);
  const target = to.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) {
    common++;
  }
  return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
