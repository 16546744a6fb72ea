// The fetch behind every request to an endpoint (the SDK's chat completions and model lists, and
// local servers' own JSON APIs). Two things the endpoint, or anyone on its path, must not decide:
// - where the request goes. A redirect is never followed: fetch would re-send the body (the image
//   and the whole conversation) to the new address, with Azure's `api-key` header and without
//   the confirmation plain http needs. The 3xx is handed back, its Location made absolute, and
//   the caller fails with an error that names it (see `redirectTarget`).
// - how much is read. An error body is cut at MAX_ERROR_BODY_BYTES (it is summarised to one line
//   anyway); any body fails once it passes MAX_RESPONSE_BYTES, or once one line of it (an SSE
//   event, a JSON document) passes MAX_LINE_BYTES, which the SDK would otherwise buffer whole.

/** Error bodies beyond this are not read: their first line is all the user is shown. */
export const MAX_ERROR_BODY_BYTES = 256 * 1024;
/** A whole response: far above any answer (see MAX_TURN_TEXT_CHARS), below what hurts memory. */
export const MAX_RESPONSE_BYTES = 512 * 1024 * 1024;
/**
 * One line (an SSE `data:` event, or a JSON body without newlines): the SDK buffers a line whole,
 * copying it again for every network chunk, so a longer one costs quadratic time as well.
 */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** A redirect refused outside the SDK (local servers' own APIs): where it wanted to go. */
export class EndpointRedirectError extends Error {
  constructor(
    readonly status: number,
    readonly location: string | undefined,
  ) {
    super(`The server answered ${status}, a redirect${location ? ` to ${location}` : ''}.`);
    this.name = 'EndpointRedirectError';
  }
}

/** Thrown into a body that ran past one of the limits above. */
export class ResponseTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The response passed ${limitBytes} bytes.`);
    this.name = 'ResponseTooLargeError';
  }
}

type Fetch = typeof globalThis.fetch;

/** `fetch` with redirects refused and bodies capped; `inner` is the platform's fetch. */
export function guardedFetch(inner: Fetch = (...args) => globalThis.fetch(...args)): Fetch {
  return async (input, init) => {
    const response = await inner(input, { ...init, redirect: 'manual' });
    if (isRedirect(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      const from = response.url || String(input instanceof Request ? input.url : input);
      return redirectResponse(response, from);
    }
    if (!response.body) {
      return response;
    }
    const body = response.ok
      ? response.body.pipeThrough(byteLimits())
      : response.body.pipeThrough(truncateAfter(MAX_ERROR_BODY_BYTES));
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** The 3xx as it came, without a body, its Location absolute (the error names it). */
function redirectResponse(response: Response, from: string): Response {
  const headers = new Headers(response.headers);
  const location = response.headers.get('location');
  if (location !== null) {
    headers.set('location', absoluteLocation(location, from));
  }
  return new Response(null, { status: response.status, statusText: response.statusText, headers });
}

function absoluteLocation(location: string, from: string): string {
  try {
    return new URL(location, from).href;
  } catch {
    return location;
  }
}

/**
 * Where a refused redirect wanted to send the request (`undefined` when the server named no
 * Location), for a response status that is a redirect; `null` when it is not a redirect.
 */
export function redirectTarget(status: number | undefined, headers: Headers | undefined) {
  if (status === undefined || !isRedirect(status)) {
    return null;
  }
  return headers?.get('location') ?? undefined;
}

function byteLimits(): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  /** Bytes of the line still open at the end of the last chunk. */
  let openLine = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength;
      const first = chunk.indexOf(0x0a);
      const longest =
        first < 0 ? openLine + chunk.byteLength : Math.max(openLine + first, longestLine(chunk));
      openLine = first < 0 ? longest : chunk.byteLength - chunk.lastIndexOf(0x0a) - 1;
      if (total > MAX_RESPONSE_BYTES || longest > MAX_LINE_BYTES || openLine > MAX_LINE_BYTES) {
        controller.error(
          new ResponseTooLargeError(
            total > MAX_RESPONSE_BYTES ? MAX_RESPONSE_BYTES : MAX_LINE_BYTES,
          ),
        );
        return;
      }
      controller.enqueue(chunk);
    },
  });
}

/**
 * The longest line that starts and ends inside one chunk (only a chunk over the limit can hold
 * one).
 */
function longestLine(chunk: Uint8Array): number {
  if (chunk.byteLength <= MAX_LINE_BYTES) {
    return 0;
  }
  let longest = 0;
  let start = chunk.indexOf(0x0a) + 1;
  for (let index = chunk.indexOf(0x0a, start); index >= 0; index = chunk.indexOf(0x0a, start)) {
    longest = Math.max(longest, index - start);
    start = index + 1;
  }
  return longest;
}

function truncateAfter(limit: number): TransformStream<Uint8Array, Uint8Array> {
  let left = limit;
  return new TransformStream({
    transform(chunk, controller) {
      if (left <= 0) {
        controller.terminate();
        return;
      }
      controller.enqueue(chunk.byteLength <= left ? chunk : chunk.subarray(0, left));
      left -= chunk.byteLength;
    },
  });
}
