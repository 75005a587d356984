import { ClaimSide, type ClaimService } from '../claims/claim.service';
import type { EntityService } from '../entities/entity.service';
import { MAX_NEIGHBOURHOOD_NODES, type NeighbourhoodService } from '../neighbourhood/neighbourhood.service';
import type { SourceService } from '../sources/source.service';
import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../../domain/model';
import { BadUserInputError } from '../../domain/errors';

/** What a graph export reads through: the services of the profile's viewer, never the raw store. */
export interface GraphReaders {
  entities: EntityService;
  sources: SourceService;
  claims: ClaimService;
  neighbourhood: NeighbourhoodService;
}

/** The whole graph, or the entities within `depth` claims of the chosen ones. */
export interface GraphScope {
  entityIds: string[] | null;
  depth: number | null;
}

/** Everything one export holds, as the profile's viewer reads it, each list ordered by id. */
export interface GraphSnapshot {
  atharVersion: string;
  asOf: string;
  profile: string;
  scope: GraphScope & { truncated: boolean };
  entities: EntityRecord[];
  sources: SourceRecord[];
  claims: ClaimRecord[];
  citations: CitationRecord[];
}

export const MAX_GRAPH_EXPORT_DEPTH = 3;
/** Records read per page when walking the whole graph, unless the server's maximum page size is smaller. */
export const GRAPH_EXPORT_PAGE = 100;

/**
 * Reads the records of an export. The whole graph is paged through the
 * services; a subgraph takes the neighbourhood of each chosen entity (nodes
 * up to `depth` claims away) and every claim of those nodes whose object, if
 * any, is a node too. Citations and sources are those of the claims kept;
 * what the viewer may not see never comes back from the services.
 */
export async function readGraph(
  readers: GraphReaders,
  scope: GraphScope,
  pageSize = GRAPH_EXPORT_PAGE,
): Promise<Pick<GraphSnapshot, 'entities' | 'sources' | 'claims' | 'citations'> & { truncated: boolean }> {
  let entities: EntityRecord[];
  let claims: ClaimRecord[];
  let truncated = false;
  if (scope.entityIds === null) {
    entities = await allPages((after) => readers.entities.list(null, {}, pageSize, after));
    claims = await allPages((after) => readers.claims.list({}, pageSize, after));
  } else {
    const depth = scope.depth ?? 1;
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_GRAPH_EXPORT_DEPTH)
      throw new BadUserInputError(`depth must be a whole number from 0 to ${MAX_GRAPH_EXPORT_DEPTH}.`, 'depth');
    if (scope.entityIds.length === 0) throw new BadUserInputError('Give at least one entity id.', 'entities');
    const nodes = new Map<string, EntityRecord>();
    for (const id of scope.entityIds) {
      if (depth === 0) {
        const entity = await readers.entities.get(id);
        nodes.set(entity.id, entity);
        continue;
      }
      const around = await readers.neighbourhood.around(id, depth, MAX_NEIGHBOURHOOD_NODES);
      truncated ||= around.truncated;
      for (const node of around.nodes) nodes.set(node.entity.id, node.entity);
    }
    entities = [...nodes.values()];
    const lists = await Promise.all(entities.map((e) => readers.claims.allOfEntity(e.id, { side: ClaimSide.SUBJECT })));
    claims = lists.flat().filter((c) => c.objectId === null || nodes.has(c.objectId));
  }
  entities = byId(entities);
  claims = byId(claims);
  const citations = byId((await Promise.all(claims.map((c) => readers.claims.citationsOf(c.id)))).flat());
  const sourceIds = new Set(citations.flatMap((c) => (c.viaSourceId ? [c.sourceId, c.viaSourceId] : [c.sourceId])));
  if (scope.entityIds === null) {
    for (const s of await allPages((after) => readers.sources.list(null, pageSize, after))) sourceIds.add(s.id);
  }
  // Sources a kept source derives from, as far as the viewer sees them.
  const sources = new Map<string, SourceRecord>();
  let pending = [...sourceIds];
  while (pending.length > 0) {
    const found = (await readers.sources.findMany(pending)).filter((s): s is SourceRecord => s !== null);
    for (const s of found) sources.set(s.id, s);
    pending = [...new Set(found.flatMap((s) => s.derivedFromIds))].filter((id) => !sources.has(id));
    if (scope.entityIds === null) pending = [];
  }
  return { entities, claims, citations, sources: byId([...sources.values()]), truncated };
}

async function allPages<T>(
  page: (
    after: string | null,
  ) => Promise<{ edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const connection = await page(after);
    items.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage || connection.pageInfo.endCursor === null) return items;
    after = connection.pageInfo.endCursor;
  }
}

function byId<T extends { id: string }>(items: T[]): T[] {
  const seen = new Map(items.map((i) => [i.id, i]));
  return [...seen.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The entity-to-entity claims of a snapshot whose two ends are both in it: the edges of a graph file. */
export function edgesOf(snapshot: GraphSnapshot): ClaimRecord[] {
  const ids = new Set(snapshot.entities.map((e) => e.id));
  return snapshot.claims.filter((c) => c.objectId !== null && ids.has(c.subjectId) && ids.has(c.objectId));
}

/** Citations by claim id. */
export function citationsByClaim(snapshot: GraphSnapshot): Map<string, CitationRecord[]> {
  const map = new Map<string, CitationRecord[]>();
  for (const c of snapshot.citations) map.set(c.claimId, [...(map.get(c.claimId) ?? []), c]);
  return map;
}

/** An entity's subtype (facility, place or event type), or null. */
export function subtypeOf(e: EntityRecord): string | null {
  return e.facilityType ?? e.placeType ?? e.eventType ?? null;
}
