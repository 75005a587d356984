import 'reflect-metadata';
import fs from 'node:fs';
import { describeAuth } from '../api/auth/auth.config';
import { ConfigError, loadConfig } from './config';
import { openStore } from './open-store';
import { listen } from '../api/http';
import { createAtharServer } from './compose';

async function main(): Promise<void> {
  // A .env file is optional; variables already set in the environment win.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const { store, seeded } = await openStore(config);
  if (seeded) console.log('Loaded the seed case into the new embedded store.');
  const server = await createAtharServer(store, config);
  const url = await listen(server, config.port, { exportDir: config.exportDir });
  const where =
    config.store.kind === 'embedded' ? `embedded store in ${config.store.dataDir}` : `Neo4j at ${config.store.uri}`;
  console.log(`Athar GraphQL endpoint: ${url} (${where})`);
  console.log(`Authentication: ${describeAuth(config.auth)}.`);

  const shutdown = async () => {
    await server.apollo.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Athar failed to start:', error);
  }
  process.exit(1);
});
