// API keys live in SecretStorage, one per endpoint origin: a key entered for one server is
// never looked up, and so never sent, for another.
import * as vscode from 'vscode';
import { endpointOrigin } from '../core/endpoint';

const SECRET_PREFIX = 'multimodalReasoning.apiKey:';

/** What SecretStorage holds for an origin: a key, or an explicit "this endpoint needs none". */
export type StoredApiKey = { readonly kind: 'key'; readonly value: string } | { readonly kind: 'none' };

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  static secretName(baseUrl: string): string {
    return SECRET_PREFIX + endpointOrigin(baseUrl);
  }

  async get(baseUrl: string): Promise<StoredApiKey | undefined> {
    const stored = await this.secrets.get(ApiKeyStore.secretName(baseUrl));
    if (stored === undefined) {
      return undefined;
    }
    return stored === '' ? { kind: 'none' } : { kind: 'key', value: stored };
  }

  /** An empty key records that the endpoint needs none (local servers such as Ollama). */
  async set(baseUrl: string, key: string): Promise<void> {
    await this.secrets.store(ApiKeyStore.secretName(baseUrl), key.trim());
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(ApiKeyStore.secretName(baseUrl));
  }
}

/**
 * Asks for the key of `baseUrl`'s origin. Resolves to the stored key, or undefined when the
 * user dismissed the box (nothing is stored then).
 */
export async function promptForApiKey(store: ApiKeyStore, baseUrl: string): Promise<StoredApiKey | undefined> {
  const origin = endpointOrigin(baseUrl);
  const entered = await vscode.window.showInputBox({
    title: vscode.l10n.t('API key for {0}', origin),
    prompt: vscode.l10n.t('Stored in VS Code\'s secret storage and sent only to {0}. Leave empty if this endpoint needs no key.', origin),
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
