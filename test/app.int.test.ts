import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../src/main/open-store';
import { seedBundle } from '../src/main/seed/seed';

describe('openStore on the embedded store', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-app-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('loads the seed case on first start only, and keeps it across restarts', async () => {
    const dataDir = tmp();
    const config = { store: { kind: 'embedded' as const, dataDir }, seedOnFirstStart: true };
    const first = await openStore(config);
    const counts = await first.store.counts();
    await first.store.close();
    expect(first.seeded).toBe(true);
    expect(counts.claims).toBe(seedBundle().claims.length);

    const second = await openStore(config);
    expect(second.seeded).toBe(false);
    expect(await second.store.counts()).toEqual(counts);
    expect((await second.store.getEntities(['fac_sednaya']))[0]?.name).toBe('Sednaya Prison');
    await second.store.close();
  });

  it('starts empty when seeding is turned off', async () => {
    const opened = await openStore({ store: { kind: 'embedded', dataDir: tmp() }, seedOnFirstStart: false });
    expect(opened.seeded).toBe(false);
    expect((await opened.store.counts()).entities).toBe(0);
    await opened.store.close();
  });
});
