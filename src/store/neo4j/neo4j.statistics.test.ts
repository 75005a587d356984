import { toStatistics } from './neo4j.statistics';

const QUERY = { facilityLimit: 1, fromYear: 2023, toYear: 2025, openEndYear: 2025 };
const EMPTY_SERIES = { years: [], undated: 0, total: 0 };

describe('toStatistics', () => {
  it('folds claim groups by status and by live predicate, and orders as the port says', () => {
    const stats = toStatistics(
      {
        entitiesByKind: [
          { key: 'EVENT', count: 2 },
          { key: 'PERSON', count: 3 },
        ],
        eventsByType: [
          { key: null, count: 4 },
          { key: 'ARREST', count: 1 },
          { key: 'TRIAL', count: 4 },
        ],
        claimGroups: [
          { status: 'ASSERTED', predicate: 'DETAINED_AT', count: 5 },
          { status: 'RETRACTED', predicate: 'DETAINED_AT', count: 2 },
          { status: 'RETRACTED', predicate: 'AGE', count: 1 },
          { status: 'DISPUTED', predicate: 'OFFICIAL_AT', count: 1 },
        ],
        facilities: [
          { facilityId: 'fac_b', detainees: 2, officials: 0, claims: 3 },
          { facilityId: 'fac_a', detainees: 2, officials: 1, claims: 4 },
        ],
        claimsByYear: { years: [{ year: 2024, certain: 1, possible: 2 }], undated: 3, total: 7 },
        eventsByYear: EMPTY_SERIES,
      },
      QUERY,
    );
    expect(stats.entitiesByKind.map((k) => [k.key, k.count])).toEqual([
      ['PERSON', 3],
      ['ORGANIZATION', 0],
      ['FACILITY', 0],
      ['PLACE', 0],
      ['EVENT', 2],
    ]);
    expect(stats.eventsByType).toEqual([
      { key: 'TRIAL', count: 4 },
      { key: null, count: 4 },
      { key: 'ARREST', count: 1 },
    ]);
    expect(stats.claimsByStatus).toEqual([
      { key: 'ASSERTED', count: 5 },
      { key: 'DISPUTED', count: 1 },
      { key: 'RETRACTED', count: 3 },
    ]);
    expect(stats.claimsByPredicate).toEqual([
      { key: 'DETAINED_AT', count: 5 },
      { key: 'OFFICIAL_AT', count: 1 },
    ]);
    expect(stats.facilities).toEqual([{ facilityId: 'fac_a', detainees: 2, officials: 1, claims: 4 }]);
    expect(stats.claimsByYear).toEqual({
      years: [
        { year: 2023, certain: 0, possible: 0 },
        { year: 2024, certain: 1, possible: 2 },
        { year: 2025, certain: 0, possible: 0 },
      ],
      undated: 3,
      total: 7,
    });
  });

  it('refuses a row of another shape', () => {
    const row = { claimsByYear: EMPTY_SERIES, eventsByYear: EMPTY_SERIES };
    expect(() => toStatistics({ ...row, entitiesByKind: [{ key: 'ALIEN', count: 1 }] }, QUERY)).toThrow(
      /entitiesByKind\.key/,
    );
    expect(() => toStatistics({ ...row, claimsByYear: null }, QUERY)).toThrow(/claimsByYear/);
  });
});
