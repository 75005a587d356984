import type { Config } from './config';
import { seedBundle } from './seed/seed';
import { createStore } from '../store/create-store';
import type { Store } from '../store/store.port';

/** The store could not be opened: says which store, where, and why, for the operator reading the start-up log. */
export class StoreStartError extends Error {
  constructor(store: Config['store'], error: unknown) {
    const where = store.kind === 'neo4j' ? `Neo4j at ${store.uri}` : `the embedded store in ${store.dataDir}`;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `Could not open ${where}: ${why}` +
        (store.kind === 'neo4j'
          ? ' Check that the server runs and NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD are right.'
          : ''),
    );
    this.name = 'StoreStartError';
  }
}

/**
 * Opens the configured store. A new embedded store gets the seed case, so
 * that `npm start` on a fresh machine answers questions at once; a Neo4j
 * server is seeded explicitly with `npm run seed`.
 */
export async function openStore(
  config: Pick<Config, 'store' | 'seedOnFirstStart'>,
): Promise<{ store: Store; seeded: boolean }> {
  const store = createStore(config.store);
  try {
    await store.init();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw new StoreStartError(config.store, error);
  }
  let seeded = false;
  if (config.store.kind === 'embedded' && config.seedOnFirstStart && (await store.counts()).entities === 0) {
    await store.importBundle(seedBundle());
    seeded = true;
  }
  return { store, seeded };
}
