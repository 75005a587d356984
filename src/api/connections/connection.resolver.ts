import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { selects } from '../graphql/selection';
import { ClaimStatus, type EntityRecord } from '../../domain/model';
import { EntityInterface } from '../entities/entity.type';
import type { AtharContext } from '../graphql/context';
import { MAX_PATH_HOPS, MAX_PATHS } from '../../store/store.port';
import {
  DEFAULT_MAX_HOPS,
  DEFAULT_PATHS,
  type PathHopRecord,
  type PathResult,
} from '../../app/connections/connection.service';
import { Path, PathHop } from './connection.type';

@Resolver(() => Path)
export class ConnectionResolver {
  @Query(() => [Path], {
    description:
      `How two entities are connected: up to \`first\` (at most ${MAX_PATHS}) shortest paths of claims between them, ` +
      `none longer than \`maxHops\` (at most ${MAX_PATH_HOPS}), each claim walked either way. Shortest first; ` +
      'paths of one length are ordered by the ids of their claims, so the same data always gives the same answer. ' +
      'Retracted claims are left out unless `statuses` asks for them. `minCredibility` keeps claims with a citation ' +
      'at least that credible (1 = confirmed); `during` (EDTF) keeps claims whose period may overlap it.',
  })
  connections(
    @Arg('from', () => ID, { description: 'The id of the entity to start from.' }) from: string,
    @Arg('to', () => ID, { description: 'The id of the entity to reach.' }) to: string,
    @Ctx() { services }: AtharContext,
    // Nullable with a default: omitted or null, the service applies the same default.
    @Arg('maxHops', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_MAX_HOPS,
      description: `The longest path to look for, in claims (at most ${MAX_PATH_HOPS}).`,
    })
    maxHops: number | null,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_PATHS,
      description: `How many paths to return, shortest first (at most ${MAX_PATHS}).`,
    })
    first: number | null,
    @Arg('predicates', () => [String], {
      nullable: true,
      description: 'Only claims with these predicates (names from the predicates query); omitted: every predicate.',
    })
    predicates?: string[] | null,
    @Arg('minCredibility', () => Int, {
      nullable: true,
      description: 'Only claims with a citation at least this credible: 1 (confirmed) to 6; omitted: any.',
    })
    minCredibility?: number | null,
    @Arg('during', () => String, {
      nullable: true,
      description: 'An EDTF date or period (e.g. 2012/2014): only claims whose period may overlap it.',
    })
    during?: string | null,
    @Arg('statuses', () => [ClaimStatus], {
      nullable: true,
      description: 'Only claims with these statuses; omitted: every status.',
    })
    statuses?: ClaimStatus[] | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<PathResult[]> {
    // The hops' claims are read with what the query asks of them (citations, sources, entities) in one round trip.
    const include =
      info === undefined
        ? {}
        : {
            citations: selects(info, ['hops', 'claim', 'citations']),
            sources:
              selects(info, ['hops', 'claim', 'citations', 'source']) ||
              selects(info, ['hops', 'claim', 'citations', 'via']),
            entities:
              selects(info, ['entities']) ||
              selects(info, ['hops', 'from']) ||
              selects(info, ['hops', 'to']) ||
              selects(info, ['hops', 'claim', 'subject']) ||
              selects(info, ['hops', 'claim', 'object']),
          };
    return services.connections.connections(
      { from, to, maxHops, first, predicates, minCredibility, during, statuses },
      include,
    );
  }

  @FieldResolver(() => [EntityInterface], { description: 'The entities along the path, first to last.' })
  entities(@Root() path: PathResult, @Ctx() { services }: AtharContext): Promise<EntityRecord[]> {
    return services.connections.entitiesOf(path.entityIds);
  }
}

@Resolver(() => PathHop)
export class PathHopResolver {
  @FieldResolver(() => EntityInterface, { description: 'The entity this link starts from, along the path.' })
  from(@Root() hop: PathHopRecord, @Ctx() { services }: AtharContext): Promise<EntityRecord> {
    return services.entities.get(hop.fromId);
  }

  @FieldResolver(() => EntityInterface, { description: 'The entity this link leads to, along the path.' })
  to(@Root() hop: PathHopRecord, @Ctx() { services }: AtharContext): Promise<EntityRecord> {
    return services.entities.get(hop.toId);
  }
}
