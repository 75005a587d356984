import { AccessLevel, ClaimStatus, ENTITY_KINDS, EntityKind, EventType } from '../domain/model';
import { BadUserInputError } from '../domain/errors';

/**
 * Dashboard aggregates, as the Store port's `statistics` computes them. The
 * types and the counting rules live here, shared by both adapters, so that
 * the embedded store and Neo4j answer with the same numbers in the same order.
 *
 * Counting rules (both adapters, held to them by test/contract/statistics.contract.ts):
 *
 * - Retracted claims count only in `claimsByStatus`; every other figure
 *   leaves them out. Disputed claims count everywhere: a dispute is still a
 *   live claim.
 * - With `levels` (a viewer's, from src/policy/scoped-store.ts), only
 *   entities whose `access` and claims whose derived `visibility` is among
 *   them count, so no figure reveals what the viewer may not see.
 * - A fuzzy date [earliest, latest] counts in year Y as
 *   - `certain` when both bounds lie in Y (2019, 2019-12 and 2019-12-08 all do;
 *     2019-12~ and the winter 2019-24 do not: they reach into 2020);
 *   - `possible` when the bounds overlap Y without lying inside it
 *     (1981/2024-12-08 is possible in each of 1981..2024 and certain in none).
 *   So a record is certain in at most one year, and the `certain` column of
 *   a series never counts anything twice: it can be summed.
 * - An open bound never makes a date certain. An open start (earliest null)
 *   reaches back to the window's `fromYear`; an open end (latest null) reaches
 *   `openEndYear` (the service passes the current year: a period still running
 *   cannot be in a future year) but never past `toYear`.
 * - Only years in [fromYear, toYear] are reported, every one of them, zeros
 *   included; a record dated wholly outside the window counts in `total` only.
 *   A record without a date counts in `undated` and `total`.
 */

/** The widest year window a query may ask for: it bounds the rows a by-year count may expand to. */
export const MAX_STATISTICS_YEARS = 200;

export interface StatisticsQuery {
  /** Count only what a viewer with these levels may see (entity access, claim visibility); omitted: everything. */
  levels?: readonly AccessLevel[];
  /**
   * Restricts every figure to these entities and the claims whose subject or
   * object is one of them (unknown ids add nothing). Omitted: the whole graph.
   */
  entityIds?: string[];
  /** How many facilities to return, most detainees first. */
  facilityLimit: number;
  /** First and last year of the by-year series, inclusive; at most MAX_STATISTICS_YEARS years. */
  fromYear: number;
  toYear: number;
  /** The last year an open-ended date (latest null) can count in. */
  openEndYear: number;
  /** Predicates of the claims counted by year; omitted: every predicate. */
  yearPredicates?: string[];
  /** Types of the events counted by year; omitted: every type. */
  yearEventTypes?: EventType[];
}

export interface KeyCount<K> {
  key: K;
  count: number;
}

export interface FacilityStatistics {
  facilityId: string;
  /** Distinct people with a non-retracted DETAINED_AT claim on the facility. */
  detainees: number;
  /** Distinct people with a non-retracted OFFICIAL_AT claim on the facility. */
  officials: number;
  /** Non-retracted claims with the facility as subject or object. */
  claims: number;
}

export interface YearCount {
  year: number;
  certain: number;
  possible: number;
}

export interface YearSeries {
  /** One entry per year of the window, ascending. */
  years: YearCount[];
  /** Records without a date. */
  undated: number;
  /** Every record of the series, dated or not, in the window or not. */
  total: number;
}

export interface Statistics {
  /** Every entity kind, in ENTITY_KINDS order, zeros included. */
  entitiesByKind: KeyCount<EntityKind>[];
  /** Events by type (null: no type given), most first, then by type. */
  eventsByType: KeyCount<EventType | null>[];
  /** Every status, retracted included, in ClaimStatus order, zeros included. */
  claimsByStatus: KeyCount<ClaimStatus>[];
  /** Non-retracted claims by predicate, most first, then by predicate. */
  claimsByPredicate: KeyCount<string>[];
  /** At most facilityLimit facilities, most detainees first, then by id. */
  facilities: FacilityStatistics[];
  /** Non-retracted claims (of yearPredicates) by their period. */
  claimsByYear: YearSeries;
  /** Events (of yearEventTypes) by their date. */
  eventsByYear: YearSeries;
}

/** The statuses, in the order of `claimsByStatus`. */
export const CLAIM_STATUSES: readonly ClaimStatus[] = Object.values(ClaimStatus);

/**
 * Refuses a query an adapter must not run: a window that is not whole years
 * 0..9999, runs backwards or spans more than MAX_STATISTICS_YEARS years (so
 * no adapter expands a date over an unbounded range), or a negative limit.
 * The service validates its input first with friendlier messages; this is the
 * adapters' own guard.
 */
export function checkStatisticsQuery(query: StatisticsQuery): void {
  const years: [string, number][] = [
    ['fromYear', query.fromYear],
    ['toYear', query.toYear],
    ['openEndYear', query.openEndYear],
  ];
  for (const [field, year] of years) {
    if (!Number.isInteger(year) || year < 0 || year > 9999) {
      throw new BadUserInputError(`${field} must be a whole year between 0 and 9999; got ${year}.`, field);
    }
  }
  if (query.toYear < query.fromYear) {
    throw new BadUserInputError(`toYear (${query.toYear}) is before fromYear (${query.fromYear}).`, 'toYear');
  }
  if (query.toYear - query.fromYear + 1 > MAX_STATISTICS_YEARS) {
    throw new BadUserInputError(
      `The year window ${query.fromYear}..${query.toYear} spans more than ${MAX_STATISTICS_YEARS} years.`,
      'fromYear',
    );
  }
  if (!Number.isInteger(query.facilityLimit) || query.facilityLimit < 0) {
    throw new BadUserInputError(
      `facilityLimit must be a whole number, 0 or more; got ${query.facilityLimit}.`,
      'facilityLimit',
    );
  }
}

/** The year of a YYYY-MM-DD bound, or null for an open one. */
export function yearOf(bound: string | null): number | null {
  if (bound === null) return null;
  const year = Number(bound.slice(0, 4));
  return Number.isInteger(year) ? year : null;
}

/**
 * Where a dated record counts in the window: the years it reaches (clamped to
 * the window, open ends as the rules above say) and whether it is certain
 * there (then the range is one year). Null when it reaches no year of the window.
 */
export function yearSpan(
  earliestYear: number | null,
  latestYear: number | null,
  query: Pick<StatisticsQuery, 'fromYear' | 'toYear' | 'openEndYear'>,
): { from: number; to: number; certain: boolean } | null {
  const certain = earliestYear !== null && earliestYear === latestYear;
  const from = earliestYear === null ? query.fromYear : Math.max(earliestYear, query.fromYear);
  const to = Math.min(latestYear ?? query.openEndYear, query.toYear);
  return from <= to ? { from, to, certain } : null;
}

/** Tallies records into a YearSeries; records with the same year bounds can be added at once. */
export class YearTally {
  private readonly certain: number[];
  private readonly possible: number[];
  private undated = 0;
  private total = 0;

  constructor(private readonly query: Pick<StatisticsQuery, 'fromYear' | 'toYear' | 'openEndYear'>) {
    const size = query.toYear - query.fromYear + 1;
    this.certain = new Array<number>(size).fill(0);
    this.possible = new Array<number>(size).fill(0);
  }

  /** `dated` false for a record without a date; years as yearOf gives them. */
  add(dated: boolean, earliestYear: number | null, latestYear: number | null, count = 1): void {
    this.total += count;
    if (!dated) {
      this.undated += count;
      return;
    }
    const span = yearSpan(earliestYear, latestYear, this.query);
    if (span === null) return;
    const column = span.certain ? this.certain : this.possible;
    for (let year = span.from; year <= span.to; year += 1) column[year - this.query.fromYear]! += count;
  }

  series(): YearSeries {
    return {
      years: this.certain.map((certain, i) => ({
        year: this.query.fromYear + i,
        certain,
        possible: this.possible[i]!,
      })),
      undated: this.undated,
      total: this.total,
    };
  }
}

/** Most first, then by key (null last): the order of the open-ended count lists. */
export function sortCounts<K extends string | null>(counts: KeyCount<K>[]): KeyCount<K>[] {
  return counts.filter((c) => c.count > 0).sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** One entry per key of `keys`, in that order, from a map that may lack some. */
export function everyKey<K extends string>(keys: readonly K[], counts: ReadonlyMap<K, number>): KeyCount<K>[] {
  return keys.map((key) => ({ key, count: counts.get(key) ?? 0 }));
}

export function everyKind(counts: ReadonlyMap<EntityKind, number>): KeyCount<EntityKind>[] {
  return everyKey(ENTITY_KINDS, counts);
}

/** Most detainees first, then by id, at most `limit`. */
export function rankFacilities(facilities: FacilityStatistics[], limit: number): FacilityStatistics[] {
  return facilities.sort((a, b) => b.detainees - a.detainees || (a.facilityId < b.facilityId ? -1 : 1)).slice(0, limit);
}
