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
SET c = $props
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
  rows: readonly { id: string; access: string; visibility: string; textLevel: string }[],
): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (c:Claim {id: row.id})
SET c.access = row.access, c.visibility = row.visibility, c.textLevel = row.textLevel
WITH c
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  SET r.visibility = c.visibility
}
RETURN c.id AS id`,
    { rows },
  );
}

/** Sets a claim's derived visibility (after a citation was added) on the claim and its RELATED edge. */
export function setClaimVisibilityQuery(claimId: string, visibility: string): CypherQuery {
  return cypher(
    `
MATCH (c:Claim {id: $claimId})
SET c.visibility = $visibility
WITH c
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  SET r.visibility = c.visibility
}
RETURN c.id AS id`,
    { claimId, visibility },
  );
}

/** Sets a claim's rank, its reason and update time; returns no row when there is no such claim. */
export function setClaimRankQuery(change: ClaimRankChange): CypherQuery {
  return cypher(
    `
MATCH (c:Claim {id: $claimId})
SET c.rank = $rank, c.rankReason = $reason, c.updatedAt = $updatedAt
RETURN c.id AS id`,
    { claimId: change.claimId, rank: change.rank, reason: change.reason, updatedAt: change.updatedAt },
  );
}

/**
 * Sets a claim's status, reason and update time, and the status carried by
 * its RELATED edge; returns no row when there is no such claim.
 */
export function setClaimStatusQuery(change: {
  claimId: string;
  status: ClaimStatus;
  reason: string;
  updatedAt: string;
}): CypherQuery {
  return cypher(
    `
MATCH (c:Claim {id: $claimId})
SET c.status = $status, c.statusReason = $reason, c.updatedAt = $updatedAt
WITH c
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  SET r.status = c.status
}
RETURN c.id AS id`,
    { claimId: change.claimId, status: change.status, reason: change.reason, updatedAt: change.updatedAt },
  );
}
