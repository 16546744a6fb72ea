// Keeps one analysis panel per image: asking again for the same file reveals its panel.
import * as vscode from 'vscode';
import { AnalysisPanel } from './analysisPanel';
import type { SessionServices } from './conversationSession';
import { loadImageFile } from './imageFile';

export class AnalysisPanels implements vscode.Disposable {
  private readonly panels = new Map<string, AnalysisPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: SessionServices,
  ) {}

  /** Opens (or reveals) the panel for `uri`. Throws ImageFileError with a user-facing message. */
  async open(uri: vscode.Uri, column: vscode.ViewColumn = vscode.ViewColumn.Active): Promise<AnalysisPanel> {
    const key = uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const image = await loadImageFile(uri);
    const panel = AnalysisPanel.create(this.extensionUri, image, this.services, column);
    this.panels.set(key, panel);
    panel.onDidDispose(() => this.panels.delete(key));
    return panel;
  }

  get openPanels(): readonly AnalysisPanel[] {
    return [...this.panels.values()];
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) {
      panel.dispose();
    }
    this.panels.clear();
  }
}
