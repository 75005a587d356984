import { EntityKind } from '../../../domain/model';
import { MIN_BLOCK_WORD } from '../../judgements';
import { CypherQuery, cypher, distinct } from './query';

/*
 * Judgements (src/domain/judgement.ts) are :Judgement nodes with a JUDGES
 * edge to each record they name, so that the judgements of a record are found
 * from the record. A merge moves claims by rewriting their endpoints (the
 * subjectId/objectId properties, the SUBJECT/OBJECT edges and the RELATED
 * edge between the entities) to the survivor: every other query reads a merged
 * graph as it reads any other, with no merge-aware clause but `mergedInto IS NULL`
 * in lists and search. The judgement keeps the ids of the claims moved, for the split.
 */

/** Creates a judgement and its JUDGES edges to the entities or sources it names (which exist). */
export function createJudgementQuery(props: Record<string, unknown>): CypherQuery {
  return cypher(
    `
CREATE (j:Judgement)
SET j = $props, j.version = toInteger($props.version)
WITH j
CALL (j) {
  UNWIND $recordIds AS rid
  OPTIONAL MATCH (e:Entity {id: rid})
  OPTIONAL MATCH (s:Source {id: rid})
  WITH j, coalesce(e, s) AS n
  WHERE n IS NOT NULL
  CREATE (j)-[:JUDGES]->(n)
}
RETURN j.id AS id`,
    { props, recordIds: distinct((props.recordIds as string[] | undefined) ?? []) },
  );
}

/** Replaces every property of a judgement (an undo); returns no row when there is none. */
export function setJudgementQuery(id: string, props: Record<string, unknown>): CypherQuery {
  return cypher(
    `
MATCH (j:Judgement {id: $id})
SET j = $props, j.version = toInteger($props.version)
RETURN j.id AS id`,
    { id, props },
  );
}

/** Rows `{ id, props }` for the judgements that exist among `ids`. */
export function getJudgementsQuery(ids: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (j:Judgement {id: id})
RETURN id, properties(j) AS props`,
    { ids: distinct(ids) },
  );
}

/** Rows `{ id, items }`: for each entity or source id, the properties of the judgements naming it, ordered by id. */
export function getJudgementsOfQuery(recordIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  CALL (id) {
    MATCH (j:Judgement)-[:JUDGES]->(:Entity {id: id})
    RETURN j
    UNION
    MATCH (j:Judgement)-[:JUDGES]->(:Source {id: id})
    RETURN j
  }
  WITH j
  ORDER BY j.id
  RETURN collect(properties(j)) AS items
}
RETURN id, items`,
    { ids: distinct(recordIds) },
  );
}

/**
 * Rewrites claims whose subject or object a merge or split moves: `props` is
 * each claim's whole new property map (its subjectId/objectId moved). The
 * SUBJECT, OBJECT and RELATED edges are made again from them. Returns the ids set.
 */
export function repointClaimsQuery(rows: readonly { id: string; props: Record<string, unknown> }[]): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (c:Claim {id: row.id})
CALL (c) {
  OPTIONAL MATCH (c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)
  DELETE r
}
CALL (c) {
  OPTIONAL MATCH (c)-[r:SUBJECT|OBJECT]->(:Entity)
  DELETE r
}
SET c = row.props, c.version = toInteger(row.props.version)
WITH c
MATCH (s:Entity {id: c.subjectId})
CREATE (c)-[:SUBJECT]->(s)
WITH c, s
OPTIONAL MATCH (o:Entity {id: c.objectId})
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
  CREATE (c)-[:OBJECT]->(o)
  CREATE (s)-[:RELATED {claimId: c.id, predicate: c.predicate, status: c.status, visibility: c.visibility}]->(o)
)
RETURN c.id AS id`,
    { rows },
  );
}

/**
 * Rows `{ word, ids }`: entities of a kind sharing a word of their search keys
 * (the words of `searchText`), 2..maxBlockSize per word, ordered by word, ids
 * sorted; merged entities left out. With levels: only entities whose access
 * is among them, and no protected person whose protection is not.
 */
export function nameBlocksQuery(
  kind: EntityKind,
  levels: readonly string[] | null,
  maxBlockSize: number,
  limit: number,
): CypherQuery {
  const visible =
    levels === null
      ? ''
      : "AND coalesce(n.access, 'PUBLIC') IN $levels AND (n.protection IS NULL OR n.protection IN $levels)";
  return cypher(
    `
MATCH (n:Entity)
WHERE n.kind = $kind AND n.mergedInto IS NULL ${visible}
UNWIND split(n.searchText, ' ') AS word
WITH DISTINCT n.id AS id, word
WHERE size(word) >= $minWord AND word <> '|'
WITH word, id
ORDER BY word, id
WITH word, collect(id) AS ids
WHERE size(ids) >= 2 AND size(ids) <= $maxBlockSize
RETURN word, ids
ORDER BY word
LIMIT toInteger($limit)`,
    {
      kind,
      levels,
      minWord: MIN_BLOCK_WORD,
      maxBlockSize: Math.max(2, Math.floor(maxBlockSize)),
      limit: Math.max(0, Math.floor(limit)),
    },
  );
}

/** Rows `{ id, mergedInto }` for the entities among `ids` that were merged into another. */
export function mergedEntitiesQuery(ids: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WHERE n.mergedInto IS NOT NULL
RETURN n.id AS id, n.mergedInto AS mergedInto`,
    { ids: distinct(ids) },
  );
}
