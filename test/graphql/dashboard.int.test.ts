import { seedBundle } from '../../src/main/seed/seed';
import { startTestApi, TestApi } from '../support/graphql';
import { countingStore, openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';

const PILOT = 'per_0a71bf49fb93';
const WINDOW = 'fromYear: 1975, toYear: 2026';

/** [year, certain, possible] of the years where something counts. */
function counted(series: { years: { year: number; certain: number; possible: number }[] }): number[][] {
  return series.years.filter((y) => y.certain + y.possible > 0).map((y) => [y.year, y.certain, y.possible]);
}

describe.each(STORE_KINDS)('GraphQL dashboard on the %s store', (kind) => {
  let opened: OpenedStore;
  let api: TestApi;
  let counting: ReturnType<typeof countingStore>;
  // The embedded store is this file's own; the Neo4j database is shared, and other
  // tests add people, facilities and claims (some about Sednaya) while this runs.
  const exact = kind === 'embedded';

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    counting = countingStore(opened.store);
    api = await startTestApi(counting.store);
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
  });

  it('counts the seed case by kind, status and predicate, and ranks Sednaya first by detainees', async () => {
    const r = await api.run(`{
      dashboard(${WINDOW}, facilityLimit: 3) {
        entitiesByKind { kind count }
        eventsByType { eventType count }
        claimsByStatus { status count }
        claimsByPredicate { predicate count }
        facilities { facilityId facility { id name facilityType } detainees officials claims }
        fromYear toYear openEndYear
      }
    }`);
    expect(r.errors).toBeUndefined();
    const d = r.data!.dashboard;
    expect(d).toMatchObject({ fromYear: 1975, toYear: 2026, openEndYear: new Date().getUTCFullYear() });
    const kinds = Object.fromEntries((d.entitiesByKind as any[]).map((k) => [k.kind, k.count]));
    const seedKinds = { PERSON: 17, ORGANIZATION: 15, FACILITY: 9, PLACE: 10, EVENT: 17 };
    if (exact) expect(kinds).toEqual(seedKinds);
    else for (const [k, n] of Object.entries(seedKinds)) expect(kinds[k]).toBeGreaterThanOrEqual(n);

    const predicates = Object.fromEntries((d.claimsByPredicate as any[]).map((p) => [p.predicate, p.count]));
    expect(predicates.DETAINED_AT).toBeGreaterThanOrEqual(9);
    if (exact) {
      expect(d.claimsByStatus).toEqual([
        { status: 'ASSERTED', count: 160 },
        { status: 'DISPUTED', count: 0 },
        { status: 'RETRACTED', count: 0 },
      ]);
      expect(d.claimsByPredicate[0]).toEqual({ predicate: 'CONDITION', count: 30 });
      expect(d.eventsByType[0]).toEqual({ eventType: 'DOCUMENTATION', count: 4 });
      expect(d.facilities).toHaveLength(3);
      expect(d.facilities[0]).toEqual({
        facilityId: 'fac_sednaya',
        facility: { id: 'fac_sednaya', name: 'Sednaya Prison', facilityType: 'PRISON' },
        detainees: 6,
        officials: 1,
        claims: expect.any(Number),
      });
    }
  });

  it('counts Sednaya on its own: its distinct detainees and officials', async () => {
    const r = await api.run(`{
      dashboard(entityIds: ["fac_sednaya"], ${WINDOW}) {
        entitiesByKind { kind count }
        facilities { facility { name } detainees officials claims }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const d = r.data!.dashboard;
    expect((d.entitiesByKind as any[]).filter((k) => k.count > 0)).toEqual([{ kind: 'FACILITY', count: 1 }]);
    expect(d.facilities).toHaveLength(1);
    const sednaya = d.facilities[0];
    expect(sednaya.facility.name).toBe('Sednaya Prison');
    expect(sednaya.detainees).toBeGreaterThanOrEqual(6);
    expect(sednaya.officials).toBeGreaterThanOrEqual(1);
    expect(sednaya.claims).toBeGreaterThan(sednaya.detainees);
    if (exact) expect(sednaya).toMatchObject({ detainees: 6, officials: 1 });
  });

  it('counts the pilot’s /2024-12-08 detention (start unknown) as possible in every year to 2024, certain in none', async () => {
    const r = await api.run(`{
      dashboard(entityIds: ["${PILOT}"], yearPredicates: ["DETAINED_AT"], ${WINDOW}) {
        claimsByYear { years { year certain possible } undated total }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const series = r.data!.dashboard.claimsByYear;
    expect(series.years).toHaveLength(2026 - 1975 + 1);
    expect(counted(series)).toEqual(Array.from({ length: 2024 - 1975 + 1 }, (_, i) => [1975 + i, 0, 1]));
    expect(series).toMatchObject({ undated: 0, total: 1 });
  });

  it('counts the events of December 2024 as certain in 2024', async () => {
    const r = await api.run(`{
      dashboard(entityIds: ["evt_prisons_opening", "evt_sednaya_liberation", "evt_81bb6da801aa", "evt_rebel_offensive"], ${WINDOW}) {
        eventsByYear { years { year certain possible } undated total }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const series = r.data!.dashboard.eventsByYear;
    // 2024-12-08 twice and the month 2024-12; the offensive has no date.
    expect(counted(series)).toEqual([[2024, 3, 0]]);
    expect(series).toMatchObject({ undated: 1, total: 4 });
  });

  it('counts the whole seed case’s events by year, only DETENTION ones when asked', async () => {
    const r = await api.run(`{
      all: dashboard(${WINDOW}) { eventsByYear { years { year certain possible } undated total } }
      detention: dashboard(${WINDOW}, yearEventTypes: [DETENTION]) { eventsByYear { years { year certain possible } } }
    }`);
    expect(r.errors).toBeUndefined();
    if (exact) {
      expect(counted(r.data!.all.eventsByYear)).toEqual([
        [1981, 1, 0],
        [2013, 1, 0],
        [2017, 1, 0],
        [2022, 1, 0],
        [2024, 5, 0],
      ]);
      expect(r.data!.all.eventsByYear).toMatchObject({ undated: 8, total: 17 });
    }
    const detention = counted(r.data!.detention.eventsByYear);
    if (exact) expect(detention.find(([y]) => y === 1981)).toEqual([1981, 1, 0]);
    // Other tests import copies of the seed into the shared database (round trips): at least the pilot's.
    else expect(detention.find(([y]) => y === 1981)?.[1]).toBeGreaterThanOrEqual(1);
  });

  it('answers in two store calls: the aggregates, then every listed facility in one batch (and the withheld names)', async () => {
    counting.calls.length = 0;
    const r = await api.run(`{ dashboard(${WINDOW}, facilityLimit: 9) { facilities { facility { name } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.dashboard.facilities).toHaveLength(9);
    // protectedPeople: once per request, the protected people whose names are withheld from this viewer.
    expect(counting.calls).toEqual(['statistics', 'getEntities', 'protectedPeople']);
  });

  it('refuses arguments it cannot answer, saying which', async () => {
    const attempts: [string, string, string][] = [
      ['fromYear: 1700, toYear: 2026', 'BAD_USER_INPUT', 'fromYear'],
      ['fromYear: 2020, toYear: 2010', 'BAD_USER_INPUT', 'toYear'],
      ['toYear: 12000', 'BAD_USER_INPUT', 'toYear'],
      ['facilityLimit: 1000', 'BAD_USER_INPUT', 'facilityLimit'],
      ['yearPredicates: ["DETAINED_AT", "HELD_IN"]', 'BAD_USER_INPUT', 'yearPredicates[1]'],
      ['entityIds: []', 'BAD_USER_INPUT', 'entityIds'],
      ['entityIds: ["fac_sednaya", "not an id"]', 'BAD_USER_INPUT', 'entityIds[1]'],
    ];
    for (const [args, code, field] of attempts) {
      const r = await api.run(`{ dashboard(${args}) { fromYear } }`);
      expect(r.data).toBeNull();
      expect(r.errors![0]).toMatchObject({ extensions: { code, field } });
    }
    const missing = await api.run(`{ dashboard(entityIds: ["fac_nowhere_at_all"]) { fromYear } }`);
    expect(missing.errors![0]).toMatchObject({ extensions: { code: 'NOT_FOUND', id: 'fac_nowhere_at_all' } });
  });

  it('defaults to the last fifty years, and a start alone to as far as it may go', async () => {
    const year = new Date().getUTCFullYear();
    const r = await api.run(`{ a: dashboard { fromYear toYear } b: dashboard(fromYear: 1700) { fromYear toYear } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.a).toEqual({ fromYear: year - 49, toYear: year });
    expect(r.data!.b).toEqual({ fromYear: 1700, toYear: 1899 });
  });
});
