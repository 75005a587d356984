import { EventType } from '../../domain/model';
import type { EntityService } from '../entities/entity.service';
import type { Statistics, StatisticsQuery } from '../../store/statistics';
import type { Store } from '../../store/store.port';
import { DashboardService } from './dashboard.service';

const EMPTY: Statistics = {
  entitiesByKind: [],
  eventsByType: [],
  claimsByStatus: [],
  claimsByPredicate: [],
  facilities: [],
  claimsByYear: { years: [], undated: 0, total: 0 },
  eventsByYear: { years: [], undated: 0, total: 0 },
};

function service(known: string[] = []) {
  const queries: StatisticsQuery[] = [];
  const store = {
    statistics: async (q: StatisticsQuery) => {
      queries.push(q);
      return EMPTY;
    },
  } as unknown as Store;
  const entities = {
    findMany: async (ids: readonly string[]) => ids.map((id) => (known.includes(id) ? { id } : null)),
  } as unknown as EntityService;
  const now = () => new Date('2026-06-01T00:00:00Z');
  return { dashboard: new DashboardService(store, entities, now, 100), queries };
}

describe('DashboardService', () => {
  it('asks the store for the last fifty years, open ends reaching this year, ten facilities', async () => {
    const { dashboard, queries } = service();
    const result = await dashboard.dashboard({});
    expect(queries).toEqual([{ facilityLimit: 10, fromYear: 1977, toYear: 2026, openEndYear: 2026 }]);
    expect(result).toMatchObject({ fromYear: 1977, toYear: 2026, openEndYear: 2026 });
  });

  it('passes filters each once, and treats an empty filter list as no filter', async () => {
    const { dashboard, queries } = service(['fac_a', 'per_b']);
    await dashboard.dashboard({
      entityIds: ['fac_a', 'per_b', 'fac_a'],
      yearPredicates: ['DETAINED_AT', 'DETAINED_AT'],
      yearEventTypes: [EventType.ARREST],
      fromYear: 2000,
    });
    await dashboard.dashboard({ yearPredicates: [], yearEventTypes: [] });
    expect(queries[0]).toEqual({
      entityIds: ['fac_a', 'per_b'],
      facilityLimit: 10,
      fromYear: 2000,
      toYear: 2026,
      openEndYear: 2026,
      yearPredicates: ['DETAINED_AT'],
      yearEventTypes: [EventType.ARREST],
    });
    expect(queries[1]).not.toHaveProperty('yearPredicates');
    expect(queries[1]).not.toHaveProperty('yearEventTypes');
  });

  it('runs a start-only window forward as far as it may, and refuses what the store must not run', async () => {
    const { dashboard, queries } = service();
    await dashboard.dashboard({ fromYear: 2030 });
    expect(queries[0]).toMatchObject({ fromYear: 2030, toYear: 2030 });
    await expect(dashboard.dashboard({ fromYear: 1000, toYear: 1200 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'fromYear' },
    });
    await expect(dashboard.dashboard({ facilityLimit: 101 })).rejects.toMatchObject({
      details: { field: 'facilityLimit' },
    });
    await expect(dashboard.dashboard({ entityIds: ['per_nobody'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { id: 'per_nobody' },
    });
    expect(queries).toHaveLength(1);
  });
});
