import 'reflect-metadata';
import fs from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { describeAuth } from '../api/auth/auth.config';
import { ConfigError, loadConfig } from './config';
import { openStore } from './open-store';
import { listen } from '../api/http';
import { createAtharServer, errorLoggerOf } from './compose';
import { createTelemetry } from '../api/telemetry';
import { createLogger } from './logger';
import { trackRequests } from './shutdown';

/**
 * `athar serve` and `npm start`: opens the configured store and serves it. On SIGTERM or SIGINT it
 * stops gracefully: no new connections, the requests in flight (exports among them) finish within
 * ATHAR_SHUTDOWN_TIMEOUT_MS, the store is closed (the embedded one snapshots and releases its lock),
 * and the process exits 0. A second signal cuts off what is still running.
 */
export async function serve(): Promise<void> {
  // A .env file is optional; variables already set in the environment win.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const log = createLogger(config);
  const { store, seeded } = await openStore(config);
  if (seeded) log.info('Loaded the seed case into the new embedded store.');
  const telemetry = createTelemetry(log, { processMetrics: true });
  const server = await createAtharServer(store, config, errorLoggerOf(telemetry), undefined, telemetry).catch(
    async (error: unknown) => {
      await store.close();
      throw error;
    },
  );
  // listen() hands its HTTP server to attach(): kept here too, to drain it on a signal.
  let http: HttpServer | undefined;
  const attach = (created: HttpServer) => {
    http = created;
    server.attach(created);
  };
  const url = await listen({ ...server, attach }, config.port, {
    exportDir: config.exportDir,
    exportTtlHours: config.exportTtlHours,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    maxDocumentBytes: config.maxDocumentBytes,
    // GraphiQL needs the schema: served exactly when introspection is on.
    graphiql: config.introspection || config.introspectionRoles.length > 0,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  }).catch(async (error: unknown) => {
    // The port is taken, say: leave the store as found, its lock released.
    await server.apollo.stop().catch(() => undefined);
    await store.close();
    throw error;
  });
  const where =
    config.store.kind === 'embedded' ? `embedded store in ${config.store.dataDir}` : `Neo4j at ${config.store.uri}`;
  log.info({ url, store: where }, `Athar GraphQL endpoint: ${url} (${where})`);
  log.info(`Authentication: ${describeAuth(config.auth)}.`);

  const requests = trackRequests(http!);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: cutting off the ${requests.inFlight} request(s) still running.`);
      requests.cutOffNow();
      return;
    }
    stopping = true;
    log.info(
      `${signal}: stopping. No new connections; ${requests.inFlight} request(s) in flight get up to ` +
        `${config.shutdownTimeoutMs} ms to finish.`,
    );
    void (async () => {
      const { cutOff } = await requests.drain(config.shutdownTimeoutMs);
      if (cutOff > 0) log.warn(`Cut off ${cutOff} request(s) still running after ${config.shutdownTimeoutMs} ms.`);
      await server.apollo.stop();
      await store.close();
      log.info(`Stopped: ${where} closed.`);
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'Athar failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  serve().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error('Athar failed to start:', error);
    }
    process.exit(1);
  });
}
