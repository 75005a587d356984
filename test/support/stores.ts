import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/embedded.store';
import { Neo4jStore } from '../../src/store/neo4j/neo4j.store';
import type { Store } from '../../src/store/store.port';
import { neo4jTestConfig } from './neo4j-env';

export type StoreKind = 'embedded' | 'neo4j';
export const STORE_KINDS: readonly StoreKind[] = ['embedded', 'neo4j'];

export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

/** A real store of either kind: a fresh embedded directory, or the test Neo4j server (shared; tests use their own ids). */
export async function openTestStore(kind: StoreKind): Promise<OpenedStore> {
  switch (kind) {
    case 'embedded': {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-test-'));
      const store = new EmbeddedStore({ dataDir });
      return {
        store,
        cleanup: async () => {
          await store.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    }
    case 'neo4j': {
      const config = neo4jTestConfig();
      const store = new Neo4jStore({
        uri: config.uri,
        ...(config.password ? { user: config.user, password: config.password } : {}),
        database: config.database,
      });
      return { store, cleanup: () => store.close() };
    }
  }
}

/** Wraps a store and records every port call, to count round trips. */
export function countingStore(inner: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}
