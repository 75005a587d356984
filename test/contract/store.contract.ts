import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  EventType,
  FacilityType,
  SourceKind,
} from '../../src/domain/model';
import { searchTerms } from '../../src/domain/names';
import { BadUserInputError, ConflictError, ErrorCode, NotFoundError } from '../../src/domain/errors';
import { ClaimRole, Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';

const NOW_ISO = '2026-04-01T00:00:00.000Z';

export interface StoreHandle {
  store: Store;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every store adapter must have. It runs unchanged against the
 * embedded store and against a real Neo4j server. The Neo4j database is shared
 * with other test files and the seed case, so every assertion is scoped to
 * this run's own ids.
 */
export function runStoreContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    let f: Fixtures;

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
    });

    afterAll(async () => {
      await handle.cleanup();
    });

    beforeEach(() => {
      f = new Fixtures();
    });

    async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
      await expect(promise).rejects.toMatchObject({ code });
    }

    it('is ready once initialised', async () => {
      await expect(store.unreadiness()).resolves.toBeNull();
    });

    describe('counts', () => {
      // Deltas, not totals: the Neo4j database holds other test files' records too (written one file at a time).
      it('counts, with levels, only the records a viewer of those levels may see', async () => {
        const publicOnly = [AccessLevel.PUBLIC];
        const [allBefore, publicBefore] = [await store.counts(), await store.counts(publicOnly)];
        const open = f.entity();
        const restricted = f.entity({ access: AccessLevel.RESTRICTED });
        const report = f.source({ access: AccessLevel.CONFIDENTIAL });
        for (const e of [open, restricted]) await store.createEntity(e);
        await store.createSource(report);
        const claim = f.relationClaim(open.id, 'RELATIVE_OF', restricted.id, report.id, {
          visibility: AccessLevel.CONFIDENTIAL,
        });
        claim.citations[0]!.visibility = AccessLevel.CONFIDENTIAL;
        await store.assertClaim(claim);
        const [allAfter, publicAfter] = [await store.counts(), await store.counts(publicOnly)];
        const delta = (a: typeof allAfter, b: typeof allAfter) => ({
          entities: a.entities - b.entities,
          sources: a.sources - b.sources,
          claims: a.claims - b.claims,
          citations: a.citations - b.citations,
        });
        expect(delta(allAfter, allBefore)).toEqual({ entities: 2, sources: 1, claims: 1, citations: 1 });
        expect(delta(publicAfter, publicBefore)).toEqual({ entities: 1, sources: 0, claims: 0, citations: 0 });
      });
    });

    describe('entities', () => {
      it('round-trips every field, and returns batched reads in key order with null for misses', async () => {
        const facility = f.entity({
          id: f.id('fac'),
          kind: EntityKind.FACILITY,
          name: 'Ṣaydnāyā Prison',
          aliases: ['Sednaya', 'سجن صيدنايا'],
          description: 'Military prison north of Damascus',
          facilityType: FacilityType.PRISON,
        });
        const event = f.entity({
          id: f.id('evt'),
          kind: EntityKind.EVENT,
          name: 'Opening of the prison',
          eventType: EventType.LIBERATION,
          date: { edtf: '2024-12-08', earliest: '2024-12-08', latest: '2024-12-08' },
        });
        const place = f.entity({
          id: f.id('plc'),
          kind: EntityKind.PLACE,
          name: 'Damascus',
          latitude: 33.5138,
          longitude: 36.2765,
        });
        await store.createEntity(facility);
        await store.createEntity(event);
        await store.createEntity(place);

        const missing = f.id('per', 'missing');
        const got = await store.getEntities([event.id, missing, facility.id, place.id, event.id]);
        expect(got).toEqual([event, null, facility, place, event]);
      });

      it('refuses a duplicate id with CONFLICT and keeps the first record', async () => {
        const person = f.entity();
        await store.createEntity(person);
        await expect(store.createEntity({ ...person, name: 'Someone else' })).rejects.toBeInstanceOf(ConflictError);
        expect((await store.getEntities([person.id]))[0]?.name).toBe(person.name);
      });

      it('updates an entity in place and refuses to update a missing one', async () => {
        const person = f.entity();
        await store.createEntity(person);
        const updated = {
          ...person,
          aliases: ['Abu Test'],
          description: 'updated',
          updatedAt: '2026-02-01T00:00:00.000Z',
        };
        expect(await store.updateEntity(updated)).toEqual({ ...updated, version: 2 });
        expect(await store.getEntities([person.id])).toEqual([{ ...updated, version: 2 }]);
        await expect(store.updateEntity(f.entity())).rejects.toBeInstanceOf(NotFoundError);
      });

      it('hands out copies: mutating a returned record does not change the store', async () => {
        const person = f.entity({ aliases: ['A'] });
        await store.createEntity(person);
        const [first] = await store.getEntities([person.id]);
        first!.aliases.push('B');
        first!.name = 'changed';
        expect(await store.getEntities([person.id])).toEqual([person]);
      });

      it('lists by kind, subtype and diacritic-insensitive name, paged by keyset with a total', async () => {
        const tag = `Zq${f.run}`;
        const made = [];
        for (let i = 0; i < 5; i += 1) {
          const e = f.entity({
            id: f.id('fac'),
            kind: EntityKind.FACILITY,
            facilityType: i % 2 === 0 ? FacilityType.PRISON : FacilityType.BRANCH,
            name: `Branch ${tag} ${i}`,
          });
          made.push(e);
          await store.createEntity(e);
        }
        await store.createEntity(f.entity({ name: `Person ${tag}` }));
        const needle = `BRANCH ${tag}`.replace('a', 'á');

        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const page = await store.listEntities(
            { kind: EntityKind.FACILITY, nameContains: needle },
            { first: 2, after },
          );
          expect(page.totalCount).toBe(5);
          seen.push(...page.items.map((e) => e.id));
          pages += 1;
          if (!page.hasNextPage) break;
          after = page.items[page.items.length - 1]!.id;
        }
        expect(pages).toBe(3);
        expect(seen).toEqual(made.map((e) => e.id).sort());

        const prisons = await store.listEntities(
          { kind: EntityKind.FACILITY, subtype: FacilityType.PRISON, nameContains: tag },
          { first: 10, after: null },
        );
        expect(prisons.items.map((e) => e.id)).toEqual(
          made
            .filter((e) => e.facilityType === FacilityType.PRISON)
            .map((e) => e.id)
            .sort(),
        );
        expect(prisons.hasNextPage).toBe(false);
      });

      it('lists only protected people when asked, whatever their level', async () => {
        const tag = `Zqprot${f.run}`;
        const open = f.entity({ name: `${tag} open` });
        const shielded = f.entity({
          name: `${tag}x`,
          protection: AccessLevel.CONFIDENTIAL,
          pseudonym: 'Witness W-TEST01',
          access: AccessLevel.RESTRICTED,
        });
        for (const e of [open, shielded]) await store.createEntity(e);
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page: Awaited<ReturnType<Store['listEntities']>> = await store.listEntities(
            { kind: EntityKind.PERSON, protectedOnly: true },
            { first: 500, after },
          );
          seen.push(...page.items.map((e) => e.id));
          expect(page.items.every((e) => e.protection !== null)).toBe(true);
          if (!page.hasNextPage) break;
          after = page.items[page.items.length - 1]!.id;
        }
        expect(seen).toContain(shielded.id);
        expect(seen).not.toContain(open.id);
      });

      it('finds search candidates by name, alias, transliteration and Arabic script', async () => {
        const tag = `qx${f.run}`;
        const prison = f.entity({
          id: f.id('fac'),
          kind: EntityKind.FACILITY,
          name: `Sednaya ${tag}`,
          aliases: ['سجن صيدنايا'],
        });
        const person = f.entity({ name: `Rami Abdurrahman ${tag}` });
        await store.createEntity(prison);
        await store.createEntity(person);

        const ids = async (text: string, kinds?: EntityKind[]) =>
          (await store.searchEntityCandidates({ tokens: searchTerms(text).tokens, kinds, limit: 1000 })).map(
            (e) => e.id,
          );
        expect(await ids(`Saydnaya ${tag}`)).toContain(prison.id);
        expect(await ids('صيدنايا')).toContain(prison.id);
        expect(await ids(`abdul rahman ${tag}`)).toContain(person.id);
        expect(await ids(tag, [EntityKind.PERSON])).toEqual([person.id]);
      });
    });

    describe('sources', () => {
      it('round-trips sources with what they derive from', async () => {
        const origin = f.source({
          publisher: 'Amnesty International',
          date: { edtf: '2017', earliest: '2017-01-01', latest: '2017-12-31' },
        });
        const article = f.source({
          kind: SourceKind.NEWS_ARTICLE,
          contentHash: 'e'.repeat(64),
          derivedFromIds: [origin.id],
          url: 'https://example.org/a',
        });
        await store.createSource(origin);
        await store.createSource(article);
        expect(await store.getSources([article.id, f.id('src'), origin.id])).toEqual([article, null, origin]);
      });

      it('refuses a source deriving from a missing one, or a derivation cycle, and writes nothing', async () => {
        const a = f.source();
        await expect(store.createSource({ ...a, derivedFromIds: [f.id('src')] })).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.getSources([a.id])).toEqual([null]);

        const b = f.source();
        await store.createSource(a);
        await store.createSource({ ...b, derivedFromIds: [a.id] });
        await expect(store.updateSource({ ...a, derivedFromIds: [b.id] })).rejects.toBeInstanceOf(BadUserInputError);
        expect((await store.getSources([a.id]))[0]?.derivedFromIds).toEqual([]);
      });

      it('lists sources by kind', async () => {
        const video = f.source({ kind: SourceKind.VIDEO });
        await store.createSource(video);
        const page = await store.listSources({ kind: SourceKind.VIDEO }, { first: 500, after: null });
        expect(page.items.every((s) => s.kind === SourceKind.VIDEO)).toBe(true);
        expect(page.totalCount).toBeGreaterThanOrEqual(1);
      });
    });

    describe('claims and citations', () => {
      async function world() {
        const person = f.entity();
        const prison = f.entity({
          id: f.id('fac'),
          kind: EntityKind.FACILITY,
          name: 'Prison',
          facilityType: FacilityType.PRISON,
        });
        const report = f.source();
        const article = f.source({ kind: SourceKind.NEWS_ARTICLE, derivedFromIds: [report.id] });
        await store.createEntity(person);
        await store.createEntity(prison);
        await store.createSource(report);
        await store.createSource(article);
        return { person, prison, report, article };
      }

      it('writes a claim with its citations and reads them back from every side', async () => {
        const { person, prison, report, article } = await world();
        const detained = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id, {
          period: { edtf: '2011/2013', earliest: '2011-01-01', latest: '2013-12-31' },
          note: 'held in the red building',
        });
        detained.citations.push(
          f.citation(detained.claim.id, report.id, { viaSourceId: article.id, locator: 'para. 22', credibility: 3 }),
        );
        const deaths = f.quantityClaim(prison.id, 'DEATH_COUNT', 30000, report.id);
        await store.assertClaim(detained);
        await store.assertClaim(deaths);

        expect(await store.getClaims([deaths.claim.id, f.id('clm'), detained.claim.id])).toEqual([
          deaths.claim,
          null,
          detained.claim,
        ]);
        const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
        expect(await store.getCitationsOfClaims([detained.claim.id, f.id('clm')])).toEqual([
          [...detained.citations].sort(byId),
          [],
        ]);
        expect(await store.getCitations([detained.citations[1]!.id])).toEqual([detained.citations[1]]);

        const asSubject = await store.getClaimsOfEntities([person.id, prison.id], ClaimRole.SUBJECT);
        expect(asSubject.map((list) => list.map((c) => c.id))).toEqual([[detained.claim.id], [deaths.claim.id]]);
        const asObject = await store.getClaimsOfEntities([prison.id, person.id], ClaimRole.OBJECT);
        expect(asObject.map((list) => list.map((c) => c.id))).toEqual([[detained.claim.id], []]);

        const bySource = await store.getCitationsOfSources([article.id, report.id]);
        expect(bySource[0]!.map((c) => c.id)).toEqual([detained.citations[1]!.id]);
        expect(bySource[1]!.map((c) => c.id).sort()).toEqual(
          [...detained.citations.map((c) => c.id), deaths.citations[0]!.id].sort(),
        );
      });

      it('refuses a claim without a citation, and writes nothing', async () => {
        const { person, prison, report } = await world();
        const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
        await expectCode(store.assertClaim({ claim: claim.claim, citations: [] }), ErrorCode.BAD_USER_INPUT);
        expect(await store.getClaims([claim.claim.id])).toEqual([null]);
        expect(await store.getClaimsOfEntities([person.id], ClaimRole.SUBJECT)).toEqual([[]]);
      });

      it('refuses a claim whose object, subject or cited source is missing, and writes nothing', async () => {
        const { person, prison, report } = await world();
        const noObject = f.relationClaim(person.id, 'DETAINED_AT', f.id('fac'), report.id);
        const noSubject = f.relationClaim(f.id('per'), 'DETAINED_AT', prison.id, report.id);
        const noSource = f.relationClaim(person.id, 'DETAINED_AT', prison.id, f.id('src'));
        for (const bad of [noObject, noSubject, noSource]) {
          await expect(store.assertClaim(bad)).rejects.toBeInstanceOf(NotFoundError);
          expect(await store.getClaims([bad.claim.id])).toEqual([null]);
          expect(await store.getCitations([bad.citations[0]!.id])).toEqual([null]);
        }
        expect(await store.getClaimsOfEntities([person.id, prison.id], ClaimRole.SUBJECT)).toEqual([[], []]);
        expect(await store.getClaimsOfEntities([prison.id], ClaimRole.OBJECT)).toEqual([[]]);
      });

      it('refuses a duplicate claim id', async () => {
        const { person, prison, report } = await world();
        const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
        await store.assertClaim(claim);
        const again = { claim: claim.claim, citations: [f.citation(claim.claim.id, report.id)] };
        await expect(store.assertClaim(again)).rejects.toBeInstanceOf(ConflictError);
        expect(await store.getCitations([again.citations[0]!.id])).toEqual([null]);
      });

      it('adds citations to an existing claim only', async () => {
        const { person, prison, report, article } = await world();
        const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
        await store.assertClaim(claim);
        const extra = f.citation(claim.claim.id, article.id, { locator: 'para. 3', excerpt: 'another' });
        await store.addCitations(claim.claim.id, [extra], AccessLevel.PUBLIC);
        expect((await store.getCitationsOfClaims([claim.claim.id]))[0]!.map((c) => c.id)).toContain(extra.id);

        const orphan = f.citation(f.id('clm'), report.id);
        await expect(store.addCitations(orphan.claimId, [orphan], AccessLevel.PUBLIC)).rejects.toBeInstanceOf(
          NotFoundError,
        );
        const noSource = f.citation(claim.claim.id, f.id('src'));
        await expect(store.addCitations(claim.claim.id, [noSource], AccessLevel.PUBLIC)).rejects.toBeInstanceOf(
          NotFoundError,
        );
        expect(await store.getCitations([orphan.id, noSource.id])).toEqual([null, null]);
      });

      it('retracts and disputes claims without deleting them', async () => {
        const { person, prison, report } = await world();
        const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
        await store.assertClaim(claim);
        await store.setClaimStatus({
          claimId: claim.claim.id,
          status: ClaimStatus.RETRACTED,
          reason: 'wrong person',
          updatedAt: '2026-03-01T00:00:00.000Z',
        });
        const [after] = await store.getClaims([claim.claim.id]);
        expect(after).toMatchObject({
          status: ClaimStatus.RETRACTED,
          statusReason: 'wrong person',
          updatedAt: '2026-03-01T00:00:00.000Z',
        });
        expect((await store.getCitationsOfClaims([claim.claim.id]))[0]).toHaveLength(1);
        expect((await store.getClaimsOfEntities([person.id], ClaimRole.SUBJECT))[0]!.map((c) => c.id)).toEqual([
          claim.claim.id,
        ]);
        await expect(
          store.setClaimStatus({
            claimId: f.id('clm'),
            status: ClaimStatus.DISPUTED,
            reason: 'x',
            updatedAt: after!.updatedAt,
          }),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('ranks a claim with its reason, keeping its status and citations, and refuses a missing claim', async () => {
        const { prison, report } = await world();
        const low = f.quantityClaim(prison.id, 'DEATH_COUNT', 5000, report.id);
        const high = f.quantityClaim(prison.id, 'DEATH_COUNT', 13000, report.id);
        for (const c of [low, high]) await store.assertClaim(c);
        expect((await store.getClaims([low.claim.id]))[0]).toMatchObject({ rank: ClaimRank.NORMAL, rankReason: null });
        await store.setClaimRank({
          claimId: low.claim.id,
          rank: ClaimRank.DEPRECATED,
          reason: 'an early estimate the same NGO later revised',
          updatedAt: '2026-04-01T00:00:00.000Z',
        });
        await store.setClaimRank({
          claimId: high.claim.id,
          rank: ClaimRank.PREFERRED,
          reason: 'the revised figure',
          updatedAt: '2026-04-01T00:00:00.000Z',
        });
        const [lowAfter, highAfter] = await store.getClaims([low.claim.id, high.claim.id]);
        expect(lowAfter).toMatchObject({
          rank: ClaimRank.DEPRECATED,
          rankReason: 'an early estimate the same NGO later revised',
          status: ClaimStatus.ASSERTED,
          updatedAt: '2026-04-01T00:00:00.000Z',
        });
        expect(highAfter).toMatchObject({ rank: ClaimRank.PREFERRED, rankReason: 'the revised figure' });
        // A deprecated claim is still listed and still cited.
        const listed = await store.listClaims({ subjectId: prison.id }, { first: 50, after: null });
        expect(listed.items.map((c) => c.id)).toEqual(expect.arrayContaining([low.claim.id, high.claim.id]));
        expect((await store.getCitationsOfClaims([low.claim.id]))[0]).toHaveLength(1);
        await expect(
          store.setClaimRank({ claimId: f.id('clm'), rank: ClaimRank.PREFERRED, reason: 'x', updatedAt: NOW_ISO }),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('lists claims by subject, object, predicate, status and cited source', async () => {
        const { person, prison, report, article } = await world();
        const held = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
        const released = f.relationClaim(person.id, 'RELEASED_FROM', prison.id, article.id);
        const deaths = f.quantityClaim(prison.id, 'DEATH_COUNT', 13000, report.id);
        deaths.citations[0]!.viaSourceId = article.id;
        for (const c of [held, released, deaths]) await store.assertClaim(c);
        await store.setClaimStatus({
          claimId: released.claim.id,
          status: ClaimStatus.DISPUTED,
          reason: 'r',
          updatedAt: released.claim.updatedAt,
        });

        const ids = async (filter: Parameters<Store['listClaims']>[0]) =>
          (await store.listClaims(filter, { first: 50, after: null })).items.map((c) => c.id);
        expect(await ids({ subjectId: person.id })).toEqual([held.claim.id, released.claim.id].sort());
        expect(await ids({ objectId: prison.id, predicates: ['RELEASED_FROM'] })).toEqual([released.claim.id]);
        expect(await ids({ subjectId: person.id, statuses: [ClaimStatus.DISPUTED] })).toEqual([released.claim.id]);
        expect(await ids({ sourceId: article.id })).toEqual([released.claim.id, deaths.claim.id].sort());
        const page = await store.listClaims({ subjectId: person.id }, { first: 1, after: null });
        expect(page).toMatchObject({ totalCount: 2, hasNextPage: true });
      });
    });

    describe('bulk import', () => {
      it('imports a bundle idempotently', async () => {
        const person = f.entity();
        const prison = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON });
        const origin = f.source();
        const article = f.source({ derivedFromIds: [origin.id] });
        const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, origin.id);
        claim.citations[0]!.viaSourceId = article.id;
        const bundle = { entities: [person, prison], sources: [article, origin], claims: [claim] };

        const before = await store.counts();
        await store.importBundle(bundle);
        const once = await store.counts();
        await store.importBundle(bundle);
        const twice = await store.counts();

        expect(once.entities - before.entities).toBeGreaterThanOrEqual(2);
        expect(twice).toEqual(once);
        expect(await store.getSources([article.id])).toEqual([article]);
        expect(await store.getClaims([claim.claim.id])).toEqual([claim.claim]);
        expect(await store.getCitationsOfClaims([claim.claim.id])).toEqual([claim.citations]);
      });

      it('refuses a bundle with a dangling reference, and writes nothing of it', async () => {
        const person = f.entity();
        const source = f.source();
        const claim = f.relationClaim(person.id, 'DETAINED_AT', f.id('fac'), source.id);
        await expect(
          store.importBundle({ entities: [person], sources: [source], claims: [claim] }),
        ).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.getEntities([person.id])).toEqual([null]);
        expect(await store.getSources([source.id])).toEqual([null]);
      });
    });
  });
}
