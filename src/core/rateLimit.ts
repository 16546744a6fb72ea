// Rate limits (429) are waited out here, not inside the SDK: the SDK sleeps for whatever
// Retry-After says (an hour, silently), whereas the user should see a countdown they can cancel,
// and never wait longer than their `rateLimitMaxWaitSeconds` setting.
import type { APIError } from 'openai';
import { isApiError, openaiSdk } from './openaiSdk';
import { retryAfterMs } from './retryAfter';

/**
 * Automatic waits per request before a 429 is shown as an error (the SDK's own default is 2
 * retries).
 */
export const MAX_RATE_LIMIT_WAITS = 2;

/** The cap when the caller sets none: the setting's default. */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_MS = 60_000;

/** A 429 that says the quota is used up: waiting never helps. */
export function isQuotaExhausted(error: APIError): boolean {
  return error.code === 'insufficient_quota' || /quota|billing/i.test(error.message);
}

/**
 * How long to wait before retrying after `error`, or undefined when it is not a rate limit that
 * waiting within `maxWaitMs` can cure (then the caller surfaces it). Without Retry-After the wait
 * backs off like the SDK's: 1 s, then 2 s.
 */
export function rateLimitWaitMs(
  error: unknown,
  waitsSoFar: number,
  maxWaitMs: number,
): number | undefined {
  if (
    !isApiError(error) ||
    error.status !== 429 ||
    isQuotaExhausted(error) ||
    waitsSoFar >= MAX_RATE_LIMIT_WAITS
  ) {
    return undefined;
  }
  const asked = retryAfterMs(error.headers) ?? 1000 * 2 ** waitsSoFar;
  return asked <= maxWaitMs ? asked : undefined;
}

/**
 * Resolves after `milliseconds`, or rejects with the SDK's abort error as soon as `signal` aborts.
 */
export function sleepUnlessAborted(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      clearTimeout(timer);
      reject(new (openaiSdk().APIUserAbortError)());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, milliseconds);
    if (signal.aborted) {
      abort();
    } else {
      signal.addEventListener('abort', abort, { once: true });
    }
  });
}
