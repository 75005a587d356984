import { AsOfArg } from './as-of';
import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { EntityInterface, typeNameOf } from '../entities/entity.type';
import { RecordType, recordTypeOf } from '../../domain/ids';
import { EntityKind } from '../../domain/model';
import { ObjectType as PredicateObjectType, PREDICATES, PredicateDefinition } from '../../domain/predicates';
import { BadUserInputError } from '../../domain/errors';
import type { SearchHit } from '../../app/search/search.service';
import type { AtharContext } from './context';
import { Node } from './common.types';

type NodeRecord = { id: string; __typename?: string };

@ObjectType({ description: 'A name search result, for type-ahead.' })
class SearchResult {
  @Field(() => EntityInterface)
  entity!: EntityInterface;

  @Field(() => Float, { description: 'Higher is better; exact names rank above transliteration variants.' })
  score!: number;

  @Field({ description: 'The name or alias that matched.' })
  matched!: string;
}

@ObjectType('Predicate', { description: 'A term of the controlled vocabulary of claims.' })
class PredicateType {
  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => [EntityKind])
  subjectKinds!: EntityKind[];

  @Field(() => PredicateObjectType)
  objectType!: PredicateObjectType;

  @Field(() => [EntityKind], { description: 'For ENTITY predicates: the kinds the object may have.' })
  objectKinds!: EntityKind[];
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any record by its id; null when none exists.' })
  async node(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: AtharContext,
    @AsOfArg() _asOf?: string | null,
  ): Promise<NodeRecord | null> {
    return (await loadNodes(ctx, [id]))[0] ?? null;
  }

  @Query(() => [Node], { nullable: 'items' })
  nodes(
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() ctx: AtharContext,
    @AsOfArg() _asOf?: string | null,
  ): Promise<(NodeRecord | null)[]> {
    if (ids.length > 100) throw new BadUserInputError(`nodes takes at most 100 ids; got ${ids.length}.`, 'ids');
    return loadNodes(ctx, ids);
  }

  @Query(() => [SearchResult], {
    description:
      'Names and aliases, case-, diacritic- and transliteration-insensitive, Arabic script normalised; best first.',
  })
  search(
    @Arg('text') text: string,
    @Ctx() { services }: AtharContext,
    @Arg('kinds', () => [EntityKind], { nullable: true }) kinds?: EntityKind[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 10 }) limit?: number | null,
  ): Promise<SearchHit[]> {
    return services.search.search(text, kinds, limit);
  }

  @Query(() => [PredicateType], { description: 'The controlled vocabulary of claims.' })
  predicates(): readonly PredicateDefinition[] {
    return PREDICATES;
  }
}

/** Resolves ids of any record type; type names are attached so the Node interface can resolve them. */
async function loadNodes({ services }: AtharContext, ids: readonly string[]): Promise<(NodeRecord | null)[]> {
  return Promise.all(
    ids.map(async (id): Promise<NodeRecord | null> => {
      const type = recordTypeOf(id);
      if (type === null) return null;
      switch (type) {
        case RecordType.PERSON:
        case RecordType.ORGANIZATION:
        case RecordType.FACILITY:
        case RecordType.PLACE:
        case RecordType.EVENT: {
          const entity = await services.entities.find(id);
          return entity && { ...entity, __typename: typeNameOf(entity.kind) };
        }
        case RecordType.SOURCE: {
          const source = await services.sources.find(id);
          return source && { ...source, __typename: 'Source' };
        }
        case RecordType.CLAIM: {
          const claim = await services.claims.find(id);
          return claim && { ...claim, __typename: 'Claim' };
        }
        case RecordType.CITATION: {
          const citation = await services.claims.findCitation(id);
          return citation && { ...citation, __typename: 'Citation' };
        }
      }
    }),
  );
}
