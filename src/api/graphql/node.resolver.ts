import { AsOfArg } from './as-of';
import { Arg, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { EntityInterface, typeNameOf } from '../entities/entity.type';
import { RecordType, recordTypeOf } from '../../domain/ids';
import { EntityKind } from '../../domain/model';
import { ObjectType as PredicateObjectType, PREDICATES, PredicateDefinition } from '../../domain/predicates';
import { BadUserInputError } from '../../domain/errors';
import type { SearchHit } from '../../app/search/search.service';
import type { AtharContext } from './context';
import { AS_OF_FIELD_DESCRIPTION, Node } from './common.types';

type NodeRecord = { id: string; __typename?: string };

@ObjectType({ description: 'A name search result, for type-ahead.' })
class SearchResult {
  @Field(() => EntityInterface, { description: 'The entity found.' })
  entity!: EntityInterface;

  @Field(() => Float, { description: 'Higher is better; exact names rank above transliteration variants.' })
  score!: number;

  @Field({ description: 'The name or alias that matched.' })
  matched!: string;
}

@ObjectType('Predicate', { description: 'A term of the controlled vocabulary of claims.' })
class PredicateType {
  @Field({ description: 'The name to use in claims, e.g. DETAINED_AT.' })
  name!: string;

  @Field({ description: 'What a claim with this predicate states.' })
  description!: string;

  @Field(() => [EntityKind], { description: 'The kinds of entity a claim with this predicate may be about.' })
  subjectKinds!: EntityKind[];

  @Field(() => PredicateObjectType, { description: 'What the object is: another entity, a number or text.' })
  objectType!: PredicateObjectType;

  @Field(() => [EntityKind], { description: 'For ENTITY predicates: the kinds the object may have.' })
  objectKinds!: EntityKind[];
}

/** `asOf` on every Node: the moment of the operation, so that clients can key past states apart. */
@Resolver(() => Node)
export class NodeAsOfResolver {
  @FieldResolver(() => String, { nullable: true, description: AS_OF_FIELD_DESCRIPTION })
  asOf(@Ctx() ctx: AtharContext): string | null {
    return ctx.asOf?.toISOString() ?? null;
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any record by its id; null when none exists.' })
  async node(
    @Arg('id', () => ID, { description: 'The id of any record: entity, source, claim or citation.' }) id: string,
    @Ctx() ctx: AtharContext,
    @AsOfArg() _asOf?: string | null,
  ): Promise<NodeRecord | null> {
    return (await loadNodes(ctx, [id]))[0] ?? null;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: 'Several records by id, in the order asked; null for each one that does not exist.',
  })
  nodes(
    @Arg('ids', () => [ID], { description: 'Up to 100 ids of any record type.' }) ids: string[],
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
    @Arg('text', { description: 'The text to look for in names and aliases.' }) text: string,
    @Ctx() { services }: AtharContext,
    @Arg('kinds', () => [EntityKind], {
      nullable: true,
      description: 'Only entities of these kinds; omitted: every kind.',
    })
    kinds?: EntityKind[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 10, description: 'The most results to return.' })
    limit?: number | null,
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
