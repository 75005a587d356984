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
