import { ClaimStatus, ENTITY_KINDS, EntityKind } from '../../../domain/model';
import type { StatisticsQuery } from '../../statistics';
import { CypherQuery, cypher, distinct } from './query';
import { yearSeries } from './statistics';

/*
 * The dashboard's maintained counts (src/store/neo4j/neo4j.stat-deltas.ts says
 * what they count):
 *
 *   (:Stat {key, dim, level, count, ...the dimension's keys})
 *   (:FacilityStat {facilityId, claims: [per level], detainees: [per levels mask - 1], officials: [...]})
 *   (:StatMeta {id: 'statistics', version})   present once the counts are complete
 *
 * Every write's delta is applied by one statement in its transaction, as
 * increments computed in Cypher (`s.count + d.delta`), never as values a
 * process read before; and every write holds the audit head's lock, so no two
 * apply at once.
 */

/** Bumped when what the counts hold changes: init rebuilds counts of another version. */
export const STAT_VERSION = 2;
export const STAT_META_ID = 'statistics';

const LEVELS = 3;
const MASKS = (1 << LEVELS) - 1;
const zeros = (n: number) => `[${new Array<string>(n).fill('0').join(', ')}]`;

/** Whether a list `counts` (one per level) has a count in the levels of mask `m`: 1 or 0. */
const present = (counts: string, m: string) =>
  `CASE WHEN any(i IN range(0, ${LEVELS - 1}) WHERE (${m} / [1, 2, 4][i]) % 2 = 1 AND ${counts}[i] > 0) THEN 1 ELSE 0 END`;

/**
 * Binds `f` (a facility) and `d` (its delta) for each entity of the delta that
 * is a facility. Most entities a large write touches are people: past a few
 * hundred, reading the facilities (by the kind index) and looking each up in
 * the delta beats looking up every entity.
 */
const MANY_ENTITIES = 200;

function facilityClaimsMatch(many: boolean): string {
  return many
    ? `MATCH (f:Entity {kind: $facilityKind})
  WITH f, $facilityClaimsById[f.id] AS d
  WHERE d IS NOT NULL`
    : `UNWIND $facilityClaims AS d
  MATCH (f:Entity {id: d.key})
  WHERE f.kind = $facilityKind`;
}

export interface StatDeltaParams {
  stats: { key: string; props: Record<string, unknown>; delta: number }[];
  facilityClaims: { key: string; delta: number[] }[];
  pairs: { key: string; facilityId: string; predicate: string; subjectId: string; delta: number[] }[];
}

/** Applies one write's delta to the counts: one statement, increments only. */
export function applyStatDeltasQuery(deltas: StatDeltaParams): CypherQuery {
  const many = deltas.facilityClaims.length > MANY_ENTITIES;
  return cypher(
    `
CALL () {
  UNWIND $stats AS d
  MERGE (s:Stat {key: d.key})
  ON CREATE SET s += d.props, s.count = 0
  SET s.count = s.count + toInteger(d.delta)
}
CALL () {
  ${facilityClaimsMatch(many)}
  MERGE (s:FacilityStat {facilityId: f.id})
  ON CREATE SET s.claims = ${zeros(LEVELS)}, s.detainees = ${zeros(MASKS)}, s.officials = ${zeros(MASKS)}
  SET s.claims = [i IN range(0, ${LEVELS - 1}) | s.claims[i] + toInteger(d.delta[i])]
}
CALL () {
  UNWIND $pairs AS d
  MATCH (f:Entity {id: d.facilityId})
  WHERE f.kind = $facilityKind
  OPTIONAL MATCH (:Entity {id: d.subjectId})-[r:RELATED]->(f)
  WHERE r.predicate = d.predicate AND r.status <> $retracted
  // No edge: r is null, and collect() leaves the null out.
  WITH f, d, collect(CASE WHEN r IS NULL THEN null ELSE coalesce(r.visibility, 'PUBLIC') END) AS visibilities
  WITH f, d, [i IN range(0, ${LEVELS - 1}) | size([v IN visibilities WHERE v = $levelNames[i]])] AS now
  WITH f, d, now, [i IN range(0, ${LEVELS - 1}) | now[i] - toInteger(d.delta[i])] AS old
  WITH f, d.predicate AS predicate,
       [m IN range(1, ${MASKS}) | ${present('now', 'm')} - ${present('old', 'm')}] AS moved
  WITH f, predicate, collect(moved) AS moves
  WITH f, predicate,
       reduce(t = ${zeros(MASKS)}, x IN moves | [i IN range(0, ${MASKS - 1}) | t[i] + x[i]]) AS moved
  MERGE (s:FacilityStat {facilityId: f.id})
  ON CREATE SET s.claims = ${zeros(LEVELS)}, s.detainees = ${zeros(MASKS)}, s.officials = ${zeros(MASKS)}
  SET s.detainees = CASE WHEN predicate = $detainedAt
                      THEN [i IN range(0, ${MASKS - 1}) | s.detainees[i] + moved[i]] ELSE s.detainees END,
      s.officials = CASE WHEN predicate = $officialAt
                      THEN [i IN range(0, ${MASKS - 1}) | s.officials[i] + moved[i]] ELSE s.officials END
}
RETURN true AS applied`,
    {
      stats: deltas.stats,
      // One form or the other, as facilityClaimsMatch reads it.
      facilityClaims: many ? [] : deltas.facilityClaims,
      facilityClaimsById: many ? Object.fromEntries(deltas.facilityClaims.map((d) => [d.key, d])) : {},
      pairs: deltas.pairs,
      facilityKind: EntityKind.FACILITY,
      retracted: ClaimStatus.RETRACTED,
      levelNames: ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL'],
      detainedAt: 'DETAINED_AT',
      officialAt: 'OFFICIAL_AT',
    },
  );
}

/**
 * Drops the facility counts of entities whose kind changed to or from
 * FACILITY; the caller then re-applies their claims' contributions.
 */
export function dropFacilityStatsQuery(entityIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (s:FacilityStat {facilityId: id}) DELETE s
}
RETURN count(*) AS dropped`,
    { ids: distinct(entityIds) },
  );
}

/** Whether the counts are complete, and of which version. */
export function statMetaQuery(): CypherQuery {
  return cypher(`OPTIONAL MATCH (m:StatMeta {id: $id}) RETURN m.version AS version`, { id: STAT_META_ID });
}

/** Removes every count (before a rebuild), in the caller's transaction. */
export function clearStatsQuery(): CypherQuery {
  return cypher(
    `
CALL () { MATCH (s:Stat) DELETE s }
CALL () { MATCH (s:FacilityStat) DELETE s }
CALL () { MATCH (m:StatMeta {id: $id}) DELETE m }
RETURN true AS cleared`,
    { id: STAT_META_ID },
  );
}

export function markStatsQuery(): CypherQuery {
  return cypher(`MERGE (m:StatMeta {id: $id}) SET m.version = toInteger($version) RETURN m.version AS version`, {
    id: STAT_META_ID,
    version: STAT_VERSION,
  });
}

/** A page of entities or claims by id, for a rebuild: rows `{ props }`. */
export function statSourcePageQuery(label: 'Entity' | 'Claim', after: string | null, limit: number): CypherQuery {
  return cypher(
    `
MATCH (n:${label})
WHERE $after IS NULL OR n.id > $after
WITH n ORDER BY n.id LIMIT toInteger($limit)
RETURN properties(n) AS props`,
    { after, limit },
  );
}

/**
 * The whole-graph dashboard from the counts, in the row shape of
 * statisticsQuery (so toStatistics reads both): a read of the count nodes
 * and of the facilities, whatever the number of claims.
 */
export function statisticsFromCountsQuery(query: StatisticsQuery, mask: number): CypherQuery {
  const filtered = query.levels !== undefined;
  const levels = filtered ? [...(query.levels ?? [])] : ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL'];
  const levelIndexes = ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL'].flatMap((l, i) => (levels.includes(l) ? [i] : []));
  // A merged facility's claims are its survivor's: it is not listed (as the scan of cypher/statistics.ts).
  const facilityVisible = filtered
    ? "f.mergedInto IS NULL AND coalesce(f.access, 'PUBLIC') IN $levels"
    : 'f.mergedInto IS NULL';
  const text = `
CALL () {
  MATCH (s:Stat {dim: 'entity'})
  WHERE s.level IN $levels
  WITH s.kind AS key, sum(s.count) AS num
  WHERE num > 0
  RETURN collect({key: key, count: num}) AS entitiesByKind
}
CALL () {
  MATCH (s:Stat {dim: 'event'})
  WHERE s.level IN $levels
  WITH s.eventType AS key, sum(s.count) AS num
  WHERE num > 0
  RETURN collect({key: key, count: num}) AS eventsByType
}
CALL () {
  MATCH (s:Stat {dim: 'claim'})
  WHERE s.level IN $levels
  WITH s.status AS status, s.predicate AS predicate, sum(s.count) AS num
  WHERE num > 0
  RETURN collect({status: status, predicate: predicate, count: num}) AS claimGroups
}
CALL () {
  MATCH (f:Entity {kind: $facilityKind})
  WHERE ${facilityVisible}
  OPTIONAL MATCH (s:FacilityStat {facilityId: f.id})
  WITH f,
       CASE WHEN $mask = 0 OR s IS NULL THEN 0 ELSE s.detainees[toInteger($mask) - 1] END AS detainees,
       CASE WHEN $mask = 0 OR s IS NULL THEN 0 ELSE s.officials[toInteger($mask) - 1] END AS officials,
       CASE WHEN s IS NULL THEN 0 ELSE reduce(t = 0, i IN $levelIndexes | t + s.claims[toInteger(i)]) END AS claims
  ORDER BY detainees DESC, f.id
  LIMIT toInteger($facilityLimit)
  RETURN collect({facilityId: f.id, detainees: detainees, officials: officials, claims: claims}) AS facilities
}
CALL () {
  MATCH (s:Stat {dim: 'claimYear'})
  WHERE s.level IN $levels AND ($yearPredicates IS NULL OR s.predicate IN $yearPredicates)
  WITH s.dated AS dated, s.ey AS ey, s.ly AS ly, s.count AS n
  ${yearSeries('claimsByYear', 'sum(n)')}
}
CALL () {
  MATCH (s:Stat {dim: 'eventYear'})
  WHERE s.level IN $levels AND ($yearEventTypes IS NULL OR s.eventType IN $yearEventTypes)
  WITH s.dated AS dated, s.ey AS ey, s.ly AS ly, s.count AS n
  ${yearSeries('eventsByYear', 'sum(n)')}
}
RETURN entitiesByKind, eventsByType, claimGroups, facilities, claimsByYear, eventsByYear`;
  return cypher(text, {
    levels,
    levelIndexes,
    mask,
    kinds: [...ENTITY_KINDS],
    facilityKind: EntityKind.FACILITY,
    retracted: ClaimStatus.RETRACTED,
    facilityLimit: query.facilityLimit,
    fromYear: query.fromYear,
    toYear: query.toYear,
    openEndYear: query.openEndYear,
    yearPredicates: query.yearPredicates === undefined ? null : distinct(query.yearPredicates),
    yearEventTypes: query.yearEventTypes === undefined ? null : distinct(query.yearEventTypes),
  });
}

/** Rows `{ props }`: every claim with one of these entities as subject or object, once. */
export function claimsTouchingQuery(entityIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (c:Claim {subjectId: id}) RETURN c
  UNION
  MATCH (c:Claim {objectId: id}) RETURN c
}
WITH DISTINCT c
RETURN properties(c) AS props`,
    { ids: distinct(entityIds) },
  );
}
