// API keys live in SecretStorage, one per endpoint origin: a key entered for one server is
// never looked up, and so never sent, for another.
import * as vscode from 'vscode';
import { endpointOrigin } from '../core/endpoint';

const SECRET_PREFIX = 'multimodalReasoning.apiKey:';

/** What SecretStorage holds for an origin: a key, or an explicit "this endpoint needs none". */
export type StoredApiKey =
  { readonly kind: 'key'; readonly value: string } | { readonly kind: 'none' };

export class ApiKeyStore implements vscode.Disposable {
  /**
   * Keys already read, by secret name. A SecretStorage read costs milliseconds on every
   * Analyze (bench/README.md, submit_to_request_ms); a change from any window clears the entry.
   */
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => this.cache.delete(event.key));
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }

  static secretName(baseUrl: string): string {
    return SECRET_PREFIX + endpointOrigin(baseUrl);
  }

  async get(baseUrl: string): Promise<StoredApiKey | undefined> {
    const name = ApiKeyStore.secretName(baseUrl);
    let read = this.cache.get(name);
    if (!read) {
      read = Promise.resolve(this.secrets.get(name));
      this.cache.set(name, read);
      // A failed read is not remembered: the next Analyze asks SecretStorage again.
      read.catch(() => this.cache.delete(name));
    }
    const stored = await read;
    if (stored === undefined) {
      return undefined;
    }
    return stored === '' ? { kind: 'none' } : { kind: 'key', value: stored };
  }

  /** An empty key records that the endpoint needs none (local servers such as Ollama). */
  async set(baseUrl: string, key: string): Promise<void> {
    const name = ApiKeyStore.secretName(baseUrl);
    this.cache.delete(name);
    await this.secrets.store(name, key.trim());
    this.cache.delete(name);
  }

  async delete(baseUrl: string): Promise<void> {
    const name = ApiKeyStore.secretName(baseUrl);
    this.cache.delete(name);
    await this.secrets.delete(name);
    this.cache.delete(name);
  }
}

/**
 * Asks for the key of `baseUrl`'s origin. Resolves to the stored key, or undefined when the
 * user dismissed the box (nothing is stored then).
 */
export async function promptForApiKey(
  store: ApiKeyStore,
  baseUrl: string,
): Promise<StoredApiKey | undefined> {
  const origin = endpointOrigin(baseUrl);
  const entered = await vscode.window.showInputBox({
    title: vscode.l10n.t('API key for {0}', origin),
    prompt: vscode.l10n.t(
      "Stored in VS Code's secret storage and sent only to {0}. Leave empty if this endpoint needs no key.",
      origin,
    ),
    placeHolder: vscode.l10n.t('API key'),
    password: true,
    ignoreFocusOut: true,
  });
  if (entered === undefined) {
    return undefined;
  }
  await store.set(baseUrl, entered);
  return entered.trim() === '' ? { kind: 'none' } : { kind: 'key', value: entered.trim() };
}
