import { Neo4jStore } from '../../src/store/neo4j/neo4j.store';
import { runAuditContract } from '../contract/audit.contract';
import { runConcurrencyContract } from '../contract/concurrency.contract';
import { runPathsContract } from '../contract/paths.contract';
import { runResolutionContract } from '../contract/resolution.contract';
import { runStoreContract } from '../contract/store.contract';
import { runDocumentsContract } from '../contract/documents.contract';
import { runEntityClaimsContract } from '../contract/entity-claims.contract';
import { runStatisticsContract } from '../contract/statistics.contract';
import { runStatisticsCountsContract } from '../contract/statistics-counts.contract';
import { runBulkImportContract } from '../contract/bulk-import.contract';
import { openTestStore } from '../support/stores';
import { neo4jTestConfig } from '../support/neo4j-env';

// The contract suite against a real Neo4j server (started by the integration
// tier's global setup). The database is shared, so the suite scopes every
// assertion to its own ids and nothing is wiped.
runStoreContract('neo4j', async () => {
  const config = neo4jTestConfig();
  const store = new Neo4jStore({
    uri: config.uri,
    // Our test server runs without authentication: an empty password means no auth.
    user: config.password ? config.user : null,
    password: config.password || null,
    database: config.database,
  });
  return { store, cleanup: () => store.close() };
});

// Dashboard aggregates, on the same kind of store.
runStatisticsContract('neo4j', () => openTestStore('neo4j'));

// Paths between entities (connections), on the same kind of store.
runPathsContract('neo4j', () => openTestStore('neo4j'));

// Writers racing each other: each write of a pair in its own session and transaction.
runConcurrencyContract('neo4j', () => openTestStore('neo4j'));

// The audit trail, over the shared chain of every writer of the database.
runAuditContract('neo4j', () => openTestStore('neo4j'));

// Documents: attaching, reading back, searching (the shared database: by this run's own words and ids).
runDocumentsContract('neo4j', () => openTestStore('neo4j'));

// The whole-graph dashboard's maintained counts against a full scan, after each of a sequence of writes.
runStatisticsCountsContract(
  'neo4j',
  () => openTestStore('neo4j'),
  (store, query) => (store as Neo4jStore).recountStatistics(query),
);

// Merges, splits and same-origin judgements.
runResolutionContract('neo4j', () => openTestStore('neo4j'));

// An entity's claims filtered, ordered and paged in the store.
runEntityClaimsContract('neo4j', () => openTestStore('neo4j'));

// The bulk path's options (batch size, progress) and its idempotence.
runBulkImportContract('neo4j', () => openTestStore('neo4j'));
