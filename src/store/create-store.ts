import type { StoreConfig } from '../main/config';
import { EmbeddedStore } from './embedded/embedded.store';
import { Neo4jStore } from './neo4j/neo4j.store';
import type { Store } from './store.port';

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
      });
  }
}
