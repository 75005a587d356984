import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { EntityRecord } from '../../domain/model';
import { EntityInterface } from '../entities/entity.type';
import type { AtharContext } from '../graphql/context';
import type { Neighbourhood as NeighbourhoodRecord } from '../../app/neighbourhood/neighbourhood.service';
import { Neighbourhood } from './neighbourhood.type';

@Resolver(() => EntityInterface)
export class EntityNeighbourhoodResolver {
  @FieldResolver(() => Neighbourhood, {
    description:
      'Entities within `depth` claims of this one (at most `limit`), and the claims between them, each with its citation count.',
  })
  neighbourhood(
    @Root() entity: EntityRecord,
    @Ctx() { services }: AtharContext,
    @Arg('depth', () => Int, { defaultValue: 1, description: 'How many claims away to go (1: direct neighbours).' })
    depth: number,
    @Arg('limit', () => Int, { defaultValue: 50, description: 'The most entities to return, nearest first.' })
    limit: number,
  ): Promise<NeighbourhoodRecord> {
    return services.neighbourhood.around(entity.id, depth, limit);
  }
}
