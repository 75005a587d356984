import { CypherQuery, cypher } from './query';

/**
 * One row `{ entities, sources, claims, citations }` (served by the count
 * store; the merged entities, which count as part of their survivors, are
 * taken off by the entity_merged_into index).
 */
export function countsQuery(): CypherQuery {
  return cypher(`
CALL () { MATCH (n:Entity) RETURN count(n) AS allEntities }
CALL () { MATCH (n:Entity) WHERE n.mergedInto IS NOT NULL RETURN count(n) AS merged }
WITH allEntities - merged AS entities
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
CALL () { MATCH (n:Claim) RETURN count(n) AS claims }
CALL () { MATCH (n:Citation) RETURN count(n) AS citations }
RETURN entities, sources, claims, citations`);
}

/** The same counts over what a viewer with `levels` may see (a scan: not served by the count store). */
export function visibleCountsQuery(levels: readonly string[]): CypherQuery {
  return cypher(
    `
CALL () {
  MATCH (n:Entity) WHERE n.mergedInto IS NULL AND coalesce(n.access, 'PUBLIC') IN $levels RETURN count(n) AS entities
}
CALL () { MATCH (n:Source) WHERE coalesce(n.access, 'PUBLIC') IN $levels RETURN count(n) AS sources }
CALL () { MATCH (n:Claim) WHERE coalesce(n.visibility, 'PUBLIC') IN $levels RETURN count(n) AS claims }
CALL () { MATCH (n:Citation) WHERE coalesce(n.visibility, 'PUBLIC') IN $levels RETURN count(n) AS citations }
RETURN entities, sources, claims, citations`,
    { levels },
  );
}
