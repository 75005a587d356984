import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ClaimStatus, EntityKind, EventType } from '../../domain/model';
import { Facility } from '../entities/entity.type';

@ObjectType()
export class EntityKindCount {
  @Field(() => EntityKind)
  kind!: EntityKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class EventTypeCount {
  @Field(() => EventType, { nullable: true, description: 'Null for events recorded without a type.' })
  eventType!: EventType | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class ClaimStatusCount {
  @Field(() => ClaimStatus)
  status!: ClaimStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class PredicateCount {
  @Field()
  predicate!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'People and claims at one facility. Retracted claims do not count.' })
export class FacilityCount {
  @Field(() => ID)
  facilityId!: string;

  @Field(() => Facility)
  facility!: Facility;

  @Field(() => Int, { description: 'Distinct people said to have been held there (DETAINED_AT).' })
  detainees!: number;

  @Field(() => Int, { description: 'Distinct people said to have held a post there (OFFICIAL_AT).' })
  officials!: number;

  @Field(() => Int, { description: 'Claims with the facility as subject or object.' })
  claims!: number;
}

@ObjectType({
  description:
    'Records whose date certainly falls in the year (both bounds inside it), and those whose date only may ' +
    '(the bounds overlap the year without lying inside it). A record is certain in at most one year.',
})
export class YearCount {
  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  certain!: number;

  @Field(() => Int)
  possible!: number;
}

@ObjectType()
export class YearSeries {
  @Field(() => [YearCount], { description: 'Every year of the window, ascending, zeros included.' })
  years!: YearCount[];

  @Field(() => Int, { description: 'Records without a date.' })
  undated!: number;

  @Field(() => Int, { description: 'Every record counted, dated or not, in the window or not.' })
  total!: number;
}

@ObjectType({
  description:
    'Aggregates for dashboards, over the whole graph or a scope of entities. Retracted claims count only in ' +
    'claimsByStatus. Open-ended dates are never certain: an open start reaches back to fromYear, an open end ' +
    'up to openEndYear (this year).',
})
export class Dashboard {
  @Field(() => [EntityKindCount], { description: 'Every kind, zeros included.' })
  entitiesByKind!: EntityKindCount[];

  @Field(() => [EventTypeCount], { description: 'Most first.' })
  eventsByType!: EventTypeCount[];

  @Field(() => [ClaimStatusCount], { description: 'Every status, retracted included.' })
  claimsByStatus!: ClaimStatusCount[];

  @Field(() => [PredicateCount], { description: 'Claims that are not retracted, most first.' })
  claimsByPredicate!: PredicateCount[];

  @Field(() => [FacilityCount], { description: 'Most detainees first, then by id, at most facilityLimit.' })
  facilities!: FacilityCount[];

  @Field(() => YearSeries, { description: 'Claims (of yearPredicates) by their period.' })
  claimsByYear!: YearSeries;

  @Field(() => YearSeries, { description: 'Events (of yearEventTypes) by their date.' })
  eventsByYear!: YearSeries;

  @Field(() => Int)
  fromYear!: number;

  @Field(() => Int)
  toYear!: number;

  @Field(() => Int, { description: 'The last year an open-ended date counts in.' })
  openEndYear!: number;
}
