import type { CypherQuery } from '../../src/store/neo4j/cypher/query';
import { cypher } from '../../src/store/neo4j/cypher/query';

/**
 * The raw reference of the Athar-vs-raw benchmark: for each canonical
 * question, the one Cypher statement a developer would write by hand for the
 * public viewer's answer (public records only, a protected person under their
 * pseudonym), returning the fields the GraphQL query asks for. It does not
 * redact names inside texts, which Athar does: the reference is a floor.
 */

/** A public claim or citation: its own level and, for claims, its access. */
const PUBLIC_CLAIM = "c.visibility = 'PUBLIC' AND c.access = 'PUBLIC'";

/** A citation as the claims-with-citations questions show it. */
const CITATIONS = `[(x:Citation)-[:SUPPORTS]->(c) WHERE x.visibility = 'PUBLIC' | x {
    .locator,
    excerpt: CASE WHEN x.excerptLevel = 'PUBLIC' THEN x.excerpt END,
    source: [(x)-[:CITES]->(s:Source) WHERE s.access = 'PUBLIC' | s {.title}][0]
  }]`;

const NAME = 'CASE WHEN e.protection IS NULL THEN e.name ELSE e.pseudonym END';

/** A page of an entity's public claims (either side), with or without their citations. */
function entityClaims(entityId: string, first: number, withCitations: boolean): CypherQuery {
  const node = withCitations
    ? `c {.id, .predicate, period: CASE WHEN c.periodEdtf IS NULL THEN null ELSE {edtf: c.periodEdtf} END, citations: ${CITATIONS}}`
    : `c {.id, .predicate, .status, period: CASE WHEN c.periodEdtf IS NULL THEN null ELSE {edtf: c.periodEdtf} END}`;
  return cypher(
    `
MATCH (e:Entity {id: $id}) WHERE e.access = 'PUBLIC'
CALL (e) {
  CALL (e) {
    MATCH (c:Claim) WHERE c.subjectId = e.id RETURN c
    UNION
    MATCH (c:Claim) WHERE c.objectId = e.id RETURN c
  }
  WITH c WHERE ${PUBLIC_CLAIM}
  WITH c ORDER BY c.id
  WITH collect(c) AS cs
  RETURN size(cs) AS totalCount, cs[0..$first] AS page
}
RETURN ${NAME} AS name, totalCount, [c IN page | ${node}] AS claims`,
    { id: entityId, first },
  );
}

export const rawQuestions = {
  personClaims: (id: string) => entityClaims(id, 100, true),
  hubFirstClaims: (id: string) => entityClaims(id, 100, false),
  detainees: (id: string) =>
    cypher(
      `
MATCH (f:Entity {id: $id}) WHERE f.access = 'PUBLIC'
OPTIONAL CALL (f) {
  MATCH (c:Claim) WHERE c.objectId = f.id AND c.predicate = 'DETAINED_AT' AND ${PUBLIC_CLAIM}
  MATCH (e:Entity {id: c.subjectId}) WHERE e.access = 'PUBLIC'
  WITH c, e ORDER BY c.id
  RETURN collect({
    entity: {name: ${NAME}},
    claim: {period: CASE WHEN c.periodEdtf IS NULL THEN null ELSE {edtf: c.periodEdtf} END, citations: ${CITATIONS}}
  }) AS detainees
}
RETURN f.name AS name, detainees`,
      { id },
    ),
  trace: (claimId: string) =>
    cypher(
      `
MATCH (c:Claim {id: $id}) WHERE ${PUBLIC_CLAIM}
RETURN c.valueText AS text, [(x:Citation)-[:SUPPORTS]->(c) WHERE x.visibility = 'PUBLIC' | {
  citation: x {
    .locator,
    excerpt: CASE WHEN x.excerptLevel = 'PUBLIC' THEN x.excerpt END,
    grading: x.reliability + toString(x.credibility),
    source: [(x)-[:CITES]->(s:Source) | s {.title}][0],
    via: [(x)-[:READ_IN]->(v:Source) | v {.title, .contentHash}][0]
  },
  origins: COLLECT {
    MATCH (x)-[:CITES]->(:Source)-[:DERIVED_FROM]->*(o:Source)
    WHERE NOT (o)-[:DERIVED_FROM]->() AND o.access = 'PUBLIC'
    RETURN DISTINCT o {.publisher}
  }
}] AS citations`,
      { id: claimId },
    ),
  connections: (fromId: string, toId: string) =>
    cypher(
      `
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE a.access = 'PUBLIC' AND b.access = 'PUBLIC'
MATCH p = SHORTEST 3 GROUPS ((a)(()-[r:RELATED WHERE r.status IN ['ASSERTED', 'DISPUTED'] AND r.visibility = 'PUBLIC']-(y WHERE y.access = 'PUBLIC')){1,4}(b)
  WHERE NOT a IN y AND all(i IN range(0, size(y) - 2) WHERE NOT y[i] IN y[i + 1..]))
WITH p, [hop IN relationships(p) | hop.claimId] AS claimIds
ORDER BY length(p), claimIds
LIMIT 3
CALL (p, claimIds) {
  UNWIND range(0, length(p) - 1) AS i
  MATCH (c:Claim {id: claimIds[i]})
  WITH i, c ORDER BY i
  RETURN collect({from: nodes(p)[i].name, to: nodes(p)[i + 1].name, claim: c {
    .id, .predicate,
    period: CASE WHEN c.periodEdtf IS NULL THEN null ELSE {edtf: c.periodEdtf} END,
    citations: [(x:Citation)-[:SUPPORTS]->(c) WHERE x.visibility = 'PUBLIC' | x {
      .locator, .credibility,
      excerpt: CASE WHEN x.excerptLevel = 'PUBLIC' THEN x.excerpt END,
      source: [(x)-[:CITES]->(s:Source) | s {.title}][0]
    }]
  }}) AS hops
}
RETURN length(p) AS length, hops`,
      { from: fromId, to: toId },
    ),
  dashboard: () =>
    cypher(`
CALL () { MATCH (e:Entity) WHERE e.access = 'PUBLIC' AND e.mergedInto IS NULL
  WITH e.kind AS kind, count(*) AS count RETURN collect({kind: kind, count: count}) AS entitiesByKind }
CALL () { MATCH (c:Claim) WHERE c.visibility = 'PUBLIC' AND c.access = 'PUBLIC'
  WITH c.status AS status, count(*) AS count RETURN collect({status: status, count: count}) AS claimsByStatus }
CALL () { MATCH (c:Claim) WHERE c.visibility = 'PUBLIC' AND c.access = 'PUBLIC' AND c.status <> 'RETRACTED'
  WITH c.predicate AS predicate, count(*) AS count ORDER BY count DESC
  RETURN collect({predicate: predicate, count: count}) AS claimsByPredicate }
CALL () { MATCH (c:Claim) WHERE c.predicate IN ['DETAINED_AT', 'OFFICIAL_AT'] AND c.visibility = 'PUBLIC'
  AND c.access = 'PUBLIC' AND c.status <> 'RETRACTED'
  WITH c.objectId AS id, sum(CASE WHEN c.predicate = 'DETAINED_AT' THEN 1 ELSE 0 END) AS detainees,
    sum(CASE WHEN c.predicate = 'OFFICIAL_AT' THEN 1 ELSE 0 END) AS officials
  ORDER BY detainees DESC LIMIT 10
  RETURN collect({id: id, detainees: detainees, officials: officials}) AS facilities }
CALL () { MATCH (c:Claim) WHERE c.visibility = 'PUBLIC' AND c.access = 'PUBLIC' AND c.status <> 'RETRACTED'
  WITH c, toInteger(left(c.periodEarliest, 4)) AS y0, toInteger(left(c.periodLatest, 4)) AS y1
  WITH CASE WHEN y0 IS NULL AND y1 IS NULL THEN 'undated' WHEN y0 = y1 THEN toString(y0) ELSE 'span' END AS key,
    count(*) AS count
  RETURN collect({key: key, count: count}) AS claimsByYear }
RETURN entitiesByKind, claimsByStatus, claimsByPredicate, facilities, claimsByYear`),
} as const;
