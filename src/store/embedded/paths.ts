import { edtfBoundsOverlap } from '../../domain/edtf';
import { BadUserInputError } from '../../domain/errors';
import type { PathQuery, PathRecord } from '../store.port';
import type { ClaimEdgeAttributes, MemoryState } from './state';

/**
 * Edges one search may look at before it gives up. The search is pruned by
 * distance and stops at `k` paths, so only a query through hubs with many
 * ties at every length comes near it; the limit keeps such a query from
 * holding the event loop (the store is single-threaded) for long.
 */
export const MAX_PATH_EXPANSIONS = 250_000;

interface Hop {
  claimId: string;
  other: string;
}

/**
 * findPaths over the entity graph, in the order the port promises.
 *
 * graphology-shortest-path finds one shortest path and takes no edge filter,
 * so the search is written here over the graph's adjacency: a breadth-first
 * pass from the target gives each entity its distance to it (over the edges
 * that pass the filters), then, for each length from the shortest up to
 * `maxHops`, a depth-first walk from the source follows edges in claim-id
 * order and only where the distance left still fits. Paths of one length
 * therefore come out already ordered by their claim ids, and the walk stops
 * as soon as it has `k`.
 */
export function findPathsIn(state: MemoryState, query: PathQuery): PathRecord[] {
  const { graph } = state;
  const { fromId, toId, maxHops, k } = query;
  if (fromId === toId || !graph.hasNode(fromId) || !graph.hasNode(toId)) return [];
  const levels = query.levels === undefined ? null : new Set<string>(query.levels);
  const visible = (entityId: string): boolean =>
    levels === null || levels.has(state.entities.get(entityId)!.record.access);
  if (!visible(fromId) || !visible(toId)) return [];

  let work = 0;
  const spend = (n: number): void => {
    work += n;
    if (work > MAX_PATH_EXPANSIONS) {
      throw new BadUserInputError(
        `Too many claims to look through for connections between "${fromId}" and "${toId}"; ` +
          'narrow the search with predicates, a period, a minimum credibility or fewer hops.',
        'maxHops',
      );
    }
  };

  const passes = edgeFilter(state, query);
  const hopsByEntity = new Map<string, Hop[]>();
  /** The entity's edges that pass the filters, either direction, in claim-id order; self-loops never lie on a path. */
  const hopsOf = (entityId: string): Hop[] => {
    const known = hopsByEntity.get(entityId);
    if (known !== undefined) return known;
    const hops: Hop[] = [];
    spend(graph.degree(entityId));
    graph.forEachEdge(entityId, (claimId, attributes, source, target) => {
      const other = source === entityId ? target : source;
      if (source === target || !passes(claimId, attributes) || !visible(other)) return;
      hops.push({ claimId, other });
    });
    hops.sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));
    hopsByEntity.set(entityId, hops);
    return hops;
  };

  // Hops left to the target, found level by level as far as needed: a lower bound for any simple path.
  // An entity missing from the map lies further than `level`.
  const distance = new Map<string, number>([[toId, 0]]);
  let frontier = [toId];
  let level = 0;
  const reach = (upTo: number): void => {
    while (level < upTo && frontier.length > 0) {
      level += 1;
      const next: string[] = [];
      for (const entityId of frontier) {
        for (const hop of hopsOf(entityId)) {
          if (distance.has(hop.other)) continue;
          distance.set(hop.other, level);
          next.push(hop.other);
        }
      }
      frontier = next;
    }
  };
  while (!distance.has(fromId) && level < maxHops && frontier.length > 0) reach(level + 1);
  const shortest = distance.get(fromId);
  if (shortest === undefined) return [];

  const paths: PathRecord[] = [];
  const entityIds = [fromId];
  const claimIds: string[] = [];
  const onPath = new Set(entityIds);
  const walk = (entityId: string, length: number): void => {
    const depth = claimIds.length;
    if (depth === length) {
      if (entityId === toId) paths.push({ entityIds: [...entityIds], claimIds: [...claimIds] });
      return;
    }
    for (const hop of hopsOf(entityId)) {
      if (paths.length >= k) return;
      spend(1);
      const left = distance.get(hop.other);
      if (left === undefined || depth + 1 + left > length || onPath.has(hop.other)) continue;
      if (hop.other === toId && depth + 1 !== length) continue;
      onPath.add(hop.other);
      entityIds.push(hop.other);
      claimIds.push(hop.claimId);
      walk(hop.other, length);
      onPath.delete(hop.other);
      entityIds.pop();
      claimIds.pop();
    }
  };
  for (let length = shortest; length <= maxHops && paths.length < k; length += 1) {
    reach(length - 1); // what lies further cannot be on a path of this length
    walk(fromId, length);
  }
  return paths;
}

/** Whether a claim edge passes the query's filters, remembered per claim for the length of one search. */
function edgeFilter(state: MemoryState, query: PathQuery): (claimId: string, edge: ClaimEdgeAttributes) => boolean {
  const statuses = new Set<string>(query.statuses);
  const predicates = query.predicates === undefined ? null : new Set(query.predicates);
  const levels = query.levels === undefined ? null : new Set<string>(query.levels);
  const { minCredibility, during } = query;
  const seen = new Map<string, boolean>();
  const test = (claimId: string, edge: ClaimEdgeAttributes): boolean => {
    if (!statuses.has(edge.status)) return false;
    if (predicates !== null && !predicates.has(edge.predicate)) return false;
    if (levels !== null && !levels.has(state.claims.get(claimId)!.visibility)) return false;
    if (minCredibility !== undefined) {
      const citationIds = state.citationsByClaim.get(claimId)?.items() ?? [];
      // Only a citation the viewer may see can qualify a claim: a hidden one must not show through its grade.
      const qualifies = (id: string): boolean => {
        const citation = state.citations.get(id)!;
        return citation.credibility <= minCredibility && (levels === null || levels.has(citation.visibility));
      };
      if (!citationIds.some(qualifies)) return false;
    }
    if (during !== undefined) {
      const period = state.claims.get(claimId)?.period ?? null;
      if (period !== null && edtfBoundsOverlap(period, during) === 'NONE') return false;
    }
    return true;
  };
  return (claimId, edge) => {
    let ok = seen.get(claimId);
    if (ok === undefined) {
      ok = test(claimId, edge);
      seen.set(claimId, ok);
    }
    return ok;
  };
}
