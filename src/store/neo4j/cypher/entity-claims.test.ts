import { ClaimRole } from '../../store.port';
import { listClaimsOfEntitiesQuery, sourceLineageQuery } from './entity-claims';
import { protectedPeopleQuery, stampQuery } from './protected';

const HOSTILE = "x' }) DETACH DELETE n //";
const NONE = { role: null, predicates: null, statuses: null, levels: null };

describe('listClaimsOfEntitiesQuery', () => {
  it('keeps every input value in params, never in the text', () => {
    const q = listClaimsOfEntitiesQuery(
      [HOSTILE, HOSTILE],
      { role: ClaimRole.OBJECT, predicates: [HOSTILE], statuses: [HOSTILE], levels: [HOSTILE] },
      { first: 10, after: HOSTILE },
      { citations: true, sources: true, entities: true },
    );
    expect(q.cypher).not.toContain(HOSTILE);
    expect(q.params).toEqual({
      ids: [HOSTILE],
      predicates: [HOSTILE],
      statuses: [HOSTILE],
      levels: [HOSTILE],
      after: HOSTILE,
      limit: 11,
      shown: 10,
    });
  });

  it('seeks claims by the role asked for, both roles when none', () => {
    const subject = listClaimsOfEntitiesQuery(
      ['per_1'],
      { ...NONE, role: ClaimRole.SUBJECT },
      { first: 5, after: null },
    );
    expect(subject.cypher).toContain('n.subjectId = id');
    expect(subject.cypher).not.toContain('n.objectId = id');
    const either = listClaimsOfEntitiesQuery(['per_1'], NONE, { first: 5, after: null });
    expect(either.cypher).toMatch(/n\.subjectId = id[\s\S]*UNION[\s\S]*n\.objectId = id/);
  });

  it('filters in the statement only on what is given; levels on both visibility and access', () => {
    const bare = listClaimsOfEntitiesQuery(['per_1'], NONE, { first: 5, after: null });
    expect(bare.cypher).not.toMatch(/\$predicates|\$statuses|\$levels/);
    const all = listClaimsOfEntitiesQuery(
      ['per_1'],
      { role: null, predicates: ['DETAINED_AT'], statuses: ['ASSERTED'], levels: ['PUBLIC'] },
      { first: 5, after: null },
    );
    expect(all.cypher).toContain('n.predicate IN $predicates');
    expect(all.cypher).toContain('n.status IN $statuses');
    expect(all.cypher).toContain("coalesce(n.visibility, 'PUBLIC') IN $levels");
    expect(all.cypher).toContain("coalesce(n.access, 'PUBLIC') IN $levels");
  });

  it('orders by id and slices one more than the page, within Cypher list bounds', () => {
    const q = listClaimsOfEntitiesQuery(['per_1'], NONE, { first: Number.MAX_SAFE_INTEGER, after: null });
    expect(q.cypher).toContain('ORDER BY claimId');
    expect(q.params.limit).toBe(2 ** 31 - 1);
    expect(listClaimsOfEntitiesQuery(['per_1'], NONE, { first: 100, after: null }).params.limit).toBe(101);
  });

  it('reads citations, sources and entities along only when asked', () => {
    const bare = listClaimsOfEntitiesQuery(['per_1'], NONE, { first: 5, after: null });
    expect(bare.cypher).not.toContain(':Citation');
    expect(bare.cypher).not.toContain(':Source');
    expect(bare.cypher).not.toContain('(e:Entity');
    const along = listClaimsOfEntitiesQuery(
      ['per_1'],
      NONE,
      { first: 5, after: null },
      { citations: true, sources: true, entities: true },
    );
    expect(along.cypher).toContain('MATCH (x:Citation)-[:SUPPORTS]->(c)');
    expect(along.cypher).toContain('[:CITES|READ_IN]->(n:Source)');
    expect(along.cypher).toContain('MATCH (e:Entity {id: entityId})');
    // Sets are gathered by aggregation, never by a DISTINCT clause: one beside the page would key its rows by
    // the whole page (memory quadratic in the page: a 16,000-claim hub ran out of transaction memory).
    expect(along.cypher).not.toMatch(/WITH DISTINCT/);
    expect(along.cypher).toContain('collect(DISTINCT n) AS sourceNodes');
    expect(along.cypher).toContain('collect(DISTINCT entityId) AS entityIds');
    // Rows of at most 40 records each, after a head row: never one record as large as the page.
    expect(along.cypher).toContain('UNWIND [{head: head}]');
    expect(along.cypher).toContain('[i IN range(0, size(items) - 1, 40) | {items: items[i..i + 40]}]');
    const lineage = listClaimsOfEntitiesQuery(
      ['per_1'],
      NONE,
      { first: 5, after: null },
      { citations: true, sources: true, entities: false, lineage: true },
    );
    expect(lineage.cypher).toContain('[:CITES|READ_IN]->(:Source)-[:DERIVED_FROM]->*(n:Source)');
    // Sources come with the citations only.
    const noCitations = listClaimsOfEntitiesQuery(
      ['per_1'],
      NONE,
      { first: 5, after: null },
      { citations: false, sources: true, entities: false },
    );
    expect(noCitations.cypher).not.toContain(':Source');
  });
});

describe('sourceLineageQuery', () => {
  it('walks DERIVED_FROM to any depth from ids passed as params', () => {
    const q = sourceLineageQuery([HOSTILE, HOSTILE, 'src_2']);
    expect(q.cypher).not.toContain(HOSTILE);
    expect(q.params).toEqual({ ids: [HOSTILE, 'src_2'] });
    expect(q.cypher).toContain('-[:DERIVED_FROM]->*(n:Source)');
    expect(q.cypher).toContain('WITH DISTINCT n');
  });
});

describe('protectedPeopleQuery and stampQuery', () => {
  it('reads only what redaction needs of every protected person, merged ones too, and a constant stamp', () => {
    const q = protectedPeopleQuery();
    expect(q.params).toEqual({});
    expect(q.cypher).toContain('n.protection IS NOT NULL');
    // A merged record's spelling may still stand in texts: it stays withheld.
    expect(q.cypher).not.toContain('mergedInto');
    expect(q.cypher).not.toContain('properties(n)');
    expect(stampQuery()).toEqual({ cypher: 'RETURN 1 AS ok', params: {} });
  });
});
