import { AsOfArg } from '../graphql/as-of';
import { EXPECTED_VERSION_DESCRIPTION } from '../graphql/common.types';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CitationRecord, ClaimRecord, SourceKind as SourceKindType, SourceRecord } from '../../domain/model';
import { SourceKind } from '../../domain/model';
import { Citation, ClaimConnection } from '../claims/claim.type';
import { AfterArg, FirstArg } from '../graphql/args';
import type { AtharContext } from '../graphql/context';
import type { Connection } from '../../app/paging';
import { CreateSourceInput, UpdateSourceInput } from './source.input';
import { Source, SourceConnection } from './source.type';

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => Source, { nullable: true, description: 'One source by its id.' })
  source(
    @Arg('id', () => ID, { description: "The source's id." }) id: string,
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
  ): Promise<SourceRecord> {
    return services.sources.get(id);
  }

  @Query(() => SourceConnection, { description: 'Sources, of every kind or of one.' })
  sources(
    @Ctx() { services }: AtharContext,
    @Arg('kind', () => SourceKind, { nullable: true, description: 'Only sources of this kind; omitted: every kind.' })
    kind?: SourceKindType | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<SourceRecord>> {
    return services.sources.list(kind ?? null, first, after);
  }

  @FieldResolver(() => [Source], { description: 'The sources this one reports or repeats.' })
  async derivedFrom(@Root() source: SourceRecord, @Ctx() { services }: AtharContext): Promise<SourceRecord[]> {
    const found = await services.sources.findMany(source.derivedFromIds);
    return found.filter((s): s is SourceRecord => s !== null);
  }

  @FieldResolver(() => [Citation], { description: 'Citations of this source, directly or as the document read.' })
  citations(@Root() source: SourceRecord, @Ctx() { services }: AtharContext): Promise<CitationRecord[]> {
    return services.claims.citationsOfSource(source.id);
  }

  @FieldResolver(() => ClaimConnection, { description: 'Claims that cite this source.' })
  claims(
    @Root() source: SourceRecord,
    @Ctx() { services }: AtharContext,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<ClaimRecord>> {
    return services.claims.list({ sourceId: source.id }, first, after);
  }

  @Mutation(() => Source, { description: 'ANALYST and up: records a new source.' })
  createSource(
    @Arg('input', () => CreateSourceInput, { description: 'The new source.' }) input: CreateSourceInput,
    @Ctx() { services }: AtharContext,
  ): Promise<SourceRecord> {
    return services.sources.create(input);
  }

  @Mutation(() => Source, {
    description: 'Changes the fields given, and only those; access changes only through setAccessLevel.',
  })
  updateSource(
    @Arg('id', () => ID, { description: "The source's id." }) id: string,
    @Arg('input', () => UpdateSourceInput, { description: 'The fields to change; those left out stay as they are.' })
    input: UpdateSourceInput,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<SourceRecord> {
    return services.sources.update(id, input, expectedVersion);
  }
}
