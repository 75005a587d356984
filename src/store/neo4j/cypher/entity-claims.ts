import { ClaimRole } from '../../store.port';
import type { KeysetPage } from './list';
import { CypherQuery, cypher, distinct, whereAll } from './query';
import { CITATION_COLUMNS, CLAIM_COLUMNS, ENTITY_COLUMNS, SOURCE_COLUMNS, columnsOf } from './columns';

/** A source as a row: its SOURCE_COLUMNS, then the ids of the sources it derives from. */
const SOURCE_ROW = `${columnsOf('n', SOURCE_COLUMNS)} + [COLLECT { MATCH (n)-[:DERIVED_FROM]->(t:Source) RETURN t.id ORDER BY t.id }]`;

/** List indexes are 32-bit in Cypher: a slice to here takes the whole list. */
export const MAX_LIST_INDEX = 2 ** 31 - 1;

export interface EntityClaimConditions {
  /** The entity's role; null: either. */
  role: ClaimRole | null;
  predicates: readonly string[] | null;
  statuses: readonly string[] | null;
  /** Levels a claim's visibility and access must both be among; null: no filter. */
  levels: readonly string[] | null;
}

/**
 * The claims of an entity `id` in a role, as a constant MATCH per role: each
 * is an index seek on the claim's subjectId or objectId, so an entity costs
 * the claims it has, never a scan.
 */
function roleMatches(role: ClaimRole | null): string[] {
  const subject = 'MATCH (n:Claim) WHERE n.subjectId = id RETURN n';
  const object = 'MATCH (n:Claim) WHERE n.objectId = id RETURN n';
  if (role === ClaimRole.SUBJECT) return [subject];
  if (role === ClaimRole.OBJECT) return [object];
  return [subject, object];
}

export interface EntityClaimIncludes {
  citations: boolean;
  sources: boolean;
  entities: boolean;
  /** With sources: the sources they derive from too, however far up. */
  lineage?: boolean;
}

/**
 * Rows `{ id, row }` (claimsAlongRows'), grouped by distinct entity id, the
 * head `{ total, owner }` first (`owner`: the entity's row of columns, null
 * when there is none): a keyset page of the entity's claims that pass the
 * filter, ordered by id, and how many pass, in one statement for every
 * entity of a request level. Per entity, only the filter's properties of its
 * claims are read to count and order them; whole claims are read for the
 * `first + 1` of the page alone (one more tells the caller there is a next
 * page), with their citations, sources and entities when asked for.
 */
export function listClaimsOfEntitiesQuery(
  entityIds: readonly string[],
  filter: EntityClaimConditions,
  page: KeysetPage,
  include: EntityClaimIncludes = { citations: false, sources: false, entities: false },
): CypherQuery {
  const conditions: string[] = [];
  if (filter.predicates !== null) conditions.push('n.predicate IN $predicates');
  if (filter.statuses !== null) conditions.push('n.status IN $statuses');
  if (filter.levels !== null) {
    conditions.push("coalesce(n.visibility, 'PUBLIC') IN $levels", "coalesce(n.access, 'PUBLIC') IN $levels");
  }
  // UNION also drops the claim met twice (never, as no claim relates an entity to itself, but cheaply sure).
  const matches = roleMatches(filter.role).join('\n    UNION\n    ');
  const owner = `CASE WHEN owner IS NULL THEN null ELSE ${columnsOf('owner', ENTITY_COLUMNS)} END`;
  const along = claimsAlongRows(include, 'id', { total: 'total', owner });
  return cypher(
    `
UNWIND $ids AS id
OPTIONAL MATCH (owner:Entity {id: id})
CALL (id) {
  CALL (id) {
    ${matches}
  }
  WITH n
  WHERE ${whereAll(conditions)}
  WITH n.id AS claimId, n
  ORDER BY claimId
  WITH collect(n) AS passing, collect(claimId) AS ids
  WITH size(ids) AS total, passing, CASE WHEN $after IS NULL THEN 0
    ELSE size([x IN ids WHERE x <= $after]) END AS start
  RETURN total, passing[start..][..toInteger($limit)] AS page
}
${along}`,
    {
      ids: distinct(entityIds),
      predicates: filter.predicates,
      statuses: filter.statuses,
      levels: filter.levels,
      after: page.after,
      // List indexes are 32-bit in Cypher; a page that large means every claim.
      limit: Math.min(Math.max(0, Math.floor(page.first)) + 1, MAX_LIST_INDEX),
      // The page proper, without the one more read to tell whether another follows.
      shown: Math.min(Math.max(0, Math.floor(page.first)), MAX_LIST_INDEX),
    },
  );
}

/**
 * Records per result row: a row stays within a Bolt chunk (64 KiB), which
 * the driver decodes several times faster than a record spread over many
 * chunks (byte by byte), and a small page still comes in a few rows.
 */
const ROW_BATCH = 40;

/**
 * The rows for the claims in `page` (a list of nodes), a few of bounded size
 * rather than one as large as the page: `key` (when given) and `row`, one of
 * `{ head }` (a map of `head`'s expressions; first, and always there),
 * `{ items }` (up to ROW_BATCH claims, each `{ claim, citations }`, citations
 * ordered by id, null unless asked for), `{ sources }` and `{ entities }`
 * (those of the first `$shown` claims, when asked for). Records come as rows
 * of their columns (./columns.ts); a source's row ends with the ids it
 * derives from.
 */
export function claimsAlongRows(
  include: EntityClaimIncludes,
  key: string | null,
  head: Readonly<Record<string, string>>,
): string {
  const keyed = key === null ? '' : `${key}, `;
  const headMap = `{${Object.entries(head)
    .map(([name, expression]) => `${name}: ${expression}`)
    .join(', ')}}`;
  const citations = include.citations
    ? `COLLECT { MATCH (x:Citation)-[:SUPPORTS]->(c) WITH x ORDER BY x.id RETURN ${columnsOf('x', CITATION_COLUMNS)} }`
    : 'null';
  const withSources = include.citations && include.sources;
  // Each set is gathered with collect(DISTINCT ...) in a subquery of its own: a DISTINCT clause beside
  // `page` keys its rows by page too, which holds every claim of the page once per row.
  const gathered = [
    withSources
      ? `CALL (page) {
  UNWIND page[..toInteger($shown)] AS c
  MATCH (c)<-[:SUPPORTS]-(:Citation)-[:CITES|READ_IN]->${include.lineage === true ? '(:Source)-[:DERIVED_FROM]->*' : ''}(n:Source)
  RETURN collect(DISTINCT n) AS sourceNodes
}`
      : '',
    include.entities
      ? `CALL (page) {
  UNWIND page[..toInteger($shown)] AS c
  UNWIND [c.subjectId, c.objectId] AS entityId
  WITH entityId WHERE entityId IS NOT NULL
  WITH collect(DISTINCT entityId) AS entityIds
  UNWIND entityIds AS entityId
  MATCH (e:Entity {id: entityId})
  RETURN collect(e) AS entityNodes
}`
      : '',
  ].filter((clause) => clause !== '');
  return `${gathered.join('\n')}
WITH ${keyed}${headMap} AS head,
  [c IN page | {claim: ${columnsOf('c', CLAIM_COLUMNS)}, citations: ${citations}}] AS items,
  ${withSources ? `[n IN sourceNodes | ${SOURCE_ROW}]` : '[]'} AS sources,
  ${include.entities ? `[e IN entityNodes | ${columnsOf('e', ENTITY_COLUMNS)}]` : '[]'} AS entities
UNWIND [{head: head}]
  + [i IN range(0, size(items) - 1, ${ROW_BATCH}) | {items: items[i..i + ${ROW_BATCH}]}]
  + [i IN range(0, size(sources) - 1, ${ROW_BATCH}) | {sources: sources[i..i + ${ROW_BATCH}]}]
  + [i IN range(0, size(entities) - 1, ${ROW_BATCH}) | {entities: entities[i..i + ${ROW_BATCH}]}] AS row
RETURN ${keyed}row`;
}

/**
 * Rows `{ row }` (claimsAlongRows', with an empty head): the claims that
 * exist among `claimIds`, in that order, with what is asked read along, in
 * one statement.
 */
export function getClaimsAlongQuery(claimIds: readonly string[], include: EntityClaimIncludes): CypherQuery {
  const ids = distinct(claimIds);
  return cypher(
    `
CALL () {
  UNWIND range(0, size($ids) - 1) AS i
  MATCH (c:Claim {id: $ids[i]})
  WITH i, c ORDER BY i
  RETURN collect(c) AS page
}
${claimsAlongRows(include, null, {})}`,
    { ids, shown: ids.length },
  );
}

/**
 * Rows `{ source }` (a source row, as in listClaimsOfEntitiesQuery): the sources named and every
 * source they derive from, each once, in one statement.
 */
export function sourceLineageQuery(sourceIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (:Source {id: id})-[:DERIVED_FROM]->*(n:Source)
WITH DISTINCT n
RETURN ${SOURCE_ROW} AS source`,
    { ids: distinct(sourceIds) },
  );
}
