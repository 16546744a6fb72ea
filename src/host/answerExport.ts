// Keeping an answer: "Save as Markdown" writes `<image>.analysis.md` next to the image (asking
// before it replaces one), with a relative link to the image, the task and the answer; "Insert
// into Editor" puts the answer at the cursor of the text editor the user was last in. "Open as
// file" on a rendered Mermaid diagram writes `<image>.mmd` the same way, and opens it. Next to
// the image means inside the workspace and never through a symbolic link (exportTarget.ts);
// anywhere else the user picks the place.
import * as vscode from 'vscode';
import { analysisMarkdown, relativePath } from '../core/history';
import type { TurnView } from '../core/protocol';
import { existingEntry, isInsideWorkspace, writeWithoutFollowingLinks } from './exportTarget';
import { imageFileName } from './imageFile';

export interface ExportedImage {
  readonly name: string;
  readonly uri?: vscode.Uri;
}

export interface ExportOptions {
  /** Asked before an existing file is replaced; tests answer it. Default: a modal warning. */
  readonly confirmOverwrite?: (target: vscode.Uri) => Thenable<boolean>;
  /**
   * Where to save when the file cannot go next to an image (no image file, an image outside the
   * workspace, a symbolic link in the way); `why` is the dialog's title. Default: a save dialog.
   */
  readonly chooseTarget?: (
    suggested: vscode.Uri | undefined,
    why?: string,
  ) => Thenable<vscode.Uri | undefined>;
  /** Offer to open the saved file (default true; tests turn it off). */
  readonly announce?: boolean;
}

/** `architecture.png` → `architecture.analysis.md`, in the image's folder. */
export function analysisFileFor(image: vscode.Uri): vscode.Uri {
  return siblingFileFor(image, '.analysis.md');
}

/** `architecture.png` → `architecture<suffix>`, in the image's folder. */
export function siblingFileFor(image: vscode.Uri, suffix: string): vscode.Uri {
  const name = imageFileName(image);
  const stem = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  return vscode.Uri.joinPath(image, '..', `${stem}${suffix}`);
}

interface ExportKind {
  /** Added to the image's name: `.analysis.md`, `.mmd`. */
  readonly suffix: string;
  /** Suggested in the workspace folder when there is no image file. */
  readonly fallbackName: string;
  readonly filters: Record<string, string[]>;
  readonly saveLabel: string;
}

/**
 * Where to write, or undefined when the user declined: next to the first image that has a file
 * when that place is inside the workspace (its folder resolved through links) and holds no
 * symbolic link, asking before a file there is replaced; anywhere else, where the user picks in
 * a save dialog (which asks about replacing by itself). The write never follows a link either.
 */
async function exportTarget(
  images: readonly ExportedImage[],
  kind: ExportKind,
  options: ExportOptions,
): Promise<vscode.Uri | undefined> {
  const anchor = images.find((image) => image.uri)?.uri;
  const sibling = anchor && siblingFileFor(anchor, kind.suffix);
  let why: string | undefined;
  let linkInTheWay = false;
  if (sibling) {
    if (await isInsideWorkspace(sibling)) {
      const existing = await existingEntry(sibling);
      if (existing === 'none') {
        return sibling;
      }
      if (existing === 'file') {
        const confirm = options.confirmOverwrite ?? defaultConfirmOverwrite;
        return (await confirm(sibling)) ? sibling : undefined;
      }
      linkInTheWay = true;
      why = vscode.l10n.t(
        '{0} is a symbolic link, and nothing is written through one: choose where to save',
        vscode.workspace.asRelativePath(sibling),
      );
    } else {
      why = vscode.l10n.t('The image is outside the workspace: choose where to save');
    }
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  // Outside the workspace the dialog opens where the file would have gone; a link is not suggested.
  const suggested =
    sibling && !linkInTheWay
      ? sibling
      : folder && vscode.Uri.joinPath(folder, sibling ? imageFileName(sibling) : kind.fallbackName);
  const choose =
    options.chooseTarget ??
    ((defaultUri: vscode.Uri | undefined, title?: string) =>
      vscode.window.showSaveDialog({
        defaultUri,
        filters: kind.filters,
        saveLabel: kind.saveLabel,
        title,
      }));
  return choose(suggested, why);
}

/**
 * Writes the text `contents` gives for the place exportTarget settles on (the text may link to
 * the images from there); resolves to that place, or undefined when the user declined.
 */
async function exportFile(
  images: readonly ExportedImage[],
  kind: ExportKind,
  options: ExportOptions,
  contents: (target: vscode.Uri) => string,
): Promise<vscode.Uri | undefined> {
  const target = await exportTarget(images, kind, options);
  if (target) {
    await writeWithoutFollowingLinks(target, new TextEncoder().encode(contents(target)));
  }
  return target;
}

/**
 * Writes a diagram's Mermaid source as `<image>.mmd` next to the image and opens it; undefined when
 * the user declined.
 */
export async function saveMermaidFile(
  images: readonly ExportedImage[],
  source: string,
  options: ExportOptions = {},
): Promise<vscode.Uri | undefined> {
  const target = await exportFile(
    images,
    {
      suffix: '.mmd',
      fallbackName: 'diagram.mmd',
      filters: { Mermaid: ['mmd'] },
      saveLabel: vscode.l10n.t('Save Diagram'),
    },
    options,
    () => (source.endsWith('\n') ? source : `${source}\n`),
  );
  if (target) {
    await vscode.window.showTextDocument(target, {
      preview: false,
      viewColumn: vscode.ViewColumn.Beside,
    });
  }
  return target;
}

/**
 * Saves one turn's task and answer; resolves to the file written, or undefined when the user
 * declined.
 */
export async function saveAnswerAsMarkdown(
  images: readonly ExportedImage[],
  turn: TurnView,
  model: string | undefined,
  options: ExportOptions = {},
): Promise<vscode.Uri | undefined> {
  const target = await exportFile(
    images,
    {
      suffix: '.analysis.md',
      fallbackName: 'chat.analysis.md',
      filters: { Markdown: ['md'] },
      saveLabel: vscode.l10n.t('Save Answer'),
    },
    options,
    (file) => {
      const folder = vscode.Uri.joinPath(file, '..').path;
      return analysisMarkdown({
        images: images.map((image) => ({
          name: image.name,
          link:
            image.uri && image.uri.scheme === file.scheme
              ? relativePath(folder, image.uri.path)
              : undefined,
        })),
        task: turn.task,
        answer: turn.answer,
        model,
        date: new Date(),
      });
    },
  );
  if (target && options.announce !== false) {
    const open = vscode.l10n.t('Open');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('Saved the answer to {0}.', vscode.workspace.asRelativePath(target)),
        open,
      )
      .then((choice) => {
        if (choice === open) {
          void vscode.window.showTextDocument(target, { preview: true });
        }
      });
  }
  return target;
}

/**
 * The text editor the user was last in: pressing a button in a webview makes the webview the
 * active editor, so `activeTextEditor` alone would always be undefined here.
 */
export class LastTextEditor implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) {
      this.last = editor;
    }
  });

  get editor(): vscode.TextEditor | undefined {
    const visible = vscode.window.visibleTextEditors;
    if (vscode.window.activeTextEditor) {
      return vscode.window.activeTextEditor;
    }
    if (this.last && visible.some((editor) => editor.document === this.last?.document)) {
      return visible.find((editor) => editor.document === this.last?.document);
    }
    return visible.find((editor) => editor.document.uri.scheme !== 'output');
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/**
 * Inserts `answer` at the cursor (replacing a selection); false, with a message, when no text
 * editor is open.
 */
export async function insertAnswerIntoEditor(
  answer: string,
  editors: LastTextEditor,
): Promise<boolean> {
  const editor = editors.editor;
  if (!editor) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'No text editor is open to insert the answer into. Open a file, place the cursor, and press Insert into Editor again.',
      ),
    );
    return false;
  }
  const shown = await vscode.window.showTextDocument(editor.document, {
    viewColumn: editor.viewColumn,
    selection: editor.selection,
    preserveFocus: false,
  });
  const inserted = await shown.edit((edit) => {
    for (const selection of shown.selections) {
      edit.replace(selection, answer);
    }
  });
  if (!inserted) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'The answer could not be inserted: {0} is read-only.',
        vscode.workspace.asRelativePath(editor.document.uri),
      ),
    );
  }
  return inserted;
}

async function defaultConfirmOverwrite(target: vscode.Uri): Promise<boolean> {
  const replace = vscode.l10n.t('Replace');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} already exists. Replace it?', vscode.workspace.asRelativePath(target)),
    { modal: true },
    replace,
  );
  return choice === replace;
}

/** What the conversation views call to keep an answer; one per extension. */
export class AnswerKeeper implements vscode.Disposable {
  readonly editors = new LastTextEditor();
  /** The prompts' answers; integration tests replace them. */
  options: ExportOptions = {};

  async keep(
    target: 'markdown' | 'editor',
    images: readonly ExportedImage[],
    turn: TurnView | undefined,
    model: string | undefined,
  ): Promise<void> {
    if (!turn || !turn.answer.trim()) {
      return;
    }
    try {
      if (target === 'markdown') {
        await saveAnswerAsMarkdown(images, turn, model, this.options);
      } else {
        await insertAnswerIntoEditor(turn.answer, this.editors);
      }
    } catch (error) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Could not keep the answer: {0}',
          error instanceof Error ? error.message : String(error),
        ),
      );
    }
  }

  /** "Open as file" on a rendered Mermaid diagram. */
  async openMermaid(
    images: readonly ExportedImage[],
    source: string,
  ): Promise<vscode.Uri | undefined> {
    try {
      return await saveMermaidFile(images, source, this.options);
    } catch (error) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Could not save the diagram: {0}',
          error instanceof Error ? error.message : String(error),
        ),
      );
      return undefined;
    }
  }

  dispose(): void {
    this.editors.dispose();
  }
}
