import 'reflect-metadata';
import fs from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { createStore } from '../../store/create-store';
import { SEED_FILE, seedBundle } from './seed';

/** `npm run seed`: loads the seed case into the configured store; safe to run again. */
async function run(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const bundle = seedBundle();
  const store = createStore(config.store);
  await store.init();
  try {
    await store.importBundle(bundle);
    const counts = await store.counts();
    console.log(
      `Seed case loaded from ${SEED_FILE}: ${bundle.entities.length} entities, ${bundle.sources.length} sources, ${bundle.claims.length} claims. ` +
        `Store now holds ${counts.entities} entities, ${counts.sources} sources, ${counts.claims} claims, ${counts.citations} citations.`,
    );
  } finally {
    await store.close();
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
