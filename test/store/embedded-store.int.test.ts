import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccessLevel, ClaimStatus, EntityKind, FacilityType } from '../../src/domain/model';
import { searchTerms } from '../../src/domain/names';
import { BadUserInputError, ConflictError, NotFoundError } from '../../src/domain/errors';
import { EmbeddedStore, JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/store/embedded/embedded.store';
import { ClaimRole } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';

/* Behaviour of the embedded store beyond the shared contract. */

let dataDir: string;
let store: EmbeddedStore;
let f: Fixtures;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-embedded-store-'));
  store = new EmbeddedStore({ dataDir });
  await store.init();
  f = new Fixtures();
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function reopen(): Promise<EmbeddedStore> {
  await store.close();
  store = new EmbeddedStore({ dataDir });
  await store.init();
  return store;
}

async function world() {
  const person = f.entity();
  const other = f.entity();
  const prison = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON });
  const report = f.source();
  await store.importBundle({ entities: [person, other, prison], sources: [report], claims: [] });
  return { person, other, prison, report };
}

describe('embedded store', () => {
  it('mirrors entity-to-entity claims as graph edges keyed by claim id, across a reopen', async () => {
    const { person, prison, report } = await world();
    const held = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
    const count = f.quantityClaim(prison.id, 'DETAINEE_COUNT', 100, report.id);
    await store.assertClaim(held);
    await store.assertClaim(count);
    await store.setClaimStatus({
      claimId: held.claim.id,
      status: ClaimStatus.DISPUTED,
      reason: 'r',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });

    const check = (s: EmbeddedStore): void => {
      const g = s.graph;
      expect(g.order).toBe(3);
      expect(g.size).toBe(1);
      expect(g.source(held.claim.id)).toBe(person.id);
      expect(g.target(held.claim.id)).toBe(prison.id);
      expect(g.getEdgeAttributes(held.claim.id)).toEqual({ predicate: 'DETAINED_AT', status: ClaimStatus.DISPUTED });
      expect(g.hasEdge(count.claim.id)).toBe(false);
      expect(g.getNodeAttributes(prison.id)).toEqual({ kind: EntityKind.FACILITY });
    };
    check(store);
    check(await reopen());
  });

  it('moves indexes and the edge when a bundle re-imports a claim with another object', async () => {
    const { person, other, prison, report } = await world();
    const claim = f.relationClaim(person.id, 'RELATIVE_OF', other.id, report.id);
    await store.importBundle({ entities: [], sources: [], claims: [claim] });
    const moved = {
      claim: { ...claim.claim, predicate: 'DETAINED_AT', objectId: prison.id },
      citations: claim.citations,
    };
    await store.importBundle({ entities: [], sources: [], claims: [moved] });

    expect(store.graph.target(claim.claim.id)).toBe(prison.id);
    const asObject = await store.getClaimsOfEntities([other.id, prison.id], ClaimRole.OBJECT);
    expect(asObject.map((l) => l.map((c) => c.id))).toEqual([[], [claim.claim.id]]);
    const ids = async (predicate: string) =>
      (await store.listClaims({ predicates: [predicate] }, { first: 10, after: null })).items.map((c) => c.id);
    expect(await ids('RELATIVE_OF')).toEqual([]);
    expect(await ids('DETAINED_AT')).toEqual([claim.claim.id]);
  });

  it('refuses bundles that would break invariants, and writes nothing of them', async () => {
    const { person, prison, report } = await world();
    const journal = path.join(dataDir, JOURNAL_FILE);
    const size = fs.statSync(journal).size;

    const a = f.source();
    const b = f.source({ derivedFromIds: [a.id] });
    const cycle = { entities: [], sources: [{ ...a, derivedFromIds: [b.id] }, b], claims: [] };
    await expect(store.importBundle(cycle)).rejects.toBeInstanceOf(BadUserInputError);

    const dup = f.entity();
    await expect(store.importBundle({ entities: [dup, dup], sources: [], claims: [] })).rejects.toBeInstanceOf(
      BadUserInputError,
    );

    const first = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
    await store.assertClaim(first);
    const sizeAfterClaim = fs.statSync(journal).size;
    const thief = f.relationClaim(person.id, 'RELEASED_FROM', prison.id, report.id);
    const stolen = { ...first.citations[0]!, claimId: thief.claim.id };
    await expect(
      store.importBundle({ entities: [], sources: [], claims: [{ claim: thief.claim, citations: [stolen] }] }),
    ).rejects.toBeInstanceOf(ConflictError);

    expect(sizeAfterClaim).toBeGreaterThan(size);
    expect(fs.statSync(journal).size).toBe(sizeAfterClaim);
    expect(await store.getSources([a.id, b.id])).toEqual([null, null]);
    expect(await store.getClaims([thief.claim.id])).toEqual([null]);
    expect(await store.getCitations([stolen.id])).toEqual([first.citations[0]]);
  });

  it('refuses citations that name another claim or repeat an id', async () => {
    const { person, prison, report } = await world();
    const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
    const wrong = { ...claim, citations: [{ ...claim.citations[0]!, claimId: f.id('clm') }] };
    await expect(store.assertClaim(wrong)).rejects.toBeInstanceOf(BadUserInputError);
    const twice = { ...claim, citations: [claim.citations[0]!, claim.citations[0]!] };
    await expect(store.assertClaim(twice)).rejects.toBeInstanceOf(BadUserInputError);
    await store.assertClaim(claim);
    await expect(store.addCitations(claim.claim.id, claim.citations, AccessLevel.PUBLIC)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('treats an empty addCitations as a no-op on an existing claim and NOT_FOUND on a missing one', async () => {
    const { person, prison, report } = await world();
    const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
    await store.assertClaim(claim);
    const size = fs.statSync(path.join(dataDir, JOURNAL_FILE)).size;
    await store.addCitations(claim.claim.id, [], AccessLevel.PUBLIC);
    expect(fs.statSync(path.join(dataDir, JOURNAL_FILE)).size).toBe(size);
    await expect(store.addCitations(f.id('clm'), [], AccessLevel.PUBLIC)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('hands out copies of every kind of record', async () => {
    const { person, prison, report } = await world();
    const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id, {
      period: { edtf: '2012', earliest: '2012-01-01', latest: '2012-12-31' },
    });
    await store.assertClaim(claim);
    const [c] = await store.getClaims([claim.claim.id]);
    c!.period!.edtf = 'x';
    const [[cit]] = await store.getCitationsOfClaims([claim.claim.id]);
    cit!.excerpt = 'x';
    const [s] = await store.getSources([report.id]);
    s!.derivedFromIds.push('x');
    const listed = await store.listEntities({}, { first: 10, after: null });
    listed.items[0]!.aliases.push('x');
    const found = await store.searchEntityCandidates({ tokens: searchTerms(person.name).tokens, limit: 10 });
    found[0]!.name = 'x';

    expect(await store.getClaims([claim.claim.id])).toEqual([claim.claim]);
    expect(await store.getCitationsOfClaims([claim.claim.id])).toEqual([claim.citations]);
    expect(await store.getSources([report.id])).toEqual([report]);
    expect((await store.listEntities({}, { first: 10, after: null })).items.every((e) => e.aliases.length === 0)).toBe(
      true,
    );
    expect(await store.getEntities([person.id])).toEqual([person]);
  });

  it('lists claims by several predicates or statuses, none for an empty list, paged by keyset', async () => {
    const { person, prison, report } = await world();
    const claims = [
      f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id),
      f.relationClaim(person.id, 'RELEASED_FROM', prison.id, report.id),
      f.relationClaim(person.id, 'OFFICIAL_AT', prison.id, report.id),
    ];
    for (const c of claims) await store.assertClaim(c);
    await store.setClaimStatus({
      claimId: claims[2]!.claim.id,
      status: ClaimStatus.RETRACTED,
      reason: 'r',
      updatedAt: claims[2]!.claim.updatedAt,
    });
    const ids = async (filter: Parameters<EmbeddedStore['listClaims']>[0], first = 10, after: string | null = null) =>
      (await store.listClaims(filter, { first, after })).items.map((c) => c.id);
    const all = claims.map((c) => c.claim.id).sort();

    const [held, released, official] = claims.map((c) => c.claim.id);
    expect(await ids({ predicates: ['DETAINED_AT', 'RELEASED_FROM'] })).toEqual([held, released].sort());
    expect(await ids({ predicates: ['OFFICIAL_AT'] })).toEqual([official]);
    expect(await ids({ statuses: [ClaimStatus.ASSERTED, ClaimStatus.RETRACTED] })).toEqual(all);
    expect(await ids({ statuses: [ClaimStatus.RETRACTED] })).toEqual([claims[2]!.claim.id]);
    expect(await ids({ predicates: [] })).toEqual([]);
    expect(await ids({ subjectId: person.id }, 2, all[0]!)).toEqual(all.slice(1));
    const page = await store.listClaims({ sourceId: report.id }, { first: 1, after: all[0]! });
    expect(page).toMatchObject({ totalCount: 3, hasNextPage: true });
    expect(page.items.map((c) => c.id)).toEqual([all[1]]);
  });

  it('keeps, within the limit, the search candidates that match the most tokens', async () => {
    const crowd = [];
    for (let i = 0; i < 20; i += 1) crowd.push(f.entity({ name: `Mohammed Haddad ${i}` }));
    const target = f.entity({ name: 'Mohammed Khaled Zaatari' });
    await store.importBundle({ entities: [...crowd, target], sources: [], claims: [] });

    const found = await store.searchEntityCandidates({ tokens: searchTerms('Muhammad Zaatari').tokens, limit: 3 });
    expect(found).toHaveLength(3);
    expect(found[0]).toEqual(target);
    expect(await store.searchEntityCandidates({ tokens: searchTerms('Haddad').tokens, limit: 5 })).toHaveLength(5);
    expect(await store.searchEntityCandidates({ tokens: [], limit: 5 })).toEqual([]);
  });

  it('updates the search index when an entity is renamed', async () => {
    const person = f.entity({ name: 'Omar Aziz' });
    await store.createEntity(person);
    await store.updateEntity({ ...person, name: 'Fadwa Suleiman', aliases: ['فدوى سليمان'] });
    const ids = async (q: string) =>
      (await store.searchEntityCandidates({ tokens: searchTerms(q).tokens, limit: 10 })).map((e) => e.id);
    expect(await ids('Aziz')).toEqual([]);
    expect(await ids('Suleiman')).toEqual([person.id]);
    expect(await ids('سليمان')).toEqual([person.id]);
    const listed = await store.listEntities({ nameContains: 'fadwa' }, { first: 10, after: null });
    expect(listed.items.map((e) => e.id)).toEqual([person.id]);
  });

  it('reuses the search data a snapshot saved only when the names code is the same', async () => {
    const person = f.entity({ name: 'Razan Zaitouneh' });
    await store.createEntity(person);
    await store.close(); // writes the snapshot
    const snapshotFile = path.join(dataDir, SNAPSHOT_FILE);
    const original = fs.readFileSync(snapshotFile, 'utf8');
    const ids = async (q: string) => (await store.searchEntityCandidates({ tokens: [q], limit: 10 })).map((e) => e.id);

    // Saved words are used as they are under the same fingerprint...
    rewriteSnapshot(snapshotFile, original.replace('"zaitouneh"', '"planted"'));
    await reopen();
    expect(await ids('planted')).toEqual([person.id]);

    // ...and derived again under another.
    rewriteSnapshot(
      snapshotFile,
      original.replace('"zaitouneh"', '"planted"').replace(/"fingerprint":"[0-9a-f]+"/, '"fingerprint":"other"'),
    );
    await reopen();
    expect(await ids('planted')).toEqual([]);
    expect(await ids('zaitouneh')).toEqual([person.id]);
  });

  it('refuses reads and writes before init and after close, and opens again on init', async () => {
    const fresh = new EmbeddedStore({ dataDir: path.join(dataDir, 'other') });
    await expect(fresh.counts()).rejects.toThrow('not initialised');
    await expect(fresh.createEntity(f.entity())).rejects.toThrow('not initialised');
    await fresh.init();
    await fresh.init(); // idempotent
    const person = f.entity();
    await fresh.createEntity(person);
    await fresh.close();
    await expect(fresh.getEntities([person.id])).rejects.toThrow('closed');
    await fresh.init(); // opens again
    expect(await fresh.getEntities([person.id])).toEqual([person]);
    await fresh.close();
  });
});

/** Writes snapshot text with its sha256 trailer recomputed, as if the store had written it. */
function rewriteSnapshot(file: string, text: string): void {
  const lines = text.split('\n');
  lines.pop(); // the final newline
  lines.pop(); // the trailer
  const body = lines.map((l) => `${l}\n`).join('');
  const sha = createHash('sha256').update(body, 'utf8').digest('hex');
  fs.writeFileSync(file, `${body}"sha256":"${sha}"}\n`);
}
