import { CypherQuery, cypher, distinct } from './query';

/**
 * Creates citations (claim and sources known to exist) with their SUPPORTS,
 * CITES and, when read in another document, READ_IN edges. Each element of
 * `rows` is a citation's property map (claimId, sourceId, viaSourceId among them).
 */
export function createCitationsQuery(rows: readonly Record<string, unknown>[]): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (c:Claim {id: row.claimId})
MATCH (s:Source {id: row.sourceId})
CREATE (x:Citation)
SET x = row
CREATE (x)-[:SUPPORTS]->(c)
CREATE (x)-[:CITES]->(s)
WITH x, row
OPTIONAL MATCH (v:Source {id: row.viaSourceId})
FOREACH (_ IN CASE WHEN v IS NULL THEN [] ELSE [1] END | CREATE (x)-[:READ_IN]->(v))
RETURN count(x) AS created`,
    { rows },
  );
}

/** Sets citations' derived levels; returns the ids set. */
export function setCitationLevelsQuery(
  rows: readonly { id: string; mentions: readonly string[]; visibility: string; excerptLevel: string }[],
): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (x:Citation {id: row.id})
SET x.mentions = row.mentions, x.visibility = row.visibility, x.excerptLevel = row.excerptLevel
RETURN x.id AS id`,
    { rows },
  );
}

/** Rows `{ id, props }` for the citations that exist among `ids`. */
export function getCitationsQuery(ids: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (x:Citation {id: id})
RETURN id, properties(x) AS props`,
    { ids: distinct(ids) },
  );
}

/** Rows `{ id, items }`: for each claim id, the properties of its citations, ordered by id. */
export function getCitationsOfClaimsQuery(claimIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (x:Citation {claimId: id})
  WITH x
  ORDER BY x.id
  RETURN collect(properties(x)) AS items
}
RETURN id, items`,
    { ids: distinct(claimIds) },
  );
}

/**
 * Rows `{ id, items }`: for each source id, the citations that cite it or
 * were read in it, ordered by id (a citation both citing and read in the same
 * source appears once).
 */
export function getCitationsOfSourcesQuery(sourceIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (:Source {id: id})<-[:CITES|READ_IN]-(x:Citation)
  WITH DISTINCT x
  ORDER BY x.id
  RETURN collect(properties(x)) AS items
}
RETURN id, items`,
    { ids: distinct(sourceIds) },
  );
}
