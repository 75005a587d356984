import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import crypto from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { requestIdOf } from './telemetry';
import { serveExplorer } from './explorer';
import { applyCors } from './cors';
import { serveGraphiql, wantsGraphiql } from './graphiql';
import type { RequestTrace } from './graphql/context';
import { mayExport } from '../policy/export-profiles';
import { DEFAULT_EXPORT_TTL_HOURS, findKeptExport, ttlMsOfHours } from '../app/case-files/kept-exports';
import { AtharError, ErrorCode, RateLimitedError } from '../domain/errors';
import type { AtharContext } from './graphql/context';
import type { AtharServer } from './server';
import { BOOKMARK_HEADER } from './bookmark-header';
import { MAX_BOOKMARKS, parseBookmarks, withConsistency } from '../store/consistency';
import { hasPreflightHeader, isMultipart, readMultipart } from './multipart';

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

/** Whether this request may read /metrics: anyone, unless a metrics token is configured. */
function metricsAllowed(options: HttpOptions, req: http.IncomingMessage): boolean {
  if (!options.metricsToken) return true;
  const sent = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const digest = (text: string) => crypto.createHash('sha256').update(text).digest();
  return crypto.timingSafeEqual(digest(sent), digest(options.metricsToken));
}

export interface HttpOptions {
  /** When set, /metrics answers only requests that send it as a bearer token. */
  metricsToken?: string;
  /** Where exported case files are kept, one folder per manifest hash. */
  exportDir: string;
  /** Hours a kept export may be downloaded (default 168). */
  exportTtlHours?: number;
  /**
   * How many reverse proxies in front of Athar append to X-Forwarded-For (0 or absent: none, and the
   * header is ignored). The client address is then read from that header, that many entries from its end.
   */
  trustProxy?: number;
  /** Origins (exact) whose pages may call /graphql and download exports cross-origin; none by default. */
  corsOrigins?: readonly string[];
  /** Serve the bundled GraphiQL at /graphql to browsers that ask for HTML (on when introspection is). */
  graphiql?: boolean;
  /** Largest file of a multipart upload (attachDocument), in bytes; DEFAULT_MAX_UPLOAD_BYTES when absent. */
  maxDocumentBytes?: number;
}

/** The upload limit when none is configured (the configuration's default, ATHAR_MAX_DOCUMENT_BYTES). */
export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

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
  const httpServer = http.createServer((req, res) => {
    const state = observe(server, req, res);
    handle(server, options, req, res, state).catch((error: unknown) => {
      // Never a stack or an internal message to the client.
      server.telemetry.log.error({ reqId: state.id, err: error }, 'HTTP request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error.' });
      else res.end();
    });
  });
  httpServer.on('clientError', answerUnparsable);
  return httpServer;
}

/** Node's statuses for requests its HTTP parser refuses; anything else it refuses is a 400. */
const PARSER_STATUS: Readonly<Record<string, [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Payload Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
};

/**
 * A request Node's HTTP parser cannot read (an unknown method, a broken header) never reaches
 * `handle`: answered like every other refusal, with a JSON body and a code, then the connection closed.
 */
function answerUnparsable(error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void {
  // As Node's own handler does: no answer once anything was written (a response already on its way).
  const written = socket instanceof net.Socket ? socket.bytesWritten : 0;
  if (!socket.writable || error.code === 'ECONNRESET' || written > 0) {
    socket.destroy();
    return;
  }
  const [status, reason] = PARSER_STATUS[error.code ?? ''] ?? [400, 'Bad Request'];
  const body = JSON.stringify({
    errors: [
      {
        message: 'The request is not well-formed HTTP/1.1 (method, target or headers); the API is at POST /graphql.',
        extensions: { code: 'BAD_REQUEST' },
      },
    ],
  });
  // A response to HEAD has no body, whatever went wrong.
  const head = error.rawPacket?.toString('latin1', 0, 5) === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${head ? '' : body}`,
  );
}

/** What is logged and counted of one HTTP request, filled in as it is answered. */
interface RequestState {
  id: string;
  route: string;
  trace: RequestTrace;
  role: string | null;
}

/**
 * Gives the request its id (the client's X-Request-Id if it is a plain token,
 * returned as given) and, when the response is finished, one JSON log line and
 * its metrics: route, operation name, role, status, outcome and duration.
 */
function observe(server: AtharServer, req: http.IncomingMessage, res: http.ServerResponse): RequestState {
  const started = process.hrtime.bigint();
  const state: RequestState = {
    id: requestIdOf(req.headers['x-request-id']),
    route: 'other',
    trace: { operation: 'none', outcome: 'ok' },
    role: null,
  };
  res.setHeader('x-request-id', state.id);
  res.once('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const outcome = res.statusCode >= 500 ? 'server_error' : res.statusCode >= 400 ? 'refused' : state.trace.outcome;
    const { telemetry } = server;
    telemetry.requests.inc({ route: state.route, operation: state.trace.operation, outcome });
    telemetry.requestSeconds.observe({ route: state.route, operation: state.trace.operation }, seconds);
    if (state.route === '/health' || state.route === '/ready' || state.route === '/metrics') return;
    telemetry.log.info(
      {
        reqId: state.id,
        method: req.method,
        route: state.route,
        operation: state.trace.operation,
        role: state.role,
        status: res.statusCode,
        outcome,
        ms: Math.round(seconds * 10000) / 10,
      },
      'request',
    );
  });
  return state;
}

async function handle(
  server: AtharServer,
  options: HttpOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  state: RequestState,
): Promise<void> {
  const url = requestUrl(req.url);
  if (url === null) {
    return refuse(
      res,
      400,
      'BAD_REQUEST',
      'The request path is malformed (not a URL path, or a "%" that starts no %XX escape); the API is at /graphql.',
    );
  }
  // CORS for /graphql and /exports; a preflight is answered there and then.
  if (
    (url.pathname === '/graphql' || EXPORT_PATH.test(url.pathname)) &&
    applyCors(req, res, options.corsOrigins ?? [])
  ) {
    state.route = url.pathname === '/graphql' ? '/graphql' : '/exports';
    return;
  }
  if (url.pathname === '/graphql') {
    state.route = '/graphql';
    // A browser asking for a page gets GraphiQL (src/api/graphiql.ts), when it is on and built.
    if (options.graphiql && wantsGraphiql(req, url) && (await serveGraphiql(req, res))) return;
    return graphql(server, options, req, res, url, state);
  }
  const download = EXPORT_PATH.exec(url.pathname);
  if (download && (req.method === 'GET' || req.method === 'HEAD')) {
    state.route = '/exports';
    return exportFile(server, options, req, res, download[1]!, download[2]!, state);
  }
  if (url.pathname === '/health') {
    // Liveness: the process answers. Whether it can serve is /ready.
    state.route = '/health';
    return sendJson(res, 200, { ok: true, status: 'alive' });
  }
  if (url.pathname === '/ready') {
    state.route = '/ready';
    const readiness = await server.ready();
    return readiness.ready
      ? sendJson(res, 200, { ready: true })
      : sendJson(res, 503, { ready: false, reason: readiness.reason });
  }
  if (url.pathname === '/metrics') {
    state.route = '/metrics';
    if (!metricsAllowed(options, req)) {
      res.setHeader('www-authenticate', 'Bearer');
      return refuse(res, 401, ErrorCode.UNAUTHENTICATED, 'The metrics need the token set in ATHAR_METRICS_TOKEN.');
    }
    res.writeHead(200, { 'content-type': server.telemetry.registry.contentType });
    return void res.end(await server.telemetry.registry.metrics());
  }
  // The investigator's explorer (web/dist, built by npm run build): / and its assets.
  if (await serveExplorer(req, res, url.pathname)) {
    state.route = '/explorer';
    return;
  }
  refuse(res, 404, 'NOT_FOUND', 'Not found. The API is at /graphql.');
}

async function graphql(
  server: AtharServer,
  options: HttpOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  state: RequestState,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = undefined;
  let cleanup: (() => Promise<void>) | null = null;
  if (req.method === 'POST' && isMultipart(req)) {
    // File uploads (docs/evidence-vault.md): never from a page that could not have sent a preflight.
    if (!hasPreflightHeader(req)) {
      req.resume();
      return refuse(
        res,
        400,
        'BAD_REQUEST',
        'A multipart request must carry a non-empty Apollo-Require-Preflight (or X-Apollo-Operation-Name) ' +
          'header, so that no other site can send it from a form (CSRF).',
      );
    }
    const parsed = await readMultipart(req, options.maxDocumentBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
    if (!parsed.ok) return refuse(res, parsed.status, 'BAD_REQUEST', parsed.message);
    body = parsed.body;
    cleanup = parsed.cleanup;
    // Apollo reads the operation as JSON; the preflight header was checked above.
    headers.set('content-type', 'application/json');
    res.once('close', () => void cleanup?.());
  } else if (req.method === 'POST') {
    const text = await readBody(req);
    if (text === null) {
      return refuse(
        res,
        413,
        'BAD_REQUEST',
        `The request body is over ${MAX_BODY_BYTES} bytes; send a smaller operation.`,
      );
    }
    if ((headers.get('content-type') ?? '').includes('application/json') && text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        return refuse(
          res,
          400,
          'BAD_REQUEST',
          'The request body is not valid JSON; send {"query": "...", "variables": {...}}.',
        );
      }
    } else {
      body = text;
    }
  }
  // Read-your-writes through any API process (src/store/consistency.ts): wait for the bookmarks sent, return the write's.
  const waitFor = parseBookmarks(req.headers[BOOKMARK_HEADER]);
  if (waitFor === null) {
    return refuse(
      res,
      400,
      'BAD_REQUEST',
      `The ${BOOKMARK_HEADER} header must be up to ${MAX_BOOKMARKS} comma-separated bookmarks, as a response gave them.`,
    );
  }
  const context = await contextOrRefusal(server, options, req, res);
  if (context === null) return;
  state.role = context.viewer.role;
  context.trace = state.trace;
  const response = await withConsistency(waitFor, async (scope) => {
    const answer = await server.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => context,
    });
    if (scope.written !== null && scope.written.length > 0) res.setHeader(BOOKMARK_HEADER, scope.written.join(', '));
    return answer;
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    if (documentErrorForLegacyClient(res.statusCode, response.headers.get('content-type'), response.body.string)) {
      res.statusCode = 200;
    }
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Error codes of a document that cannot run: it does not parse, is not valid, or its variables do not fit. */
const DOCUMENT_ERROR_CODES: ReadonlySet<string> = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

/**
 * GraphQL over HTTP: a client that accepts only application/json (not
 * application/graphql-response+json) gets a document it cannot run as a
 * GraphQL result with status 200, as the specification asks, and still with
 * its error codes. Everything else keeps its 4xx: the media type
 * application/graphql-response+json always gets them, and so do refusals of
 * the request itself (limits, asOf, persisted queries, subscriptions).
 */
function documentErrorForLegacyClient(status: number, contentType: string | undefined, body: string): boolean {
  if (status !== 400 || !(contentType ?? '').startsWith('application/json')) return false;
  try {
    const result = JSON.parse(body) as {
      data?: unknown;
      errors?: { message?: string; extensions?: { code?: string } }[];
    };
    if (result.data !== undefined || !Array.isArray(result.errors) || result.errors.length === 0) return false;
    return result.errors.every((e) => {
      const code = e.extensions?.code ?? '';
      return DOCUMENT_ERROR_CODES.has(code) || (code === 'BAD_USER_INPUT' && /^Variable "\$/.test(e.message ?? ''));
    });
  } catch {
    return false;
  }
}

async function exportFile(
  server: AtharServer,
  options: HttpOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  sha: string,
  name: string,
  state: RequestState,
): Promise<void> {
  const context = await contextOrRefusal(server, options, req, res);
  if (context === null) return;
  state.role = context.viewer.role;
  context.trace = state.trace;
  const kept = await findKeptExport(
    { exportDir: options.exportDir, ttlMs: ttlMsOfHours(options.exportTtlHours ?? DEFAULT_EXPORT_TTL_HOURS) },
    sha,
    name,
  );
  // Unauthorised, expired and missing look the same: a link must not confirm that an export exists.
  if (kept === null || !mayExport(context.viewer, kept.profile)) {
    return refuse(
      res,
      404,
      ErrorCode.NOT_FOUND,
      "No such export, or not for this credential (exports need the LEGAL role and clearance for the file's profile, and expire).",
    );
  }
  const type = CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': kept.size,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(kept.path).on('error', reject).on('end', resolve).pipe(res);
  });
}

/**
 * The request's context, or null once a refusal has been sent: 401 for a credential that cannot be
 * accepted, 429 (with Retry-After) for an address or credential that has failed too often lately.
 */
async function contextOrRefusal(
  server: AtharServer,
  options: HttpOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<AtharContext | null> {
  try {
    return await server.context(req.headers, { address: clientAddress(req, options.trustProxy ?? 0) });
  } catch (error) {
    if (error instanceof AtharError && error.code === ErrorCode.UNAUTHENTICATED) {
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, 401, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      return null;
    }
    if (error instanceof RateLimitedError) {
      res.setHeader('retry-after', String(error.retryAfterSeconds));
      sendJson(res, 429, {
        errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }],
      });
      return null;
    }
    throw error;
  }
}

/**
 * The request target as a URL, or null when it cannot be one, or its path has a stray "%" (not
 * followed by two hex digits). An origin-form target ("/graphql?x") is read as a path, so that
 * "//host/x" is not taken for a host name.
 */
function requestUrl(target: string | undefined): URL | null {
  const raw = target ?? '/';
  if (/%(?![0-9A-Fa-f]{2})/.test(raw.split('?')[0]!)) return null;
  try {
    return raw.startsWith('/') ? new URL(`http://localhost${raw}`) : new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Who sent the request: the socket's peer, or, behind `hops` trusted proxies, the address the
 * outermost of them saw (X-Forwarded-For counted from its end: the entries further left are
 * whatever the client chose to write). Falls back to the peer when the header has nothing usable.
 */
export function clientAddress(req: http.IncomingMessage, hops: number): string | null {
  const peer = req.socket.remoteAddress ?? null;
  if (hops <= 0) return peer;
  const raw = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (forwarded.length === 0) return peer;
  const chosen = forwarded[Math.max(0, forwarded.length - hops)]!;
  return net.isIP(chosen) ? chosen : peer;
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

/** A refusal shaped like a GraphQL error response, with a code clients can branch on. */
function refuse(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
