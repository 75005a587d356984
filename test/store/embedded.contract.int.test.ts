import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/embedded.store';
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

runStoreContract('embedded', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-contract-'));
  const store = new EmbeddedStore({ dataDir });
  return {
    store,
    async cleanup() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

// The same contract against a store that snapshots every few writes and is
// reopened from disk between tests, so every assertion also reads back what
// the journal and snapshots restore.
runStoreContract('embedded, reopened from disk', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-contract-reopen-'));
  let current = new EmbeddedStore({ dataDir, snapshotEvery: 7 });
  const reopen = async (): Promise<EmbeddedStore> => {
    await current.close();
    current = new EmbeddedStore({ dataDir, snapshotEvery: 7 });
    await current.init();
    return current;
  };
  // Every call goes to the store of the moment; reads reopen it first.
  const reads = new Set([
    'getEntities',
    'getSources',
    'getClaims',
    'getCitations',
    'getCitationsOfClaims',
    'getCitationsOfSources',
    'getClaimsOfEntities',
    'listClaimsOfEntities',
    'listEntities',
    'listSources',
    'listClaims',
    'searchEntityCandidates',
    'counts',
  ]);
  const store = new Proxy(current, {
    get(_target, prop: string | symbol) {
      if (typeof prop === 'string' && reads.has(prop)) {
        return async (...args: unknown[]) => {
          const s = await reopen();
          return (s as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]!(...args);
        };
      }
      const value = (current as unknown as Record<string | symbol, unknown>)[prop];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
  return {
    store,
    async cleanup() {
      await current.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

// Dashboard aggregates, on the same kind of store.
runStatisticsContract('embedded', () => openTestStore('embedded'));

// Paths between entities (connections), on the same kind of store.
runPathsContract('embedded', () => openTestStore('embedded'));

// Writers racing each other, on a store that snapshots every few writes (so
// that versions are also read back from snapshots while the races run).
runConcurrencyContract('embedded', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-concurrency-'));
  const store = new EmbeddedStore({ dataDir, snapshotEvery: 50 });
  return {
    store,
    async cleanup() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

// The audit trail, on a store that snapshots every few writes and can be
// reopened, so that records are also read back from journal and snapshot.
runAuditContract('embedded', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-audit-'));
  let current = new EmbeddedStore({ dataDir, snapshotEvery: 4 });
  return {
    store: current,
    async reopen() {
      await current.close();
      current = new EmbeddedStore({ dataDir, snapshotEvery: 4 });
      await current.init();
      return current;
    },
    async cleanup() {
      await current.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

// Documents, on a store that snapshots every few writes and is read back from its files.
runDocumentsContract('embedded', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-documents-'));
  let current = new EmbeddedStore({ dataDir, snapshotEvery: 3 });
  return {
    store: new Proxy(current, {
      get(_target, prop: string | symbol) {
        const value = (current as unknown as Record<string | symbol, unknown>)[prop];
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
      },
    }),
    async reopen() {
      await current.close();
      current = new EmbeddedStore({ dataDir, snapshotEvery: 3 });
      await current.init();
      return current;
    },
    async cleanup() {
      await current.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

// The whole-graph dashboard stays exact as writes land: the running store (whose whole-graph counts come from
// indexes kept up by each write) against the same store reopened from its journal and snapshots.
{
  let current: EmbeddedStore;
  let dataDir = '';
  runStatisticsCountsContract(
    'embedded',
    async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-stat-counts-'));
      current = new EmbeddedStore({ dataDir, snapshotEvery: 3 });
      const store = new Proxy(current, {
        get(_target, prop: string | symbol) {
          const value = (current as unknown as Record<string | symbol, unknown>)[prop];
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
        },
      });
      return {
        store,
        async cleanup() {
          await current.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
    async (_store, query) => {
      const maintained = await current.statistics(query);
      await current.close();
      current = new EmbeddedStore({ dataDir, snapshotEvery: 3 });
      await current.init();
      return { maintained, recounted: await current.statistics(query) };
    },
  );
}

// Merges, splits and same-origin judgements, on a store that snapshots every few writes and is
// reopened between a judgement and its undoing, so that judgements are read back from disk too.
runResolutionContract('embedded', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-resolution-'));
  let current = new EmbeddedStore({ dataDir, snapshotEvery: 5 });
  return {
    get store() {
      return current;
    },
    async reopen() {
      await current.close();
      current = new EmbeddedStore({ dataDir, snapshotEvery: 5 });
      await current.init();
      return current;
    },
    async cleanup() {
      await current.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

// An entity's claims filtered, ordered and paged in the store.
runEntityClaimsContract('embedded', () => openTestStore('embedded'));

// The bulk path's options (batch size, progress) and its idempotence.
runBulkImportContract('embedded', () => openTestStore('embedded'));
