import { seedBundle } from '../../src/main/seed/seed';
import { listen } from '../../src/api/http';
import { createAtharServer, defaultExportDir } from '../../src/main/compose';
import type { Store } from '../../src/store/store.port';
import { openTestStore, OpenedStore } from '../support/stores';

/** A real store whose entity reads fail the way a broken database would, with internal detail in the message. */
function failingReads(inner: Store): Store {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'getEntities') {
        return async () => {
          throw new Error('Neo.DatabaseError.General.UnknownError: page cache at /var/lib/neo4j exhausted');
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

async function post(url: string, query: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

describe('HTTP endpoint', () => {
  let opened: OpenedStore;

  beforeAll(async () => {
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
  });

  afterAll(async () => {
    await opened.cleanup();
  });

  it('serves GraphQL at /graphql', async () => {
    const server = await createAtharServer(opened.store, { development: false, maxPageSize: 100 });
    const url = await listen(server, 0, { exportDir: defaultExportDir() });
    try {
      expect(url).toMatch(/\/graphql$/);
      const { status, body } = await post(url, '{ entity(id: "fac_sednaya") { name aliases } }');
      expect(status).toBe(200);
      expect(body.data.entity.name).toBe('Sednaya Prison');
      expect(body.data.entity.aliases).toEqual(expect.arrayContaining(['Saydnaya Prison']));
    } finally {
      await server.apollo.stop();
    }
  });

  it('masks unexpected errors in production: no stack trace, no database message', async () => {
    const logged: unknown[] = [];
    const server = await createAtharServer(
      failingReads(opened.store),
      { development: false, maxPageSize: 100 },
      {
        error: (_m, e) => void logged.push(e),
      },
    );
    const url = await listen(server, 0, { exportDir: defaultExportDir() });
    try {
      const { body } = await post(url, '{ entity(id: "fac_sednaya") { name } }');
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].message).toBe('Internal server error.');
      expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(body)).not.toMatch(/Neo\.|neo4j|stack/i);
      expect(logged).toHaveLength(1);
    } finally {
      await server.apollo.stop();
    }
  });

  it('shows the stack trace in development mode', async () => {
    const server = await createAtharServer(
      failingReads(opened.store),
      { development: true, maxPageSize: 100 },
      { error: () => undefined },
    );
    const url = await listen(server, 0, { exportDir: defaultExportDir() });
    try {
      const { body } = await post(url, '{ entity(id: "fac_sednaya") { name } }');
      expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(body.errors[0].extensions.stacktrace.length).toBeGreaterThan(0);
    } finally {
      await server.apollo.stop();
    }
  });

  it('answers a malformed query with GraphQL validation errors, not a crash', async () => {
    const server = await createAtharServer(opened.store, { development: false, maxPageSize: 100 });
    const url = await listen(server, 0, { exportDir: defaultExportDir() });
    try {
      const { body } = await post(url, '{ entity(id: "fac_sednaya") { nosuchfield } }');
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors[0].message).toMatch(/nosuchfield/);
    } finally {
      await server.apollo.stop();
    }
  });
});
