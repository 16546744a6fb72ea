// Turns whatever the openai SDK (or the network under it) threw into a UserFacingError: one or
// two plain sentences saying what happened and what to do, plus the buttons that do it.
// Server-provided text is summarised and scrubbed: it may be HTML, huge, or echo a key.

import type { APIError } from 'openai';
import { isApiError, openaiSdk } from './openaiSdk';
import { describeEndpoint } from './endpoint';
import { EndpointRedirectError, redirectTarget, ResponseTooLargeError } from './guardedFetch';
import { htmlSummaryText, looksLikeHtml } from './htmlText';
import { formatBytes } from './imageFacts';
import { InvalidAzureDeploymentError } from './openaiClient';
import { isQuotaExhausted } from './rateLimit';
import { formatWait, retryAfterMs } from './retryAfter';
import type { UserFacingError } from './userError';
import * as l10n from '@vscode/l10n';

export interface ErrorContext {
  readonly baseUrl: string;
  readonly model: string;
  readonly timeoutMs: number;
  /** The key that was sent, if any: removed verbatim from any text shown. */
  readonly apiKey?: string;
  /** The longest rate-limit wait taken automatically (the user's setting), to explain a 429. */
  readonly rateLimitMaxWaitMs?: number;
}

/**
 * The answer started but did not end properly: whatever arrived before is a partial answer,
 * kept and marked incomplete (never thrown away as a plain failure).
 */
export abstract class StreamCutShortError extends Error {}

/**
 * The reasoning stream went quiet for longer than the idle limit after it had started. The
 * connection was closed; whatever arrived before is a partial (incomplete) answer.
 */
export class StreamStalledError extends StreamCutShortError {
  constructor(readonly idleMs: number) {
    super(`The response stream was idle for ${idleMs} ms.`);
    this.name = 'StreamStalledError';
  }
}

/** The body ended cleanly, but without a finish reason or `[DONE]`: the model had not finished. */
export class StreamEndedEarlyError extends StreamCutShortError {
  constructor() {
    super('The response stream ended before the model finished.');
    this.name = 'StreamEndedEarlyError';
  }
}

/** A `data:` line that is not JSON: the stream cannot be read past it. */
export class MalformedStreamError extends StreamCutShortError {
  constructor(cause: unknown) {
    super('The response stream contained a line that is not valid JSON.', { cause });
    this.name = 'MalformedStreamError';
  }
}

/**
 * The answer and its reasoning passed the limit of one turn (see MAX_TURN_TEXT_CHARS), or the
 * response passed the bytes read from one (see guardedFetch.ts): it was cut there, and what
 * arrived before is kept, marked incomplete.
 */
export class AnswerTooLongError extends StreamCutShortError {
  constructor(
    readonly limit: number,
    readonly unit: 'characters' | 'bytes',
  ) {
    super(`The answer passed ${limit} ${unit}.`);
    this.name = 'AnswerTooLongError';
  }
}

/**
 * True when the request ended because the caller aborted it (Stop, panel closed): the caller
 * shows that as "stopped", not as an error. `streamReasoning` surfaces every abort, before or
 * during the stream, as the SDK's `APIUserAbortError`.
 */
export function isAbortError(error: unknown): boolean {
  if (error instanceof openaiSdk().APIUserAbortError) {
    return true;
  }
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError'
  );
}

/**
 * A failure already worded for the user where it happened (a provider that is not an HTTP
 * endpoint, such as VS Code's own language models): shown as it is.
 */
export class UserFacingFailure extends Error {
  constructor(readonly userFacing: UserFacingError) {
    super(userFacing.message);
    this.name = 'UserFacingFailure';
  }
}

export function noApiKeyError(origin: string): UserFacingError {
  return {
    code: 'noApiKey',
    message: l10n.t('No API key is set for {0}. Set a key for this endpoint to continue.', origin),
    actions: ['setApiKey'],
  };
}

/** Said before sending, when this model refused an image earlier (see ModelCapabilities). */
export function imagesRefusedEarlierError(origin: string, model: string): UserFacingError {
  return {
    code: 'imagesUnsupported',
    message: l10n.t(
      'Model "{0}" at {1} did not accept images when it was last asked, so the image was not sent. Pick a model that accepts images with Select Model (picking this one again tries it anew).',
      model,
      origin,
    ),
    actions: ['selectModel'],
  };
}

export function toUserFacingError(error: unknown, context: ErrorContext): UserFacingError {
  const origin = describeEndpoint(context.baseUrl);

  if (isAbortError(error)) {
    return { code: 'unknown', message: l10n.t('The request was stopped.'), actions: ['retry'] };
  }
  if (error instanceof UserFacingFailure) {
    return error.userFacing;
  }
  if (error instanceof StreamStalledError) {
    return {
      code: 'timeout',
      message: l10n.t(
        '{0} stopped sending for {1}, so the answer may be incomplete.',
        origin,
        formatSeconds(error.idleMs),
      ),
      actions: ['retry', 'openSettings'],
    };
  }
  if (error instanceof StreamEndedEarlyError) {
    return {
      code: 'streamError',
      message: l10n.t(
        '{0} ended the answer before the model finished (no finish reason, no [DONE]), so it may be incomplete. Retry to ask again.',
        origin,
      ),
      actions: ['retry'],
    };
  }
  if (error instanceof AnswerTooLongError || error instanceof ResponseTooLargeError) {
    const limit =
      error instanceof ResponseTooLargeError
        ? formatBytes(error.limitBytes)
        : error.unit === 'bytes'
          ? formatBytes(error.limit)
          : l10n.t('{0} characters', error.limit.toLocaleString('en-US'));
    return {
      code: 'streamError',
      message: l10n.t(
        '{0} sent more than {1} for one answer, so it was cut there; what arrived is kept. Ask for a shorter answer, or set Max Output Tokens.',
        origin,
        limit,
      ),
      actions: ['retry', 'openSettings'],
    };
  }
  if (error instanceof InvalidAzureDeploymentError) {
    return {
      code: 'badRequest',
      message: l10n.t(
        '"{0}" is not an Azure OpenAI deployment name (letters, digits, "-", "_" and "." only), so nothing was sent. Set the deployment with Choose Provider.',
        error.deployment.length > 80 ? `${error.deployment.slice(0, 79)}…` : error.deployment,
      ),
      actions: ['chooseProvider', 'openSettings'],
    };
  }
  if (error instanceof EndpointRedirectError) {
    return redirectError(origin, error.status, error.location, context.apiKey);
  }
  if (error instanceof MalformedStreamError) {
    return {
      code: 'streamError',
      message: l10n.t(
        '{0} sent a line in its answer stream that is not valid JSON, so the answer stopped there and may be incomplete. Retry, or check the server.',
        origin,
      ),
      actions: ['retry'],
    };
  }
  // Timeout before connection errors: APIConnectionTimeoutError is a subclass of the latter.
  if (error instanceof openaiSdk().APIConnectionTimeoutError) {
    return {
      code: 'timeout',
      message: l10n.t('No response from {0} within {1}.', origin, formatSeconds(context.timeoutMs)),
      actions: ['retry', 'openSettings'],
    };
  }
  if (error instanceof openaiSdk().APIConnectionError) {
    return connectionError(error, origin);
  }
  if (isApiError(error)) {
    const redirect = redirectTarget(error.status, error.headers);
    if (error.status !== undefined && redirect !== null) {
      return redirectError(origin, error.status, redirect, context.apiKey);
    }
    return error.status === undefined
      ? streamError(serverMessage(error, context.apiKey))
      : httpError(error, error.status, context, origin);
  }
  // Failures while reading the body (socket reset mid-stream) come straight from fetch.
  const networkCode = findNetworkCode(error);
  if (networkCode || hasMessage(error, /^terminated$/)) {
    return connectionError(error, origin);
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'unknown',
    message: l10n.t('Unexpected error: {0}', summarise(message, context.apiKey)),
    actions: ['retry'],
  };
}

function httpError(
  error: APIError,
  status: number,
  context: ErrorContext,
  origin: string,
): UserFacingError {
  const detail = serverMessage(error, context.apiKey);
  const model = `"${context.model}"`;
  if (status === 401 || status === 403) {
    return {
      code: 'unauthorized',
      status,
      message: l10n.t(
        'The API key for {0} was rejected ({1}). Set a valid key for this endpoint.',
        origin,
        status,
      ),
      actions: ['setApiKey', 'retry'],
    };
  }
  if (status === 404) {
    // Every request we make is a chat completion on a model, so a 404 means the model is
    // unknown there, unless the server's words suggest the URL itself is wrong.
    const mentionsModel = /model/i.test(detail);
    return {
      code: 'modelNotFound',
      status,
      message: mentionsModel
        ? l10n.t('Model {0} was not found at {1}.', model, origin)
        : l10n.t(
            'Model {0} was not found at {1}. If the model name is right, check that the endpoint URL points at an OpenAI-compatible API (it usually ends in /v1).',
            model,
            origin,
          ),
      actions: mentionsModel ? ['selectModel', 'retry'] : ['selectModel', 'openSettings', 'retry'],
    };
  }
  if (status === 413) {
    return {
      code: 'payloadTooLarge',
      status,
      message: l10n.t(
        'The request was too large for {0} (413). Lower the maximum image size in settings, or start a new conversation.',
        origin,
      ),
      actions: ['openSettings', 'retry'],
    };
  }
  if (status === 429) {
    return rateLimitError(error, origin, context.rateLimitMaxWaitMs);
  }
  if (status >= 500) {
    return {
      code: 'serverError',
      status,
      message: detail
        ? l10n.t(
            'The server at {0} failed ({1}: {2}). Try again in a moment.',
            origin,
            status,
            detail,
          )
        : l10n.t('The server at {0} failed ({1}). Try again in a moment.', origin, status),
      actions: ['retry'],
    };
  }
  if (IMAGES_UNSUPPORTED.test(detail)) {
    return {
      code: 'imagesUnsupported',
      status,
      message: l10n.t(
        'Model {0} at {1} does not accept images. Pick a model that does with Select Model.',
        model,
        origin,
      ),
      actions: ['selectModel', 'retry'],
    };
  }
  if (error.code === 'context_length_exceeded' || CONTEXT_TOO_LONG.test(detail)) {
    return {
      code: 'contextTooLong',
      status,
      message: l10n.t(
        'The conversation is too long for model {0}. Start a new conversation, lower the maximum image size, or choose a model with a larger context.',
        model,
      ),
      actions: ['selectModel', 'openSettings', 'retry'],
    };
  }
  return {
    code: 'badRequest',
    status,
    message: detail
      ? l10n.t('{0} rejected the request ({1}): {2}', origin, status, detail)
      : l10n.t('{0} rejected the request ({1}).', origin, status),
    actions: ['openSettings', 'retry'],
  };
}

// Wordings seen from OpenAI ("Invalid content type. image_url is only supported by certain
// models.", "does not support image input"), Ollama ("this model is missing data required for
// image input"), vLLM ("… is not a multimodal model") and others ("vision is not supported").
const IMAGES_UNSUPPORTED =
  /image_url is only supported|does ?n[o']t support (image|vision)|not support(ed)? (image|vision)|image input|not a multimodal model|(vision|images?) (is|are) not supported|no vision support|unsupported content type:? '?image/i;

const CONTEXT_TOO_LONG =
  /context_length_exceeded|maximum context length|context length|context window|too many tokens|prompt is too long|exceeds? the (model'?s )?(max(imum)?|context)/i;

function rateLimitError(
  error: APIError,
  origin: string,
  maxWaitMs: number | undefined,
): UserFacingError {
  if (isQuotaExhausted(error)) {
    return {
      code: 'rateLimited',
      status: 429,
      message: l10n.t(
        'The account behind the API key for {0} has no quota left (429). Check its plan and billing, or use another key.',
        origin,
      ),
      actions: ['setApiKey', 'retry'],
    };
  }
  const askedMs = retryAfterMs(error.headers);
  if (askedMs !== undefined && maxWaitMs !== undefined && askedMs > maxWaitMs) {
    return {
      code: 'rateLimited',
      status: 429,
      message: l10n.t(
        '{0} is rate limiting requests (429) and asks to wait {1}, longer than the {2} this extension waits by itself (Rate Limit Max Wait Seconds). Retry after that, or raise the limit in settings.',
        origin,
        formatWait(askedMs),
        formatWait(maxWaitMs),
      ),
      actions: ['retry', 'openSettings'],
    };
  }
  return {
    code: 'rateLimited',
    status: 429,
    message:
      askedMs === undefined
        ? l10n.t('{0} is rate limiting requests (429). Retry in a moment.', origin)
        : l10n.t(
            '{0} is rate limiting requests (429). Retry after {1}.',
            origin,
            formatWait(askedMs),
          ),
    actions: ['retry'],
  };
}

/** Where a redirect wanted to go, as shown: credentials scrubbed, at most a line long. */
const MAX_SHOWN_LOCATION_CHARS = 160;

function redirectError(
  origin: string,
  status: number,
  location: string | undefined,
  apiKey: string | undefined,
): UserFacingError {
  const shown = location && scrubSecrets(location, apiKey);
  const target =
    shown && shown.length > MAX_SHOWN_LOCATION_CHARS
      ? `${shown.slice(0, MAX_SHOWN_LOCATION_CHARS - 1)}…`
      : shown;
  return {
    code: 'redirected',
    status,
    message: target
      ? l10n.t(
          '{0} answered with a redirect ({1}) to {2}. Requests are never sent on to another address, so nothing was sent there. If that address is your endpoint, set it as the endpoint URL.',
          origin,
          status,
          target,
        )
      : l10n.t(
          '{0} answered with a redirect ({1}) without saying where to. Requests are never sent on to another address; check the endpoint URL.',
          origin,
          status,
        ),
    actions: ['chooseProvider', 'openSettings', 'retry'],
  };
}

function streamError(detail: string): UserFacingError {
  return {
    code: 'streamError',
    message: detail
      ? l10n.t('The model reported an error while answering: {0}', detail)
      : l10n.t('The model reported an error while answering.'),
    actions: ['retry'],
  };
}

function connectionError(error: unknown, origin: string): UserFacingError {
  const code = findNetworkCode(error);
  if (code === 'ECONNREFUSED') {
    return {
      code: 'connectionRefused',
      message: l10n.t(
        'Could not connect to {0}: connection refused. Is the server running?',
        origin,
      ),
      actions: ['openSettings', 'retry'],
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {
      code: 'hostNotFound',
      message: l10n.t(
        'Could not find the host of {0}. Check the endpoint URL and your network connection.',
        origin,
      ),
      actions: ['openSettings', 'retry'],
    };
  }
  // undici reports a body cut short as TypeError('terminated'), caused by UND_ERR_SOCKET.
  if (
    code === 'UND_ERR_SOCKET' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    hasMessage(error, /^terminated$/)
  ) {
    return {
      code: 'connectionFailed',
      message: l10n.t(
        "The connection to {0} was closed before the answer finished. Retry, or check the server's logs.",
        origin,
      ),
      actions: ['retry', 'openSettings'],
    };
  }
  if (code && /CERT|SSL|TLS|SIGNATURE/.test(code)) {
    return {
      code: 'connectionFailed',
      message: l10n.t(
        'The TLS certificate of {0} is not trusted ({1}). Check the endpoint URL, or trust the certificate in your system.',
        origin,
        code,
      ),
      actions: ['openSettings', 'retry'],
    };
  }
  return {
    code: 'connectionFailed',
    message: code
      ? l10n.t(
          'The connection to {0} failed ({1}). Check the endpoint URL and your network, then retry.',
          origin,
          code,
        )
      : l10n.t(
          'The connection to {0} failed. Check the endpoint URL and your network, then retry.',
          origin,
        ),
    actions: ['openSettings', 'retry'],
  };
}

// System and TLS error codes are upper-case (ECONNREFUSED, UND_ERR_SOCKET, CERT_HAS_EXPIRED);
// API error codes (invalid_api_key) are not.
const NETWORK_CODE = /^[A-Z][A-Z0-9_]{3,}$/;

/**
 * The system error code (ECONNREFUSED, ENOTFOUND…) somewhere in the cause chain. fetch wraps
 * it as TypeError('fetch failed') → cause; happy-eyeballs connects wrap several in an
 * AggregateError.
 */
function findNetworkCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 8) {
    return undefined;
  }
  if ('code' in error && typeof error.code === 'string' && NETWORK_CODE.test(error.code)) {
    return error.code;
  }
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const code = findNetworkCode(inner, depth + 1);
      if (code) {
        return code;
      }
    }
  }
  return 'cause' in error ? findNetworkCode(error.cause, depth + 1) : undefined;
}

function hasMessage(error: unknown, pattern: RegExp): boolean {
  return error instanceof Error && pattern.test(error.message);
}

/**
 * The server's own words: the message of `{"error": {"message": …}}` or `{"error": "…"}`
 * (other JSON shapes are rewrapped by the endpoint client), else the raw body; scrubbed, then
 * summarised.
 */
function serverMessage(error: APIError, apiKey: string | undefined): string {
  const body: unknown = error.error;
  if (typeof body === 'string') {
    return summarise(body, apiKey);
  }
  if (
    typeof body === 'object' &&
    body !== null &&
    'message' in body &&
    typeof body.message === 'string'
  ) {
    return summarise(body.message, apiKey);
  }
  // No JSON body: the SDK put the raw text in the message, after "<status> ".
  return summarise(
    error.message.replace(/^\d{3} /, '').replace(/^status code \(no body\)$/, ''),
    apiKey,
  );
}

const MAX_DETAIL_CHARS = 200;

/**
 * One readable line of server text: HTML reduced to its title or text, whitespace collapsed,
 * credentials scrubbed (before the cut, so no half key survives it), length capped. Linear in
 * the text: error bodies come from the endpoint and may be hostile (see htmlText.ts).
 */
export function summarise(text: string, apiKey?: string): string {
  const plain = looksLikeHtml(text) ? htmlSummaryText(text) : text;
  const line = scrubSecrets(plain.replace(/\s+/g, ' ').trim(), apiKey);
  return line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS - 1)}…` : line;
}

const REDACTED = '[redacted]';

// Every pattern below is linear: each starts at a literal or a character class that a match
// consumes, and none has two quantifiers that can share characters (property-tested in
// test/unit/textParsers.property.test.ts with 100k-character inputs; bench "parsers").
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
/** `https://user:password@host`: the user-info of any URL. */
const URL_USER_INFO = /:\/\/[^\s/?#@]*@/g;
/** `?api-key=…`, `&key=…`, `&sig=…` (Azure SAS), `&token=…`: credentials in a query. */
const KEY_QUERY_PARAM =
  /([?&;](?:api[-_]?key|key|access[-_]?token|token|auth|sig|signature|password|secret|client[-_]secret))=[^&#\s"']*/gi;
/** `api-key: …`, `"api_key": "…"`, `x-api-key=…`: a credential named as such. */
const NAMED_CREDENTIAL =
  /(\b(?:api[-_]?key|x-api-key|access[-_]?token|client[-_]secret|password|secret)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi;
/**
 * OpenAI (`sk-proj-…`, `sk-svcacct-…`), Anthropic, Groq, xAI keys, also as servers mask them
 * (`sk-ab***yz`).
 */
const PREFIXED_KEY = /\b(?:sk|rk|pk|gsk|xai)-[A-Za-z0-9_*.-]{6,}/g;
/** Runs of key characters, each judged whole by `looksLikeKey`. */
const TOKEN = /[A-Za-z0-9_-]+/g;

/**
 * A run of key characters that is a credential: Gemini's `AIza…` (39 characters), Azure's 32 hex
 * digits, or anything 40 characters or longer (newer Azure keys, tokens, base64 secrets).
 */
function looksLikeKey(token: string): boolean {
  return (
    token.length >= 40 ||
    (token.length >= 24 && token.startsWith('AIza')) ||
    (token.length === 32 && /^[0-9a-f]+$/i.test(token))
  );
}

/** Removes anything that looks like a credential, and the exact key when it is known. */
export function scrubSecrets(text: string, apiKey?: string): string {
  let scrubbed = text;
  if (apiKey && apiKey.length >= 4) {
    scrubbed = scrubbed.split(apiKey).join(REDACTED);
  }
  return (
    scrubbed
      .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
      .replace(URL_USER_INFO, `://${REDACTED}@`)
      .replace(KEY_QUERY_PARAM, `$1=${REDACTED}`)
      .replace(NAMED_CREDENTIAL, `$1${REDACTED}`)
      // Whole runs first: a Gemini or base64 key may hold `-sk-`, and cutting that tail off as a
      // prefixed key would leave a head too short to look like a key, shown.
      .replace(TOKEN, (token) => (looksLikeKey(token) ? REDACTED : token))
      .replace(PREFIXED_KEY, REDACTED)
  );
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  const rounded = seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds);
  return `${rounded} s`;
}
