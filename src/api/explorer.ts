import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { projectRoot } from '../domain/project';

/*
 * The investigator's explorer (web/, built by `npm run build:web` into web/dist): a static
 * single-page app served at / beside the API, talking to /graphql on the same origin. Only
 * the page itself and the files under /assets are served, by name, never a path the
 * request spells out; anything else is left to the caller.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** One file name directly under /assets: no slashes, no escapes, no leading dot. */
const ASSET_PATH = /^\/assets\/([A-Za-z0-9][A-Za-z0-9._-]{0,200})$/;

/**
 * The page runs only its own scripts and talks only to its own origin. Styles may be set by
 * script (Cytoscape sizes its canvas that way), which `style-src 'self'` allows through the CSSOM.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the built explorer is: web/dist under the package root. */
export function explorerDir(): string {
  return path.join(projectRoot(), 'web', 'dist');
}

/** The file a request path names, or null when it names none of the explorer's. */
function fileFor(dir: string, pathname: string): { file: string; immutable: boolean } | null {
  if (pathname === '/' || pathname === '/index.html') return { file: path.join(dir, 'index.html'), immutable: false };
  const asset = ASSET_PATH.exec(pathname);
  if (!asset) return null;
  const assets = path.join(dir, 'assets');
  const file = path.join(assets, asset[1]!);
  // Belt and braces: the pattern already keeps the name inside the folder.
  if (path.dirname(file) !== assets) return null;
  // Built asset names carry a content hash, so they can be kept for good.
  return { file, immutable: true };
}

/**
 * Serves the explorer's page at / and its files under /assets/ for GET and HEAD. Resolves
 * false, having written nothing, for any other path or method, for a file that does not
 * exist, and when the explorer is not built (no web/dist): the caller then answers as it
 * would without the explorer.
 */
export async function serveExplorer(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  dir: string = explorerDir(),
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const target = fileFor(dir, pathname);
  if (target === null) return false;
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(target.file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;

  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPES[path.extname(target.file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': target.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (!target.immutable) {
    headers['content-security-policy'] = EXPLORER_CSP;
    headers['x-frame-options'] = 'DENY';
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  headers['content-length'] = stat.size;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = fs.createReadStream(target.file);
    stream.on('error', (error) => {
      // The headers are gone already: cut the response short rather than end it as if whole.
      res.destroy(error);
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return true;
}
