import { Arg, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { JudgementRecord } from '../../domain/judgement';
import { EntityKind, type EntityRecord, type SourceRecord } from '../../domain/model';
import type { DuplicateCandidate as Candidate, MergeNote as Note } from '../../app/resolution/resolution.service';
import type { ResolvedEntity } from '../../app/resolution/resolved';
import { AsOfArg } from '../graphql/as-of';
import type { AtharContext } from '../graphql/context';
import { EXPECTED_VERSION_DESCRIPTION } from '../graphql/common.types';
import { EntityInterface } from '../entities/entity.type';
import { Source } from '../sources/source.type';
import {
  DuplicateCandidate,
  Judgement,
  MergeNote,
  MergeResult,
  MergeVersionsInput,
  SplitResult,
} from './resolution.type';

/** A judgement as GraphQL shows it. */
export function judgementOf(j: JudgementRecord): Judgement {
  return {
    id: j.id,
    kind: j.kind,
    recordIds: j.recordIds,
    survivorId: j.survivorId,
    reason: j.reason,
    judgedBy: j.actorSubject,
    judgedByRole: j.actorRole,
    createdAt: j.createdAt,
    holds: j.undoneAt === null,
    undoneAt: j.undoneAt,
    undoneBy: j.undoneBySubject,
    undoReason: j.undoReason,
    version: j.version,
  };
}

@Resolver()
export class ResolutionResolver {
  @Query(() => [DuplicateCandidate], {
    description:
      'Pairs of people, organisations, facilities or places that may be one, best first, with the reasons for each ' +
      'score (docs/entity-resolution.md). Only pairs whose two records you may see in full.',
  })
  duplicateCandidates(
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
    @Arg('kind', () => EntityKind, { nullable: true, description: 'Only records of this kind; omitted: all four.' })
    kind?: EntityKind | null,
    @Arg('first', () => Int, { nullable: true, description: 'How many pairs, 1 to 100 (default 20).' })
    first?: number | null,
    @Arg('minScore', () => Float, {
      nullable: true,
      description: 'Only pairs scoring at least this, 0 to 1 (default 0.5).',
    })
    minScore?: number | null,
    @Arg('of', () => ID, {
      nullable: true,
      description: 'Only pairs with this entity: is it already in the graph under another spelling?',
    })
    of?: string | null,
  ): Promise<Candidate[]> {
    return services.resolution.duplicateCandidates(kind, first, minScore, of);
  }

  @Query(() => Judgement, { nullable: true, description: 'A judgement by id; null when none you may see exists.' })
  async judgement(
    @Arg('id', () => ID, { description: "The judgement's id (jdg_...)." }) id: string,
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
  ): Promise<Judgement | null> {
    const j = await services.resolution.judgement(id);
    return j && judgementOf(j);
  }

  @Mutation(() => MergeResult, {
    description:
      "ANALYST and up: records the judgement that two entities are one and makes one of them. The merged record's " +
      'claims move to the survivor (the judgement lists them), its id resolves to the survivor, and asOf before the ' +
      'merge still shows two. Both must be of one kind, with the same access and protection.',
  })
  async mergeEntities(
    @Arg('survivorId', () => ID, { description: 'The entity that stays.' }) survivorId: string,
    @Arg('mergedId', () => ID, { description: 'The entity merged into it.' }) mergedId: string,
    @Arg('reason', { description: 'Why they are one: kept with the judgement and in the audit trail.' }) reason: string,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersions', () => MergeVersionsInput, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersions?: MergeVersionsInput | null,
  ): Promise<{ judgement: Judgement; survivor: EntityRecord }> {
    const outcome = await services.resolution.merge(survivorId, mergedId, reason, expectedVersions ?? {});
    return { judgement: judgementOf(outcome.judgement), survivor: outcome.survivor };
  }

  @Mutation(() => SplitResult, {
    description:
      'ANALYST and up: undoes a merge exactly: the claims it moved go back, the merged record stands on its own again, ' +
      'and the judgement is kept, marked undone.',
  })
  async splitEntity(
    @Arg('judgementId', () => ID, { description: "The merge's judgement." }) judgementId: string,
    @Arg('reason', { description: 'Why the merge is undone.' }) reason: string,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<{ judgement: Judgement; survivor: EntityRecord; restored: EntityRecord }> {
    const outcome = await services.resolution.split(judgementId, reason, expectedVersion);
    return { judgement: judgementOf(outcome.judgement), survivor: outcome.survivor, restored: outcome.restored };
  }

  @Mutation(() => Judgement, {
    description:
      'ANALYST and up: records that several sources are one origin (one report seen through two articles): ' +
      'corroboration counts them as one independent origin.',
  })
  async judgeSameOrigin(
    @Arg('sourceIds', () => [ID], { description: 'Two to twenty sources.' }) sourceIds: string[],
    @Arg('reason', { description: 'Why they are one origin.' }) reason: string,
    @Ctx() { services }: AtharContext,
  ): Promise<Judgement> {
    return judgementOf(await services.resolution.judgeSameOrigin(sourceIds, reason));
  }

  @Mutation(() => Judgement, { description: 'ANALYST and up: undoes a same-origin judgement (kept, marked undone).' })
  async undoSameOrigin(
    @Arg('judgementId', () => ID, { description: 'The same-origin judgement.' }) judgementId: string,
    @Arg('reason', { description: 'Why it is undone.' }) reason: string,
    @Ctx() { services }: AtharContext,
  ): Promise<Judgement> {
    return judgementOf(await services.resolution.undoSameOrigin(judgementId, reason));
  }
}

/** The merge notes of every entity. */
@Resolver(() => EntityInterface)
export class EntityResolutionResolver {
  @FieldResolver(() => ID, {
    nullable: true,
    description:
      'The id you asked for when it names a record merged into this one (it resolves here); null when you asked for this one.',
  })
  resolvedFrom(@Root() entity: ResolvedEntity): string | null {
    return entity.resolvedFrom ?? null;
  }

  @FieldResolver(() => [MergeNote], {
    description: 'Records merged into this one (merges that hold) that you may see, with the judgement of each.',
  })
  async mergedFrom(@Root() entity: EntityRecord, @Ctx() { services }: AtharContext): Promise<MergeNote[]> {
    const notes: Note[] = (await services.resolution.mergedInto([entity.id]))[0] ?? [];
    return notes.map((n) => ({ mergedId: n.mergedId, judgement: judgementOf(n.judgement) }));
  }

  @FieldResolver(() => [Judgement], {
    description: 'Judgements naming this record that you may see (merges and splits), held or undone, by id.',
  })
  async judgements(@Root() entity: EntityRecord, @Ctx() { services }: AtharContext): Promise<Judgement[]> {
    return ((await services.resolution.judgementsOf([entity.id]))[0] ?? []).map(judgementOf);
  }
}

@Resolver(() => Source)
export class SourceJudgementsResolver {
  @FieldResolver(() => [Judgement], {
    description: 'Same-origin judgements naming this source that you may see, held or undone, by id.',
  })
  async judgements(@Root() source: SourceRecord, @Ctx() { services }: AtharContext): Promise<Judgement[]> {
    return ((await services.resolution.judgementsOf([source.id]))[0] ?? []).map(judgementOf);
  }
}
