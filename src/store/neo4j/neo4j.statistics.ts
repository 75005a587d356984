import { ClaimStatus, EntityKind, EventType } from '../../domain/model';
import {
  CLAIM_STATUSES,
  FacilityStatistics,
  KeyCount,
  Statistics,
  StatisticsQuery,
  YearSeries,
  everyKey,
  everyKind,
  rankFacilities,
  sortCounts,
} from '../statistics';
import type { Row } from './neo4j.gateway';

/** A result that does not have the shape statisticsQuery returns: a bug, never a user error. */
class StatisticsRowError extends Error {
  constructor(what: string) {
    super(`The statistics query returned an invalid "${what}".`);
    this.name = 'StatisticsRowError';
  }
}

/** The row of cypher/statistics.ts as the port's Statistics, ordered as the port says. */
export function toStatistics(row: Row | undefined, query: StatisticsQuery): Statistics {
  const kinds = new Map<EntityKind, number>();
  for (const item of mapsOf(row?.entitiesByKind, 'entitiesByKind')) {
    kinds.set(enumOf(item.key, EntityKind, 'entitiesByKind.key'), num(item.count, 'entitiesByKind.count'));
  }

  const eventsByType: KeyCount<EventType | null>[] = mapsOf(row?.eventsByType, 'eventsByType').map((item) => ({
    key: item.key === null || item.key === undefined ? null : enumOf(item.key, EventType, 'eventsByType.key'),
    count: num(item.count, 'eventsByType.count'),
  }));

  const statuses = new Map<ClaimStatus, number>();
  const predicates = new Map<string, number>();
  for (const item of mapsOf(row?.claimGroups, 'claimGroups')) {
    const status = enumOf(item.status, ClaimStatus, 'claimGroups.status');
    const predicate = str(item.predicate, 'claimGroups.predicate');
    const count = num(item.count, 'claimGroups.count');
    statuses.set(status, (statuses.get(status) ?? 0) + count);
    if (status !== ClaimStatus.RETRACTED) predicates.set(predicate, (predicates.get(predicate) ?? 0) + count);
  }

  const facilities: FacilityStatistics[] = mapsOf(row?.facilities, 'facilities').map((item) => ({
    facilityId: str(item.facilityId, 'facilities.facilityId'),
    detainees: num(item.detainees, 'facilities.detainees'),
    officials: num(item.officials, 'facilities.officials'),
    claims: num(item.claims, 'facilities.claims'),
  }));

  return {
    entitiesByKind: everyKind(kinds),
    eventsByType: sortCounts(eventsByType),
    claimsByStatus: everyKey(CLAIM_STATUSES, statuses),
    claimsByPredicate: sortCounts([...predicates].map(([key, count]) => ({ key, count }))),
    facilities: rankFacilities(facilities, query.facilityLimit),
    claimsByYear: seriesOf(row?.claimsByYear, query, 'claimsByYear'),
    eventsByYear: seriesOf(row?.eventsByYear, query, 'eventsByYear'),
  };
}

/** The query returns only the years something counts in; the port wants every year of the window. */
function seriesOf(value: unknown, query: StatisticsQuery, what: string): YearSeries {
  const series = mapOf(value, what);
  const counted = new Map<number, { certain: number; possible: number }>();
  for (const item of mapsOf(series.years, `${what}.years`)) {
    counted.set(num(item.year, `${what}.year`), {
      certain: num(item.certain, `${what}.certain`),
      possible: num(item.possible, `${what}.possible`),
    });
  }
  const years = [];
  for (let year = query.fromYear; year <= query.toYear; year += 1) {
    years.push({ year, ...(counted.get(year) ?? { certain: 0, possible: 0 }) });
  }
  return { years, undated: num(series.undated, `${what}.undated`), total: num(series.total, `${what}.total`) };
}

type RowMap = Record<string, unknown>;

function mapOf(value: unknown, what: string): RowMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new StatisticsRowError(what);
  return value as RowMap;
}

function mapsOf(value: unknown, what: string): RowMap[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new StatisticsRowError(what);
  return value.map((item) => mapOf(item, what));
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new StatisticsRowError(what);
  return value;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new StatisticsRowError(what);
  return value;
}

function enumOf<T extends string>(value: unknown, values: Record<string, T>, what: string): T {
  const text = str(value, what);
  if (!(Object.values(values) as string[]).includes(text)) throw new StatisticsRowError(what);
  return text as T;
}
