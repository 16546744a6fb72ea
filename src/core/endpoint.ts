// Facts about the configured endpoint URL: the origin that keys its API key in SecretStorage,
// whether traffic stays on this machine, and how to name it in messages.
import * as l10n from '@vscode/l10n';

/** Thrown when the endpoint setting is not an absolute http(s) URL. */
export class InvalidEndpointUrlError extends Error {
  constructor(
    readonly baseUrl: string,
    reason: string,
  ) {
    super(
      l10n.t(
        '"{0}" is not a valid endpoint URL ({1}). Use a full URL such as https://api.openai.com/v1.',
        baseUrl,
        reason,
      ),
    );
    this.name = 'InvalidEndpointUrlError';
  }
}

function parseEndpointUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new InvalidEndpointUrlError(baseUrl, l10n.t('not an absolute URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidEndpointUrlError(baseUrl, l10n.t('unsupported scheme {0}', url.protocol));
  }
  return url;
}

/**
 * The normalised origin of an endpoint (`https://api.openai.com`, `http://127.0.0.1:11434`):
 * scheme and host lower-cased, default port dropped, path and credentials ignored. It is the
 * suffix of the SecretStorage key, so a key saved for one origin is never sent to another.
 */
export function endpointOrigin(baseUrl: string): string {
  return parseEndpointUrl(baseUrl).origin;
}

// WHATWG URL keeps IPv6 hosts in brackets and rewrites ::ffff:127.0.0.1 to hex.
const LOOPBACK_IPV6 = new Set(['[::1]', '[0:0:0:0:0:0:0:1]']);
const IPV4_MAPPED_LOOPBACK = /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/;

/** True when requests to this URL never leave the machine (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackHost(url: string | URL): boolean {
  let hostname: string;
  try {
    hostname = (typeof url === 'string' ? new URL(url.trim()) : url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    return true;
  }
  if (LOOPBACK_IPV6.has(hostname) || IPV4_MAPPED_LOOPBACK.test(hostname)) {
    return true;
  }
  // The URL parser has already normalised IPv4 forms like 127.1 or 0x7f.0.0.1 to dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** How an endpoint is named in user-facing messages: its origin, or the raw text if invalid. */
export function describeEndpoint(baseUrl: string): string {
  try {
    return endpointOrigin(baseUrl);
  } catch {
    const raw = baseUrl.trim();
    return raw.length > 80 ? `${raw.slice(0, 77)}…` : raw || '(no endpoint URL)';
  }
}

/**
 * `https://host/v1///` → `https://host/v1`. A loop, not /\/+$/: that regex is quadratic on a long
 * run of slashes.
 */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) {
    end--;
  }
  return text.slice(0, end);
}
