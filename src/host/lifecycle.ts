// Every registration is disposed: classes that own resources extend `Disposable` and hand them
// to `register`, so one `dispose()` releases them all (after the pull-request extension's
// src/common/lifecycle.ts).
import * as vscode from 'vscode';

let liveRegistrations = 0;

/**
 * Registrations (event listeners, emitters, children) not yet disposed, across every
 * Disposable: a count that grows as panels open and close is a leak (the load tests watch it).
 */
export function countLiveRegistrations(): number {
  return liveRegistrations;
}

export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) {
      disposable.dispose();
    } else {
      this.disposables.push(disposable);
      liveRegistrations++;
    }
    return disposable;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    liveRegistrations -= this.disposables.length;
    for (const disposable of this.disposables.splice(0).reverse()) {
      disposable.dispose();
    }
  }
}
