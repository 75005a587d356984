import { parseEdtf } from '../../src/domain/edtf';
import { newJudgementId } from '../../src/domain/judgement';
import { AccessLevel, ClaimStatus, EntityKind, EventType, FacilityType } from '../../src/domain/model';
import type { Statistics, StatisticsQuery } from '../../src/store/statistics';
import type { JudgementContext, Store, StoreCounts } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';
import type { StoreHandle } from './store.contract';

/**
 * The whole-graph dashboard stays exact as writes land: after each write of a
 * sequence (creates, imports, re-imports, status and access changes, added
 * citations, an edit, a relinking import), the store's `statistics` moves
 * exactly as a full recount does, for viewers of every kind of level set.
 * `recount` gives both, read with no write in between: on Neo4j the
 * maintained counts against a scan of the graph; on the embedded store the
 * running store against one reopened from its files.
 *
 * On a fresh database the two are equal. The test Neo4j is shared, and a
 * benchmark may write to it around Athar (a bare UNWIND reference), which no
 * count can know of: so what is checked is that the difference between the
 * two, whatever it was when the test began, is the same after every write
 * (zero stays zero), and that this run's own facilities, which nothing else
 * writes, are counted exactly.
 */
export type Recount = (
  store: Store,
  query: StatisticsQuery,
) => Promise<{ maintained: Statistics; recounted: Statistics }>;

const LEVEL_SETS: (AccessLevel[] | undefined)[] = [
  undefined,
  [AccessLevel.PUBLIC],
  [AccessLevel.PUBLIC, AccessLevel.RESTRICTED],
  // Not a clearance's levels, but the port allows any set.
  [AccessLevel.RESTRICTED],
];

export function runStatisticsCountsContract(name: string, open: () => Promise<StoreHandle>, recount: Recount): void {
  describe(`Statistics counts contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    const f = new Fixtures();

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
    });

    afterAll(async () => {
      await handle.cleanup();
    });

    const query = (levels: AccessLevel[] | undefined): StatisticsQuery => ({
      ...(levels === undefined ? {} : { levels }),
      // Every facility of a shared database, so that this run's are among them.
      facilityLimit: 100_000,
      fromYear: 1870,
      toYear: 1900,
      openEndYear: 1899,
    });

    /** Every figure of a dashboard by a flat key, so that two can be subtracted whatever their order. */
    function figures(stats: Statistics): Map<string, number> {
      const out = new Map<string, number>();
      const lists = ['entitiesByKind', 'eventsByType', 'claimsByStatus', 'claimsByPredicate'] as const;
      for (const list of lists) for (const { key, count } of stats[list]) out.set(`${list}:${String(key)}`, count);
      for (const x of stats.facilities) {
        out.set(`facility:${x.facilityId}:detainees`, x.detainees);
        out.set(`facility:${x.facilityId}:officials`, x.officials);
        out.set(`facility:${x.facilityId}:claims`, x.claims);
      }
      for (const series of ['claimsByYear', 'eventsByYear'] as const) {
        out.set(`${series}:undated`, stats[series].undated);
        out.set(`${series}:total`, stats[series].total);
        for (const y of stats[series].years) {
          out.set(`${series}:${y.year}:certain`, y.certain);
          out.set(`${series}:${y.year}:possible`, y.possible);
        }
      }
      return out;
    }

    /** maintained - recounted, the non-zero differences only, sorted by key. */
    function drift(maintained: Statistics, recounted: Statistics): [string, number][] {
      const m = figures(maintained);
      const r = figures(recounted);
      return [...new Set([...m.keys(), ...r.keys()])]
        .map((key): [string, number] => [key, (m.get(key) ?? 0) - (r.get(key) ?? 0)])
        .filter(([, d]) => d !== 0)
        .sort(([a], [b]) => (a < b ? -1 : 1));
    }

    const driftAtStart = new Map<string, [string, number][]>();
    const levelKey = (levels: AccessLevel[] | undefined) => (levels === undefined ? 'all' : levels.join(','));

    async function expectExact(step: string, ownFacilities: string[] = []): Promise<Statistics> {
      let whole: Statistics | undefined;
      for (const levels of LEVEL_SETS) {
        const { maintained, recounted } = await recount(store, query(levels));
        const now = drift(maintained, recounted);
        if (!driftAtStart.has(levelKey(levels))) driftAtStart.set(levelKey(levels), now);
        expect({ step, levels, drift: now }).toEqual({ step, levels, drift: driftAtStart.get(levelKey(levels)) });
        // This run's facilities: nothing else writes about them, so they must be counted exactly.
        for (const id of ownFacilities) {
          expect({ step, levels, facility: maintained.facilities.find((x) => x.facilityId === id) }).toEqual({
            step,
            levels,
            facility: recounted.facilities.find((x) => x.facilityId === id),
          });
        }
        if (levels === undefined) whole = maintained;
      }
      return whole!;
    }

    // Each step recounts a shared database four times over: give it time.
    it('equals a full recount after every kind of write', async () => {
      const source = f.source();
      const facility = f.entity({
        kind: EntityKind.FACILITY,
        facilityType: FacilityType.PRISON,
        name: 'Counted facility',
      });
      const other = f.entity({ kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON, name: 'Other facility' });
      const people = [0, 1, 2, 3].map(() => f.entity());
      const event = f.entity({ kind: EntityKind.EVENT, eventType: EventType.ARREST, date: parseEdtf('1881/1883') });
      const detained = (i: number, level: AccessLevel, period: string | null = '1880') =>
        f.relationClaim(people[i]!.id, 'DETAINED_AT', facility.id, source.id, {
          visibility: level,
          period: period === null ? null : parseEdtf(period),
        });
      const claims = [
        detained(0, AccessLevel.PUBLIC),
        detained(0, AccessLevel.RESTRICTED, '1881~'), // the same person again, at another level
        detained(1, AccessLevel.CONFIDENTIAL, null),
        detained(2, AccessLevel.RESTRICTED, '1879/..'),
        f.relationClaim(people[3]!.id, 'OFFICIAL_AT', facility.id, source.id),
      ];
      const bundle = { entities: [facility, other, ...people, event], sources: [source], claims };

      await expectExact('before');
      await store.importBundle(bundle);
      const own = [facility.id, other.id];
      const first = await expectExact('import', own);
      const mine = first.facilities.find((x) => x.facilityId === facility.id)!;
      expect(mine).toEqual({ facilityId: facility.id, detainees: 3, officials: 1, claims: 5 });

      await store.importBundle(bundle);
      await expectExact('the same import again', own);

      const single = detained(3, AccessLevel.PUBLIC, '1885');
      await store.assertClaim(single);
      await expectExact('assertClaim', own);

      await store.setClaimStatus({
        claimId: claims[0]!.claim.id,
        status: ClaimStatus.RETRACTED,
        reason: 'test',
        updatedAt: new Date().toISOString(),
      });
      await store.setClaimStatus({
        claimId: claims[2]!.claim.id,
        status: ClaimStatus.DISPUTED,
        reason: 'test',
        updatedAt: new Date().toISOString(),
      });
      await expectExact('setClaimStatus', own);

      const extra = f.citation(claims[3]!.claim.id, source.id);
      await store.addCitations(claims[3]!.claim.id, [extra], AccessLevel.PUBLIC);
      await expectExact('addCitations', own);

      await store.applyAccessChange({
        reason: 'test',
        updatedAt: new Date().toISOString(),
        entities: [{ id: event.id, access: AccessLevel.RESTRICTED }],
        sources: [],
        claims: [
          {
            id: claims[1]!.claim.id,
            access: AccessLevel.PUBLIC,
            visibility: AccessLevel.CONFIDENTIAL,
            textLevel: AccessLevel.PUBLIC,
          },
        ],
        citations: [],
      });
      await expectExact('applyAccessChange', own);

      await store.updateEntity({ id: event.id, date: parseEdtf('1890'), updatedAt: new Date().toISOString() });
      await expectExact('updateEntity', own);

      // A re-import that moves a claim to the other facility and turns a person into a facility.
      const moved = { ...claims[3]!, claim: { ...claims[3]!.claim, objectId: other.id } };
      const turned = { ...people[2]!, kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON };
      await store.importBundle({ entities: [turned], sources: [], claims: [moved] });
      const last = await expectExact('import that relinks', [...own, turned.id]);
      expect(last.facilities.find((x) => x.facilityId === other.id)?.detainees).toBe(1);
      // Back to a person: a facility with a person's id would be refused by the API in other tests' dashboards.
      await store.importBundle({ entities: [people[2]!], sources: [], claims: [] });
      await expectExact('import that turns it back', [...own, turned.id]);
    }, 300_000);

    // A merged entity stays stored (mergedInto set) but counts as part of its survivor, which holds its claims.
    it('counts a merged entity once, and as two again after a split', async () => {
      const source = f.source();
      const prison = (name: string) => f.entity({ kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON, name });
      const [kept, absorbed] = [prison('Kept facility'), prison('Absorbed facility')];
      const [person, twin] = [f.entity(), f.entity()];
      const claims = [
        f.relationClaim(person.id, 'DETAINED_AT', kept.id, source.id),
        f.relationClaim(twin.id, 'DETAINED_AT', kept.id, source.id),
        f.relationClaim(twin.id, 'DETAINED_AT', absorbed.id, source.id, { visibility: AccessLevel.RESTRICTED }),
        f.relationClaim(person.id, 'OFFICIAL_AT', absorbed.id, source.id),
      ];
      await store.importBundle({ entities: [kept, absorbed, person, twin], sources: [source], claims });
      const own = [kept.id, absorbed.id];
      const judged = (judgementId = newJudgementId()): JudgementContext => ({
        judgementId,
        reason: 'test',
        actorSubject: `tester-${f.run}`,
        actorRole: 'ANALYST',
        at: new Date().toISOString(),
      });
      const kinds = (stats: Statistics) => new Map(stats.entitiesByKind.map((x) => [x.key, x.count] as const));
      const facility = (stats: Statistics, id: string) => stats.facilities.find((x) => x.facilityId === id);
      // The shared database holds other records too: deltas, and this run's own facilities exactly.
      const snapshot = async (step: string) => ({
        stats: await expectExact(step, own),
        counts: await store.counts(),
        publicCounts: await store.counts([AccessLevel.PUBLIC]),
        scoped: await store.statistics({ ...query(undefined), entityIds: [person.id, twin.id, kept.id, absorbed.id] }),
      });
      const delta = (a: StoreCounts, b: StoreCounts) => a.entities - b.entities;
      const kindDelta = (a: Statistics, b: Statistics, kind: EntityKind) =>
        (kinds(a).get(kind) ?? 0) - (kinds(b).get(kind) ?? 0);

      const before = await snapshot('before the merges');
      expect(facility(before.stats, kept.id)).toEqual({ facilityId: kept.id, detainees: 2, officials: 0, claims: 2 });
      expect(kinds(before.scoped).get(EntityKind.PERSON)).toBe(2);

      const people = judged();
      await store.mergeEntities({ ...people, survivorId: person.id, mergedId: twin.id });
      const onePerson = await snapshot('mergeEntities: people');
      expect(delta(onePerson.counts, before.counts)).toBe(-1);
      expect(delta(onePerson.publicCounts, before.publicCounts)).toBe(-1);
      expect(kindDelta(onePerson.stats, before.stats, EntityKind.PERSON)).toBe(-1);
      expect(kinds(onePerson.scoped).get(EntityKind.PERSON)).toBe(1);
      // The twin's claim moved to the person, already held there: one detainee, still two claims.
      expect(facility(onePerson.stats, kept.id)).toEqual({
        facilityId: kept.id,
        detainees: 1,
        officials: 0,
        claims: 2,
      });

      const facilities = judged();
      await store.mergeEntities({ ...facilities, survivorId: kept.id, mergedId: absorbed.id });
      const oneFacility = await snapshot('mergeEntities: facilities');
      expect(delta(oneFacility.counts, before.counts)).toBe(-2);
      expect(kindDelta(oneFacility.stats, before.stats, EntityKind.FACILITY)).toBe(-1);
      expect(kinds(oneFacility.scoped).get(EntityKind.FACILITY)).toBe(1);
      expect(facility(oneFacility.stats, absorbed.id)).toBeUndefined();
      expect(facility(oneFacility.stats, kept.id)).toEqual({
        facilityId: kept.id,
        detainees: 1,
        officials: 1,
        claims: 4,
      });

      await store.splitEntity(judged(facilities.judgementId));
      await store.splitEntity(judged(people.judgementId));
      const split = await snapshot('splitEntity');
      expect(delta(split.counts, before.counts)).toBe(0);
      expect(delta(split.publicCounts, before.publicCounts)).toBe(0);
      expect(kindDelta(split.stats, before.stats, EntityKind.PERSON)).toBe(0);
      expect(kindDelta(split.stats, before.stats, EntityKind.FACILITY)).toBe(0);
      expect(kinds(split.scoped)).toEqual(kinds(before.scoped));
      for (const id of own) expect(facility(split.stats, id)).toEqual(facility(before.stats, id));
    }, 300_000);

    it('loses no count to writers racing each other', async () => {
      const source = f.source();
      const facility = f.entity({
        kind: EntityKind.FACILITY,
        facilityType: FacilityType.PRISON,
        name: 'Raced facility',
      });
      const people = Array.from({ length: 12 }, () => f.entity());
      await store.importBundle({ entities: [facility, ...people], sources: [source], claims: [] });
      await expectExact('before the race', [facility.id]);
      // Twelve writers at once, each placing one more person at the facility; half of them then retract it.
      const claims = people.map((p) => f.relationClaim(p.id, 'DETAINED_AT', facility.id, source.id));
      await Promise.all(claims.map((c) => store.assertClaim(c)));
      await Promise.all(
        claims.slice(0, 6).map((c) =>
          store.setClaimStatus({
            claimId: c.claim.id,
            status: ClaimStatus.RETRACTED,
            reason: 'race',
            updatedAt: new Date().toISOString(),
          }),
        ),
      );
      const after = await expectExact('after the race', [facility.id]);
      expect(after.facilities.find((x) => x.facilityId === facility.id)).toEqual({
        facilityId: facility.id,
        detainees: 6,
        officials: 0,
        claims: 6,
      });
    }, 300_000);
  });
}
