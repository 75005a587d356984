import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  PeriodOverlap,
  QuantityQualifier,
  RelationDirection,
  Reliability,
} from '../../domain/model';

import { ClaimSide } from '../../app/claims/claim.service';

export { PeriodOverlap, RelationDirection };
import { connectionOf, FuzzyDate, Node, VERSION_DESCRIPTION } from '../graphql/common.types';

@ObjectType({ description: 'A reported number: "more than 30,000 people", "up to 13,000".' })
export class Quantity {
  @Field(() => Float, { description: 'The number reported (the bottom of a range when amountMax is set).' })
  amount!: number;

  @Field(() => Float, { nullable: true, description: 'Top of a range, when the source gives one.' })
  amountMax!: number | null;

  @Field(() => QuantityQualifier, {
    description: 'How the number relates to the true figure: exact, about, at least...',
  })
  qualifier!: QuantityQualifier;

  @Field({ description: 'What is counted, e.g. people, detainees, deaths.' })
  unit!: string;
}

@ObjectType({
  implements: Node,
  description:
    'One statement about a subject, with the citations that support it. Every edge between two entities is a claim.',
})
export class Claim implements Node {
  @Field(() => ID, { description: 'The global id: pass it to node(id) to fetch this record again.' })
  id!: string;

  @Field({ description: 'From the controlled vocabulary; see the predicates query.' })
  predicate!: string;

  @Field(() => FuzzyDate, { nullable: true, description: 'When the statement holds.' })
  period!: FuzzyDate | null;

  @Field(() => ClaimStatus, { description: 'Asserted, disputed or retracted; a claim is never deleted.' })
  status!: ClaimStatus;

  @Field(() => String, { nullable: true, description: 'Why the claim was disputed or retracted.' })
  statusReason!: string | null;

  @Field(() => ClaimRank, {
    description: "An analyst's ranking among claims about the same thing; a deprecated claim is kept and shown.",
  })
  rank!: ClaimRank;

  @Field(() => String, { nullable: true, description: 'Why the claim was ranked so; null for an unranked claim.' })
  rankReason!: string | null;

  @Field(() => String, { nullable: true, description: 'Null also when withheld, like the excerpts of the claim.' })
  note!: string | null;

  @Field(() => AccessLevel, { description: 'The level given to the claim itself.' })
  access!: AccessLevel;

  @Field(() => AccessLevel, {
    description:
      'The clearance needed to see the claim, given its parties, its sources and any protected person in it.',
  })
  visibility!: AccessLevel;

  @Field({ description: 'When the record was created (ISO 8601 date-time, UTC).' })
  createdAt!: string;

  @Field({ description: 'When the record last changed (ISO 8601 date-time, UTC).' })
  updatedAt!: string;

  @Field(() => Int, { description: VERSION_DESCRIPTION })
  version!: number;
}

@ObjectType({
  implements: Node,
  description: 'The link from a claim to its evidence: where in which source, the exact words, and a grading.',
})
export class Citation implements Node {
  @Field(() => ID, { description: 'The global id: pass it to node(id) to fetch this record again.' })
  id!: string;

  @Field({ description: 'Page, paragraph or timestamp in the document read (the via source when there is one).' })
  locator!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The exact words of the document. Null when withheld: they may identify a protected person and your clearance is below their protection.',
  })
  excerpt!: string | null;

  @Field(() => Reliability, { description: 'Admiralty scale reliability of the source: A (completely reliable) to F.' })
  reliability!: Reliability;

  @Field(() => Int, { description: 'Admiralty scale information credibility: 1 (confirmed) to 6 (cannot be judged).' })
  credibility!: number;

  @Field({ description: 'When the record was created (ISO 8601 date-time, UTC).' })
  createdAt!: string;
}

export const ClaimConnection = connectionOf('Claim', () => Claim);

registerEnumType(ClaimSide, {
  name: 'ClaimSide',
  description: 'Which side of a claim the entity is on.',
  valuesConfig: {
    SUBJECT: { description: 'The entity is what the claim is about.' },
    OBJECT: { description: 'The entity is the other end of the claim (its object).' },
    ANY: { description: 'Either side.' },
  },
});
registerEnumType(RelationDirection, {
  name: 'RelationDirection',
  description: 'Which way a claim runs from the entity asked about.',
  valuesConfig: {
    OUTGOING: { description: 'The entity is the subject of the claim.' },
    INCOMING: { description: 'The entity is the object of the claim.' },
  },
});

registerEnumType(PeriodOverlap, {
  name: 'PeriodOverlap',
  description: 'CERTAIN when two periods overlap however their uncertain dates are read; POSSIBLE when they only may.',
  valuesConfig: {
    CERTAIN: { description: 'The periods overlap however their uncertain dates are read.' },
    POSSIBLE: { description: 'The periods may overlap, depending on how their uncertain dates are read.' },
  },
});

@ObjectType({
  description:
    'A traversal from one entity to another. It exists only because a claim says so: the claim and its citations come with it.',
})
export class EntityRelation {
  @Field(() => Claim, { description: 'The claim that links the two entities, with its citations.' })
  claim!: Claim;

  @Field({ description: "The claim's predicate." })
  predicate!: string;

  @Field(() => RelationDirection, { description: 'OUTGOING when the entity asked about is the subject of the claim.' })
  direction!: RelationDirection;

  @Field(() => PeriodOverlap, {
    nullable: true,
    description:
      "How the claim's period meets the `during` period asked for (an undated claim only possibly does); null when none was asked.",
  })
  overlap!: PeriodOverlap | null;
}
