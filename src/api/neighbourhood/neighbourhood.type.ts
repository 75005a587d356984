import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Claim } from '../claims/claim.type';
import { EntityInterface } from '../entities/entity.type';

@ObjectType()
export class NeighbourhoodNode {
  @Field(() => EntityInterface)
  entity!: EntityInterface;

  @Field(() => Int, { description: 'Hops from the entity asked about (0 for itself).' })
  distance!: number;
}

@ObjectType({ description: 'One claim drawn as an edge, from its subject to its object.' })
export class NeighbourhoodEdge {
  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field()
  predicate!: string;

  @Field(() => Claim)
  claim!: Claim;

  @Field(() => Int)
  citationCount!: number;
}

@ObjectType({ description: 'The nodes and edges around an entity, in one response, for drawing.' })
export class Neighbourhood {
  @Field(() => [NeighbourhoodNode])
  nodes!: NeighbourhoodNode[];

  @Field(() => [NeighbourhoodEdge])
  edges!: NeighbourhoodEdge[];

  @Field({ description: 'True when the node limit cut the walk short.' })
  truncated!: boolean;
}
