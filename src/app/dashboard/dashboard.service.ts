import { entityKindOfRecordType, recordTypeOf } from '../../domain/ids';
import type { EventType } from '../../domain/model';
import { findPredicate, PREDICATES } from '../../domain/predicates';
import type { EntityService } from '../entities/entity.service';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import { MAX_STATISTICS_YEARS, type Statistics, type StatisticsQuery } from '../../store/statistics';
import type { Store } from '../../store/store.port';

/** Years shown when the client gives no window: the last fifty, this one included. */
export const DEFAULT_DASHBOARD_YEARS = 50;
export const DEFAULT_FACILITY_LIMIT = 10;
/** A scope is a hand-picked set (a case file, a search result), not a way to list the graph. */
export const MAX_SCOPE_IDS = 1000;

export interface DashboardArgs {
  entityIds?: readonly string[] | null;
  fromYear?: number | null;
  toYear?: number | null;
  facilityLimit?: number | null;
  yearPredicates?: readonly string[] | null;
  yearEventTypes?: readonly EventType[] | null;
}

/** The store's aggregates and the window they were counted over. */
export interface DashboardRecord extends Statistics {
  fromYear: number;
  toYear: number;
  openEndYear: number;
}

/**
 * Aggregates for dashboards. The store computes them (one call, whatever the
 * size of the graph); this service turns a client's arguments into a query
 * the store may run, with defaults, limits and messages that say what to fix.
 */
export class DashboardService {
  constructor(
    private readonly store: Store,
    private readonly entities: EntityService,
    private readonly now: () => Date,
    private readonly maxFacilities: number,
  ) {}

  async dashboard(args: DashboardArgs): Promise<DashboardRecord> {
    const query = await this.query(args);
    const statistics = await this.store.statistics(query);
    return { ...statistics, fromYear: query.fromYear, toYear: query.toYear, openEndYear: query.openEndYear };
  }

  private async query(args: DashboardArgs): Promise<StatisticsQuery> {
    const currentYear = this.now().getUTCFullYear();
    const from = wholeYear(args.fromYear, 'fromYear');
    // Without an end, the window runs to this year, or as far as it may from a later start.
    const toYear =
      wholeYear(args.toYear, 'toYear') ??
      (from === null ? currentYear : Math.min(Math.max(currentYear, from), from + MAX_STATISTICS_YEARS - 1));
    const fromYear = from ?? Math.max(0, toYear - DEFAULT_DASHBOARD_YEARS + 1);
    if (toYear < fromYear) {
      throw new BadUserInputError(`toYear (${toYear}) is before fromYear (${fromYear}).`, 'toYear');
    }
    if (toYear - fromYear + 1 > MAX_STATISTICS_YEARS) {
      throw new BadUserInputError(
        `The years ${fromYear} to ${toYear} span more than ${MAX_STATISTICS_YEARS} years; ask for a shorter window.`,
        'fromYear',
      );
    }

    const facilityLimit = args.facilityLimit ?? DEFAULT_FACILITY_LIMIT;
    if (!Number.isInteger(facilityLimit) || facilityLimit < 0 || facilityLimit > this.maxFacilities) {
      throw new BadUserInputError(
        `facilityLimit must be between 0 and ${this.maxFacilities}; got ${facilityLimit}.`,
        'facilityLimit',
      );
    }

    const yearPredicates = args.yearPredicates?.length ? knownPredicates(args.yearPredicates) : null;
    const yearEventTypes = args.yearEventTypes?.length ? [...new Set(args.yearEventTypes)] : null;
    const entityIds = args.entityIds === null || args.entityIds === undefined ? null : await this.scope(args.entityIds);

    return {
      ...(entityIds ? { entityIds } : {}),
      facilityLimit,
      fromYear,
      toYear,
      openEndYear: currentYear,
      ...(yearPredicates ? { yearPredicates } : {}),
      ...(yearEventTypes ? { yearEventTypes } : {}),
    };
  }

  /** Existing entity ids, each once; a typo would otherwise silently count as nothing. */
  private async scope(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) {
      throw new BadUserInputError(
        'entityIds is empty: give the entities to count, or leave entityIds out to count the whole graph.',
        'entityIds',
      );
    }
    if (ids.length > MAX_SCOPE_IDS) {
      throw new BadUserInputError(`entityIds has ${ids.length} ids; the limit is ${MAX_SCOPE_IDS}.`, 'entityIds');
    }
    const unique = [...new Set(ids)];
    unique.forEach((id) => {
      const type = recordTypeOf(id);
      if (!type || entityKindOfRecordType(type) === null) {
        throw new BadUserInputError(
          `"${id}" is not an entity id (ids look like fac_sednaya or per_...).`,
          `entityIds[${ids.indexOf(id)}]`,
        );
      }
    });
    const found = await this.entities.findMany(unique);
    const missing = unique.findIndex((_, i) => found[i] === null);
    if (missing >= 0) throw new NotFoundError('entity', unique[missing]!);
    return unique;
  }
}

function wholeYear(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 0 || value > 9999) {
    throw new BadUserInputError(`${field} must be a year between 0 and 9999; got ${value}.`, field);
  }
  return value;
}

function knownPredicates(names: readonly string[]): string[] {
  names.forEach((name, i) => {
    if (!findPredicate(name)) {
      throw new BadUserInputError(
        `Unknown predicate "${name}". Use one of: ${PREDICATES.map((p) => p.name).join(', ')}.`,
        `yearPredicates[${i}]`,
      );
    }
  });
  return [...new Set(names)];
}
