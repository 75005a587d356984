import net from 'node:net';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import pino from 'pino';
import { listen } from '../../src/api/http';
import { createTelemetry } from '../../src/api/telemetry';
import { loadConfig } from '../../src/main/config';
import { seedBundle } from '../../src/main/seed/seed';
import { openStore } from '../../src/main/open-store';
import { createAtharServer } from '../../src/main/compose';
import { Neo4jStore } from '../../src/store/neo4j/neo4j.store';
import { neo4jTestConfig } from '../support/neo4j-env';
import { openTestStore } from '../support/stores';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePrometheus = require('parse-prometheus-text-format') as (text: string) => {
  name: string;
  type: string;
  metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string> }[];
}[];

/** A logger that keeps every line it writes, as the text it would print. */
function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

describe('what an operator sees: readiness, metrics, logs', () => {
  it('is ready on an open embedded store and says why not once it is closed', async () => {
    const opened = await openTestStore('embedded');
    await opened.store.init();
    const server = await createAtharServer(opened.store, { development: false, maxPageSize: 100 });
    const url = new URL(await listen(server, 0, { exportDir: '/nonexistent' }));
    try {
      expect((await fetch(new URL('/health', url))).status).toBe(200);
      const ready = await fetch(new URL('/ready', url));
      expect([ready.status, await ready.json()]).toEqual([200, { ready: true }]);
      await opened.store.close();
      const closed = await fetch(new URL('/ready', url));
      expect(closed.status).toBe(503);
      expect(((await closed.json()) as { reason: string }).reason).toBe('the embedded store is closed');
      expect((await fetch(new URL('/health', url))).status).toBe(200);
    } finally {
      await server.apollo.stop();
      await opened.cleanup();
    }
  });

  it('is not ready while Neo4j does not answer, and is once it does, without a restart', async () => {
    // Neo4j "stopped" and "started": a TCP relay to the test server that first refuses, then relays.
    const target = new URL(neo4jTestConfig().uri.replace(/^bolt/, 'http'));
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const config = neo4jTestConfig();
    const store = new Neo4jStore({
      uri: `bolt://127.0.0.1:${port}`,
      ...(config.password ? { user: config.user, password: config.password } : {}),
      database: config.database,
      connectionTimeoutMs: 1000,
      maxRetryTimeMs: 500,
    });
    const server = await createAtharServer(store, { development: false, maxPageSize: 100 });
    const url = new URL(await listen(server, 0, { exportDir: '/nonexistent' }));
    try {
      const down = await fetch(new URL('/ready', url));
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ready: false, reason: 'the store does not answer (STORE_UNAVAILABLE)' });
      // A request meanwhile is answered at once, with 503, the code and when to retry; not after a long hang.
      const started = Date.now();
      const refused = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ entity(id: "fac_sednaya") { name } }' }),
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('STORE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toContain(String(port));
      // Starting against it fails fast, naming where and why.
      await expect(
        openStore({
          store: {
            kind: 'neo4j',
            uri: `bolt://127.0.0.1:${port}`,
            user: null,
            password: null,
            database: null,
            connectionTimeoutMs: 1000,
            maxRetryTimeMs: 500,
          },
          seedOnFirstStart: false,
        }),
      ).rejects.toThrow(new RegExp(`Could not open Neo4j at bolt://127\\.0\\.0\\.1:${port}: .+`));
      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', () => resolve()));
      await store.init();
      const up = await fetch(new URL('/ready', url));
      expect([up.status, await up.json()]).toEqual([200, { ready: true }]);
    } finally {
      await server.apollo.stop();
      await store.close();
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it('serves Prometheus metrics and logs one JSON line per request, with its id and no secret', async () => {
    const opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    const { log, lines } = capturedLogger();
    const secret = 'operations-test-secret-of-thirty-two-bytes!';
    const server = await createAtharServer(
      opened.store,
      { development: false, maxPageSize: 100, auth: loadConfig({ ATHAR_JWT_SECRET: secret }, {}).auth },
      undefined,
      undefined,
      createTelemetry(log),
    );
    const url = new URL(await listen(server, 0, { exportDir: '/nonexistent', metricsToken: 'scrape-me' }));
    try {
      const token = await new SignJWT({ sub: 'ops-analyst', athar_role: 'ANALYST' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      const answered = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-42' },
        body: JSON.stringify({
          query: 'query FindSameerByName { search(text: "Sednaya") { entity { id } } }',
        }),
      });
      expect(answered.status).toBe(200);
      expect(answered.headers.get('x-request-id')).toBe('req-42');
      const made = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": "{ nope }"}',
      });
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

      expect((await fetch(new URL('/metrics', url))).status).toBe(401);
      const scraped = await fetch(new URL('/metrics', url), { headers: { authorization: 'Bearer scrape-me' } });
      expect(scraped.status).toBe(200);
      const text = await scraped.text();
      const families = parsePrometheus(text);
      const requests = families.find((f) => f.name === 'athar_http_requests_total')!;
      expect(requests.type).toBe('COUNTER');
      expect(requests.metrics).toContainEqual({
        labels: { route: '/graphql', operation: 'query:search', outcome: 'ok' },
        value: '1',
      });
      expect(families.find((f) => f.name === 'athar_store_call_duration_seconds')?.type).toBe('HISTOGRAM');
      // Operation names are the client's free text: never in metrics, which others read.
      expect(text).not.toContain('FindSameerByName');

      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const entry = entries.find((e) => e.reqId === 'req-42');
      expect(entry).toMatchObject({
        msg: 'request',
        route: '/graphql',
        operation: 'query:search',
        role: 'ANALYST',
        status: 200,
      });
      expect(typeof entry!.ms).toBe('number');
      const all = lines.join('\n');
      for (const secretText of [token, secret, 'scrape-me', 'FindSameerByName']) expect(all).not.toContain(secretText);
    } finally {
      await server.apollo.stop();
      await opened.cleanup();
    }
  });
});
