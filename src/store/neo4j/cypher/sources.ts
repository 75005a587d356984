import { SourceKind } from '../../../domain/model';
import { KeysetPage, keysetListQuery } from './list';
import { CypherQuery, cypher, distinct } from './query';

/** A source node's properties with the ids it derives from, ordered by id. */
export const SOURCE_PROJECTION =
  '{props: properties(n), derivedFromIds: COLLECT { MATCH (n)-[:DERIVED_FROM]->(t:Source) RETURN t.id ORDER BY t.id }}';

/** Creates a source and its DERIVED_FROM edges (the targets are known to exist). */
export function createSourceQuery(props: Record<string, unknown>, derivedFromIds: readonly string[]): CypherQuery {
  return cypher(
    `
CREATE (n:Source)
SET n = $props, n.version = toInteger($props.version)
WITH n
UNWIND $derivedFromIds AS targetId
MATCH (t:Source {id: targetId})
MERGE (n)-[:DERIVED_FROM]->(t)`,
    { props, derivedFromIds: distinct(derivedFromIds) },
  );
}

/** Replaces a source's properties and DERIVED_FROM edges; returns no row when there is no such source. */
export function updateSourceQuery(
  id: string,
  props: Record<string, unknown>,
  derivedFromIds: readonly string[],
): CypherQuery {
  return cypher(
    `
MATCH (n:Source {id: $id})
SET n = $props, n.version = toInteger($props.version)
WITH n
CALL (n) {
  MATCH (n)-[r:DERIVED_FROM]->(:Source)
  DELETE r
}
CALL (n) {
  UNWIND $derivedFromIds AS targetId
  MATCH (t:Source {id: targetId})
  MERGE (n)-[:DERIVED_FROM]->(t)
}
RETURN n.id AS id`,
    { id, props, derivedFromIds: distinct(derivedFromIds) },
  );
}

/** Rows `{ id, source: { props, derivedFromIds } }` for the sources that exist among `ids`. */
export function getSourcesQuery(ids: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (n:Source {id: id})
RETURN id, ${SOURCE_PROJECTION} AS source`,
    { ids: distinct(ids) },
  );
}

export function listSourcesQuery(
  filter: { kind: SourceKind | null; levels: readonly string[] | null },
  page: KeysetPage,
): CypherQuery {
  const conditions = filter.kind === null ? [] : ['n.kind = $kind'];
  if (filter.levels !== null) conditions.push("coalesce(n.access, 'PUBLIC') IN $levels");
  return keysetListQuery(
    'MATCH (n:Source)',
    conditions,
    { kind: filter.kind, levels: filter.levels },
    page,
    SOURCE_PROJECTION,
  );
}

/** Sets the access level and version of sources; returns the ids set. */
export function setSourceAccessQuery(rows: readonly { id: string; access: string; version: number }[]): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (n:Source {id: row.id})
SET n.access = row.access, n.version = toInteger(row.version)
RETURN n.id AS id`,
    { rows },
  );
}
