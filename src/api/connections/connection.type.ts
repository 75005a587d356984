import { Field, Int, ObjectType } from 'type-graphql';
import { Claim, PeriodOverlap, RelationDirection } from '../claims/claim.type';

@ObjectType({
  description:
    'One link of a path: two entities and the claim that links them, with its citations. No link exists without a claim.',
})
export class PathHop {
  @Field(() => Claim, { description: 'The claim behind this link; its citations are the evidence.' })
  claim!: Claim;

  @Field({ description: "The claim's predicate." })
  predicate!: string;

  @Field(() => RelationDirection, {
    description: "OUTGOING when the path goes from the claim's subject to its object, INCOMING when it goes back.",
  })
  direction!: RelationDirection;

  @Field(() => PeriodOverlap, {
    nullable: true,
    description:
      "How the claim's period meets the `during` period asked for (an undated claim only possibly does); null when none was asked.",
  })
  overlap!: PeriodOverlap | null;
}

@ObjectType({
  description: 'A chain of claims from one entity to another, no entity twice. Every link carries its evidence.',
})
export class Path {
  @Field(() => Int, { description: 'Number of links (claims).' })
  length!: number;

  @Field(() => [PathHop], { description: 'The links, from the first entity to the last.' })
  hops!: PathHop[];
}
