import { EmbeddedStore } from './embedded/embedded.store';
import { Neo4jStore } from './neo4j/neo4j.store';
import type { Store } from './store.port';

/** Which store to open and how to reach it: the validated config (src/main/config.ts) gives one. */
export type StoreConfig =
  | { kind: 'embedded'; dataDir: string }
  | {
      kind: 'neo4j';
      uri: string;
      user: string | null;
      password: string | null;
      database: string | null;
      /** How long to wait for a connection, and to retry a transaction, before STORE_UNAVAILABLE (ms). */
      connectionTimeoutMs?: number;
      maxRetryTimeMs?: number;
      /** Rows per statement of a bulk import, unless the caller says (ImportOptions.batchSize). */
      importBatchSize?: number;
    };

export function createStore(config: StoreConfig): Store {
  switch (config.kind) {
    case 'embedded':
      return new EmbeddedStore({ dataDir: config.dataDir });
    case 'neo4j':
      return new Neo4jStore({
        uri: config.uri,
        user: config.user,
        password: config.password,
        database: config.database,
        ...(config.connectionTimeoutMs !== undefined ? { connectionTimeoutMs: config.connectionTimeoutMs } : {}),
        ...(config.maxRetryTimeMs !== undefined ? { maxRetryTimeMs: config.maxRetryTimeMs } : {}),
        ...(config.importBatchSize !== undefined ? { importBatchSize: config.importBatchSize } : {}),
      });
  }
}
