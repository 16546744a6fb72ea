// Every registration is disposed: classes that own resources extend `Disposable` and hand them
// to `register`, so one `dispose()` releases them all, even when one of them throws (after the
// pull-request extension's src/common/lifecycle.ts).
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

  /** Disposes every registration, newest first, even when some throw (then reports them all). */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    liveRegistrations -= this.disposables.length;
    disposeAll(this.disposables.splice(0).reverse());
  }
}

/**
 * Disposes each in turn. One that throws does not keep the others alive: every one is disposed,
 * then an AggregateError carries what each failure threw.
 */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  let count = 0;
  for (const disposable of disposables) {
    count++;
    try {
      disposable.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) {
    const first = errors[0] instanceof Error ? errors[0].message : String(errors[0]);
    throw new AggregateError(
      errors,
      `${errors.length} of ${count} disposables failed to dispose (first: ${first})`,
    );
  }
}
