import { seedBundle } from '../../src/main/seed/seed';
import { listen } from '../../src/api/http';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import { openTestStore, OpenedStore } from '../support/stores';

const ALLOWED = 'https://dash.example.org';

describe('CORS over HTTP', () => {
  let opened: OpenedStore;
  let url: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    const server = await createAtharServer(opened.store, { development: false, maxPageSize: 100 });
    url = await listen(server, 0, { exportDir: defaultExportDir(), corsOrigins: [ALLOWED] });
    stop = () => server.apollo.stop();
  });

  afterAll(async () => {
    await stop();
    await opened.cleanup();
  });

  const preflight = (origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });

  const query = (origin: string) =>
    fetch(url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ entity(id: "fac_sednaya") { name } }' }),
    });

  it('answers a preflight from an allowed origin with 204 and the CORS headers, echoing the origin', async () => {
    const response = await preflight(ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'content-type, authorization, x-api-key, apollo-require-preflight, x-request-id, athar-bookmark',
    );
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('adds the CORS headers to the actual response for an allowed origin', async () => {
    const response = await query(ALLOWED);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('vary')).toMatch(/origin/i);
    expect(((await response.json()) as { data: { entity: { name: string } } }).data.entity.name).toBe('Sednaya Prison');
  });

  it('gives another origin no CORS headers: its preflight is 204 without them', async () => {
    const other = 'https://evil.example.com';
    const answered = await preflight(other);
    expect(answered.status).toBe(204);
    expect(answered.headers.get('access-control-allow-origin')).toBeNull();
    expect(answered.headers.get('access-control-allow-methods')).toBeNull();
    const response = await query(other);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('adds the CORS headers to export downloads for an allowed origin (even when refused)', async () => {
    const download = url.replace(/\/graphql$/, `/exports/${'0'.repeat(64)}/case.json`);
    const response = await fetch(download, { headers: { origin: ALLOWED } });
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const server = await createAtharServer(opened.store, { development: false, maxPageSize: 100 });
    const plain = await listen(server, 0, { exportDir: defaultExportDir() });
    try {
      const response = await fetch(plain, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.apollo.stop();
    }
  });
});
