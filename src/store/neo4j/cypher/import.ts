import { CypherQuery, cypher } from './query';

/**
 * Bulk import statements, one UNWIND batch each (src/store/neo4j/neo4j.import.ts
 * plans them). The adapter has already read the stored state of every record
 * the bundle names, so each statement is for one case only:
 *
 * - `create*`: records not in the graph: CREATE, no MERGE, nothing to delete;
 * - `set*`: records in the graph whose links stay as they are: properties only
 *   (and the properties a claim copies onto its RELATED edge);
 * - `replace*`: records whose links change: old edges out, new edges in.
 *
 * A record the bundle leaves as it was is in no statement at all, so that
 * importing the same bundle twice writes nothing the second time but its
 * audit record. All run in the caller's one transaction, entities and sources
 * before claims, each batch of claims before its citations.
 */

/** Rows per statement when the caller does not say. */
export const DEFAULT_IMPORT_BATCH_SIZE = 5000;

type Rows = readonly Record<string, unknown>[];

export function createEntitiesQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
CREATE (n:Entity)
SET n = row, n.version = toInteger(row.version)`,
    { rows },
  );
}

export function setEntitiesQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n = row, n.version = toInteger(row.version)`,
    { rows },
  );
}

export function createSourcesQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
CREATE (n:Source)
SET n = row, n.version = toInteger(row.version)`,
    { rows },
  );
}

export function setSourcesQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (n:Source {id: row.id})
SET n = row, n.version = toInteger(row.version)`,
    { rows },
  );
}

export interface DerivationRow {
  id: string;
  /** Distinct. */
  derivedFromIds: string[];
}

/** DERIVED_FROM edges of new sources and of sources whose derivations change; run once every source node exists. */
export function replaceDerivationsQuery(rows: readonly DerivationRow[]): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (n:Source {id: row.id})
CALL (n) {
  MATCH (n)-[r:DERIVED_FROM]->(:Source)
  DELETE r
}
WITH n, row
UNWIND row.derivedFromIds AS targetId
MATCH (t:Source {id: targetId})
CREATE (n)-[:DERIVED_FROM]->(t)`,
    { rows },
  );
}

/** The SUBJECT / OBJECT edges of a claim and, between two entities, the RELATED edge that copies its filter fields. */
const CLAIM_EDGES = `MATCH (s:Entity {id: row.subjectId})
CREATE (c)-[:SUBJECT]->(s)
WITH c, s, row
CALL (c, s, row) {
  WITH * WHERE row.objectId IS NOT NULL
  MATCH (o:Entity {id: row.objectId})
  CREATE (c)-[:OBJECT]->(o)
  CREATE (s)-[:RELATED {claimId: c.id, predicate: c.predicate, status: c.status, visibility: c.visibility}]->(o)
}`;

export function createClaimsQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
CREATE (c:Claim)
SET c = row, c.version = toInteger(row.version)
WITH c, row
${CLAIM_EDGES}`,
    { rows },
  );
}

/** Claims whose subject and object stay: properties, and what the RELATED edge copies of them. */
export function setClaimsQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (c:Claim {id: row.id})
SET c = row, c.version = toInteger(row.version)
WITH c
CALL (c) {
  MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  SET r.predicate = c.predicate, r.status = c.status, r.visibility = c.visibility
}`,
    { rows },
  );
}

/** Claims whose subject or object changes: their edges are replaced. */
export function replaceClaimsQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (c:Claim {id: row.id})
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
WITH c, row
${CLAIM_EDGES}`,
    { rows },
  );
}

const CITATION_EDGES = `MATCH (c:Claim {id: row.claimId})
MATCH (s:Source {id: row.sourceId})
CREATE (x)-[:SUPPORTS]->(c)
CREATE (x)-[:CITES]->(s)
WITH x, row
CALL (x, row) {
  WITH * WHERE row.viaSourceId IS NOT NULL
  MATCH (v:Source {id: row.viaSourceId})
  CREATE (x)-[:READ_IN]->(v)
}`;

export function createCitationsImportQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
CREATE (x:Citation)
SET x = row
WITH x, row
${CITATION_EDGES}`,
    { rows },
  );
}

/** Citations whose claim and sources stay. */
export function setCitationsQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (x:Citation {id: row.id})
SET x = row`,
    { rows },
  );
}

/** Citations whose claim or sources change: their edges are replaced. */
export function replaceCitationsQuery(rows: Rows): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (x:Citation {id: row.id})
SET x = row
WITH x, row
CALL (x) {
  MATCH (x)-[r:SUPPORTS|CITES|READ_IN]->()
  DELETE r
}
WITH x, row
${CITATION_EDGES}`,
    { rows },
  );
}
