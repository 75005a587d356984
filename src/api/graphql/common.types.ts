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

registerEnumType(EntityKind, {
  name: 'EntityKind',
  description: 'What an entity is: each kind is also its own type (Person, Organization, Facility, Place, Event).',
  valuesConfig: {
    PERSON: { description: 'A person: a detainee, a witness, an official, a perpetrator.' },
    ORGANIZATION: {
      description: 'An organisation: an intelligence branch, a ministry, a court, an armed group, an NGO.',
    },
    FACILITY: { description: 'A built place of detention or operation: a prison, a branch, a section, a base.' },
    PLACE: { description: 'A geographic place: a country, region, city, district or site.' },
    EVENT: { description: 'Something that happened: an arrest, a transfer, a death in custody, a release.' },
  },
});
registerEnumType(FacilityType, {
  name: 'FacilityType',
  description: 'What kind of facility it is.',
  valuesConfig: {
    PRISON: { description: 'A prison.' },
    BRANCH: { description: 'An intelligence or security branch (a numbered branch and its detention cells).' },
    SECTION: { description: 'A section or wing inside another facility.' },
    BUILDING: { description: 'A single building.' },
    DETENTION_CENTRE: { description: 'A detention centre that is not a prison or a branch.' },
    MILITARY_BASE: { description: 'A military base or barracks.' },
    AIRPORT: { description: 'An airport or airbase.' },
    OTHER: { description: 'Any other facility.' },
  },
});
registerEnumType(PlaceType, {
  name: 'PlaceType',
  description: 'What kind of place it is, from largest to smallest.',
  valuesConfig: {
    COUNTRY: { description: 'A country.' },
    REGION: { description: 'A region, governorate or province.' },
    CITY: { description: 'A city.' },
    TOWN: { description: 'A town or village.' },
    DISTRICT: { description: 'A district or neighbourhood of a city.' },
    SITE: { description: 'A specific site: a checkpoint, a mass grave, a square.' },
    OTHER: { description: 'Any other place.' },
  },
});
registerEnumType(EventType, {
  name: 'EventType',
  description: 'What kind of event it is.',
  valuesConfig: {
    ARREST: { description: 'An arrest or abduction by the authorities.' },
    DETENTION: { description: 'A period of detention.' },
    TRANSFER: { description: 'A transfer of a detainee from one facility to another.' },
    INTERROGATION: { description: 'An interrogation.' },
    TORTURE: { description: 'Torture or ill-treatment.' },
    EXECUTION: { description: 'An execution.' },
    DEATH_IN_CUSTODY: { description: 'A death in custody.' },
    RELEASE: { description: 'A release from detention.' },
    DISAPPEARANCE: { description: 'An enforced disappearance: whereabouts and fate unknown.' },
    TRIAL: { description: 'A trial or court hearing.' },
    LIBERATION: { description: 'A liberation of a facility or of its detainees.' },
    ESCAPE: { description: 'An escape.' },
    SEARCH_AND_RESCUE: { description: 'A search for, or rescue of, detainees or remains.' },
    DOCUMENTATION: { description: 'A documentation effort: a site visit, a records seizure, an investigation.' },
    MILITARY_OPERATION: { description: 'A military operation.' },
    REGIME_CHANGE: { description: 'A change of government or control.' },
    OTHER: { description: 'Any other event.' },
  },
});
registerEnumType(SourceKind, {
  name: 'SourceKind',
  description: 'What kind of source it is.',
  valuesConfig: {
    DOCUMENT: { description: 'A document: an official record, a letter, a list.' },
    NEWS_ARTICLE: { description: 'A news article.' },
    REPORT: { description: 'A report by an NGO, a UN body or a commission.' },
    TESTIMONY: { description: 'A testimony by a survivor or a witness.' },
    INTERVIEW: { description: 'An interview.' },
    PHOTO_SET: { description: 'A set of photographs.' },
    VIDEO: { description: 'A video.' },
    DATASET: { description: 'A dataset.' },
    POST: { description: 'A social media post.' },
    STATEMENT: { description: 'A public statement.' },
  },
});
registerEnumType(ClaimStatus, {
  name: 'ClaimStatus',
  description: 'Claims are never deleted: a disputed or retracted claim stays visible, with its reason.',
  valuesConfig: {
    ASSERTED: { description: 'Asserted from its citations, and not disputed.' },
    DISPUTED: { description: 'Disputed by an analyst, with a reason; still visible.' },
    RETRACTED: { description: 'Withdrawn, with a reason; kept on record, never deleted.' },
  },
});
registerEnumType(ClaimRank, {
  name: 'ClaimRank',
  description: "An analyst's ranking of a claim against others about the same thing. Ranking hides nothing.",
  valuesConfig: {
    PREFERRED: { description: 'The figure or statement to prefer in a report.' },
    NORMAL: { description: 'Not ranked against others (the default).' },
    DEPRECATED: { description: 'Kept, but not to be relied on (with the reason).' },
  },
});
registerEnumType(AccessLevel, {
  name: 'AccessLevel',
  description: 'Who may read a record: PUBLIC (anyone) < RESTRICTED (analysts) < CONFIDENTIAL (legal team, admins).',
  valuesConfig: {
    PUBLIC: { description: 'Anyone may read it, signed in or not.' },
    RESTRICTED: { description: 'Analysts and above.' },
    CONFIDENTIAL: { description: 'The legal team and admins only.' },
  },
});
registerEnumType(Reliability, {
  name: 'Reliability',
  description: 'Admiralty scale source reliability: A (completely reliable) to F (cannot be judged).',
  valuesConfig: {
    A: { description: 'Completely reliable.' },
    B: { description: 'Usually reliable.' },
    C: { description: 'Fairly reliable.' },
    D: { description: 'Not usually reliable.' },
    E: { description: 'Unreliable.' },
    F: { description: 'Reliability cannot be judged.' },
  },
});
registerEnumType(QuantityQualifier, {
  name: 'QuantityQualifier',
  description: 'How a reported number relates to the true figure ("more than 30,000", "up to 13,000").',
  valuesConfig: {
    EXACT: { description: 'Exactly this number.' },
    ABOUT: { description: 'About this number.' },
    AT_LEAST: { description: 'This number or more.' },
    MORE_THAN: { description: 'More than this number.' },
    UP_TO: { description: 'This number or fewer.' },
    USUALLY_UP_TO: {
      description: 'Usually this number or fewer, sometimes more ("rarely more than"): not a bound on every case.',
    },
  },
});
registerEnumType(PredicateObjectType, {
  name: 'PredicateObjectType',
  description: 'What the object of a claim with this predicate is.',
  valuesConfig: {
    ENTITY: { description: 'Another entity (the claim links two entities).' },
    QUANTITY: { description: 'A number with a qualifier and a unit.' },
    TEXT: { description: 'Free text.' },
  },
});

/** The description of the `version` field of entities, sources and claims. */
export const VERSION_DESCRIPTION =
  'The version of this record: 1 when it was created, one more with every change to it (edits, access and ' +
  'protection, status and rank, levels worked out again). Pass it back as `expectedVersion` to an update: if the ' +
  'record has changed since, the update is refused with CONFLICT and nothing is written.';

/** The description of the `asOf` field of every Node. */
export const AS_OF_FIELD_DESCRIPTION =
  'The moment this record was read at: the `asOf` of the operation as an ISO 8601 date-time (a date means the end ' +
  'of that day, UTC), or null when it was read as it is now. Select it next to `id` in past reads so that a ' +
  'normalised client cache (Apollo Client, urql Graphcache) keeps the past state apart from the present one.';

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
  @Field(() => ID, { description: 'The global id: pass it to node(id) to fetch this record again.' })
  id!: string;

  /** Answered from the operation's context by NodeAsOfResolver, never stored. */
  @Field(() => String, { nullable: true, description: AS_OF_FIELD_DESCRIPTION })
  asOf?: string | null;
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

@ObjectType({ description: 'Where a page of a connection sits: pass endCursor as `after` to get the next page.' })
export class PageInfo {
  @Field({ description: 'Whether there are more items after this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'Whether there are items before this page (always false: pages only go forward).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item on this page; null when empty.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last item on this page: pass it as `after` for the next page; null when empty.',
  })
  endCursor!: string | null;
}

/** Relay connection types, one pair per node type. */
export function connectionOf<T extends object>(name: string, nodeType: () => ClassType<T> | (abstract new () => T)) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page of a connection, with its cursor.` })
  class Edge {
    @Field({ description: 'An opaque cursor for this item: pass it as `after` to get the items after it.' })
    cursor!: string;

    @Field(nodeType, { description: `The ${name} itself.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, {
    description: `A page of ${name} items (Relay connection): ask with \`first\` and \`after\`, follow pageInfo.endCursor.`,
  })
  class Connection {
    @Field(() => [Edge], { description: 'The items on this page, in order, each with its cursor.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Whether there is a next page, and the cursor to ask for it.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Items matching the filter, across all pages.' })
    totalCount!: number;
  }

  return Connection;
}
