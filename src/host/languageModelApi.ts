// The part of VS Code's language model API that is newer than this extension's minimum VS Code.
// The manifest asks for ^1.100.0 and the code compiles against @types/vscode 1.100.0, so using
// anything newer directly is a compile error. What the coming "VS Code language models"
// provider needs from later releases is typed here instead, and `languageModelApi()` hands it
// out only when the running VS Code has it: on 1.100 it answers undefined and the feature is
// hidden, not broken. Nothing else in src/ may reach for these names
// (test/unit/vscodeApiFloor.test.ts); test/newestApi/ checks these declarations against the
// typings of the newest VS Code we test on, so the two cannot drift apart.
import * as vscode from 'vscode';

/**
 * Images in chat messages (`LanguageModelDataPart`) became stable API in VS Code 1.106;
 * `vscode.lm.registerLanguageModelChatProvider` in 1.104. Below 1.106 a data part, if the class
 * exists at all, is proposed API that a request may drop, so the version is checked too.
 */
export const LANGUAGE_MODEL_IMAGES_SINCE = '1.106.0';

/** `vscode.LanguageModelDataPart`: bytes with a MIME type, such as an image in a message. */
export interface LanguageModelDataPart {
  readonly mimeType: string;
  readonly data: Uint8Array;
}

export interface LanguageModelDataPartClass {
  new (data: Uint8Array, mimeType: string): LanguageModelDataPart;
  image(data: Uint8Array, mime: string): LanguageModelDataPart;
}

/** What a user message may hold once images are allowed. */
export type LanguageModelUserPart =
  vscode.LanguageModelTextPart | vscode.LanguageModelToolResultPart | LanguageModelDataPart;

/**
 * What a consumer sees of a model's capabilities. Not in the stable typings (a provider declares
 * `{ imageInput, toolCalling }`; VS Code 1.139 hands consumers these names), so each may be
 * missing: treat a missing one as unknown, not as false.
 */
export interface ChatModelCapabilities {
  readonly supportsImageToText?: boolean;
  readonly supportsToolCalling?: boolean | number;
}

export type ChatModel = vscode.LanguageModelChat & {
  readonly capabilities?: ChatModelCapabilities;
};

export interface LanguageModelApi {
  readonly LanguageModelDataPart: LanguageModelDataPartClass;
  selectChatModels(selector?: vscode.LanguageModelChatSelector): Thenable<ChatModel[]>;
  /** `LanguageModelChatMessage.User` with image parts allowed. */
  userMessage(content: readonly LanguageModelUserPart[]): vscode.LanguageModelChatMessage;
}

/** The API above when this VS Code has it, else undefined. `api` is for tests. */
export function languageModelApi(api: typeof vscode = vscode): LanguageModelApi | undefined {
  const DataPart = (api as { LanguageModelDataPart?: Partial<LanguageModelDataPartClass> })
    .LanguageModelDataPart;
  if (
    !isAtLeast(api.version, LANGUAGE_MODEL_IMAGES_SINCE) ||
    typeof DataPart?.image !== 'function' ||
    typeof api.lm?.selectChatModels !== 'function'
  ) {
    return undefined;
  }
  const dataPartClass = DataPart as LanguageModelDataPartClass;
  return {
    LanguageModelDataPart: dataPartClass,
    selectChatModels: (selector) => api.lm.selectChatModels(selector),
    userMessage: (content) =>
      // The 1.100 typings do not list data parts among a message's content; 1.106 and later do.
      api.LanguageModelChatMessage.User(content as vscode.LanguageModelTextPart[]),
  };
}

/** `version` ("1.139.1", "1.140.0-insider") is at least `floor` ("1.106.0"). */
export function isAtLeast(version: string, floor: string): boolean {
  const parse = (text: string) => (/^(\d+)\.(\d+)\.(\d+)/.exec(text) ?? []).slice(1).map(Number);
  const have = parse(version);
  const want = parse(floor);
  if (have.length !== 3 || want.length !== 3) return false;
  for (let index = 0; index < 3; index++) {
    if (have[index] !== want[index]) return have[index] > want[index];
  }
  return true;
}
