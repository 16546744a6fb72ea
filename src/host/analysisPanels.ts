// Keeps one analysis panel per image: asking again for the same file reveals its panel.
import * as vscode from 'vscode';
import type { HistoryRecord } from '../core/history';
import { AnalysisPanel, type AnalysisPanelParts, type PanelServices } from './analysisPanel';
import type { SessionServices } from './conversationSession';
import { loadImageFile } from './imageFile';

export class AnalysisPanels implements vscode.Disposable {
  private readonly panels = new Map<string, AnalysisPanel>();
  private recent: AnalysisPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly services: SessionServices,
    readonly panelServices: PanelServices,
  ) {
    void panelServices.servedImages.removeStale();
  }

  /**
   * Opens (or reveals) the panel for `uri`. With `restored`, the panel shows that saved
   * conversation, replacing another one open for the same image (which is already saved).
   * Throws ImageFileError with a user-facing message.
   */
  async open(
    uri: vscode.Uri,
    column: vscode.ViewColumn = vscode.ViewColumn.Active,
    restored?: HistoryRecord,
  ): Promise<AnalysisPanel> {
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing && (!restored || existing.conversationId === restored.id)) {
      existing.reveal();
      return existing;
    }
    const parts = await this.partsFor(uri, restored);
    existing?.dispose();
    return this.track(key, AnalysisPanel.create(parts, column));
  }

  /** Takes over a panel VS Code restored after a reload (see panelSerializer.ts). */
  async revive(
    webviewPanel: vscode.WebviewPanel,
    uri: vscode.Uri,
    restored: HistoryRecord | undefined,
  ): Promise<AnalysisPanel> {
    const key = uri.toString();
    this.panels.get(key)?.dispose();
    return this.track(key, AnalysisPanel.revive(webviewPanel, await this.partsFor(uri, restored)));
  }

  get openPanels(): readonly AnalysisPanel[] {
    return [...this.panels.values()];
  }

  /** The panel the user was in last (the active one first), if any is open. */
  get mostRecent(): AnalysisPanel | undefined {
    return this.openPanels.find((panel) => panel.active) ?? this.recent ?? this.openPanels.at(-1);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) {
      panel.dispose();
    }
    this.panels.clear();
  }

  /** The image at `uri`, loaded and served for a page, with what every panel is given. */
  private async partsFor(
    uri: vscode.Uri,
    restored: HistoryRecord | undefined,
  ): Promise<AnalysisPanelParts> {
    const image = await loadImageFile(uri, { documents: true });
    return {
      extensionUri: this.extensionUri,
      image,
      served: await this.panelServices.servedImages.serve(image),
      services: this.services,
      panelServices: this.panelServices,
      restored,
    };
  }

  private track(key: string, panel: AnalysisPanel): AnalysisPanel {
    this.panels.set(key, panel);
    this.recent = panel;
    panel.onDidBecomeActive(() => (this.recent = panel));
    panel.onDidDispose(() => {
      if (this.panels.get(key) === panel) {
        this.panels.delete(key);
      }
      if (this.recent === panel) {
        this.recent = undefined;
      }
    });
    return panel;
  }
}
