import { AccessLevel } from '../../../domain/model';
import {
  applyStatDeltasQuery,
  claimsTouchingQuery,
  dropFacilityStatsQuery,
  statSourcePageQuery,
  statisticsFromCountsQuery,
} from './stat-counts';

const HOSTILE = `x'}) DETACH DELETE n //"\`; MATCH (m) DETACH DELETE m`;
const QUERY = { facilityLimit: 10, fromYear: 2000, toYear: 2010, openEndYear: 2009 };

describe('maintained statistics Cypher', () => {
  const deltas = (n: number) => ({
    stats: [{ key: HOSTILE, props: { dim: 'entity', kind: HOSTILE, level: 'PUBLIC' }, delta: 1 }],
    facilityClaims: Array.from({ length: n }, (_, i) => ({ key: `${HOSTILE}${i}`, delta: [1, 0, 0] })),
    pairs: [{ key: HOSTILE, facilityId: HOSTILE, predicate: 'DETAINED_AT', subjectId: HOSTILE, delta: [0, -1, 0] }],
  });

  it.each([
    ['applyStatDeltas (few)', applyStatDeltasQuery(deltas(1))],
    ['applyStatDeltas (many)', applyStatDeltasQuery(deltas(500))],
    ['dropFacilityStats', dropFacilityStatsQuery([HOSTILE])],
    ['claimsTouching', claimsTouchingQuery([HOSTILE])],
    ['statSourcePage', statSourcePageQuery('Claim', HOSTILE, 10)],
    [
      'statisticsFromCounts',
      statisticsFromCountsQuery({ ...QUERY, levels: [HOSTILE as AccessLevel], yearPredicates: [HOSTILE] }, 1),
    ],
  ])('%s keeps input in its params', (_name, query) => {
    expect(query.cypher).not.toContain('DETACH DELETE');
    expect(JSON.stringify(query.params)).toContain('DETACH DELETE');
  });

  it('moves counts by increments in the statement, never by values computed outside it', () => {
    const text = applyStatDeltasQuery(deltas(1)).cypher;
    expect(text).toContain('SET s.count = s.count + toInteger(d.delta)');
    expect(text).toContain('s.claims[i] + toInteger(d.delta[i])');
    expect(text).toMatch(/s\.detainees\[i\] \+ moved\[i\]/);
  });

  it('looks facilities up one by one for a small write and by the kind index for a large one', () => {
    const few = applyStatDeltasQuery(deltas(3));
    const many = applyStatDeltasQuery(deltas(500));
    expect(few.cypher).toContain('MATCH (f:Entity {id: d.key})');
    expect(many.cypher).toContain('$facilityClaimsById[f.id]');
    expect(Object.keys(many.params.facilityClaimsById as object)).toHaveLength(500);
    expect(few.params.facilityClaimsById).toEqual({});
  });

  it('reads a viewer its levels and the mask of their set', () => {
    const q = statisticsFromCountsQuery({ ...QUERY, levels: [AccessLevel.PUBLIC, AccessLevel.CONFIDENTIAL] }, 5);
    expect(q.params).toMatchObject({ levels: ['PUBLIC', 'CONFIDENTIAL'], levelIndexes: [0, 2], mask: 5 });
    expect(q.cypher).toContain("coalesce(f.access, 'PUBLIC') IN $levels");
    const all = statisticsFromCountsQuery(QUERY, 7);
    expect(all.params).toMatchObject({ levels: ['PUBLIC', 'RESTRICTED', 'CONFIDENTIAL'], levelIndexes: [0, 1, 2] });
    expect(all.cypher).not.toContain('f.access');
  });

  it("lists no merged facility (its claims are its survivor's)", () => {
    for (const levels of [undefined, [AccessLevel.PUBLIC]]) {
      expect(statisticsFromCountsQuery({ ...QUERY, ...(levels ? { levels } : {}) }, 1).cypher).toContain(
        'f.mergedInto IS NULL',
      );
    }
  });
});
