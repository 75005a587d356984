import type { Config } from './config';
import { seedBundle } from './seed/seed';
import { createStore } from '../store/create-store';
import type { Store } from '../store/store.port';

/**
 * Opens the configured store. A new embedded store gets the seed case, so
 * that `npm start` on a fresh machine answers questions at once; a Neo4j
 * server is seeded explicitly with `npm run seed`.
 */
export async function openStore(
  config: Pick<Config, 'store' | 'seedOnFirstStart'>,
): Promise<{ store: Store; seeded: boolean }> {
  const store = createStore(config.store);
  await store.init();
  let seeded = false;
  if (config.store.kind === 'embedded' && config.seedOnFirstStart && (await store.counts()).entities === 0) {
    await store.importBundle(seedBundle());
    seeded = true;
  }
  return { store, seeded };
}
