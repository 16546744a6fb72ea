// A failure as the user sees it: what happened, what to do, and the buttons that do it.
// Produced in core (no `vscode`), shown by the webview, acted on by the host.

export type ErrorAction = 'setApiKey' | 'selectModel' | 'chooseProvider' | 'openSettings' | 'retry';

export type ErrorCode =
  | 'noApiKey'
  | 'unauthorized'
  | 'modelNotFound'
  | 'imagesUnsupported'
  | 'contextTooLong'
  | 'payloadTooLarge'
  | 'rateLimited'
  | 'serverError'
  | 'badRequest'
  | 'connectionRefused'
  | 'hostNotFound'
  | 'connectionFailed'
  | 'timeout'
  | 'streamError'
  /** The endpoint answered with a redirect, which is never followed. */
  | 'redirected'
  | 'imageUnreadable'
  | 'unknown';

export interface UserFacingError {
  readonly code: ErrorCode;
  /** One or two plain sentences: what happened and what to do. Shown as text, never HTML. */
  readonly message: string;
  readonly actions: readonly ErrorAction[];
  /** HTTP status when the endpoint answered with one. */
  readonly status?: number;
}
