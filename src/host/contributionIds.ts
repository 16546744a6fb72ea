// The command, view, panel and tool ids package.json contributes, in a module that imports nothing:
// src/extension.ts registers them at activation without loading the code behind them
// (src/host/hostLayer.ts, a bundle of its own loaded on first use).

/** "Analyze Image…" (command palette: always asks which image). */
export const ANALYZE_IMAGE_COMMAND = 'multimodalReasoning.analyzeImage';
/**
 * The menus' command: same job, acting on the clicked or previewed image; hidden from the palette.
 */
export const ANALYZE_IMAGE_MENU_COMMAND = 'multimodalReasoning.analyzeImageWithAI';
export const OPEN_SAMPLE_COMMAND = 'multimodalReasoning.openSample';
export const SET_API_KEY_COMMAND = 'multimodalReasoning.setApiKey';
export const SELECT_MODEL_COMMAND = 'multimodalReasoning.selectModel';
export const CHOOSE_PROVIDER_COMMAND = 'multimodalReasoning.chooseProvider';
export const FOCUS_TASK_COMMAND = 'multimodalReasoning.focusTask';
export const NEW_CHAT_COMMAND = 'multimodalReasoning.newChat';

/** Every command in package.json's `contributes.commands`, each handled by the host layer. */
export const CONTRIBUTED_COMMANDS = [
  ANALYZE_IMAGE_COMMAND,
  ANALYZE_IMAGE_MENU_COMMAND,
  OPEN_SAMPLE_COMMAND,
  SET_API_KEY_COMMAND,
  SELECT_MODEL_COMMAND,
  CHOOSE_PROVIDER_COMMAND,
  FOCUS_TASK_COMMAND,
  NEW_CHAT_COMMAND,
] as const;

export type ContributedCommand = (typeof CONTRIBUTED_COMMANDS)[number];

// VS Code passes whatever the caller gave (a menu's resource, a keybinding's args), so handlers
// take unknown-typed arguments and check them.
export type CommandHandler = (...args: unknown[]) => unknown;

/** What runs each contributed command: a handler for every id, checked by the compiler. */
export type CommandHandlers = { readonly [id in ContributedCommand]: CommandHandler };

/** The language model tool in `contributes.languageModelTools`, for VS Code's chat agent. */
export const ANALYZE_IMAGE_TOOL = 'analyze_image';

export const ANALYSIS_PANEL_VIEW_TYPE = 'multimodalReasoning.analysisPanel';
export const CHAT_VIEW_ID = 'multimodalReasoning.chatView';
