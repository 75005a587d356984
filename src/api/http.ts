import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { HeaderMap } from '@apollo/server';
import { mayExport, parseProfile, type ExportProfile } from '../policy/export-profiles';
import { AtharError, ErrorCode } from '../domain/errors';
import type { AtharContext } from './graphql/context';
import type { AtharServer } from './server';

/** The largest request body accepted: GraphQL operations are small; anything bigger is refused before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
};

/** `/exports/<manifest sha256>/<file name>`: nothing else can name a file. */
const EXPORT_PATH = /^\/exports\/([0-9a-f]{64})\/([A-Za-z0-9][A-Za-z0-9._-]{0,200})$/;

export interface HttpOptions {
  /** Where exported case files are kept, one folder per manifest hash. */
  exportDir: string;
}

/**
 * Starts the HTTP endpoint: GraphQL at /graphql and exported case files under
 * /exports; returns the GraphQL URL. `server.apollo.stop()` stops it.
 */
export async function listen(server: AtharServer, port: number, options: HttpOptions): Promise<string> {
  await server.apollo.start();
  const http = createHttpServer(server, options);
  server.attach(http);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, () => resolve());
  });
  const address = http.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  return `http://localhost:${actual}/graphql`;
}

/**
 * The HTTP front: GraphQL at /graphql through Apollo's own request handling
 * (CSRF prevention, content negotiation, error shapes), and the download
 * route for exported case files, which checks the same credentials.
 */
export function createHttpServer(server: AtharServer, options: HttpOptions): http.Server {
  return http.createServer((req, res) => {
    handle(server, options, req, res).catch((error: unknown) => {
      // Never a stack or an internal message to the client.
      console.error('HTTP request failed:', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error.' });
      else res.end();
    });
  });
}

async function handle(
  server: AtharServer,
  options: HttpOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/graphql') return graphql(server, req, res, url);
  const download = EXPORT_PATH.exec(url.pathname);
  if (download && (req.method === 'GET' || req.method === 'HEAD')) {
    return exportFile(server, options.exportDir, req, res, download[1]!, download[2]!);
  }
  if (url.pathname === '/health') return sendJson(res, 200, { ok: true });
  sendJson(res, 404, { error: 'Not found. The API is at /graphql.' });
}

async function graphql(
  server: AtharServer,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  if (req.method === 'POST') {
    const text = await readBody(req);
    if (text === null) return sendJson(res, 413, { error: `Request body over ${MAX_BODY_BYTES} bytes.` });
    if ((headers.get('content-type') ?? '').includes('application/json') && text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'The request body is not valid JSON.' }] });
      }
    } else {
      body = text;
    }
  }
  const context = await contextOrRefusal(server, req, res);
  if (context === null) return;
  const response = await server.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => context,
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

async function exportFile(
  server: AtharServer,
  exportDir: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  sha: string,
  name: string,
): Promise<void> {
  const context = await contextOrRefusal(server, req, res);
  if (context === null) return;
  const viewer = context.viewer;
  // Unauthorised and missing look the same: a link must not confirm that an export exists.
  const file = path.join(exportDir, sha, name);
  const profile = await profileOfExport(path.join(exportDir, sha));
  if (profile === null || !mayExport(viewer, profile) || !fs.existsSync(file)) {
    return sendJson(res, 404, {
      error:
        "No such export, or not for this credential (exports need the LEGAL role and clearance for the file's profile).",
    });
  }
  const type = CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': fs.statSync(file).size,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(file).on('error', reject).on('end', resolve).pipe(res);
  });
}

/** The profile an export folder was made for, from its manifest; null when there is no readable one. */
async function profileOfExport(dir: string): Promise<ExportProfile | null> {
  try {
    const manifests = (await fs.promises.readdir(dir)).filter((f) => f.endsWith('.manifest.json'));
    if (manifests.length !== 1) return null;
    const manifest = JSON.parse(await fs.promises.readFile(path.join(dir, manifests[0]!), 'utf8')) as {
      profile?: unknown;
    };
    return typeof manifest.profile === 'string' ? parseProfile(manifest.profile, 'profile') : null;
  } catch {
    return null;
  }
}

/** The request's context, or null once a 401 has been sent for a credential that cannot be accepted. */
async function contextOrRefusal(
  server: AtharServer,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<AtharContext | null> {
  try {
    return await server.context(req.headers);
  } catch (error) {
    if (error instanceof AtharError && error.code === ErrorCode.UNAUTHENTICATED) {
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, 401, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      return null;
    }
    throw error;
  }
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
