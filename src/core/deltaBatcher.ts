// Coalesces stream deltas into one webview message per event-loop turn. The first delta of a
// burst goes out on the next tick (no added latency to first paint); at thousands of tokens a
// second, the webview receives a few messages per frame instead of one per token.
export type DeltaKind = 'reasoning' | 'answer';

export class DeltaBatcher {
  private pendingKind: DeltaKind | undefined;
  private pendingText = '';
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly emit: (kind: DeltaKind, text: string) => void) {}

  push(kind: DeltaKind, text: string): void {
    if (!text) {
      return;
    }
    if (this.pendingKind !== undefined && this.pendingKind !== kind) {
      this.flush();
    }
    this.pendingKind = kind;
    this.pendingText += text;
    this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    if (this.pendingKind !== undefined && this.pendingText) {
      this.emit(this.pendingKind, this.pendingText);
    }
    this.pendingKind = undefined;
    this.pendingText = '';
  }
}
