import { ClaimSide, type ClaimService } from '../claims/claim.service';
import { ClaimStatus, type ClaimRecord, type EntityRecord } from '../../domain/model';
import type { EntityService } from '../entities/entity.service';
import { BadUserInputError } from '../../domain/errors';

export const MAX_NEIGHBOURHOOD_DEPTH = 3;
export const MAX_NEIGHBOURHOOD_NODES = 200;

export interface NeighbourhoodEdge {
  claim: ClaimRecord;
  /** The claim's subject. */
  from: string;
  /** The claim's object. */
  to: string;
  predicate: string;
  citationCount: number;
}

export interface Neighbourhood {
  centerId: string;
  /** The entity asked about first, then by distance, then by id. */
  nodes: { entity: EntityRecord; distance: number }[];
  /** Entity-to-entity claims between the nodes, ordered by claim id. */
  edges: NeighbourhoodEdge[];
  /** True when the node limit stopped the walk before `depth` was reached everywhere. */
  truncated: boolean;
}

/**
 * The nodes and edges around an entity, for drawing. A breadth-first walk
 * over claims: two batched store reads per level (claims as subject and as
 * object), one for the entities, one for citation counts. Retracted claims
 * are not edges: they no longer connect anything.
 */
export class NeighbourhoodService {
  constructor(
    private readonly entities: EntityService,
    private readonly claims: ClaimService,
  ) {}

  async around(id: string, depth: number, limit: number): Promise<Neighbourhood> {
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_NEIGHBOURHOOD_DEPTH)
      throw new BadUserInputError(`depth must be a whole number from 1 to ${MAX_NEIGHBOURHOOD_DEPTH}.`, 'depth');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NEIGHBOURHOOD_NODES)
      throw new BadUserInputError(`limit must be a whole number from 1 to ${MAX_NEIGHBOURHOOD_NODES}.`, 'limit');
    // An id merged into another is the neighbourhood of the entity it resolves to.
    const entityId = (await this.entities.get(id)).id;

    const distance = new Map<string, number>([[entityId, 0]]);
    const claims = new Map<string, ClaimRecord>();
    let frontier = [entityId];
    let truncated = false;
    for (let level = 1; level <= depth && frontier.length > 0 && !truncated; level++) {
      const lists = await Promise.all(
        frontier.map((id) =>
          this.claims.allOfEntity(id, { side: ClaimSide.ANY, statuses: [ClaimStatus.ASSERTED, ClaimStatus.DISPUTED] }),
        ),
      );
      const next: string[] = [];
      const candidates = lists
        .flat()
        .filter((c) => c.objectId !== null)
        .sort((a, b) => compare(a.id, b.id));
      for (const claim of candidates) {
        claims.set(claim.id, claim);
        for (const id of [claim.subjectId, claim.objectId!]) {
          if (distance.has(id)) continue;
          if (distance.size >= limit) {
            truncated = true;
            continue;
          }
          distance.set(id, level);
          next.push(id);
        }
      }
      frontier = next;
    }

    const ids = [...distance.keys()];
    const records = await this.entities.findMany(ids);
    const nodes = records
      .map((entity, i) => ({ entity, distance: distance.get(ids[i]!)! }))
      .filter((n): n is { entity: EntityRecord; distance: number } => n.entity !== null)
      .sort((a, b) => a.distance - b.distance || compare(a.entity.id, b.entity.id));
    const edgeClaims = [...claims.values()]
      .filter((c) => distance.has(c.subjectId) && distance.has(c.objectId!))
      .sort((a, b) => compare(a.id, b.id));
    const citations = await Promise.all(edgeClaims.map((c) => this.claims.citationsOf(c.id)));
    return {
      centerId: entityId,
      nodes,
      edges: edgeClaims.map((claim, i) => ({
        claim,
        from: claim.subjectId,
        to: claim.objectId!,
        predicate: claim.predicate,
        citationCount: citations[i]!.length,
      })),
      truncated,
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
