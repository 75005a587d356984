import type { ClaimService } from '../claims/claim.service';
import { PeriodOverlap, RelationDirection } from '../../domain/model';
import { edtfBoundsOverlap } from '../../domain/edtf';
import { entityKindOfRecordType, recordTypeOf } from '../../domain/ids';
import { ClaimStatus, type ClaimRecord, type Credibility, type EntityRecord, type FuzzyDate } from '../../domain/model';
import { findPredicate, ObjectType } from '../../domain/predicates';
import type { EntityService } from '../entities/entity.service';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import { fuzzyDate } from '../validate';
import { MAX_PATH_HOPS, MAX_PATHS, type ClaimInclude, type PathQuery } from '../../store/store.port';

export const DEFAULT_MAX_HOPS = 4;
export const DEFAULT_PATHS = 3;
/** Disputed claims still connect (the dispute is shown on the claim); retracted ones only when asked for. */
export const DEFAULT_PATH_STATUSES: readonly ClaimStatus[] = [ClaimStatus.ASSERTED, ClaimStatus.DISPUTED];

export interface ConnectionsInput {
  from: string;
  to: string;
  maxHops?: number | null;
  first?: number | null;
  predicates?: readonly string[] | null;
  minCredibility?: number | null;
  during?: string | null;
  statuses?: readonly ClaimStatus[] | null;
}

export interface PathHopRecord {
  fromId: string;
  toId: string;
  claim: ClaimRecord;
  predicate: string;
  direction: RelationDirection;
  overlap: PeriodOverlap | null;
}

export interface PathResult {
  length: number;
  entityIds: string[];
  hops: PathHopRecord[];
}

/**
 * How two entities are connected: the shortest chains of claims between
 * them, each link a claim with its citations. The store finds the paths in
 * one call; the claims of every hop of every path are then read in one
 * batched call, and the resolvers read entities and citations through the
 * same request loaders, so a response costs a fixed number of store calls
 * however many paths and hops it holds.
 */
export class ConnectionService {
  constructor(
    private readonly entities: EntityService,
    private readonly claims: ClaimService,
  ) {}

  async connections(input: ConnectionsInput, include: ClaimInclude = {}): Promise<PathResult[]> {
    entityId(input.from, 'from');
    entityId(input.to, 'to');
    if (input.from === input.to) {
      throw new BadUserInputError(`from and to are the same entity ("${input.from}"); ask for two.`, 'to');
    }
    const maxHops = wholeNumber(input.maxHops ?? DEFAULT_MAX_HOPS, 'maxHops', MAX_PATH_HOPS);
    const k = wholeNumber(input.first ?? DEFAULT_PATHS, 'first', MAX_PATHS);
    const predicates = input.predicates == null ? undefined : relationPredicates(input.predicates);
    const minCredibility =
      input.minCredibility == null
        ? undefined
        : (wholeNumber(input.minCredibility, 'minCredibility', 6) as Credibility);
    const during = fuzzyDate(input.during, 'during');
    const statuses = statusList(input.statuses);

    const query: PathQuery = {
      fromId: input.from,
      toId: input.to,
      maxHops,
      k,
      statuses,
      ...(predicates ? { predicates } : {}),
      ...(minCredibility !== undefined ? { minCredibility } : {}),
      ...(during ? { during: { earliest: during.earliest, latest: during.latest } } : {}),
    };
    // The ends (one batched read, cached for the resolvers of the first and last hops) and the paths at
    // once: the store finds no path from or to an entity that is not there or that the viewer may not see.
    // The paths come with their hops' claims and what the query reads of them, in one statement.
    const [from, to, found] = await Promise.all([
      this.entities.find(input.from),
      this.entities.find(input.to),
      this.claims.findPathsAlong(query, include),
    ]);
    if (!from) throw new NotFoundError('entity', input.from);
    if (!to) throw new NotFoundError('entity', input.to);
    const { paths } = found;
    const claims = new Map<string, ClaimRecord>(found.claims.map((c) => [c.id, c]));

    // The store already keeps to what the viewer may see; a claim that reads as missing all the same (its level
    // changed in between) takes its path with it rather than leave a link without its evidence.
    return paths
      .filter((path) => path.claimIds.every((id) => claims.has(id)))
      .map((path) => ({
        length: path.claimIds.length,
        entityIds: path.entityIds,
        hops: path.claimIds.map((claimId, i) =>
          hopOf(claims.get(claimId)!, path.entityIds[i]!, path.entityIds[i + 1]!, during),
        ),
      }));
  }

  /** The entities of a path, in order (batched with every other entity of the response). */
  async entitiesOf(ids: readonly string[]): Promise<EntityRecord[]> {
    return Promise.all(ids.map((id) => this.entities.get(id)));
  }
}

function hopOf(claim: ClaimRecord, fromId: string, toId: string, during: FuzzyDate | null): PathHopRecord {
  const overlap = during === null ? null : claim.period ? edtfBoundsOverlap(claim.period, during) : 'POSSIBLE';
  return {
    fromId,
    toId,
    claim,
    predicate: claim.predicate,
    // The walk follows the claim when it goes from its subject to its object.
    direction: claim.subjectId === fromId ? RelationDirection.OUTGOING : RelationDirection.INCOMING,
    overlap: overlap === null ? null : overlap === 'CERTAIN' ? PeriodOverlap.CERTAIN : PeriodOverlap.POSSIBLE,
  };
}

function entityId(id: string, field: string): void {
  const type = recordTypeOf(id);
  if (type === null || entityKindOfRecordType(type) === null) {
    throw new BadUserInputError(`"${id}" is not an entity id (ids look like fac_sednaya or per_...).`, field);
  }
}

function wholeNumber(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new BadUserInputError(`${field} must be a whole number from 1 to ${max}; got ${value}.`, field);
  }
  return value;
}

/** Known predicates that link two entities; a figure or a description never lies on a path. */
function relationPredicates(names: readonly string[]): string[] {
  names.forEach((name, i) => {
    const definition = findPredicate(name);
    if (!definition) {
      throw new BadUserInputError(`Unknown predicate "${name}"; see the predicates query.`, `predicates[${i}]`);
    }
    if (definition.objectType !== ObjectType.ENTITY) {
      throw new BadUserInputError(
        `${name} gives a ${definition.objectType.toLowerCase()}, not another entity, so no path goes through it.`,
        `predicates[${i}]`,
      );
    }
  });
  return [...new Set(names)];
}

function statusList(statuses: readonly ClaimStatus[] | null | undefined): ClaimStatus[] {
  if (statuses == null) return [...DEFAULT_PATH_STATUSES];
  if (statuses.length === 0) {
    throw new BadUserInputError('statuses must name at least one status, or be left out.', 'statuses');
  }
  return [...new Set(statuses)];
}
