// How long a server asked us to wait before retrying: `retry-after-ms` (OpenAI's), else
// `Retry-After` as seconds or as an HTTP date (RFC 9110 §10.2.3). Shared by the rate-limit wait
// and the error message, so the countdown and the words always agree.

/** Milliseconds to wait, or undefined when the headers ask for nothing usable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) {
    return milliseconds;
  }
  const value = headers?.get('retry-after')?.trim();
  if (!value) {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Number(value) * 1000;
  }
  const date = Date.parse(value);
  // A date in the past means "now"; an unparseable one means nothing.
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** "45 s", "2 min", "1 h", "1 h 30 min": a wait as a person reads it. */
export function formatWait(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  if (seconds < 120) {
    return `${seconds} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
