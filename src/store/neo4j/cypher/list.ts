import { CypherQuery, cypher, whereAll } from './query';

export interface KeysetPage {
  first: number;
  after: string | null;
}

/**
 * One page of the nodes `n` that `match` binds and constant `conditions` keep
 * (their values are in `params`), ordered by id after the keyset cursor, plus
 * the total number of matches, in one statement returning one row
 * `{ total, items }`. It fetches `first + 1` items so the caller can tell
 * whether there is a next page.
 *
 * `match` (a MATCH binding `n`, optionally followed by `WITH DISTINCT n`),
 * `conditions` and `projection` must be constants of this module's callers,
 * never input.
 */
export function keysetListQuery(
  match: string,
  conditions: readonly string[],
  params: Record<string, unknown>,
  page: KeysetPage,
  projection: string,
): CypherQuery {
  const where = whereAll(conditions);
  const pageWhere = whereAll(page.after === null ? conditions : [...conditions, 'n.id > $after']);
  return cypher(
    `
CALL () {
  ${match}
  WHERE ${where}
  RETURN count(n) AS total
}
CALL () {
  ${match}
  WHERE ${pageWhere}
  WITH n
  ORDER BY n.id
  LIMIT toInteger($limit)
  RETURN collect(${projection}) AS items
}
RETURN total, items`,
    { ...params, after: page.after, limit: Math.max(0, Math.floor(page.first)) + 1 },
  );
}
