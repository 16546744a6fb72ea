// Keeping an answer: "Save as Markdown" writes `<image>.analysis.md` next to the image (asking
// before it replaces one), with a relative link to the image, the task and the answer; "Insert
// into Editor" puts the answer at the cursor of the text editor the user was last in. "Open as
// file" on a rendered Mermaid diagram writes `<image>.mmd` the same way, and opens it.
import * as vscode from 'vscode';
import { analysisMarkdown, relativePath } from '../core/history';
import type { TurnView } from '../core/protocol';
import { imageFileName } from './imageFile';

export interface ExportedImage {
  readonly name: string;
  readonly uri?: vscode.Uri;
}

export interface ExportOptions {
  /** Asked before an existing file is replaced; tests answer it. Default: a modal warning. */
  readonly confirmOverwrite?: (target: vscode.Uri) => Thenable<boolean>;
  /** Where to save when no image has a file (pasted images). Default: a save dialog. */
  readonly chooseTarget?: (suggested: vscode.Uri | undefined) => Thenable<vscode.Uri | undefined>;
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

/** Writes a diagram's Mermaid source as `<image>.mmd` next to the image and opens it; undefined when the user declined. */
export async function saveMermaidFile(
  images: readonly ExportedImage[],
  source: string,
  options: ExportOptions = {},
): Promise<vscode.Uri | undefined> {
  const anchor = images.find((image) => image.uri)?.uri;
  let target: vscode.Uri | undefined;
  if (anchor) {
    target = siblingFileFor(anchor, '.mmd');
    if (
      (await exists(target)) &&
      !(await (options.confirmOverwrite ?? defaultConfirmOverwrite)(target))
    ) {
      return undefined;
    }
  } else {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await (
      options.chooseTarget ??
      ((suggested) =>
        vscode.window.showSaveDialog({
          defaultUri: suggested,
          filters: { Mermaid: ['mmd'] },
          saveLabel: vscode.l10n.t('Save Diagram'),
        }))
    )(folder && vscode.Uri.joinPath(folder, 'diagram.mmd'));
    if (!target) {
      return undefined;
    }
  }
  await vscode.workspace.fs.writeFile(
    target,
    new TextEncoder().encode(source.endsWith('\n') ? source : `${source}\n`),
  );
  await vscode.window.showTextDocument(target, {
    preview: false,
    viewColumn: vscode.ViewColumn.Beside,
  });
  return target;
}

/** Saves one turn's task and answer; resolves to the file written, or undefined when the user declined. */
export async function saveAnswerAsMarkdown(
  images: readonly ExportedImage[],
  turn: TurnView,
  model: string | undefined,
  options: ExportOptions = {},
): Promise<vscode.Uri | undefined> {
  const anchor = images.find((image) => image.uri)?.uri;
  let target: vscode.Uri | undefined = anchor ? analysisFileFor(anchor) : undefined;
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const suggested = folder ? vscode.Uri.joinPath(folder, 'chat.analysis.md') : undefined;
    target = await (options.chooseTarget ?? defaultChooseTarget)(suggested);
    if (!target) {
      return undefined;
    }
  } else if (await exists(target)) {
    if (!(await (options.confirmOverwrite ?? defaultConfirmOverwrite)(target))) {
      return undefined;
    }
  }
  const folder = vscode.Uri.joinPath(target, '..').path;
  const text = analysisMarkdown({
    images: images.map((image) => ({
      name: image.name,
      link:
        image.uri && image.uri.scheme === target.scheme
          ? relativePath(folder, image.uri.path)
          : undefined,
    })),
    task: turn.task,
    answer: turn.answer,
    model,
    date: new Date(),
  });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  if (options.announce !== false) {
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

/** Inserts `answer` at the cursor (replacing a selection); false, with a message, when no text editor is open. */
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

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
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

function defaultChooseTarget(suggested: vscode.Uri | undefined): Thenable<vscode.Uri | undefined> {
  return vscode.window.showSaveDialog({
    defaultUri: suggested,
    filters: { Markdown: ['md'] },
    saveLabel: vscode.l10n.t('Save Answer'),
  });
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
