import { CypherQuery, cypher } from './query';

/** One row `{ entities, sources, claims, citations }` (served by the count store). */
export function countsQuery(): CypherQuery {
  return cypher(`
CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
CALL () { MATCH (n:Source) RETURN count(n) AS sources }
CALL () { MATCH (n:Claim) RETURN count(n) AS claims }
CALL () { MATCH (n:Citation) RETURN count(n) AS citations }
RETURN entities, sources, claims, citations`);
}

/** The same counts over what a viewer with `levels` may see (a scan: not served by the count store). */
export function visibleCountsQuery(levels: readonly string[]): CypherQuery {
  return cypher(
    `
CALL () { MATCH (n:Entity) WHERE coalesce(n.access, 'PUBLIC') IN $levels RETURN count(n) AS entities }
CALL () { MATCH (n:Source) WHERE coalesce(n.access, 'PUBLIC') IN $levels RETURN count(n) AS sources }
CALL () { MATCH (n:Claim) WHERE coalesce(n.visibility, 'PUBLIC') IN $levels RETURN count(n) AS claims }
CALL () { MATCH (n:Citation) WHERE coalesce(n.visibility, 'PUBLIC') IN $levels RETURN count(n) AS citations }
RETURN entities, sources, claims, citations`,
    { levels },
  );
}
