import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ClaimStatus, EntityKind, EventType } from '../../domain/model';
import { Facility } from '../entities/entity.type';

@ObjectType({ description: 'How many entities of one kind.' })
export class EntityKindCount {
  @Field(() => EntityKind, { description: 'The kind counted.' })
  kind!: EntityKind;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({ description: 'How many events of one type.' })
export class EventTypeCount {
  @Field(() => EventType, { nullable: true, description: 'Null for events recorded without a type.' })
  eventType!: EventType | null;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({ description: 'How many claims with one status.' })
export class ClaimStatusCount {
  @Field(() => ClaimStatus, { description: 'The status counted.' })
  status!: ClaimStatus;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({ description: 'How many claims with one predicate.' })
export class PredicateCount {
  @Field({ description: 'The predicate counted.' })
  predicate!: string;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({ description: 'People and claims at one facility. Retracted claims do not count.' })
export class FacilityCount {
  @Field(() => ID, { description: "The facility's id." })
  facilityId!: string;

  @Field(() => Facility, { description: 'The facility counted.' })
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
  @Field(() => Int, { description: 'The year.' })
  year!: number;

  @Field(() => Int, { description: 'Records whose date certainly falls in the year.' })
  certain!: number;

  @Field(() => Int, { description: 'Records whose date may fall in the year, but not certainly.' })
  possible!: number;
}

@ObjectType({ description: 'Counts by year over the window fromYear..toYear, with the undated and the total.' })
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

  @Field(() => Int, { description: 'The first year of the by-year series.' })
  fromYear!: number;

  @Field(() => Int, { description: 'The last year of the by-year series.' })
  toYear!: number;

  @Field(() => Int, { description: 'The last year an open-ended date counts in.' })
  openEndYear!: number;
}
