import { AccessLevel, ClaimStatus, Credibility } from '../../../domain/model';
import type { PathQuery } from '../../store.port';
import { findPathsQuery } from './paths';

const HOSTILE = `x'}) DETACH DELETE n //"\`; MATCH (m) DETACH DELETE m`;

function query(overrides: Partial<PathQuery> = {}): PathQuery {
  return {
    fromId: 'per_a',
    toId: 'per_b',
    maxHops: 4,
    k: 3,
    statuses: [ClaimStatus.ASSERTED, ClaimStatus.DISPUTED],
    ...overrides,
  };
}

describe('findPathsQuery', () => {
  it('keeps every input out of the statement text and in its params', () => {
    const q = findPathsQuery(
      query({
        fromId: HOSTILE,
        toId: HOSTILE,
        predicates: [HOSTILE],
        statuses: [HOSTILE as ClaimStatus],
        minCredibility: 2,
        during: { earliest: HOSTILE, latest: HOSTILE },
        levels: [HOSTILE as AccessLevel],
      }),
    );
    expect(q.cypher).not.toContain('DETACH DELETE');
    expect(q.params).toEqual({
      fromId: HOSTILE,
      toId: HOSTILE,
      k: 3,
      statuses: [HOSTILE],
      predicates: [HOSTILE],
      minCredibility: 2,
      earliest: HOSTILE,
      latest: HOSTILE,
      levels: [HOSTILE],
    });
  });

  it("uses Neo4j's shortest-path search with literal bounds from the table, and orders ties by claim ids", () => {
    const q = findPathsQuery(query({ maxHops: 5, k: 10 }));
    expect(q.cypher).toContain('SHORTEST 5 GROUPS');
    expect(q.cypher).toContain('{1,5}(b)');
    expect(q.cypher).toContain('ORDER BY length(p), claimIds');
    expect(q.cypher).toContain('LIMIT toInteger($k)');
    // Fewer groups than hops when k is small: each group holds at least one path.
    expect(findPathsQuery(query({ maxHops: 6, k: 2 })).cypher).toContain('SHORTEST 2 GROUPS');
    // Simple paths: the test sits in the path pattern, so the search applies it before counting groups.
    expect(q.cypher).toMatch(
      /WHERE NOT a IN y AND all\(i IN range\(0, size\(y\) - 2\) WHERE NOT y\[i\] IN y\[i \+ 1\.\.\]\)\)/,
    );
  });

  it('matches one hop directly, since Neo4j will not put a selector on a {1,1} pattern', () => {
    const q = findPathsQuery(query({ maxHops: 1 }));
    expect(q.cypher).not.toContain('SHORTEST');
    expect(q.cypher).toContain('MATCH p = (a)-[r:RELATED WHERE (r.status IN $statuses)]-(b)\nWHERE a <> b');
    expect(q.cypher).toContain('ORDER BY length(p), claimIds');
  });

  it.each([0, 7, 2.5, Number.NaN])('refuses maxHops %p, which has no literal', (maxHops) => {
    expect(() => findPathsQuery(query({ maxHops }))).toThrow(RangeError);
  });

  it('filters on the edge for status and predicates, and only asks what a given filter needs', () => {
    const plain = findPathsQuery(query());
    expect(plain.cypher).toContain('r.status IN $statuses');
    expect(plain.cypher).not.toContain('$predicates');
    expect(plain.cypher).not.toContain('EXISTS');
    expect(plain.params.predicates).toBeNull();
    expect(plain.params.levels).toBeNull();
    expect(plain.cypher).not.toContain('$levels');

    expect(findPathsQuery(query({ predicates: [] })).cypher).toContain('r.predicate IN $predicates');

    const credible = findPathsQuery(query({ minCredibility: 2 as Credibility }));
    expect(credible.cypher).toContain(
      'EXISTS { MATCH (x:Citation {claimId: r.claimId}) WHERE x.credibility <= $minCredibility }',
    );

    const from = findPathsQuery(query({ during: { earliest: '1990-01-01', latest: null } }));
    expect(from.cypher).toContain('(c.periodLatest IS NULL OR c.periodLatest >= $earliest)');
    expect(from.cypher).not.toContain('$latest');
    const both = findPathsQuery(query({ during: { earliest: '1990-01-01', latest: '1990-12-31' } }));
    expect(both.cypher).toContain('(c.periodEarliest IS NULL OR c.periodEarliest <= $latest)');
    // An open period on both sides overlaps everything: no lookup at all.
    expect(findPathsQuery(query({ during: { earliest: null, latest: null } })).cypher).not.toContain('EXISTS');
  });

  it('with levels, keeps to visible claims, entities (ends included) and, for credibility, citations', () => {
    const q = findPathsQuery(query({ minCredibility: 2, levels: [AccessLevel.PUBLIC] }));
    expect(q.params.levels).toEqual(['PUBLIC']);
    expect(q.cypher).toContain(
      "WHERE coalesce(a.access, 'PUBLIC') IN $levels AND coalesce(b.access, 'PUBLIC') IN $levels",
    );
    expect(q.cypher).toContain("(coalesce(r.visibility, 'PUBLIC') IN $levels)");
    expect(q.cypher).toContain("(y WHERE coalesce(y.access, 'PUBLIC') IN $levels)");
    expect(q.cypher).toContain("x.credibility <= $minCredibility AND coalesce(x.visibility, 'PUBLIC') IN $levels");
  });
});
