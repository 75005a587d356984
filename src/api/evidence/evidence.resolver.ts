import { AsOfArg } from '../graphql/as-of';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ClaimSide } from '../../app/claims/claim.service';
import { Claim } from '../claims/claim.type';
import { compareFuzzyDates } from '../../domain/edtf';
import type { ClaimRecord, EntityRecord, SourceRecord } from '../../domain/model';
import { Source } from '../sources/source.type';
import { ObjectType as PredicateObjectType, findPredicate } from '../../domain/predicates';
import { EntityInterface, Facility } from '../entities/entity.type';
import type { AtharContext } from '../graphql/context';
import type {
  Corroboration as CorroborationRecord,
  EvidenceTrace as TraceRecord,
  SourceDependent as DependentRecord,
} from '../../app/evidence/evidence.service';
import { ClaimConflict as ConflictRecord, findQuantityConflicts } from '../../app/evidence/conflicts';
import { ClaimConflict, Corroboration, EvidenceTrace, FigureGroup, SourceDependent } from './evidence.type';

@Resolver(() => Claim)
export class ClaimEvidenceResolver {
  @FieldResolver(() => Corroboration, {
    description: 'How independently the claim is supported: sources, origins, citations.',
  })
  corroboration(@Root() claim: ClaimRecord, @Ctx() { services }: AtharContext): Promise<CorroborationRecord> {
    return services.evidence.corroboration(claim.id);
  }

  @Query(() => EvidenceTrace, {
    description: 'A claim, its citations, their sources and what those derive from, down to the origins.',
  })
  trace(
    @Arg('claimId', () => ID, { description: 'The claim to trace.' }) claimId: string,
    @Ctx() { services }: AtharContext,
    @AsOfArg() _asOf?: string | null,
  ): Promise<TraceRecord> {
    return services.evidence.trace(claimId);
  }
}

@Resolver(() => Facility)
export class FacilityFiguresResolver {
  @FieldResolver(() => [FigureGroup], {
    description: 'Every reported figure about the facility (held, died, executed), grouped by predicate.',
  })
  async figures(
    @Root() facility: EntityRecord,
    @Ctx() { services }: AtharContext,
    @Arg('predicates', () => [String], {
      nullable: true,
      description: 'Only claims with these predicates (names from the predicates query); omitted: every predicate.',
    })
    predicates?: string[] | null,
  ): Promise<{ predicate: string; claims: ClaimRecord[] }[]> {
    const claims = await services.claims.allOfEntity(facility.id, { side: ClaimSide.SUBJECT, predicates });
    const groups = new Map<string, ClaimRecord[]>();
    for (const claim of claims) {
      if (findPredicate(claim.predicate)?.objectType !== PredicateObjectType.QUANTITY) continue;
      groups.set(claim.predicate, [...(groups.get(claim.predicate) ?? []), claim]);
    }
    const byPeriod = (a: ClaimRecord, b: ClaimRecord) =>
      a.period && b.period
        ? compareFuzzyDates(a.period, b.period)
        : a.period
          ? 1
          : b.period
            ? -1
            : a.id < b.id
              ? -1
              : 1;
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([predicate, list]) => ({ predicate, claims: list.sort(byPeriod) }));
  }
}

@Resolver(() => EntityInterface)
export class EntityConflictsResolver {
  @FieldResolver(() => [ClaimConflict], {
    description: 'Figures about this entity that contradict each other over overlapping periods, both sides kept.',
  })
  async conflicts(@Root() entity: EntityRecord, @Ctx() { services }: AtharContext): Promise<ConflictRecord[]> {
    return findQuantityConflicts(await services.claims.allOfEntity(entity.id, { side: ClaimSide.SUBJECT }));
  }
}

@Resolver(() => Source)
export class SourceDependentsResolver {
  @FieldResolver(() => [SourceDependent], {
    description: 'Claims that cite this source or were read in it, and which would be left unsupported without it.',
  })
  dependents(@Root() source: SourceRecord, @Ctx() { services }: AtharContext): Promise<DependentRecord[]> {
    return services.evidence.dependents(source.id);
  }
}
