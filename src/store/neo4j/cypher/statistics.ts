import { ClaimStatus, ENTITY_KINDS, EntityKind } from '../../../domain/model';
import type { StatisticsQuery } from '../../statistics';
import { CypherQuery, cypher, distinct, whereAll } from './query';

/**
 * Dashboard aggregates (src/store/statistics.ts has the rules) in one
 * statement, so one round trip, returning one row:
 *
 *   entitiesByKind  [{key, count}]               (only the kinds present)
 *   eventsByType    [{key, count}]               (key null for an untyped event)
 *   claimGroups     [{status, predicate, count}] (the adapter folds them by status and by predicate)
 *   facilities      [{facilityId, detainees, officials, claims}], ranked and limited
 *   claimsByYear    {years: [{year, certain, possible}] (only non-zero years), undated, total}
 *   eventsByYear    the same, for events
 *
 * With `levels`, only entities whose access and claims whose (derived)
 * visibility is among them count, as in every other read of a viewer.
 *
 * Every scan aggregates before it expands: dated records are first grouped by
 * (earliest year, latest year), then each group, not each record, is spread
 * over `range()`, whose length the window bounds (lo >= fromYear, hi <= toYear).
 */
export function statisticsQuery(query: StatisticsQuery): CypherQuery {
  const scoped = query.entityIds !== undefined;
  const filtered = query.levels !== undefined;
  const claims = claimMatch(scoped);
  const claimConditions = filtered ? [CLAIM_VISIBLE] : [];
  const liveClaimConditions = ['c.status <> $retracted', ...claimConditions];
  const facilities = entityMatch('f', scoped, '$facilityKind', filtered);
  const events = entityMatch('n', scoped, '$eventKind', filtered);

  const yearClaimConditions = [...liveClaimConditions];
  if (query.yearPredicates !== undefined) yearClaimConditions.push('c.predicate IN $yearPredicates');
  const yearEventConditions = [...events.conditions];
  if (query.yearEventTypes !== undefined) yearEventConditions.push('n.eventType IN $yearEventTypes');

  const text = `
CALL () {
  ${entitiesByKind(scoped, filtered)}
}
CALL () {
  ${events.match}
  WHERE ${whereAll(events.conditions)}
  WITH n.eventType AS key, count(*) AS num
  RETURN collect({key: key, count: num}) AS eventsByType
}
CALL () {
  ${claims}
  WHERE ${whereAll(claimConditions)}
  WITH c.status AS status, c.predicate AS predicate, count(*) AS num
  RETURN collect({status: status, predicate: predicate, count: num}) AS claimGroups
}
CALL () {
  ${facilities.match}
  WHERE ${whereAll(facilities.conditions)}
  CALL (f) {
    MATCH (c:Claim {objectId: f.id})
    WHERE ${whereAll(liveClaimConditions)}
    RETURN count(DISTINCT CASE WHEN c.predicate = $detainedAt THEN c.subjectId END) AS detainees,
           count(DISTINCT CASE WHEN c.predicate = $officialAt THEN c.subjectId END) AS officials,
           count(c) AS asObject
  }
  CALL (f) {
    MATCH (c:Claim {subjectId: f.id})
    WHERE ${whereAll([...liveClaimConditions, 'coalesce(c.objectId <> f.id, true)'])}
    RETURN count(c) AS asSubject
  }
  WITH f, detainees, officials, asObject + asSubject AS claims
  ORDER BY detainees DESC, f.id
  LIMIT toInteger($facilityLimit)
  RETURN collect({facilityId: f.id, detainees: detainees, officials: officials, claims: claims}) AS facilities
}
CALL () {
  ${claims}
  WHERE ${whereAll(yearClaimConditions)}
  WITH c.periodEdtf IS NOT NULL AS dated,
       toInteger(left(c.periodEarliest, 4)) AS ey,
       toInteger(left(c.periodLatest, 4)) AS ly
  ${yearSeries('claimsByYear')}
}
CALL () {
  ${events.match}
  WHERE ${whereAll(yearEventConditions)}
  WITH n.dateEdtf IS NOT NULL AS dated,
       toInteger(left(n.dateEarliest, 4)) AS ey,
       toInteger(left(n.dateLatest, 4)) AS ly
  ${yearSeries('eventsByYear')}
}
RETURN entitiesByKind, eventsByType, claimGroups, facilities, claimsByYear, eventsByYear`;

  return cypher(text, {
    entityIds: scoped ? distinct(query.entityIds ?? []) : null,
    levels: filtered ? [...(query.levels ?? [])] : null,
    kinds: [...ENTITY_KINDS],
    facilityKind: EntityKind.FACILITY,
    eventKind: EntityKind.EVENT,
    retracted: ClaimStatus.RETRACTED,
    detainedAt: 'DETAINED_AT',
    officialAt: 'OFFICIAL_AT',
    facilityLimit: query.facilityLimit,
    fromYear: query.fromYear,
    toYear: query.toYear,
    openEndYear: query.openEndYear,
    yearPredicates: query.yearPredicates === undefined ? null : distinct(query.yearPredicates),
    yearEventTypes: query.yearEventTypes === undefined ? null : distinct(query.yearEventTypes),
  });
}

/** Nodes written before access levels existed have no level property: they are public. */
const entityVisible = (variable: string): string => `coalesce(${variable}.access, 'PUBLIC') IN $levels`;
const CLAIM_VISIBLE = "coalesce(c.visibility, 'PUBLIC') IN $levels";
/** A merged entity counts as part of its survivor, which holds its claims: not on its own. */
const NOT_MERGED = (variable: string): string => `${variable}.mergedInto IS NULL`;

/**
 * Counting the whole graph seeks the kind index once per kind rather than
 * reading every entity's properties; a scope is a short list of ids.
 */
function entitiesByKind(scoped: boolean, filtered: boolean): string {
  const where = whereAll([NOT_MERGED('n'), ...(filtered ? [entityVisible('n')] : [])]);
  return scoped
    ? `UNWIND $entityIds AS id
  MATCH (n:Entity {id: id})
  WITH DISTINCT n
  WHERE ${where}
  WITH n.kind AS key, count(*) AS num
  RETURN collect({key: key, count: num}) AS entitiesByKind`
    : `UNWIND $kinds AS key
  CALL (key) {
    MATCH (n:Entity {kind: key})
    WHERE ${where}
    RETURN count(n) AS num
  }
  WITH key, num WHERE num > 0
  RETURN collect({key: key, count: num}) AS entitiesByKind`;
}

/** Entities of one kind (`kindParam`) bound to `variable`, in the scope when there is one, visible when filtered. */
function entityMatch(
  variable: string,
  scoped: boolean,
  kindParam: string,
  filtered: boolean,
): { match: string; conditions: string[] } {
  const visible = [NOT_MERGED(variable), ...(filtered ? [entityVisible(variable)] : [])];
  return scoped
    ? {
        match: `UNWIND $entityIds AS id
  MATCH (${variable}:Entity {id: id})
  WITH DISTINCT ${variable}`,
        conditions: [`${variable}.kind = ${kindParam}`, ...visible],
      }
    : { match: `MATCH (${variable}:Entity {kind: ${kindParam}})`, conditions: visible };
}

/**
 * Claims bound to `c`: every claim, or those with a scoped entity on either
 * side, each once (a claim between two scoped entities is found twice).
 * Either form may be followed by a WHERE.
 */
function claimMatch(scoped: boolean): string {
  return scoped
    ? `UNWIND $entityIds AS id
  CALL (id) {
    MATCH (c:Claim {subjectId: id}) RETURN c
    UNION
    MATCH (c:Claim {objectId: id}) RETURN c
  }
  WITH DISTINCT c`
    : 'MATCH (c:Claim)';
}

/**
 * Continues rows `{dated, ey, ly}` (a record's date and the years of its
 * bounds) into one row `{column: {years, undated, total}}`; `records` is what
 * a row counts for (rows of maintained counts say so in a column).
 */
export function yearSeries(column: string, records = 'count(*)'): string {
  return `WITH dated, ey, ly, ${records} AS records
  WITH collect({dated: dated, ey: ey, ly: ly, n: records}) AS groups
  CALL (groups) {
    UNWIND groups AS g
    WITH g WHERE g.dated
    WITH g.n AS n,
         coalesce(g.ey = g.ly, false) AS certain,
         CASE WHEN g.ey IS NULL OR g.ey < toInteger($fromYear) THEN toInteger($fromYear) ELSE g.ey END AS lo,
         CASE WHEN coalesce(g.ly, toInteger($openEndYear)) > toInteger($toYear) THEN toInteger($toYear)
              ELSE coalesce(g.ly, toInteger($openEndYear)) END AS hi
    UNWIND range(lo, hi) AS year
    WITH year,
         sum(CASE WHEN certain THEN n ELSE 0 END) AS certainCount,
         sum(CASE WHEN certain THEN 0 ELSE n END) AS possibleCount
    RETURN collect({year: year, certain: certainCount, possible: possibleCount}) AS years
  }
  RETURN {
    years: years,
    undated: reduce(s = 0, g IN groups | s + CASE WHEN g.dated THEN 0 ELSE g.n END),
    total: reduce(s = 0, g IN groups | s + g.n)
  } AS ${column}`;
}
