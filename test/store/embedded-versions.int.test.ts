import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClaimStatus, EntityKind } from '../../src/domain/model';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/store/embedded/embedded.store';
import { embeddedDirs } from '../support/embedded-dirs';
import { Fixtures } from '../support/fixtures';

/*
 * Record versions in the embedded store's files: a write journals the mark
 * `"versions":1`, and its replay moves versions on as the write did; journals
 * and snapshots written before versions existed still open, and what they
 * hold reads as version 1, however often it was changed then.
 */

const AT = '2026-04-05T00:00:00.000Z';
const { tmpDir, openStore, crash } = embeddedDirs('athar-embedded-versions');

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Drops every `version` property of a record (entity, source, claim) in a value read from JSON. */
function stripVersions(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(stripVersions);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  delete record.version;
  Object.values(record).forEach(stripVersions);
}

/** Rewrites the journal as code before versions wrote it: no mark, no versions in records, no audit part. */
function makeJournalLegacy(dataDir: string): void {
  const file = path.join(dataDir, JOURNAL_FILE);
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((text) => {
      const line = JSON.parse(text) as { seq: number; op: string; data: unknown };
      stripVersions(line.data);
      const data = JSON.stringify(line.data);
      return `${JSON.stringify({ seq: line.seq, op: line.op, sha256: sha256(data) }).slice(0, -1)},"data":${data}}`;
    });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Rewrites the snapshot's records without versions, and reseals it. */
function makeSnapshotLegacy(dataDir: string): void {
  const file = path.join(dataDir, SNAPSHOT_FILE);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const trailerAt = lines.findIndex((l) => l.startsWith('"sha256":'));
  const body = lines
    .slice(0, trailerAt)
    .map((l) => (l.startsWith('{"id":') ? l.replace(/,"version":\d+\}(,?)$/, '}$1') : l))
    .map((l) => `${l}\n`)
    .join('');
  expect(body).not.toMatch(/^\{"id":.*"version":/m);
  fs.writeFileSync(file, `${body}"sha256":"${sha256(body)}"}\n`);
}

describe('embedded store: record versions on disk', () => {
  async function writeHistory(dataDir: string, f: Fixtures) {
    const store = await openStore(dataDir);
    const person = f.entity();
    const prison = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, name: 'Prison' });
    const report = f.source();
    await store.createEntity(person);
    await store.createEntity(prison);
    await store.createSource(report);
    await store.updateEntity({ id: person.id, description: 'one', updatedAt: AT });
    await store.updateEntity({ id: person.id, description: 'two', updatedAt: AT });
    await store.updateSource({ id: report.id, title: 'Renamed', updatedAt: AT });
    const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
    await store.assertClaim(claim);
    await store.setClaimStatus({ claimId: claim.claim.id, status: ClaimStatus.DISPUTED, reason: 'r', updatedAt: AT });
    return { store, person, report, claim: claim.claim };
  }

  it('replays versions as they were written', async () => {
    const dataDir = tmpDir();
    const { store, person, report, claim } = await writeHistory(dataDir, new Fixtures());
    const versions = async (s: typeof store) => [
      (await s.getEntities([person.id]))[0]!.version,
      (await s.getSources([report.id]))[0]!.version,
      (await s.getClaims([claim.id]))[0]!.version,
    ];
    expect(await versions(store)).toEqual([3, 2, 2]);
    expect(fs.readFileSync(path.join(dataDir, JOURNAL_FILE), 'utf8')).toMatch(
      /^\{"seq":1,"op":"createEntity","sha256":"[0-9a-f]+","versions":1,/,
    );
    crash(dataDir);
    expect(await versions(await openStore(dataDir))).toEqual([3, 2, 2]);
  });

  it('reads records journaled before versions as version 1, and counts on from there', async () => {
    const dataDir = tmpDir();
    const { person, report, claim } = await writeHistory(dataDir, new Fixtures());
    crash(dataDir);
    makeJournalLegacy(dataDir);

    const reopened = await openStore(dataDir);
    expect((await reopened.getEntities([person.id]))[0]).toMatchObject({ description: 'two', version: 1 });
    expect((await reopened.getSources([report.id]))[0]).toMatchObject({ title: 'Renamed', version: 1 });
    expect((await reopened.getClaims([claim.id]))[0]).toMatchObject({ status: ClaimStatus.DISPUTED, version: 1 });

    const edited = await reopened.updateEntity({ id: person.id, description: 'three', updatedAt: AT });
    expect(edited.version).toBe(2);
    crash(dataDir);
    const again = await openStore(dataDir);
    expect((await again.getEntities([person.id]))[0]).toMatchObject({ description: 'three', version: 2 });
  });

  it('reads records snapshotted before versions as version 1', async () => {
    const dataDir = tmpDir();
    const { store, person, report, claim } = await writeHistory(dataDir, new Fixtures());
    await store.close(); // writes a snapshot and empties the journal
    makeSnapshotLegacy(dataDir);

    const reopened = await openStore(dataDir);
    expect((await reopened.getEntities([person.id]))[0]!.version).toBe(1);
    expect((await reopened.getSources([report.id]))[0]!.version).toBe(1);
    expect((await reopened.getClaims([claim.id]))[0]!.version).toBe(1);
    const retracted = await reopened.setClaimStatus({
      claimId: claim.id,
      status: ClaimStatus.RETRACTED,
      reason: 'r2',
      updatedAt: AT,
    });
    expect(retracted.version).toBe(2);
  });
});
