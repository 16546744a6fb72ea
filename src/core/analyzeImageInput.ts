// The input of the `analyze_image` language model tool, as a chat agent's model wrote it: any
// JSON value at all. It is checked here before anything reads a file or opens a panel: a path
// and a task, both non-empty text of bounded length. Anything else is refused with a reason the
// model can act on (it reads the tool's error and may call again).
import * as v from 'valibot';
import { MAX_TASK_CHARS } from './webviewMessages';

/** Far longer than any real path (Linux allows 4,096 bytes). */
export const MAX_TOOL_PATH_CHARS = 4_096;

export interface AnalyzeImageInput {
  /** A workspace-relative path (or an absolute one inside the workspace). */
  readonly path: string;
  /** What to ask about the image. */
  readonly task: string;
}

const nonEmpty = (max: number) =>
  v.pipe(
    v.string(),
    v.check((value) => value.trim().length > 0, 'is empty'),
    v.maxLength(max, `is longer than ${max} characters`),
  );

const schema = v.object({ path: nonEmpty(MAX_TOOL_PATH_CHARS), task: nonEmpty(MAX_TASK_CHARS) });

export type CheckedToolInput =
  | { readonly ok: true; readonly input: AnalyzeImageInput }
  | { readonly ok: false; readonly reason: string };

/** The input when it is a path and a task; otherwise why not (never the input's own text). */
export function checkAnalyzeImageInput(raw: unknown): CheckedToolInput {
  const result = v.safeParse(schema, raw);
  if (result.success) {
    return {
      ok: true,
      input: { path: result.output.path.trim(), task: result.output.task.trim() },
    };
  }
  const issue = result.issues[0];
  const field = issue.path?.[0]?.key;
  if (field !== 'path' && field !== 'task') {
    return { ok: false, reason: 'the input must be an object with "path" and "task" strings' };
  }
  // A wrong type's message would quote the value: say only what was expected.
  return {
    ok: false,
    reason: issue.kind === 'schema' ? `"${field}" must be a string` : `"${field}" ${issue.message}`,
  };
}
