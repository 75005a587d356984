import { serverAudits } from 'graphql-http';
import { listen } from '../../src/api/http';
import { createAtharServer } from '../../src/main/compose';
import { loadConfig } from '../../src/main/config';
import { seedBundle } from '../../src/main/seed/seed';
import { openTestStore, type OpenedStore } from '../support/stores';

/*
 * The GraphQL-over-HTTP specification's own audit (graphql-http's serverAudits), run against a live
 * server in the default production configuration (introspection off): no MUST may fail and no SHOULD
 * may warn.
 */
describe('GraphQL over HTTP', () => {
  let opened: OpenedStore;
  let url: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    opened = await openTestStore('embedded');
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    const config = loadConfig({ NODE_ENV: 'production', ATHAR_DATA_DIR: '/nonexistent' }, {});
    const server = await createAtharServer(opened.store, config);
    url = await listen(server, 0, { exportDir: '/nonexistent' });
    stop = () => server.apollo.stop();
  });

  afterAll(async () => {
    await stop();
    await opened.cleanup();
  });

  it('passes every MUST and SHOULD of the audit', async () => {
    const results = await Promise.all(serverAudits({ url, fetchFn: fetch }).map((audit) => audit.fn()));
    const problems = results
      .filter((r) => r.status === 'error' || r.status === 'warn')
      .map((r) => `${r.status} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(problems).toEqual([]);
    // The one deliberate deviation, on MAYs only: a GET without a header that forces a CORS preflight is refused
    // (CSRF prevention: a link or <img> on another site must not run operations with the visitor's cookies).
    expect(
      results
        .filter((r) => r.status === 'notice')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['5A70', '6A70', 'D6D5']);
    expect(results.length).toBeGreaterThan(50);
  });
});
