import { ClaimStatus } from '../../../domain/model';
import { ClaimRankChange, ClaimRole } from '../../store.port';
import { KeysetPage, keysetListQuery } from './list';
import { CypherQuery, cypher, distinct } from './query';

/**
 * Creates a claim node, its SUBJECT edge and, for an entity-to-entity claim,
 * its OBJECT edge and the direct `(subject)-[:RELATED]->(object)` edge that
 * carries the claim's id (the entities are known to exist).
 */
export function createClaimQuery(props: Record<string, unknown>): CypherQuery {
  return cypher(
    `
MATCH (s:Entity {id: $props.subjectId})
CREATE (c:Claim)
SET c = $props, c.version = toInteger($props.version)
CREATE (c)-[:SUBJECT]->(s)
WITH c, s
OPTIONAL MATCH (o:Entity {id: $props.objectId})
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
  CREATE (c)-[:OBJECT]->(o)
  CREATE (s)-[:RELATED {claimId: c.id, predicate: c.predicate, status: c.status, visibility: c.visibility}]->(o)
)
RETURN c.id AS id`,
    { props },
  );
}

/** Rows `{ id, props }` for the claims that exist among `ids`. */
export function getClaimsQuery(ids: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (c:Claim {id: id})
RETURN id, properties(c) AS props`,
    { ids: distinct(ids) },
  );
}

const ROLE_PROPERTY: Record<ClaimRole, string> = {
  [ClaimRole.SUBJECT]: 'subjectId',
  [ClaimRole.OBJECT]: 'objectId',
};

/** Rows `{ id, items }`: for each entity id, the properties of its claims in `role`, ordered by id. */
export function getClaimsOfEntitiesQuery(entityIds: readonly string[], role: ClaimRole): CypherQuery {
  const property = ROLE_PROPERTY[role];
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (c:Claim)
  WHERE c.${property} = id
  WITH c
  ORDER BY c.id
  RETURN collect(properties(c)) AS items
}
RETURN id, items`,
    { ids: distinct(entityIds) },
  );
}

export interface ClaimListFilter {
  subjectId: string | null;
  objectId: string | null;
  predicates: string[] | null;
  statuses: ClaimStatus[] | null;
  sourceId: string | null;
  levels: readonly string[] | null;
}

export function listClaimsQuery(filter: ClaimListFilter, page: KeysetPage): CypherQuery {
  const conditions: string[] = [];
  if (filter.subjectId !== null) conditions.push('n.subjectId = $subjectId');
  if (filter.objectId !== null) conditions.push('n.objectId = $objectId');
  if (filter.predicates !== null) conditions.push('n.predicate IN $predicates');
  if (filter.statuses !== null) conditions.push('n.status IN $statuses');
  if (filter.levels !== null) conditions.push("coalesce(n.visibility, 'PUBLIC') IN $levels");
  // With a source, start from it: its citations lead to few claims.
  const match =
    filter.sourceId === null
      ? 'MATCH (n:Claim)'
      : 'MATCH (:Source {id: $sourceId})<-[:CITES|READ_IN]-(:Citation)-[:SUPPORTS]->(n:Claim) WITH DISTINCT n';
  return keysetListQuery(
    match,
    conditions,
    {
      subjectId: filter.subjectId,
      objectId: filter.objectId,
      predicates: filter.predicates,
      statuses: filter.statuses,
      sourceId: filter.sourceId,
      levels: filter.levels,
    },
    page,
    'properties(n)',
  );
}

/**
 * Sets claims' access and derived levels, and the level carried by their
 * RELATED edges, which path queries filter on. Returns the ids set.
 */
export function setClaimLevelsQuery(
  rows: readonly { id: string; access: string; visibility: string; textLevel: string; version: number }[],
): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (c:Claim {id: row.id})
SET c.access = row.access, c.visibility = row.visibility, c.textLevel = row.textLevel,
  c.version = toInteger(row.version)
WITH c
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  SET r.visibility = c.visibility
}
RETURN c.id AS id`,
    { rows },
  );
}

/** Sets a claim's derived visibility (after a citation was added) and version on the claim and its RELATED edge. */
export function setClaimVisibilityQuery(claimId: string, visibility: string, version: number): CypherQuery {
  return cypher(
    `
MATCH (c:Claim {id: $claimId})
SET c.visibility = $visibility, c.version = toInteger($version)
WITH c
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  SET r.visibility = c.visibility
}
RETURN c.id AS id`,
    { claimId, visibility, version },
  );
}

/** Sets a claim's rank, its reason, update time and version; returns no row when there is no such claim. */
export function setClaimRankQuery(change: ClaimRankChange, version: number): CypherQuery {
  return cypher(
    `
MATCH (c:Claim {id: $claimId})
SET c.rank = $rank, c.rankReason = $reason, c.updatedAt = $updatedAt, c.version = toInteger($version)
RETURN c.id AS id`,
    { claimId: change.claimId, rank: change.rank, reason: change.reason, updatedAt: change.updatedAt, version },
  );
}

/**
 * Sets a claim's status, reason, update time and version, and the status
 * carried by its RELATED edge; returns no row when there is no such claim.
 */
export function setClaimStatusQuery(
  change: {
    claimId: string;
    status: ClaimStatus;
    reason: string;
    updatedAt: string;
  },
  version: number,
): CypherQuery {
  return cypher(
    `
MATCH (c:Claim {id: $claimId})
SET c.status = $status, c.statusReason = $reason, c.updatedAt = $updatedAt, c.version = toInteger($version)
WITH c
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  SET r.status = c.status
}
RETURN c.id AS id`,
    {
      claimId: change.claimId,
      status: change.status,
      reason: change.reason,
      updatedAt: change.updatedAt,
      version,
    },
  );
}

/**
 * One row `{ claims, citations }` for an access change that must account for
 * everything it affects: the ids of the claims about the entities or citing
 * the sources (directly or as the document read), and of the citations of the claims.
 */
export function accessDependentsQuery(
  entityIds: readonly string[],
  sourceIds: readonly string[],
  claimIds: readonly string[],
): CypherQuery {
  return cypher(
    `
CALL () {
  UNWIND $entityIds AS id
  MATCH (:Entity {id: id})<-[:SUBJECT|OBJECT]-(c:Claim)
  RETURN collect(DISTINCT c.id) AS ofEntities
}
CALL () {
  UNWIND $sourceIds AS id
  MATCH (:Source {id: id})<-[:CITES|READ_IN]-(:Citation)-[:SUPPORTS]->(c:Claim)
  RETURN collect(DISTINCT c.id) AS ofSources
}
CALL () {
  UNWIND $claimIds AS id
  MATCH (x:Citation)-[:SUPPORTS]->(:Claim {id: id})
  RETURN collect(DISTINCT x.id) AS citations
}
RETURN ofEntities + ofSources AS claims, citations`,
    { entityIds: distinct(entityIds), sourceIds: distinct(sourceIds), claimIds: distinct(claimIds) },
  );
}

/** One row `{ citations }`: the ids of the citations of these sources, directly or as the document read. */
export function citationIdsOfSourcesQuery(sourceIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $sourceIds AS id
MATCH (:Source {id: id})<-[:CITES|READ_IN]-(x:Citation)
RETURN collect(DISTINCT x.id) AS citations`,
    { sourceIds: distinct(sourceIds) },
  );
}
