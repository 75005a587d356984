import { CypherQuery, chunks, cypher } from './query';

/**
 * Upserts by id for bulk imports, in UNWIND batches. Each statement replaces
 * the node's properties and its outgoing edges, so importing the same bundle
 * twice leaves the graph as after once. All of them run in one transaction
 * (the caller's), entities and sources before claims, claims before citations.
 */

export const IMPORT_BATCH_SIZE = 500;

export function mergeEntitiesQueries(rows: readonly Record<string, unknown>[]): CypherQuery[] {
  return chunks(rows, IMPORT_BATCH_SIZE).map((batch) =>
    cypher(
      `
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row, n.version = toInteger(row.version)`,
      { rows: batch },
    ),
  );
}

export interface SourceImportRow {
  props: Record<string, unknown>;
  derivedFromIds: string[];
}

/** Source nodes first (edges may point at a source later in the bundle), then their edges. */
export function mergeSourcesQueries(rows: readonly SourceImportRow[]): CypherQuery[] {
  const batches = chunks(rows, IMPORT_BATCH_SIZE);
  const nodes = batches.map((batch) =>
    cypher(
      `
UNWIND $rows AS row
MERGE (n:Source {id: row.id})
SET n = row, n.version = toInteger(row.version)
WITH n
CALL (n) {
  MATCH (n)-[r:DERIVED_FROM]->(:Source)
  DELETE r
}`,
      { rows: batch.map((r) => r.props) },
    ),
  );
  const edges = batches.map((batch) =>
    cypher(
      `
UNWIND $rows AS row
MATCH (n:Source {id: row.id})
UNWIND row.derivedFromIds AS targetId
MATCH (t:Source {id: targetId})
MERGE (n)-[:DERIVED_FROM]->(t)`,
      { rows: batch.map((r) => ({ id: r.props.id, derivedFromIds: [...new Set(r.derivedFromIds)] })) },
    ),
  );
  return [...nodes, ...edges];
}

/**
 * Claims with their SUBJECT / OBJECT edges and RELATED edge; the old edges of
 * a claim already in the graph are replaced.
 */
export function mergeClaimsQueries(rows: readonly Record<string, unknown>[]): CypherQuery[] {
  return chunks(rows, IMPORT_BATCH_SIZE).map((batch) =>
    cypher(
      `
UNWIND $rows AS row
MERGE (c:Claim {id: row.id})
SET c = row, c.version = toInteger(row.version)
WITH c, row
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  DELETE r
}
CALL (c) {
  MATCH (c)-[r:SUBJECT|OBJECT]->(:Entity)
  DELETE r
}
MATCH (s:Entity {id: row.subjectId})
CREATE (c)-[:SUBJECT]->(s)
WITH c, s, row
OPTIONAL MATCH (o:Entity {id: row.objectId})
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
  CREATE (c)-[:OBJECT]->(o)
  CREATE (s)-[:RELATED {claimId: c.id, predicate: c.predicate, status: c.status, visibility: c.visibility}]->(o)
)`,
      { rows: batch },
    ),
  );
}

/** Citations with their SUPPORTS / CITES / READ_IN edges; old edges of an existing citation are replaced. */
export function mergeCitationsQueries(rows: readonly Record<string, unknown>[]): CypherQuery[] {
  return chunks(rows, IMPORT_BATCH_SIZE).map((batch) =>
    cypher(
      `
UNWIND $rows AS row
MERGE (x:Citation {id: row.id})
SET x = row
WITH x, row
CALL (x) {
  MATCH (x)-[r:SUPPORTS|CITES|READ_IN]->()
  DELETE r
}
MATCH (c:Claim {id: row.claimId})
MATCH (s:Source {id: row.sourceId})
CREATE (x)-[:SUPPORTS]->(c)
CREATE (x)-[:CITES]->(s)
WITH x, row
OPTIONAL MATCH (v:Source {id: row.viaSourceId})
FOREACH (_ IN CASE WHEN v IS NULL THEN [] ELSE [1] END | CREATE (x)-[:READ_IN]->(v))`,
      { rows: batch },
    ),
  );
}
