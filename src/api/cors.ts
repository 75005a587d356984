import type http from 'node:http';

/*
 * Cross-origin access for browser dashboards served from another origin. Only the origins
 * listed in ATHAR_CORS_ORIGINS (exact matches: scheme, host and port) get CORS headers; the
 * allowed origin is echoed back, never `*`, because credentials (a bearer token, an API key)
 * are allowed. Any other origin gets no CORS headers at all, and so a browser keeps the
 * response from the page: a preflight from it is still answered 204, only without them.
 */

/** The methods a cross-origin page may use on /graphql. */
export const CORS_METHODS = 'GET, POST, OPTIONS';

/** The request headers a cross-origin page may send. */
export const CORS_HEADERS =
  'content-type, authorization, x-api-key, apollo-require-preflight, x-request-id, athar-bookmark';

/** Seconds a browser may keep a preflight's answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/** Response headers a cross-origin page may read besides the simple ones. */
const EXPOSED_HEADERS = 'x-request-id, retry-after, content-disposition, athar-bookmark';

/** Adds a token to Vary, keeping whatever is already there. */
function addVary(res: http.ServerResponse, token: string): void {
  const current = res.getHeader('vary');
  const existing = (Array.isArray(current) ? current.join(', ') : String(current ?? ''))
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (existing.some((item) => item === '*' || item.toLowerCase() === token.toLowerCase())) return;
  res.setHeader('vary', [...existing, token].join(', '));
}

/**
 * Applies the CORS policy to one request. Sets the headers an allowed origin needs and answers a
 * preflight (OPTIONS with Access-Control-Request-Method) itself, with 204; returns true when it
 * did, so the caller stops there. Requests without an Origin header are left as they are.
 */
export function applyCors(req: http.IncomingMessage, res: http.ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (origin === undefined) return false;
  // Whether or not the origin is allowed, the answer depends on it: caches must keep them apart.
  addVary(res, 'Origin');
  const ok = allowed.includes(origin);
  if (ok) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    if (!preflight) res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }
  if (!preflight) return false;
  if (ok) {
    res.setHeader('access-control-allow-methods', CORS_METHODS);
    res.setHeader('access-control-allow-headers', CORS_HEADERS);
    res.setHeader('access-control-max-age', String(CORS_MAX_AGE_SECONDS));
  }
  res.statusCode = 204;
  res.end();
  return true;
}

/** Parses ATHAR_CORS_ORIGINS: comma-separated origins such as https://dash.example.org, or names the first bad entry. */
export function parseCorsOrigins(raw: string): { origins: string[] } | { bad: string } {
  const origins: string[] = [];
  for (const item of raw.split(',').map((entry) => entry.trim())) {
    if (item === '') continue;
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      return { bad: item };
    }
    // An origin is scheme://host[:port], nothing more; `*` and paths are refused.
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== item) return { bad: item };
    origins.push(item);
  }
  return { origins };
}
