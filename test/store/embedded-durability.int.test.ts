import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccessLevel, ClaimStatus, EntityKind, FacilityType, SourceKind } from '../../src/domain/model';
import { EmbeddedStore, JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/store/embedded/embedded.store';
import { DirectoryLock } from '../../src/store/embedded/lock';
import type { Store } from '../../src/store/store.port';
import { embeddedDirs } from '../support/embedded-dirs';
import { Fixtures } from '../support/fixtures';

/*
 * Durability of the embedded store: what was acknowledged survives a reopen,
 * snapshots, a SIGKILL at any moment and a torn journal tail; what was refused
 * leaves no trace; one process at a time owns a data directory.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const STORE_MODULE = path.join(REPO_ROOT, 'src', 'store', 'embedded', 'embedded.store.ts');

const { tmpDir, openStore, crash, untrack } = embeddedDirs('athar-embedded-durability');

/** Everything a store holds, through the port. */
async function dump(store: Store) {
  const all = { first: 1_000_000, after: null };
  const entities = (await store.listEntities({}, all)).items;
  const sources = (await store.listSources({}, all)).items;
  const claims = (await store.listClaims({}, all)).items;
  const citations = await store.getCitationsOfClaims(claims.map((c) => c.id));
  return { counts: await store.counts(), entities, sources, claims, citations };
}

/** Every kind of write, refused ones included. */
async function populate(store: Store, f: Fixtures): Promise<void> {
  const person = f.entity({ name: 'Mazen al-Hamada', aliases: ['مازن الحمادة'] });
  const prison = f.entity({
    id: f.id('fac'),
    kind: EntityKind.FACILITY,
    name: 'Mezzeh Airport',
    facilityType: FacilityType.AIRPORT,
  });
  const report = f.source({ publisher: 'HRW' });
  const article = f.source({ kind: SourceKind.NEWS_ARTICLE, derivedFromIds: [report.id] });
  await store.createEntity(person);
  await store.createEntity(prison);
  await store.createSource(report);
  await store.createSource(article);
  await store.updateEntity({ ...person, description: 'activist', updatedAt: '2026-01-02T00:00:00.000Z' });
  await store.updateSource({ ...report, title: 'Renamed', updatedAt: '2026-01-02T00:00:00.000Z' });
  const held = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
  await store.assertClaim(held);
  await store.addCitations(
    held.claim.id,
    [f.citation(held.claim.id, report.id, { viaSourceId: article.id })],
    AccessLevel.PUBLIC,
  );
  await store.setClaimStatus({
    claimId: held.claim.id,
    status: ClaimStatus.DISPUTED,
    reason: 'dates differ',
    updatedAt: '2026-01-03T00:00:00.000Z',
  });
  await expect(store.createEntity(person)).rejects.toThrow();
  const count = f.quantityClaim(prison.id, 'DETAINEE_COUNT', 500, article.id);
  const place = f.entity({ id: f.id('plc'), kind: EntityKind.PLACE, name: 'Damascus' });
  await store.importBundle({ entities: [place], sources: [], claims: [count] });
}

function journalLines(dataDir: string): string[] {
  const text = fs.readFileSync(path.join(dataDir, JOURNAL_FILE), 'utf8');
  return text.split('\n').filter((line) => line !== '');
}

describe('embedded store durability', () => {
  it('keeps every write across a close and reopen', async () => {
    const dataDir = tmpDir();
    const f = new Fixtures();
    const store = await openStore(dataDir);
    await populate(store, f);
    const before = await dump(store);
    expect(before.counts).toEqual({ entities: 3, sources: 2, claims: 2, citations: 3 });
    await store.close();

    const reopened = await openStore(dataDir);
    expect(await dump(reopened)).toEqual(before);
  });

  it('keeps every write across a reopen after a crash, from the journal alone', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir);
    await populate(store, new Fixtures());
    const before = await dump(store);
    expect(fs.existsSync(path.join(dataDir, SNAPSHOT_FILE))).toBe(false);
    expect(journalLines(dataDir)).toHaveLength(10);
    crash(dataDir);

    expect(await dump(await openStore(dataDir))).toEqual(before);
  });

  it('restores from a snapshot plus the journal after it', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir, 3);
    await populate(store, new Fixtures());
    const before = await dump(store);
    // 10 journaled writes: snapshots after the 3rd, 6th and 9th, one entry left in the journal.
    expect(fs.existsSync(path.join(dataDir, SNAPSHOT_FILE))).toBe(true);
    const lines = journalLines(dataDir);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ seq: 10, op: 'importBundle' });
    crash(dataDir);

    const reopened = await openStore(dataDir, 3);
    expect(await dump(reopened)).toEqual(before);
    // And it carries on numbering after the snapshot.
    const f = new Fixtures();
    await reopened.createEntity(f.entity());
    expect(JSON.parse(journalLines(dataDir).at(-1)!)).toMatchObject({ seq: 11, op: 'createEntity' });
  });

  it('skips journal entries a snapshot already holds (crash between snapshot and journal truncation)', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir);
    await populate(store, new Fixtures());
    const before = await dump(store);
    const journal = fs.readFileSync(path.join(dataDir, JOURNAL_FILE));
    store.snapshot();
    expect(journalLines(dataDir)).toHaveLength(0);
    crash(dataDir);
    fs.writeFileSync(path.join(dataDir, JOURNAL_FILE), journal); // as if the truncation never happened

    expect(await dump(await openStore(dataDir))).toEqual(before);
  });

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const dataDir = tmpDir();
    const acknowledged: string[] = [];
    for (const round of ['a', 'b', 'c']) {
      const lines = await runWriterUntil(dataDir, round, 150 + Math.floor(Math.random() * 100));
      acknowledged.push(...lines);

      const store = await openStore(dataDir, 40);
      const entityIds = acknowledged.filter((l) => l.startsWith('entity ')).map((l) => l.slice(7));
      const claimIds = acknowledged.filter((l) => l.startsWith('claim ')).map((l) => l.slice(6));
      expect(entityIds.length).toBeGreaterThan(0);
      expect(claimIds.length).toBeGreaterThan(0);
      const entities = await store.getEntities(entityIds);
      expect(entityIds.filter((_, i) => entities[i] === null)).toEqual([]);
      const claims = await store.getClaims(claimIds);
      expect(claimIds.filter((_, i) => claims[i] === null)).toEqual([]);
      const citations = await store.getCitationsOfClaims(claimIds);
      expect(citations.every((list) => list.length === 1)).toBe(true);
      await store.close();
      untrack(store);
    }
  });

  it('drops a torn last journal line, and truncates the journal to the last good one', async () => {
    const dataDir = tmpDir();
    const f = new Fixtures();
    const store = await openStore(dataDir);
    const a = f.entity();
    const b = f.entity();
    await store.createEntity(a);
    await store.createEntity(b);
    crash(dataDir);
    const journalFile = path.join(dataDir, JOURNAL_FILE);
    const goodSize = fs.statSync(journalFile).size;
    fs.appendFileSync(journalFile, '{"seq":3,"op":"createEntity","sha256":"0123abc","data":{"id":"per_x","ki');

    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const reopened = await openStore(dataDir);
      expect(warnings).toHaveBeenCalledWith(expect.stringContaining('line 3'), expect.anything());
      expect(fs.statSync(journalFile).size).toBe(goodSize);
      expect(await reopened.getEntities([a.id, b.id, 'per_x'])).toEqual([a, b, null]);
      const c = f.entity();
      await reopened.createEntity(c);
      crash(dataDir);
      expect(await (await openStore(dataDir)).getEntities([a.id, b.id, c.id])).toEqual([a, b, c]);
      expect(journalLines(dataDir).map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3]);
    } finally {
      warnings.mockRestore();
    }
  });

  it('drops a last line whose hash does not match, keeps a complete one that lost its newline', async () => {
    const dataDir = tmpDir();
    const f = new Fixtures();
    const store = await openStore(dataDir);
    const a = f.entity();
    const b = f.entity();
    await store.createEntity(a);
    await store.createEntity(b);
    crash(dataDir);
    const journalFile = path.join(dataDir, JOURNAL_FILE);
    const text = fs.readFileSync(journalFile, 'utf8');

    // The newline of the last line is missing: the entry is whole, so it stays.
    fs.writeFileSync(journalFile, text.slice(0, -1));
    const first = await openStore(dataDir);
    expect(await first.getEntities([a.id, b.id])).toEqual([a, b]);
    expect(fs.readFileSync(journalFile, 'utf8')).toBe(text);
    crash(dataDir);

    // A flipped byte in the last line's data: it fails its hash and goes.
    fs.writeFileSync(journalFile, text.replace(b.name, b.name.replace(/.$/, '#')));
    const warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const second = await openStore(dataDir);
      expect(await second.getEntities([a.id, b.id])).toEqual([a, null]);
    } finally {
      warnings.mockRestore();
    }
  });

  it('refuses to open a journal damaged before its last line, naming the file and line', async () => {
    const dataDir = tmpDir();
    const f = new Fixtures();
    const store = await openStore(dataDir);
    for (let i = 0; i < 3; i += 1) await store.createEntity(f.entity());
    crash(dataDir);
    const journalFile = path.join(dataDir, JOURNAL_FILE);
    const lines = fs.readFileSync(journalFile, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 40);
    fs.writeFileSync(journalFile, lines.join('\n'));

    await expect(new EmbeddedStore({ dataDir }).init()).rejects.toThrow(`${journalFile} is corrupt at line 2`);
    // The refused open released its lock.
    expect(fs.existsSync(path.join(dataDir, 'LOCK'))).toBe(false);
  });

  it('refuses to open a damaged snapshot', async () => {
    const dataDir = tmpDir();
    const store = await openStore(dataDir);
    await populate(store, new Fixtures());
    await store.close();
    const snapshotFile = path.join(dataDir, SNAPSHOT_FILE);
    const text = fs.readFileSync(snapshotFile, 'utf8');
    expect(() => JSON.parse(text) as unknown).not.toThrow(); // plain JSON for anyone inspecting it
    fs.writeFileSync(snapshotFile, text.replace('Mezzeh', 'Mezzex'));

    await expect(new EmbeddedStore({ dataDir }).init()).rejects.toThrow(/snapshot .* is damaged .*hash mismatch/);
  });

  it('leaves the journal and memory untouched when it refuses a write', async () => {
    const dataDir = tmpDir();
    const f = new Fixtures();
    const store = await openStore(dataDir);
    const person = f.entity();
    const report = f.source();
    await store.createEntity(person);
    await store.createSource(report);
    const journalFile = path.join(dataDir, JOURNAL_FILE);
    const size = fs.statSync(journalFile).size;
    const before = await dump(store);

    const dangling = f.relationClaim(person.id, 'DETAINED_AT', f.id('fac'), report.id);
    await expect(store.assertClaim(dangling)).rejects.toThrow('No entity');
    await expect(store.assertClaim({ claim: dangling.claim, citations: [] })).rejects.toThrow('at least one citation');
    await expect(store.createEntity(person)).rejects.toThrow('already exists');
    await expect(store.updateSource({ ...report, derivedFromIds: [report.id] })).rejects.toThrow('itself');
    const orphan = f.entity();
    await expect(
      store.importBundle({
        entities: [orphan],
        sources: [],
        claims: [f.relationClaim(orphan.id, 'DETAINED_AT', f.id('fac'), report.id)],
      }),
    ).rejects.toThrow('No entity');

    expect(fs.statSync(journalFile).size).toBe(size);
    expect(await dump(store)).toEqual(before);
    crash(dataDir);
    expect(await dump(await openStore(dataDir))).toEqual(before);
  });

  it('refuses a second store on a directory in use, and takes over a stale lock', async () => {
    const dataDir = tmpDir();
    const first = await openStore(dataDir);
    await expect(new EmbeddedStore({ dataDir }).init()).rejects.toThrow(dataDir);
    await first.close();

    // The lock of a process that no longer exists is stale.
    const dead = spawnSync(process.execPath, ['-e', '']);
    expect(dead.status).toBe(0);
    fs.writeFileSync(path.join(dataDir, 'LOCK'), `${dead.pid}\n`);
    const second = await openStore(dataDir);
    expect(DirectoryLock.ownerOf(dataDir)?.pid).toBe(process.pid);
    await second.close();
    expect(fs.existsSync(path.join(dataDir, 'LOCK'))).toBe(false);
  });

  it('refuses a second store while another process holds the directory', async () => {
    const dataDir = tmpDir();
    const child = spawnWriter(dataDir, 'x');
    try {
      await readLinesUntil(child, 1);
      await expect(new EmbeddedStore({ dataDir }).init()).rejects.toThrow(`in use by process ${child.pid}`);
    } finally {
      await kill(child);
    }
  });
});

/*
 * The writer: a separate Node process that opens the store (compiling the
 * TypeScript sources with swc through a require hook) and writes entities and
 * claims as fast as it can, printing each id once its write is acknowledged.
 */
const WRITER = `
const fs = require('fs');
const swc = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
const [storeModule, dataDir, round] = process.argv.slice(1);
const { EmbeddedStore } = require(storeModule);
const now = '2026-01-01T00:00:00.000Z';
const entity = (id) => ({ id, kind: 'PERSON', name: 'Person ' + id, aliases: [], description: null, facilityType: null,
  placeType: null, latitude: null, longitude: null, eventType: null, date: null, createdAt: now, updatedAt: now });
(async () => {
  const store = new EmbeddedStore({ dataDir, snapshotEvery: 40 });
  await store.init();
  const sourceId = 'src_' + round;
  await store.createSource({ id: sourceId, title: 'Report', kind: 'REPORT', publisher: null, author: null, date: null,
    url: null, language: null, contentHash: null, derivedFromIds: [], createdAt: now, updatedAt: now });
  process.stdout.write('ready\\n');
  for (let i = 0; ; i += 1) {
    const a = 'per_' + round + '_' + i + 'a';
    const b = 'per_' + round + '_' + i + 'b';
    await Promise.all([a, b].map((id) => store.createEntity(entity(id)).then(() => process.stdout.write('entity ' + id + '\\n'))));
    const claimId = 'clm_' + round + '_' + i;
    await store.assertClaim({
      claim: { id: claimId, subjectId: a, predicate: 'RELATIVE_OF', objectId: b, value: null, period: null,
        status: 'ASSERTED', statusReason: null, note: null, createdAt: now, updatedAt: now },
      citations: [{ id: 'cit_' + round + '_' + i, claimId, sourceId, viaSourceId: null, locator: 'p. 1', excerpt: 'x',
        reliability: 'B', credibility: 2, createdAt: now }],
    });
    process.stdout.write('claim ' + claimId + '\\n');
  }
})().catch((error) => { process.stderr.write(String(error && error.stack || error) + '\\n'); process.exit(1); });
`;

function spawnWriter(dataDir: string, round: string): ChildProcess {
  return spawn(process.execPath, ['-e', WRITER, STORE_MODULE, dataDir, round], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the child's acknowledged lines once there are at least `count` after "ready". */
function readLinesUntil(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    let ready = false;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        if (line === 'ready') ready = true;
        else lines.push(line);
      }
      if (ready && lines.length >= count) resolve(lines);
    });
    child.on('exit', (code, signal) => reject(new Error(`writer exited early (${code ?? signal}): ${stderr}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Runs a writer until it has acknowledged at least `count` writes, kills it
 * with SIGKILL while it keeps writing, and returns every line it printed
 * before dying (more may arrive after the count is reached).
 */
async function runWriterUntil(dataDir: string, round: string, count: number): Promise<string[]> {
  const child = spawnWriter(dataDir, round);
  const seen = await readLinesUntil(child, count);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  return seen;
}
