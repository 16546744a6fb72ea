// Never run, only compiled (tsconfig.json here): against the newest VS Code typings, every
// statement below fails to compile if src/host/languageModelApi.ts, which the extension compiles
// against its 1.100 minimum, promises something the real API does not give.
import * as vscode from 'vscode';
import type * as shim from '../../src/host/languageModelApi';

type Holds<T extends true> = T;

// The real class has every member the shim's class type promises: statics and instances.
export type DataPartClass = Holds<
  typeof vscode.LanguageModelDataPart extends shim.LanguageModelDataPartClass ? true : false
>;

// A user message takes every part the shim lets us put in one.
declare const parts: shim.LanguageModelUserPart[];
export const message: vscode.LanguageModelChatMessage = vscode.LanguageModelChatMessage.User(parts);

// What selectChatModels returns is a ChatModel: the typings add nothing that contradicts it.
export type Models = Holds<vscode.LanguageModelChat extends shim.ChatModel ? true : false>;
declare const models: Thenable<vscode.LanguageModelChat[]>;
export const selected: Thenable<shim.ChatModel[]> = models;

// The consumer's data part is the one a provider receives.
declare const received: vscode.LanguageModelDataPart;
export const asShim: shim.LanguageModelDataPart = received;
