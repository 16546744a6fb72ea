// Which image a command is about: the one it was invoked on (Explorer, image preview), or one
// the user picks from the workspace's images, or any file through "Browse…".
import * as vscode from 'vscode';
import { DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS } from '../core/imageFacts';

const IMAGE_PREVIEW_VIEW_TYPE = 'imagePreview.previewEditor';
const MAX_LISTED_IMAGES = 500;

/** The image shown in the active editor tab, when it is VS Code's image preview. */
export function activeImagePreviewUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === IMAGE_PREVIEW_VIEW_TYPE) {
    return input.uri;
  }
  return undefined;
}

/**
 * Quick pick of the workspace's images (`preferred`, e.g. the previewed one, first) plus "Browse…".
 */
export async function pickWorkspaceImage(preferred?: vscode.Uri): Promise<vscode.Uri | undefined> {
  type Item = vscode.QuickPickItem & { readonly uri?: vscode.Uri };
  const browse: Item = { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, alwaysShow: true };
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = vscode.l10n.t('Analyze Image');
  quickPick.placeholder = vscode.l10n.t(
    'Pick an image or a PDF from the workspace, or browse for one',
  );
  quickPick.matchOnDescription = true;
  quickPick.busy = true;
  quickPick.items = [browse];
  quickPick.show();

  const glob = `**/*.{${caseInsensitiveExtensions().join(',')}}`;
  void vscode.workspace.findFiles(glob, '**/node_modules/**', MAX_LISTED_IMAGES).then((uris) => {
    const rank = (uri: vscode.Uri) => (uri.toString() === preferred?.toString() ? 0 : 1);
    const images = uris
      .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))
      .map<Item>((uri) => ({
        label: `${/\.pdf$/i.test(uri.path) ? '$(file-pdf)' : '$(file-media)'} ${uri.path.split('/').pop()}`,
        description: vscode.workspace.asRelativePath(uri, true),
        uri,
      }));
    quickPick.items = [...images, browse];
    quickPick.busy = false;
  });

  const picked = await new Promise<Item | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (!picked) {
    return undefined;
  }
  if (picked.uri) {
    return picked.uri;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: vscode.l10n.t('Analyze'),
    filters: {
      [vscode.l10n.t('Images and PDFs')]: [...IMAGE_EXTENSIONS, ...DOCUMENT_EXTENSIONS],
    },
  });
  return chosen?.[0];
}

/** findFiles globs are case-sensitive on Linux; `.PNG` screenshots are common. */
function caseInsensitiveExtensions(): string[] {
  return [...IMAGE_EXTENSIONS, ...DOCUMENT_EXTENSIONS].map((extension) =>
    [...extension]
      .map((character) =>
        /[a-z]/.test(character) ? `[${character}${character.toUpperCase()}]` : character,
      )
      .join(''),
  );
}
