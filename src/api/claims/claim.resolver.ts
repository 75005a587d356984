import { AsOfArg } from '../graphql/as-of';
import { EXPECTED_VERSION_DESCRIPTION } from '../graphql/common.types';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  ClaimRank,
  type CitationRecord,
  type ClaimRecord,
  type EntityRecord,
  type SourceRecord,
} from '../../domain/model';
import { EntityInterface } from '../entities/entity.type';
import { AfterArg, FirstArg } from '../graphql/args';
import type { AtharContext } from '../graphql/context';
import type { Connection } from '../../app/paging';
import { Source } from '../sources/source.type';
import { AssertClaimInput, CitationInput, ClaimFilterInput } from './claim.input';
import { Citation, Claim, ClaimConnection, Quantity } from './claim.type';

@Resolver(() => Claim)
export class ClaimResolver {
  @Query(() => Claim, { nullable: true, description: 'One claim by its id, with its citations.' })
  claim(
    @Arg('id', () => ID, { description: "The claim's id." }) id: string,
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
  ): Promise<ClaimRecord> {
    return services.claims.get(id);
  }

  @Query(() => ClaimConnection, { description: 'Claims matching the filter, retracted and disputed ones included.' })
  claims(
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
    @Arg('filter', () => ClaimFilterInput, { nullable: true, description: 'Which claims; omitted: all.' })
    filter?: ClaimFilterInput | null,
    @FirstArg()
    first?: number | null,
    @AfterArg()
    after?: string | null,
  ): Promise<Connection<ClaimRecord>> {
    return services.claims.list(
      {
        ...(filter?.subjectId ? { subjectId: filter.subjectId } : {}),
        ...(filter?.objectId ? { objectId: filter.objectId } : {}),
        ...(filter?.predicates?.length ? { predicates: filter.predicates } : {}),
        ...(filter?.statuses?.length ? { statuses: filter.statuses } : {}),
        ...(filter?.sourceId ? { sourceId: filter.sourceId } : {}),
      },
      first,
      after,
    );
  }

  @FieldResolver(() => EntityInterface, { description: 'The entity the claim is about.' })
  subject(@Root() claim: ClaimRecord, @Ctx() { services }: AtharContext): Promise<EntityRecord> {
    return services.entities.get(claim.subjectId);
  }

  @FieldResolver(() => EntityInterface, { nullable: true, description: 'The other entity, for relation claims.' })
  object(@Root() claim: ClaimRecord, @Ctx() { services }: AtharContext): Promise<EntityRecord> | null {
    return claim.objectId ? services.entities.get(claim.objectId) : null;
  }

  @FieldResolver(() => Quantity, { nullable: true, description: 'The value, for quantitative claims.' })
  quantity(@Root() claim: ClaimRecord): Quantity | null {
    return claim.value?.type === 'QUANTITY' ? claim.value : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The value, for descriptive claims.' })
  text(@Root() claim: ClaimRecord): string | null {
    return claim.value?.type === 'TEXT' ? claim.value.text : null;
  }

  @FieldResolver(() => [Citation], { description: 'Never empty: a claim exists only with its evidence.' })
  citations(@Root() claim: ClaimRecord, @Ctx() { services }: AtharContext): Promise<CitationRecord[]> {
    return services.claims.citationsOf(claim.id);
  }

  @Mutation(() => Claim, { description: 'Records a statement with its citations, in one write.' })
  assertClaim(
    @Arg('input', () => AssertClaimInput, { description: 'The statement and its citations (at least one).' })
    input: AssertClaimInput,
    @Ctx() { services }: AtharContext,
  ): Promise<ClaimRecord> {
    return services.claims.assert(input);
  }

  @Mutation(() => Claim, { description: 'Adds one more piece of evidence to a claim.' })
  addCitation(
    @Arg('claimId', () => ID, { description: 'The claim the citation supports.' }) claimId: string,
    @Arg('citation', () => CitationInput, { description: 'Where in which source, the excerpt, and its grading.' })
    citation: CitationInput,
    @Ctx() { services }: AtharContext,
  ): Promise<ClaimRecord> {
    return services.claims.addCitation(claimId, citation);
  }

  @Mutation(() => Claim, {
    description:
      'Marks a claim as disputed; it stays visible, with the reason. A retracted claim cannot be disputed (CONFLICT).',
  })
  disputeClaim(
    @Arg('id', () => ID, { description: "The claim's id." }) id: string,
    @Arg('reason', { description: 'Why: kept with the claim and in the audit trail.' }) reason: string,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<ClaimRecord> {
    return services.claims.dispute(id, reason, expectedVersion);
  }

  @Mutation(() => Claim, {
    description:
      'Ranks a claim against others about the same thing (PREFERRED, NORMAL, DEPRECATED), with a reason. Nothing is hidden.',
  })
  rankClaim(
    @Arg('id', () => ID, { description: "The claim's id." }) id: string,
    @Arg('rank', () => ClaimRank, { description: 'The new rank.' }) rank: ClaimRank,
    @Arg('reason', { description: 'Why: kept with the claim and in the audit trail.' }) reason: string,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<ClaimRecord> {
    return services.claims.rank(id, rank, reason, expectedVersion);
  }

  @Mutation(() => Claim, {
    description: 'Retracts a claim; it is kept, visibly retracted, with the reason. A retraction is final.',
  })
  retractClaim(
    @Arg('id', () => ID, { description: "The claim's id." }) id: string,
    @Arg('reason', { description: 'Why: kept with the claim and in the audit trail.' }) reason: string,
    @Ctx() { services }: AtharContext,
    @Arg('expectedVersion', () => Int, { nullable: true, description: EXPECTED_VERSION_DESCRIPTION })
    expectedVersion?: number | null,
  ): Promise<ClaimRecord> {
    return services.claims.retract(id, reason, expectedVersion);
  }
}

@Resolver(() => Citation)
export class CitationResolver {
  @FieldResolver(() => Claim, { description: 'The claim this citation supports.' })
  claim(@Root() citation: CitationRecord, @Ctx() { services }: AtharContext): Promise<ClaimRecord> {
    return services.claims.get(citation.claimId);
  }

  @FieldResolver(() => Source, { description: 'The source that makes the statement.' })
  source(@Root() citation: CitationRecord, @Ctx() { services }: AtharContext): Promise<SourceRecord> {
    return services.sources.get(citation.sourceId);
  }

  @FieldResolver(() => Source, {
    nullable: true,
    description: 'The document the excerpt was read in, when not the source itself.',
  })
  via(@Root() citation: CitationRecord, @Ctx() { services }: AtharContext): Promise<SourceRecord> | null {
    return citation.viaSourceId ? services.sources.get(citation.viaSourceId) : null;
  }

  @FieldResolver(() => String, { description: 'Reliability and credibility together, e.g. "B2".' })
  grading(@Root() citation: CitationRecord): string {
    return `${citation.reliability}${citation.credibility}`;
  }
}
