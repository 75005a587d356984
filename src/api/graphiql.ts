import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { explorerDir } from './explorer';

/*
 * GraphiQL for developers, bundled with the explorer (web/graphiql.html, built by `npm run build:web` into
 * web/dist, no CDN) and served at /graphql itself to a browser that asks for HTML: a GET (or HEAD) whose
 * Accept header names text/html and that carries no `query` parameter. Everything else at /graphql is the
 * API, as before. Served only when introspection is on (development, or ATHAR_INTROSPECTION=true): without
 * it GraphiQL could not read the schema, and production keeps the schema to itself.
 */

/**
 * GraphiQL's editor (CodeMirror) and its dialogs set inline styles, and its stylesheet carries its fonts as
 * data: URLs; it still runs only its own scripts and talks only to its own origin.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether a request to /graphql is a browser asking for a page rather than a GraphQL operation. */
export function wantsGraphiql(req: http.IncomingMessage, url: URL): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url.searchParams.has('query')) return false;
  const accept = (req.headers.accept ?? '').toLowerCase();
  return accept.split(',').some((range) => range.split(';')[0]!.trim() === 'text/html');
}

/**
 * Serves the built GraphiQL page. Resolves false, having written nothing, when it is not built (no
 * web/dist/graphiql.html): the caller then answers as the API would. Its scripts and styles are the
 * explorer's files under /assets/.
 */
export async function serveGraphiql(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  dir: string = explorerDir(),
): Promise<boolean> {
  let page: Buffer;
  try {
    page = await fs.promises.readFile(path.join(dir, 'graphiql.html'));
  } catch {
    return false;
  }
  // The built page links its assets relatively ("./assets/..."): from /graphql they resolve to /assets/.
  const vary = res.getHeader('vary');
  res.setHeader('vary', vary ? `${String(vary)}, Accept` : 'Accept');
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': page.length,
    'cache-control': 'no-cache',
    'content-security-policy': GRAPHIQL_CSP,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : page);
  return true;
}
