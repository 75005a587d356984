import type { PathQuery } from '../../store.port';
import { CypherQuery, cypher, whereAll } from './query';
import { MAX_LIST_INDEX, claimsAlongRows, type EntityClaimIncludes } from './entity-claims';

/**
 * Neo4j 5.26 takes neither a quantifier bound (`{1,6}`) nor a group count
 * (`SHORTEST 3 GROUPS`) as a parameter, so both are spelled from this table,
 * keyed by an integer the caller has validated; nothing else reaches the text.
 */
const SMALL_INTEGER: Readonly<Record<number, string>> = { 1: '1', 2: '2', 3: '3', 4: '4', 5: '5', 6: '6' };

function literal(value: number, what: string): string {
  const text = SMALL_INTEGER[value];
  if (text === undefined) throw new RangeError(`${what} must be an integer from 1 to 6, not ${value}.`);
  return text;
}

/**
 * Rows `{ entityIds, claimIds }`: the first `k` simple paths between two
 * entities over RELATED edges walked either way, shortest first, then by
 * claim ids hop by hop (Cypher orders lists element by element).
 *
 * `SHORTEST n GROUPS` is Neo4j's own shortest-path search: it returns every
 * path of the n shortest lengths. Taking n = min(k, maxHops) groups is enough,
 * since each group holds at least one path, and it holds all the ties, so the
 * final order does not depend on which tie the engine meets first.
 *
 * The no-repeated-entity test sits in the path pattern's own WHERE: Neo4j
 * applies it during the search (before groups are counted), so a length at
 * which only walks through a cycle exist does not use up a group.
 *
 * Edge filters are inlined into the expansion. Status, predicate and
 * visibility are on the edge; credibility and period are read from the
 * claim's citations and node through index lookups, so no copy of them on the
 * edge has to be kept in step with later writes. With `levels`, every entity
 * on the path, ends included, must be visible too.
 */
export function findPathsQuery(query: PathQuery): CypherQuery {
  const { cypher: body, params } = pathsMatch(query);
  return cypher(
    `${body}
RETURN [n IN nodes(p) | n.id] AS entityIds, claimIds`,
    params,
  );
}

/**
 * Rows `{ row }` (claimsAlongRows'), the head `{ paths }` first:
 * findPathsQuery's paths (as `{ entityIds, claimIds }` maps) and their hops'
 * claims, each once in the order the paths meet them, with what `include`
 * asks read along, in one statement.
 */
export function findPathsAlongQuery(query: PathQuery, include: EntityClaimIncludes): CypherQuery {
  const { cypher: body, params } = pathsMatch(query);
  return cypher(
    `${body}
WITH collect({entityIds: [n IN nodes(p) | n.id], claimIds: claimIds}) AS paths
CALL (paths) {
  UNWIND paths AS path
  UNWIND path.claimIds AS claimId
  WITH collect(DISTINCT claimId) AS ids
  UNWIND range(0, size(ids) - 1) AS i
  MATCH (c:Claim {id: ids[i]})
  WITH i, c ORDER BY i
  RETURN collect(c) AS page
}
${claimsAlongRows(include, null, { paths: 'paths' })}`,
    { ...params, shown: MAX_LIST_INDEX },
  );
}

/** The paths' MATCH, ordered and limited: rows `p, claimIds`. */
function pathsMatch(query: PathQuery): CypherQuery {
  const hops = literal(query.maxHops, 'maxHops');
  const groups = literal(Math.min(query.k, query.maxHops), 'the number of path groups');
  const levels = query.levels === undefined ? null : [...query.levels];
  // Records written before access control carry no level: they were public.
  const visible = (property: string): string => `coalesce(${property}, 'PUBLIC') IN $levels`;
  const conditions = ['r.status IN $statuses'];
  if (query.predicates !== undefined) conditions.push('r.predicate IN $predicates');
  if (levels !== null) conditions.push(visible('r.visibility'));
  if (query.minCredibility !== undefined) {
    // Only a citation the viewer may see can qualify a claim: a hidden one must not show through its grade.
    const citation = ['x.credibility <= $minCredibility', ...(levels === null ? [] : [visible('x.visibility')])];
    conditions.push(`EXISTS { MATCH (x:Citation {claimId: r.claimId}) WHERE ${citation.join(' AND ')} }`);
  }
  const earliest = query.during?.earliest ?? null;
  const latest = query.during?.latest ?? null;
  // As edtfBoundsOverlap: the claim's period may overlap unless it ends before `during` starts or starts after it ends.
  const period: string[] = [];
  if (earliest !== null) period.push('(c.periodLatest IS NULL OR c.periodLatest >= $earliest)');
  if (latest !== null) period.push('(c.periodEarliest IS NULL OR c.periodEarliest <= $latest)');
  if (period.length > 0) conditions.push(`EXISTS { MATCH (c:Claim {id: r.claimId}) WHERE ${period.join(' AND ')} }`);

  const edge = `[r:RELATED WHERE ${whereAll(conditions)}]`;
  const step = levels === null ? '(y)' : `(y WHERE ${visible('y.access')})`;
  const ends = levels === null ? '' : `\nWHERE ${visible('a.access')} AND ${visible('b.access')}`;
  // Neo4j rewrites a `{1,1}` quantifier into a plain pattern, which a path selector may not wrap; one hop needs no search.
  const match =
    query.maxHops === 1
      ? `MATCH p = (a)-${edge}-(b)
WHERE a <> b`
      : `MATCH p = SHORTEST ${groups} GROUPS ((a)(()-${edge}-${step}){1,${hops}}(b)
  WHERE NOT a IN y AND all(i IN range(0, size(y) - 2) WHERE NOT y[i] IN y[i + 1..]))`;

  return cypher(
    `
MATCH (a:Entity {id: $fromId}), (b:Entity {id: $toId})${ends}
${match}
WITH p, [hop IN relationships(p) | hop.claimId] AS claimIds
ORDER BY length(p), claimIds
LIMIT toInteger($k)`,
    {
      fromId: query.fromId,
      toId: query.toId,
      k: query.k,
      statuses: [...query.statuses],
      predicates: query.predicates === undefined ? null : [...query.predicates],
      minCredibility: query.minCredibility ?? null,
      earliest,
      latest,
      levels,
    },
  );
}
