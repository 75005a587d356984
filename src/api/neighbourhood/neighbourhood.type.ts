import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Claim } from '../claims/claim.type';
import { EntityInterface } from '../entities/entity.type';

@ObjectType({ description: 'An entity in a neighbourhood, with how far it is from the one asked about.' })
export class NeighbourhoodNode {
  @Field(() => EntityInterface, { description: 'The entity.' })
  entity!: EntityInterface;

  @Field(() => Int, { description: 'Hops from the entity asked about (0 for itself).' })
  distance!: number;
}

@ObjectType({ description: 'One claim drawn as an edge, from its subject to its object.' })
export class NeighbourhoodEdge {
  @Field(() => ID, { description: "The id of the claim's subject." })
  from!: string;

  @Field(() => ID, { description: "The id of the claim's object." })
  to!: string;

  @Field({ description: "The claim's predicate." })
  predicate!: string;

  @Field(() => Claim, { description: 'The claim itself.' })
  claim!: Claim;

  @Field(() => Int, { description: 'How many citations support the claim.' })
  citationCount!: number;
}

@ObjectType({ description: 'The nodes and edges around an entity, in one response, for drawing.' })
export class Neighbourhood {
  @Field(() => [NeighbourhoodNode], { description: 'The entities, the one asked about first.' })
  nodes!: NeighbourhoodNode[];

  @Field(() => [NeighbourhoodEdge], { description: 'The claims between them.' })
  edges!: NeighbourhoodEdge[];

  @Field({ description: 'True when the node limit cut the walk short.' })
  truncated!: boolean;
}
