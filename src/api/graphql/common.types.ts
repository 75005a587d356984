import { ClassType, Field, ID, InterfaceType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  EventType,
  FacilityType,
  PlaceType,
  QuantityQualifier,
  Reliability,
  SourceKind,
} from '../../domain/model';
import { ObjectType as PredicateObjectType } from '../../domain/predicates';

registerEnumType(EntityKind, { name: 'EntityKind' });
registerEnumType(FacilityType, { name: 'FacilityType' });
registerEnumType(PlaceType, { name: 'PlaceType' });
registerEnumType(EventType, { name: 'EventType' });
registerEnumType(SourceKind, { name: 'SourceKind' });
registerEnumType(ClaimStatus, {
  name: 'ClaimStatus',
  description: 'Claims are never deleted: a disputed or retracted claim stays visible, with its reason.',
});
registerEnumType(ClaimRank, {
  name: 'ClaimRank',
  description: "An analyst's ranking of a claim against others about the same thing. Ranking hides nothing.",
});
registerEnumType(AccessLevel, {
  name: 'AccessLevel',
  description: 'Who may read a record: PUBLIC (anyone) < RESTRICTED (analysts) < CONFIDENTIAL (legal team, admins).',
});
registerEnumType(Reliability, {
  name: 'Reliability',
  description: 'Admiralty scale source reliability: A (completely reliable) to F (cannot be judged).',
});
registerEnumType(QuantityQualifier, { name: 'QuantityQualifier' });
registerEnumType(PredicateObjectType, { name: 'PredicateObjectType' });

/** The description of the `version` field of entities, sources and claims. */
export const VERSION_DESCRIPTION =
  'The version of this record: 1 when it was created, one more with every change to it (edits, access and ' +
  'protection, status and rank, levels worked out again). Pass it back as `expectedVersion` to an update: if the ' +
  'record has changed since, the update is refused with CONFLICT and nothing is written.';

/** The description of the `expectedVersion` argument of updates. */
export const EXPECTED_VERSION_DESCRIPTION =
  'The `version` of the record as you read it. If the record is at another version when the update is made ' +
  '(someone changed it since), nothing is written and the answer is a CONFLICT error naming both versions: ' +
  're-read the record and decide again. Omit it to apply the update to whatever the record is now.';

@InterfaceType({
  description: 'Anything with a global id, fetchable with node(id).',
  // Records are plain data; node(id) tags each with its type name.
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'An uncertain date or period: EDTF text and the calendar bounds it implies.' })
export class FuzzyDate {
  @Field({ description: 'ISO 8601-2 (EDTF), e.g. 2011/2013, 2012~, ..2016' })
  edtf!: string;

  @Field(() => String, { nullable: true, description: 'Earliest day it can mean (YYYY-MM-DD); null when open.' })
  earliest!: string | null;

  @Field(() => String, { nullable: true, description: 'Latest day it can mean (YYYY-MM-DD); null when open.' })
  latest!: string | null;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Relay connection types, one pair per node type. */
export function connectionOf<T extends object>(name: string, nodeType: () => ClassType<T> | (abstract new () => T)) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items matching the filter, across all pages.' })
    totalCount!: number;
  }

  return Connection;
}
