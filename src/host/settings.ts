// Setting keys are named once and read through one typed accessor, so a rename is a one-line
// change and nothing reads `multimodalReasoning.*` by a loose string elsewhere.
import * as vscode from 'vscode';

export const SETTINGS_SECTION = 'multimodalReasoning';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o';
export const DEFAULT_TIMEOUT_SECONDS = 120;
export const DEFAULT_MAX_IMAGE_SIDE = 2048;

export interface ReasoningSettings {
  readonly baseUrl: string;
  readonly model: string;
  readonly maxOutputTokens: number | undefined;
  readonly temperature: number | undefined;
  readonly systemPrompt: string;
  readonly requestTimeoutSeconds: number;
  readonly maxImageSide: number;
}

export type SettingKey = keyof ReasoningSettings;

export function readSettings(): ReasoningSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    // Application-scoped (see package.json): only the user's own settings can change where
    // requests and keys go, never a cloned repository's .vscode/settings.json.
    baseUrl: readApplicationSetting(config, 'baseUrl', DEFAULT_BASE_URL).trim().replace(/\/+$/, ''),
    model: config.get<string>('model', DEFAULT_MODEL).trim() || DEFAULT_MODEL,
    maxOutputTokens: positiveOrUndefined(config.get<number | null>('maxOutputTokens', null)),
    temperature: numberOrUndefined(config.get<number | null>('temperature', null)),
    systemPrompt: config.get<string>('systemPrompt', ''),
    requestTimeoutSeconds: positiveOrUndefined(config.get<number>('requestTimeoutSeconds', DEFAULT_TIMEOUT_SECONDS)) ?? DEFAULT_TIMEOUT_SECONDS,
    maxImageSide: positiveOrUndefined(config.get<number>('maxImageSide', DEFAULT_MAX_IMAGE_SIDE)) ?? DEFAULT_MAX_IMAGE_SIDE,
  };
}

export async function updateSetting(key: SettingKey, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SETTINGS_SECTION)) {
      listener();
    }
  });
}

/**
 * Reads a setting from the user's global scope only. VS Code already ignores workspace values
 * of application-scoped settings; reading `globalValue` explicitly keeps that true even for a
 * settings file that uses the nested object form.
 */
function readApplicationSetting(config: vscode.WorkspaceConfiguration, key: SettingKey, fallback: string): string {
  const inspected = config.inspect<string>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

function numberOrUndefined(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function positiveOrUndefined(value: number | null | undefined): number | undefined {
  const number = numberOrUndefined(value);
  return number !== undefined && number > 0 ? number : undefined;
}
