import { parseEdtf } from '../../src/domain/edtf';
import { AccessLevel, ClaimStatus, EntityKind, EntityRecord, EventType, FacilityType } from '../../src/domain/model';
import { BadUserInputError } from '../../src/domain/errors';
import { MAX_STATISTICS_YEARS, Statistics, StatisticsQuery, YearCount } from '../../src/store/statistics';
import type { Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';
import type { StoreHandle } from './store.contract';

/** [year, certain, possible] for each year of the window, in order. */
type Years = [number, number, number][];

function years(series: { years: YearCount[] }): Years {
  return series.years.map((y) => [y.year, y.certain, y.possible]);
}

/**
 * The dashboard aggregates every store adapter must compute alike. The Neo4j
 * database is shared with other test files (and holds earlier runs' records),
 * so exact figures are asked of a scope made of this run's own entities; the
 * whole-graph query is checked by the change this run's records make to
 * years nobody else writes in.
 */
export function runStatisticsContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`Statistics contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    const f = new Fixtures();
    const ids: Record<string, string> = {};
    let all: string[];

    const WINDOW = { fromYear: 1885, toYear: 1895, openEndYear: 1893 };
    const query = (over: Partial<StatisticsQuery> = {}): StatisticsQuery => ({
      entityIds: all,
      facilityLimit: 10,
      ...WINDOW,
      ...over,
    });

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();

      const source = f.source();
      const entity = (key: string, prefix: string, over: Partial<EntityRecord>): EntityRecord => {
        const e = f.entity({ id: f.id(prefix, key), ...over });
        ids[key] = e.id;
        return e;
      };
      const facility = (key: string) =>
        entity(key, 'fac', { kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON, name: `Facility ${key}` });
      const event = (key: string, eventType: EventType | null, date: string | null) =>
        entity(key, 'evt', { kind: EntityKind.EVENT, eventType, date: date === null ? null : parseEdtf(date) });
      const entities = [
        facility('facA'),
        facility('facB'),
        facility('facC'),
        ...['p1', 'p2', 'p3', 'p4', 'p5'].map((k) => entity(k, 'per', {})),
        entity('org1', 'org', { kind: EntityKind.ORGANIZATION, name: 'An organisation' }),
        event('e1', EventType.LIBERATION, '1891-05-02'),
        event('e2', EventType.DETENTION, '1891/1892'),
        event('e3', EventType.TORTURE, null),
        event('e4', EventType.LIBERATION, '1891-12'),
        event('e5', null, '1890~'),
      ];
      const claim = (
        subject: string,
        predicate: string,
        object: string,
        period: string | null,
        status = ClaimStatus.ASSERTED,
      ) =>
        f.relationClaim(ids[subject]!, predicate, ids[object]!, source.id, {
          period: period === null ? null : parseEdtf(period),
          status,
        });
      const deaths = f.quantityClaim(ids.facA!, 'DEATH_COUNT', 30000, source.id); // 2011/2013: outside the window
      const claims = [
        claim('p1', 'DETAINED_AT', 'facA', '1891'), // certain 1891
        claim('p1', 'DETAINED_AT', 'facA', '1891-12/1892-01'), // possible 1891, 1892; p1 counted once at facA
        claim('p2', 'DETAINED_AT', 'facA', '1892-12'), // a month: certain 1892
        claim('p2', 'DETAINED_AT', 'facB', '1892-12~'), // an approximate month: possible 1892, 1893
        claim('p3', 'DETAINED_AT', 'facA', '1890/..'), // open end: possible 1890 .. openEndYear 1893
        claim('p4', 'DETAINED_AT', 'facA', null), // undated
        claim('p5', 'DETAINED_AT', 'facB', '1891', ClaimStatus.RETRACTED), // counts by status only
        claim('p3', 'DETAINED_AT', 'facB', '../1887'), // open start: possible 1885 (fromYear) .. 1887
        claim('p2', 'OFFICIAL_AT', 'facB', '1891'), // certain 1891
        claim('p5', 'OFFICIAL_AT', 'facA', '1891', ClaimStatus.DISPUTED), // disputed still counts
        deaths,
        claim('facA', 'PART_OF', 'facC', null),
        claim('p1', 'MEMBER_OF', 'org1', '1880'), // certain 1880: outside the window
        claim('e1', 'OCCURRED_AT', 'facA', null),
      ];
      await store.importBundle({ entities, sources: [source], claims });
      all = entities.map((e) => e.id);
    });

    afterAll(async () => {
      await handle.cleanup();
    });

    describe('in a scope of entities', () => {
      let stats: Statistics;
      beforeAll(async () => {
        stats = await store.statistics(query());
      });

      it('counts entities by kind (every kind) and events by type (most first, untyped last)', () => {
        expect(stats.entitiesByKind).toEqual([
          { key: EntityKind.PERSON, count: 5 },
          { key: EntityKind.ORGANIZATION, count: 1 },
          { key: EntityKind.FACILITY, count: 3 },
          { key: EntityKind.PLACE, count: 0 },
          { key: EntityKind.EVENT, count: 5 },
        ]);
        expect(stats.eventsByType).toEqual([
          { key: EventType.LIBERATION, count: 2 },
          { key: EventType.DETENTION, count: 1 },
          { key: EventType.TORTURE, count: 1 },
          { key: null, count: 1 },
        ]);
      });

      it('counts claims by every status, retracted included, and by predicate without the retracted', () => {
        expect(stats.claimsByStatus).toEqual([
          { key: ClaimStatus.ASSERTED, count: 12 },
          { key: ClaimStatus.DISPUTED, count: 1 },
          { key: ClaimStatus.RETRACTED, count: 1 },
        ]);
        expect(stats.claimsByPredicate).toEqual([
          { key: 'DETAINED_AT', count: 7 },
          { key: 'OFFICIAL_AT', count: 2 },
          { key: 'DEATH_COUNT', count: 1 },
          { key: 'MEMBER_OF', count: 1 },
          { key: 'OCCURRED_AT', count: 1 },
          { key: 'PART_OF', count: 1 },
        ]);
      });

      it('counts distinct detainees and officials per facility, most detainees first, without retracted claims', () => {
        expect(stats.facilities).toEqual([
          // p1 twice, p2, p3, p4; the disputed official p5 counts.
          { facilityId: ids.facA, detainees: 4, officials: 1, claims: 9 },
          // p5's retracted detention does not count.
          { facilityId: ids.facB, detainees: 2, officials: 1, claims: 3 },
          { facilityId: ids.facC, detainees: 0, officials: 0, claims: 1 },
        ]);
      });

      it('limits the facilities to the most detained-at', async () => {
        const top = await store.statistics(query({ facilityLimit: 2 }));
        expect(top.facilities.map((x) => x.facilityId)).toEqual([ids.facA, ids.facB]);
        expect((await store.statistics(query({ facilityLimit: 0 }))).facilities).toEqual([]);
      });

      it('counts claims by year: certain when the period lies in the year, else possible in each year it reaches', () => {
        expect(years(stats.claimsByYear)).toEqual([
          [1885, 0, 1], // ../1887
          [1886, 0, 1],
          [1887, 0, 1],
          [1888, 0, 0],
          [1889, 0, 0],
          [1890, 0, 1], // 1890/..
          [1891, 3, 2], // 1891 twice and the disputed 1891; 1891-12/1892-01 and 1890/..
          [1892, 1, 3], // 1892-12; 1891-12/1892-01, 1892-12~ and 1890/..
          [1893, 0, 2], // 1892-12~ and 1890/.. (which reaches openEndYear)
          [1894, 0, 0],
          [1895, 0, 0],
        ]);
        // 13 live claims: 3 undated, 2 dated outside the window (1880, 2011/2013).
        expect(stats.claimsByYear).toMatchObject({ undated: 3, total: 13 });
      });

      it('counts only the claims of the predicates asked for by year', async () => {
        const detained = await store.statistics(query({ yearPredicates: ['DETAINED_AT'] }));
        expect(years(detained.claimsByYear).filter(([, c, p]) => c + p > 0)).toEqual([
          [1885, 0, 1],
          [1886, 0, 1],
          [1887, 0, 1],
          [1890, 0, 1],
          [1891, 1, 2],
          [1892, 1, 3],
          [1893, 0, 2],
        ]);
        expect(detained.claimsByYear).toMatchObject({ undated: 1, total: 7 });
        // Other figures are not filtered.
        expect(detained.claimsByPredicate).toEqual(stats.claimsByPredicate);
        const none = await store.statistics(query({ yearPredicates: [] }));
        expect(none.claimsByYear).toMatchObject({ undated: 0, total: 0 });
      });

      it('counts events by the year of their date, and by type when asked', async () => {
        expect(years(stats.eventsByYear).filter(([, c, p]) => c + p > 0)).toEqual([
          [1889, 0, 1], // 1890~
          [1890, 0, 1],
          [1891, 2, 2], // 1891-05-02 and 1891-12; 1891/1892 and 1890~
          [1892, 0, 1],
        ]);
        expect(stats.eventsByYear).toMatchObject({ undated: 1, total: 5 });
        const liberations = await store.statistics(query({ yearEventTypes: [EventType.LIBERATION] }));
        expect(years(liberations.eventsByYear).filter(([, c, p]) => c + p > 0)).toEqual([[1891, 2, 0]]);
        expect(liberations.eventsByYear).toMatchObject({ undated: 0, total: 2 });
      });

      it('lets an open end reach openEndYear but never past the window', async () => {
        const short = await store.statistics(query({ fromYear: 1885, toYear: 1890, yearPredicates: ['DETAINED_AT'] }));
        expect(years(short.claimsByYear).at(-1)).toEqual([1890, 0, 1]);
        const past = await store.statistics(query({ openEndYear: 1880, yearPredicates: ['DETAINED_AT'] }));
        // 1890/.. now reaches no year; the rest is unchanged.
        expect(years(past.claimsByYear).find(([y]) => y === 1890)).toEqual([1890, 0, 0]);
        expect(years(past.claimsByYear).find(([y]) => y === 1893)).toEqual([1893, 0, 1]);
      });

      it('scopes to one facility: it and the claims about it', async () => {
        const one = await store.statistics(query({ entityIds: [ids.facA!, ids.facA!] }));
        expect(one.entitiesByKind.filter((k) => k.count > 0)).toEqual([{ key: EntityKind.FACILITY, count: 1 }]);
        expect(one.claimsByStatus).toEqual([
          { key: ClaimStatus.ASSERTED, count: 8 },
          { key: ClaimStatus.DISPUTED, count: 1 },
          { key: ClaimStatus.RETRACTED, count: 0 },
        ]);
        expect(one.facilities).toEqual([{ facilityId: ids.facA, detainees: 4, officials: 1, claims: 9 }]);
        expect(one.eventsByType).toEqual([]);
        expect(one.eventsByYear.total).toBe(0);
      });

      it('counts nothing for an empty scope or unknown ids', async () => {
        for (const entityIds of [[], [f.id('per', 'missing')]]) {
          const empty = await store.statistics(query({ entityIds }));
          expect(empty.entitiesByKind.every((k) => k.count === 0)).toBe(true);
          expect(empty.claimsByStatus.every((k) => k.count === 0)).toBe(true);
          expect(empty).toMatchObject({ eventsByType: [], claimsByPredicate: [], facilities: [] });
          expect(empty.claimsByYear).toMatchObject({ undated: 0, total: 0 });
          expect(empty.claimsByYear.years).toHaveLength(11);
          expect(empty.claimsByYear.years.every((y) => y.certain === 0 && y.possible === 0)).toBe(true);
        }
      });
    });

    it('follows status changes: a retracted detention stops counting', async () => {
      const g = new Fixtures();
      const source = g.source();
      const fac = g.entity({ id: g.id('fac'), kind: EntityKind.FACILITY, name: 'Facility' });
      const person = g.entity();
      const detained = g.relationClaim(person.id, 'DETAINED_AT', fac.id, source.id, { period: parseEdtf('1888') });
      await store.importBundle({ entities: [fac, person], sources: [source], claims: [detained] });
      const scoped = query({ entityIds: [fac.id] });
      const before = await store.statistics(scoped);
      expect(before.facilities).toEqual([{ facilityId: fac.id, detainees: 1, officials: 0, claims: 1 }]);
      expect(years(before.claimsByYear).find(([y]) => y === 1888)).toEqual([1888, 1, 0]);

      await store.setClaimStatus({
        claimId: detained.claim.id,
        status: ClaimStatus.RETRACTED,
        reason: 'wrong person',
        updatedAt: '2026-02-01T00:00:00.000Z',
      });
      const after = await store.statistics(scoped);
      expect(after.facilities).toEqual([{ facilityId: fac.id, detainees: 0, officials: 0, claims: 0 }]);
      expect(after.claimsByStatus.find((s) => s.key === ClaimStatus.RETRACTED)?.count).toBe(1);
      expect(after.claimsByPredicate).toEqual([]);
      expect(after.claimsByYear).toMatchObject({ undated: 0, total: 0 });
    });

    it('counts only what a viewer with the given levels may see', async () => {
      const { PUBLIC, RESTRICTED, CONFIDENTIAL } = AccessLevel;
      const g = new Fixtures();
      const source = g.source();
      const open = g.entity({ id: g.id('fac'), kind: EntityKind.FACILITY, name: 'Open facility' });
      const secret = g.entity({ id: g.id('fac'), kind: EntityKind.FACILITY, name: 'Secret', access: CONFIDENTIAL });
      const known = g.entity();
      const witness = g.entity({ access: RESTRICTED });
      const raid = g.entity({ id: g.id('evt'), kind: EntityKind.EVENT, date: parseEdtf('1888'), access: CONFIDENTIAL });
      const period = parseEdtf('1888');
      const claims = [
        g.relationClaim(known.id, 'DETAINED_AT', open.id, source.id, { period }),
        g.relationClaim(witness.id, 'DETAINED_AT', open.id, source.id, { period, visibility: RESTRICTED }),
        g.relationClaim(known.id, 'DETAINED_AT', secret.id, source.id, { period, visibility: CONFIDENTIAL }),
      ];
      await store.importBundle({ entities: [open, secret, known, witness, raid], sources: [source], claims });
      const scope = [open.id, secret.id, known.id, witness.id, raid.id];
      const seenBy = (levels?: AccessLevel[]) =>
        store.statistics({ ...query({ entityIds: scope }), ...(levels ? { levels } : {}) });
      const kinds = (s: Statistics) => s.entitiesByKind.filter((k) => k.count > 0).map((k) => [k.key, k.count]);

      const pub = await seenBy([PUBLIC]);
      expect(kinds(pub)).toEqual([
        [EntityKind.PERSON, 1],
        [EntityKind.FACILITY, 1],
      ]);
      expect(pub.facilities).toEqual([{ facilityId: open.id, detainees: 1, officials: 0, claims: 1 }]);
      expect(pub.claimsByStatus[0]).toEqual({ key: ClaimStatus.ASSERTED, count: 1 });
      expect(years(pub.claimsByYear).find(([y]) => y === 1888)).toEqual([1888, 1, 0]);
      expect(pub.eventsByYear.total).toBe(0);

      const restricted = await seenBy([PUBLIC, RESTRICTED]);
      expect(kinds(restricted)).toEqual([
        [EntityKind.PERSON, 2],
        [EntityKind.FACILITY, 1],
      ]);
      expect(restricted.facilities).toEqual([{ facilityId: open.id, detainees: 2, officials: 0, claims: 2 }]);

      for (const everything of [await seenBy([PUBLIC, RESTRICTED, CONFIDENTIAL]), await seenBy()]) {
        expect(kinds(everything)).toEqual([
          [EntityKind.PERSON, 2],
          [EntityKind.FACILITY, 2],
          [EntityKind.EVENT, 1],
        ]);
        expect(everything.facilities.map((x) => [x.facilityId, x.detainees])).toEqual([
          [open.id, 2],
          [secret.id, 1],
        ]);
        expect(years(everything.claimsByYear).find(([y]) => y === 1888)).toEqual([1888, 3, 0]);
        expect(everything.eventsByYear.total).toBe(1);
      }

      // Over the whole graph, a public viewer never sees more than everyone (read first: counts only grow).
      const whole = { facilityLimit: 0, fromYear: 1888, toYear: 1888, openEndYear: 1888 };
      const visible = await store.statistics({ ...whole, levels: [PUBLIC] });
      const all = await store.statistics(whole);
      const total = (s: Statistics) => s.entitiesByKind.reduce((n, k) => n + k.count, 0);
      expect(total(visible)).toBeLessThanOrEqual(total(all));
      expect(visible.claimsByPredicate.every((p) => p.count > 0)).toBe(true);
    });

    it('counts the whole graph when no scope is given', async () => {
      // Years no other test writes in, different on every run; earlier runs' records stay, hence the deltas.
      const base = 1100 + Math.floor(Math.random() * 600);
      const window = { fromYear: base, toYear: base + 4, openEndYear: base + 3 };
      const whole = (): Promise<Statistics> =>
        store.statistics({ facilityLimit: 5, ...window, yearPredicates: ['DETAINED_AT'] });
      const before = await whole();

      const g = new Fixtures();
      const source = g.source();
      const fac = g.entity({ id: g.id('fac'), kind: EntityKind.FACILITY, name: 'Facility' });
      const person = g.entity();
      const other = g.entity();
      const evt = g.entity({
        id: g.id('evt'),
        kind: EntityKind.EVENT,
        eventType: EventType.ARREST,
        date: parseEdtf(`${base + 1}`),
      });
      const claims = [
        g.relationClaim(person.id, 'DETAINED_AT', fac.id, source.id, { period: parseEdtf(`${base + 1}`) }),
        g.relationClaim(other.id, 'DETAINED_AT', fac.id, source.id, {
          period: parseEdtf(`${base + 1}-12/${base + 2}-01`),
        }),
        g.relationClaim(other.id, 'OFFICIAL_AT', fac.id, source.id, { period: parseEdtf(`${base + 2}`) }),
      ];
      await store.importBundle({ entities: [fac, person, other, evt], sources: [source], claims });
      const after = await whole();

      const delta = (a: Statistics['claimsByYear'], b: Statistics['claimsByYear']): Years =>
        years(b).map(([year, c, p], i) => [year, c - a.years[i]!.certain, p - a.years[i]!.possible]);
      // Certain counts are exact. Possible ones are lower bounds: another test may meanwhile write a
      // period open at its start, which reaches back to any window.
      const claimDelta = delta(before.claimsByYear, after.claimsByYear);
      expect(claimDelta.map(([y, c]) => [y, c])).toEqual([0, 1, 0, 0, 0].map((c, i) => [base + i, c]));
      expect(claimDelta.map(([, , p]) => p >= 0)).toEqual([true, true, true, true, true]);
      expect(claimDelta[1]![2]).toBeGreaterThanOrEqual(1);
      expect(claimDelta[2]![2]).toBeGreaterThanOrEqual(1);
      const eventDelta = delta(before.eventsByYear, after.eventsByYear);
      expect(eventDelta.map(([y, c]) => [y, c])).toEqual([0, 1, 0, 0, 0].map((c, i) => [base + i, c]));

      // Records are never deleted, so whole-graph counts only grow.
      const kindCount = (s: Statistics, kind: EntityKind) => s.entitiesByKind.find((k) => k.key === kind)!.count;
      expect(kindCount(after, EntityKind.PERSON)).toBeGreaterThanOrEqual(kindCount(before, EntityKind.PERSON) + 2);
      expect(kindCount(after, EntityKind.FACILITY)).toBeGreaterThanOrEqual(kindCount(before, EntityKind.FACILITY) + 1);
      expect(kindCount(after, EntityKind.EVENT)).toBeGreaterThanOrEqual(kindCount(before, EntityKind.EVENT) + 1);
      const claimTotal = (s: Statistics) => s.claimsByStatus.reduce((n, k) => n + k.count, 0);
      expect(claimTotal(after)).toBeGreaterThanOrEqual(claimTotal(before) + 3);
      expect(after.claimsByPredicate.find((p) => p.key === 'DETAINED_AT')!.count).toBeGreaterThan(0);

      // Facilities: ranked by detainees then id, within the limit.
      expect(after.facilities.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < after.facilities.length; i += 1) {
        const [a, b] = [after.facilities[i - 1]!, after.facilities[i]!];
        expect(a.detainees > b.detainees || (a.detainees === b.detainees && a.facilityId < b.facilityId)).toBe(true);
      }
    });

    it('refuses a year window that runs backwards or is too wide', async () => {
      await expect(store.statistics(query({ fromYear: 1900, toYear: 1899 }))).rejects.toBeInstanceOf(BadUserInputError);
      await expect(
        store.statistics(query({ fromYear: 1000, toYear: 1000 + MAX_STATISTICS_YEARS })),
      ).rejects.toBeInstanceOf(BadUserInputError);
      const widest = await store.statistics(query({ fromYear: 1800, toYear: 1800 + MAX_STATISTICS_YEARS - 1 }));
      expect(widest.claimsByYear.years).toHaveLength(MAX_STATISTICS_YEARS);
      expect(widest.claimsByYear.total).toBe(13);
    });
  });
}
