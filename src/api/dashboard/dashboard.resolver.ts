import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { ClaimStatus, EntityKind, EntityRecord, EventType } from '../../domain/model';
import { Facility } from '../entities/entity.type';
import type { AtharContext } from '../graphql/context';
import type { FacilityStatistics, YearSeries } from '../../store/statistics';
import type { DashboardRecord } from '../../app/dashboard/dashboard.service';
import { Dashboard, FacilityCount } from './dashboard.type';

/** Dashboard as resolved: the store's keyed counts under the names the schema gives them. */
interface DashboardView {
  entitiesByKind: { kind: EntityKind; count: number }[];
  eventsByType: { eventType: EventType | null; count: number }[];
  claimsByStatus: { status: ClaimStatus; count: number }[];
  claimsByPredicate: { predicate: string; count: number }[];
  facilities: FacilityStatistics[];
  claimsByYear: YearSeries;
  eventsByYear: YearSeries;
  fromYear: number;
  toYear: number;
  openEndYear: number;
}

@Resolver(() => Dashboard)
export class DashboardResolver {
  @Query(() => Dashboard, {
    description:
      'Counts for dashboards: entities by kind, events by type, claims by status and predicate, facilities by ' +
      'detainees, and claims and events by year (certain or possible), over the whole graph or entityIds.',
  })
  async dashboard(
    @Ctx() { services }: AtharContext,
    @Arg('entityIds', () => [ID], {
      nullable: true,
      description: 'Count only these entities and the claims about them (at most 1000). Omit for the whole graph.',
    })
    entityIds?: string[] | null,
    @Arg('fromYear', () => Int, {
      nullable: true,
      description: 'First year of the by-year series; default 49 years before toYear.',
    })
    fromYear?: number | null,
    @Arg('toYear', () => Int, {
      nullable: true,
      description: 'Last year of the by-year series (at most 200 years in all); default this year.',
    })
    toYear?: number | null,
    @Arg('facilityLimit', () => Int, { nullable: true, description: 'How many facilities to list; default 10.' })
    facilityLimit?: number | null,
    @Arg('yearPredicates', () => [String], {
      nullable: true,
      description: 'Count only claims of these predicates by year (e.g. DETAINED_AT); empty or omitted: all.',
    })
    yearPredicates?: string[] | null,
    @Arg('yearEventTypes', () => [EventType], {
      nullable: true,
      description: 'Count only events of these types by year; empty or omitted: all.',
    })
    yearEventTypes?: EventType[] | null,
  ): Promise<DashboardView> {
    const record = await services.dashboard.dashboard({
      entityIds,
      fromYear,
      toYear,
      facilityLimit,
      yearPredicates,
      yearEventTypes,
    });
    return toView(record);
  }
}

@Resolver(() => FacilityCount)
export class FacilityCountResolver {
  @FieldResolver(() => Facility, { description: 'The facility counted.' })
  facility(@Root() row: FacilityStatistics, @Ctx() { services }: AtharContext): Promise<EntityRecord> {
    return services.entities.get(row.facilityId, EntityKind.FACILITY);
  }
}

function toView(record: DashboardRecord): DashboardView {
  return {
    entitiesByKind: record.entitiesByKind.map(({ key, count }) => ({ kind: key, count })),
    eventsByType: record.eventsByType.map(({ key, count }) => ({ eventType: key, count })),
    claimsByStatus: record.claimsByStatus.map(({ key, count }) => ({ status: key, count })),
    claimsByPredicate: record.claimsByPredicate.map(({ key, count }) => ({ predicate: key, count })),
    facilities: record.facilities,
    claimsByYear: record.claimsByYear,
    eventsByYear: record.eventsByYear,
    fromYear: record.fromYear,
    toYear: record.toYear,
    openEndYear: record.openEndYear,
  };
}
