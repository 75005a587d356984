import { CypherQuery, cypher, distinct } from './query';

export interface RefIds {
  entityIds?: readonly string[];
  sourceIds?: readonly string[];
  claimIds?: readonly string[];
}

/**
 * One row `{ entities, sources, claims }` listing which of the given ids do
 * not exist, so a write can refuse a dangling reference before it writes.
 */
export function missingRefsQuery(refs: RefIds): CypherQuery {
  return cypher(
    `
CALL () {
  UNWIND $entityIds AS id
  OPTIONAL MATCH (n:Entity {id: id})
  WITH id, n
  WHERE n IS NULL
  RETURN collect(id) AS entities
}
CALL () {
  UNWIND $sourceIds AS id
  OPTIONAL MATCH (n:Source {id: id})
  WITH id, n
  WHERE n IS NULL
  RETURN collect(id) AS sources
}
CALL () {
  UNWIND $claimIds AS id
  OPTIONAL MATCH (n:Claim {id: id})
  WITH id, n
  WHERE n IS NULL
  RETURN collect(id) AS claims
}
RETURN entities, sources, claims`,
    {
      entityIds: distinct(refs.entityIds ?? []),
      sourceIds: distinct(refs.sourceIds ?? []),
      claimIds: distinct(refs.claimIds ?? []),
    },
  );
}

/**
 * Which of `derivedFromIds` would close a derivation cycle if source `id`
 * derived from them: the source itself, or one that already derives from it,
 * directly or through others.
 */
export function derivationCycleQuery(id: string, derivedFromIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $derivedFromIds AS targetId
MATCH (target:Source {id: targetId})
WHERE targetId = $id OR EXISTS { MATCH (target)-[:DERIVED_FROM*1..]->(:Source {id: $id}) }
RETURN targetId`,
    { id, derivedFromIds: distinct(derivedFromIds) },
  );
}

/** Ids among `ids` of sources that lie on a derivation cycle (after a bulk write). */
export function sourcesOnCycleQuery(ids: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (s:Source {id: id})
WHERE EXISTS { MATCH (s)-[:DERIVED_FROM*1..]->(s) }
RETURN id
LIMIT 1`,
    { ids: distinct(ids) },
  );
}
