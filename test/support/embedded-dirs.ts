import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded/embedded.store';

/**
 * Temporary embedded-store directories for one test file, removed after each
 * test with the stores opened in them.
 */
export function embeddedDirs(prefix: string) {
  let dirs: string[] = [];
  let open: EmbeddedStore[] = [];

  afterEach(async () => {
    for (const store of open) await store.close().catch(() => undefined);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    open = [];
    dirs = [];
  });

  return {
    tmpDir(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
      dirs.push(dir);
      return dir;
    },
    async openStore(dataDir: string, snapshotEvery?: number): Promise<EmbeddedStore> {
      const store = new EmbeddedStore({ dataDir, snapshotEvery });
      await store.init();
      open.push(store);
      return store;
    },
    /** Closes this store after the test too. */
    track(store: EmbeddedStore): void {
      open.push(store);
    },
    /** A store the test closed itself. */
    untrack(store: EmbeddedStore): void {
      open = open.filter((s) => s !== store);
    },
    /**
     * Leaves a store as a crashed process would: its journal as written, no
     * final snapshot, its lock stale. (The abandoned instance is never used again.)
     */
    crash(dataDir: string): void {
      fs.rmSync(path.join(dataDir, 'LOCK'));
    },
  };
}
