// The one place an SDK client is constructed: `OpenAI` for every OpenAI-compatible endpoint,
// `AzureOpenAI` for Azure (deployment in the path, `api-version` in the query, the key in an
// `api-key` header). It talks only to the endpoint and key it is given: every environment
// fall-back of the SDK is switched off, and no redirect is followed, because a key (and the
// conversation) for one origin must never reach another (docs/ARCHITECTURE.md, "Security").

import type OpenAI from 'openai';
import type { APIError } from 'openai';
import { guardedFetch } from './guardedFetch';
import { openaiSdk } from './openaiSdk';
import { retryAfterMs } from './retryAfter';

/** An Azure OpenAI resource, as the user configured it. */
export interface AzureTarget {
  /** `https://<resource>.openai.azure.com` */
  readonly endpoint: string;
  readonly deployment: string;
  readonly apiVersion: string;
}

export interface EndpointClientOptions {
  /** The OpenAI-compatible base URL; for Azure, `<endpoint>/openai` (see `azureBaseUrl`). */
  readonly baseUrl: string;
  /** Undefined for endpoints that need no key (Ollama, LM Studio, a local vLLM). */
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly maxRetries?: number;
  /** Set for Azure OpenAI: requests go to this deployment through the SDK's Azure client. */
  readonly azure?: AzureTarget;
}

/**
 * The SDK refuses to start without a credential, so keyless endpoints get this placeholder,
 * and a null Authorization default header then removes the header from every request: no
 * fake credential is ever sent.
 */
const KEYLESS_PLACEHOLDER = 'no-api-key';

/** Options shared by both clients that would otherwise fall back to the environment. */
function explicitOptions(options: EndpointClientOptions) {
  return {
    // Explicit nulls: otherwise OPENAI_ADMIN_KEY, OPENAI_ORG_ID and OPENAI_PROJECT_ID are
    // read from the environment and sent as headers.
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    // Otherwise OPENAI_LOG decides how much of each request lands on the console.
    logLevel: 'warn' as const,
    timeout: Math.max(1, Math.round(options.timeoutMs)),
    maxRetries: options.maxRetries,
    dangerouslyAllowBrowser: false,
    // Redirects are handed back, never followed (the body and the key would go along), and
    // bodies are capped: see guardedFetch.ts.
    fetch: guardedFetch(),
  };
}

function withOpenAIErrorShape(body: unknown): object {
  if (typeof body !== 'object' || body === null || 'error' in body) {
    // No JSON body (an HTML error page): left undefined, so the SDK keeps the page's text as the
    // message. (openai 7 wraps an empty object as `{ error: {} }` and reports "502 {}".)
    return body as object;
  }
  const record = body as Record<string, unknown>;
  const text =
    typeof record.message === 'string'
      ? record.message
      : typeof record.detail === 'string'
        ? record.detail
        : record.detail !== undefined
          ? JSON.stringify(record.detail)
          : undefined;
  if (text === undefined) {
    return body;
  }
  const type = typeof record.type === 'string' ? record.type : undefined;
  const code = typeof record.code === 'string' ? record.code : undefined;
  return { error: { message: text, type, code } };
}

/** The SDK's way of turning an error response into an error; protected in its typings. */
interface StatusErrorMaker {
  makeStatusError(
    status: number,
    error: object,
    message: string | undefined,
    headers: Headers,
  ): APIError;
}

/**
 * The SDK reads a human message only from OpenAI's `{"error": {...}}` body. vLLM and
 * FastAPI-based servers answer `{"message": …}` or `{"detail": …}`; rewrap those so the
 * server's words (e.g. "is not a multimodal model") survive into the error.
 */
function readOtherErrorBodies(client: OpenAI): void {
  const maker = client as unknown as StatusErrorMaker;
  const sdkMakeStatusError = maker.makeStatusError.bind(client);
  maker.makeStatusError = (status, error, message, headers) =>
    sdkMakeStatusError(status, withOpenAIErrorShape(error), message, headers);
}

/** Waits the SDK may take on its own, unseen (its older releases capped Retry-After at 60 s). */
const MAX_SILENT_RETRY_WAIT_MS = 60_000;

/** The SDK's retry decision; private in its typings, so reached through this shape. */
interface RetryDecision {
  shouldRetry(response: Response): Promise<boolean>;
}

/**
 * The SDK sleeps for whatever Retry-After asks, with no cap and nothing on screen. A 429 is
 * left to streamReasoning (a visible, cancellable wait within the user's cap); any other
 * retry that asks for a long wait is not taken, so its error is shown instead.
 */
function keepLongWaitsVisible(client: OpenAI): void {
  const decision = client as unknown as RetryDecision;
  const sdkShouldRetry = decision.shouldRetry.bind(client);
  decision.shouldRetry = async (response) =>
    response.status !== 429 &&
    // A refused redirect is an answer, not a hiccup: not even `x-should-retry: true` repeats it.
    (response.status < 300 || response.status >= 400) &&
    (retryAfterMs(response.headers) ?? 0) <= MAX_SILENT_RETRY_WAIT_MS &&
    sdkShouldRetry(response);
}

/** What both clients change in the SDK's behaviour once it is constructed. */
function fitToEndpoint(client: OpenAI): void {
  readOtherErrorBodies(client);
  keepLongWaitsVisible(client);
}

let clientClasses: ReturnType<typeof defineClientClasses> | undefined;

/** The client classes, made on first use: they extend the SDK's, which loads lazily. */
function defineClientClasses() {
  const { default: OpenAI, AzureOpenAI } = openaiSdk();

  class EndpointClient extends OpenAI {
    constructor(options: EndpointClientOptions) {
      super({
        ...explicitOptions(options),
        apiKey: options.apiKey ?? KEYLESS_PLACEHOLDER,
        baseURL: options.baseUrl,
      });
      // The constructor merges OPENAI_CUSTOM_HEADERS into the default headers, which would send
      // arbitrary (possibly credential) headers to this endpoint: replace them with ours.
      // Default headers apply after the SDK's auth header, so the null removes it.
      this._options = {
        ...this._options,
        defaultHeaders: options.apiKey ? undefined : { Authorization: null },
      };
      fitToEndpoint(this);
    }
  }

  class AzureEndpointClient extends AzureOpenAI {
    constructor(options: EndpointClientOptions & { readonly azure: AzureTarget }) {
      super({
        ...explicitOptions(options),
        // baseURL given, not `endpoint`: an undefined baseURL would be read from OPENAI_BASE_URL,
        // and the key and version from AZURE_OPENAI_API_KEY and OPENAI_API_VERSION.
        baseURL: options.baseUrl,
        apiKey: options.apiKey ?? KEYLESS_PLACEHOLDER,
        apiVersion: options.azure.apiVersion,
        // Validated above, and encoded all the same: the SDK puts it into the path as it is.
        deployment: encodeURIComponent(options.azure.deployment),
      });
      // As above: OPENAI_CUSTOM_HEADERS must not reach the endpoint. Azure always wants a key.
      this._options = { ...this._options, defaultHeaders: undefined };
      fitToEndpoint(this);
    }
  }

  return { EndpointClient, AzureEndpointClient };
}

/**
 * Azure deployment names are letters, digits, `-`, `_` and `.`, starting with a letter or digit.
 * The name (from the `model` setting, which a workspace may set) goes into the URL path, where
 * `../../admin/x?` would reach another path of the resource, with the key.
 */
const AZURE_DEPLOYMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidAzureDeployment(name: string): boolean {
  return AZURE_DEPLOYMENT.test(name);
}

/** Thrown instead of sending a request to a deployment name that is not one. */
export class InvalidAzureDeploymentError extends Error {
  constructor(readonly deployment: string) {
    super('Not a valid Azure OpenAI deployment name.');
    this.name = 'InvalidAzureDeploymentError';
  }
}

/** An SDK client bound to exactly this endpoint and key (none of the SDK's env fall-backs). */
export function createEndpointClient(options: EndpointClientOptions): OpenAI {
  const { azure } = options;
  if (azure && !isValidAzureDeployment(azure.deployment)) {
    throw new InvalidAzureDeploymentError(azure.deployment);
  }
  const { EndpointClient, AzureEndpointClient } = (clientClasses ??= defineClientClasses());
  return azure ? new AzureEndpointClient({ ...options, azure }) : new EndpointClient(options);
}
