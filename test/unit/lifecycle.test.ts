import * as assert from 'node:assert/strict';
import { countLiveRegistrations, Disposable, disposeAll } from '../../src/host/lifecycle';

/** A registration that records when it is disposed, and throws if told to. */
function registration(name: string, disposed: string[], throws?: Error) {
  return {
    dispose() {
      disposed.push(name);
      if (throws) {
        throw throws;
      }
    },
  };
}

class Owner extends Disposable {
  add<T extends { dispose(): void }>(disposable: T): T {
    return this.register(disposable);
  }
}

describe('Disposable', () => {
  it('disposes every registration, newest first, even when some throw, then reports each failure', () => {
    const disposed: string[] = [];
    const listener = new Error('listener failed');
    const webview = new Error('webview already gone');
    const owner = new Owner();
    const before = countLiveRegistrations();
    owner.add(registration('emitter', disposed));
    owner.add(registration('listener', disposed, listener));
    owner.add(registration('session', disposed));
    owner.add(registration('webview', disposed, webview));
    assert.equal(countLiveRegistrations(), before + 4);

    assert.throws(
      () => owner.dispose(),
      (error: unknown) => {
        assert.ok(error instanceof AggregateError);
        assert.deepEqual(error.errors, [webview, listener]);
        assert.match(error.message, /2 of 4 disposables failed.*webview already gone/);
        return true;
      },
    );
    assert.deepEqual(disposed, ['webview', 'session', 'listener', 'emitter']);
    assert.equal(countLiveRegistrations(), before, 'nothing is left counted as live');
  });

  it('disposes once, and disposes at once what is registered after that', () => {
    const disposed: string[] = [];
    const owner = new Owner();
    owner.add(registration('first', disposed));
    owner.dispose();
    owner.dispose();
    owner.add(registration('late', disposed));
    assert.deepEqual(disposed, ['first', 'late']);
  });

  it('throws nothing when every registration disposes cleanly', () => {
    const disposed: string[] = [];
    assert.doesNotThrow(() =>
      disposeAll([registration('a', disposed), registration('b', disposed)]),
    );
    assert.deepEqual(disposed, ['a', 'b']);
  });
});
