import { CypherQuery, cypher } from './query';

/**
 * Rows `{ id, name, aliases, protection }`: every protected person, by id
 * (served by the entity_protection index), with only what redaction reads of
 * them. Merged records too: excerpts may still spell a person as the merged
 * record did, and over-withholding is the safe error.
 */
export function protectedPeopleQuery(): CypherQuery {
  return cypher(`
MATCH (n:Entity)
WHERE n.protection IS NOT NULL AND n.kind = 'PERSON'
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases, n.protection AS protection
ORDER BY n.id`);
}

/** One row: the cheapest statement, read for the stamp of the database state it returns. */
export function stampQuery(): CypherQuery {
  return cypher('RETURN 1 AS ok');
}
