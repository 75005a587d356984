import { ClaimStatus, EntityKind, SourceKind } from '../../../domain/model';
import { ClaimRole } from '../../store.port';
// getAuditQuery and auditHeadQuery take no text input (audit.test.ts covers them).
import { appendAuditQuery, auditStateQuery, getAuditOfQuery, lockAuditHeadQuery } from './audit';
import {
  createCitationsQuery,
  getCitationsOfClaimsQuery,
  getCitationsOfSourcesQuery,
  getCitationsQuery,
  setCitationLevelsQuery,
} from './citations';
import {
  accessDependentsQuery,
  createClaimQuery,
  getClaimsOfEntitiesQuery,
  getClaimsQuery,
  listClaimsQuery,
  setClaimLevelsQuery,
  setClaimStatusQuery,
  setClaimVisibilityQuery,
} from './claims';
import { countsQuery, visibleCountsQuery } from './counts';
import {
  createEntityQuery,
  getEntitiesQuery,
  listEntitiesQuery,
  setEntitiesQuery,
  updateEntityQuery,
} from './entities';
import {
  createCitationsImportQuery,
  createClaimsQuery,
  createEntitiesQuery,
  createSourcesQuery,
  replaceCitationsQuery,
  replaceClaimsQuery,
  replaceDerivationsQuery,
  setCitationsQuery,
  setClaimsQuery,
  setEntitiesQuery as setImportedEntitiesQuery,
  setSourcesQuery,
} from './import';
import { chunks, CypherQuery, distinct, whereAll } from './query';
import { derivationCycleQuery, missingRefsQuery, sourcesOnCycleQuery } from './refs';
import { awaitIndexesQuery, schemaQueries } from './schema';
import { searchCandidatesQuery } from './search';
import {
  createSourceQuery,
  getSourcesQuery,
  listSourcesQuery,
  setSourceAccessQuery,
  updateSourceQuery,
} from './sources';

/** A value that would change the statement if it were spliced into the text. */
const HOSTILE = `x'}) DETACH DELETE n //"\`; MATCH (m) DETACH DELETE m`;
const MARKER = 'DETACH DELETE';

function props(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: HOSTILE, name: HOSTILE, subjectId: HOSTILE, objectId: HOSTILE, claimId: HOSTILE, ...extra };
}

/** Every builder, fed the hostile value wherever it takes input. */
function everyBuilder(): [string, CypherQuery][] {
  const page = { first: 10, after: HOSTILE };
  return [
    ['createEntity', createEntityQuery(props())],
    ['updateEntity', updateEntityQuery(HOSTILE, props())],
    ['getEntities', getEntitiesQuery([HOSTILE])],
    [
      'listEntities',
      listEntitiesQuery(
        { kind: HOSTILE as EntityKind, subtype: HOSTILE, nameNeedle: HOSTILE, levels: [HOSTILE] },
        page,
      ),
    ],
    ['createSource', createSourceQuery(props(), [HOSTILE])],
    ['updateSource', updateSourceQuery(HOSTILE, props(), [HOSTILE])],
    ['getSources', getSourcesQuery([HOSTILE])],
    ['listSources', listSourcesQuery({ kind: HOSTILE as SourceKind, levels: [HOSTILE] }, page)],
    ['createClaim', createClaimQuery(props())],
    ['getClaims', getClaimsQuery([HOSTILE])],
    ['getClaimsOfEntities', getClaimsOfEntitiesQuery([HOSTILE], ClaimRole.SUBJECT)],
    [
      'listClaims',
      listClaimsQuery(
        {
          subjectId: HOSTILE,
          objectId: HOSTILE,
          predicates: [HOSTILE],
          statuses: [HOSTILE as ClaimStatus],
          sourceId: HOSTILE,
          levels: [HOSTILE],
        },
        page,
      ),
    ],
    ['setEntities', setEntitiesQuery([{ id: HOSTILE, props: props() }])],
    ['setSourceAccess', setSourceAccessQuery([{ id: HOSTILE, access: HOSTILE, version: 2 }])],
    [
      'setClaimLevels',
      setClaimLevelsQuery([{ id: HOSTILE, access: HOSTILE, visibility: HOSTILE, textLevel: HOSTILE, version: 2 }]),
    ],
    ['setClaimVisibility', setClaimVisibilityQuery(HOSTILE, HOSTILE, 2)],
    ['accessDependents', accessDependentsQuery([HOSTILE], [HOSTILE], [HOSTILE])],
    [
      'setCitationLevels',
      setCitationLevelsQuery([{ id: HOSTILE, mentions: [HOSTILE], visibility: HOSTILE, excerptLevel: HOSTILE }]),
    ],
    ['visibleCounts', visibleCountsQuery([HOSTILE])],
    [
      'setClaimStatus',
      setClaimStatusQuery({ claimId: HOSTILE, status: HOSTILE as ClaimStatus, reason: HOSTILE, updatedAt: HOSTILE }, 2),
    ],
    ['createCitations', createCitationsQuery([props()])],
    ['getCitations', getCitationsQuery([HOSTILE])],
    ['getCitationsOfClaims', getCitationsOfClaimsQuery([HOSTILE])],
    ['getCitationsOfSources', getCitationsOfSourcesQuery([HOSTILE])],
    ['missingRefs', missingRefsQuery({ entityIds: [HOSTILE], sourceIds: [HOSTILE], claimIds: [HOSTILE] })],
    ['derivationCycle', derivationCycleQuery(HOSTILE, [HOSTILE])],
    ['sourcesOnCycle', sourcesOnCycleQuery([HOSTILE])],
    ['searchCandidates', searchCandidatesQuery(HOSTILE, [HOSTILE as EntityKind], 10)],
    ['createEntities', createEntitiesQuery([props()])],
    ['setEntities (import)', setImportedEntitiesQuery([props()])],
    ['createSources', createSourcesQuery([props()])],
    ['setSources', setSourcesQuery([props()])],
    ['replaceDerivations', replaceDerivationsQuery([{ id: HOSTILE, derivedFromIds: [HOSTILE] }])],
    ['createClaims', createClaimsQuery([props()])],
    ['setClaims', setClaimsQuery([props()])],
    ['replaceClaims', replaceClaimsQuery([props()])],
    ['createCitations (import)', createCitationsImportQuery([props()])],
    ['setCitations', setCitationsQuery([props()])],
    ['replaceCitations', replaceCitationsQuery([props()])],
    ['lockAuditHead', lockAuditHeadQuery(HOSTILE)],
    [
      'auditState',
      auditStateQuery({ entityIds: [HOSTILE], sourceIds: [HOSTILE], claimIds: [HOSTILE], citationIds: [HOSTILE] }),
    ],
    [
      'appendAudit',
      appendAuditQuery({
        seq: 1,
        at: HOSTILE,
        actorSubject: HOSTILE,
        actorRole: HOSTILE,
        operation: HOSTILE,
        reason: HOSTILE,
        targetIds: [HOSTILE],
        before: HOSTILE,
        after: HOSTILE,
        prevHash: HOSTILE,
        hash: HOSTILE,
      }),
    ],
    ['getAuditOf', getAuditOfQuery([HOSTILE])],
  ];
}

describe('Cypher builders', () => {
  it.each(everyBuilder())('%s keeps input out of the statement text and in its params', (_name, query) => {
    expect(query.cypher).not.toContain(MARKER);
    expect(query.cypher).not.toContain(HOSTILE);
    expect(JSON.stringify(query.params)).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });

  it('builds the schema with idempotent statements only, and the full-text index on the search text', () => {
    const statements = schemaQueries().map((q) => q.cypher);
    expect(statements.every((s) => /IF NOT EXISTS/.test(s))).toBe(true);
    for (const label of ['Entity', 'Source', 'Claim', 'Citation']) {
      expect(statements).toContainEqual(
        expect.stringMatching(new RegExp(`FOR \\(n:${label}\\) REQUIRE n\\.id IS UNIQUE`)),
      );
    }
    expect(statements).toContainEqual(
      expect.stringMatching(
        /CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR \(n:Entity\) ON EACH \[n\.searchText\]/,
      ),
    );
    expect(awaitIndexesQuery(60).params).toEqual({ timeoutSeconds: 60 });
  });

  it('sends batched reads each distinct key once', () => {
    expect(getEntitiesQuery(['a', 'b', 'a']).params).toEqual({ ids: ['a', 'b'] });
    expect(getCitationsOfClaimsQuery(['c', 'c']).params).toEqual({ ids: ['c'] });
  });

  it('reads claims of entities by the property of the role', () => {
    expect(getClaimsOfEntitiesQuery(['e'], ClaimRole.SUBJECT).cypher).toContain('c.subjectId = id');
    expect(getClaimsOfEntitiesQuery(['e'], ClaimRole.OBJECT).cypher).toContain('c.objectId = id');
  });

  describe('keyset lists', () => {
    it('asks for one item more than the page, counts in the same statement, and starts after the cursor', () => {
      const q = listEntitiesQuery(
        { kind: EntityKind.PERSON, subtype: null, nameNeedle: null, levels: null },
        { first: 2, after: 'per_b' },
      );
      expect(q.params).toMatchObject({ kind: EntityKind.PERSON, after: 'per_b', limit: 3 });
      expect(q.cypher).toContain('count(n) AS total');
      expect(q.cypher).toContain('n.id > $after');
      expect(q.cypher).toContain('ORDER BY n.id');
      expect(q.cypher).toContain('LIMIT toInteger($limit)');
    });

    it('only filters on what the filter sets', () => {
      const none = listEntitiesQuery(
        { kind: null, subtype: null, nameNeedle: null, levels: null },
        { first: 5, after: null },
      );
      expect(none.cypher).not.toMatch(/\$kind|\$subtype|\$needle|\$after/);
      const all = listEntitiesQuery(
        { kind: EntityKind.FACILITY, subtype: 'PRISON', nameNeedle: 'sednaya', levels: null },
        { first: 5, after: null },
      );
      expect(all.cypher).toContain('n.kind = $kind');
      expect(all.cypher).toContain('n.facilityType = $subtype');
      expect(all.cypher).toContain('n.nameKey CONTAINS $needle');
      expect(all.params).toMatchObject({ kind: 'FACILITY', subtype: 'PRISON', needle: 'sednaya' });
    });

    it('lists claims of a source by starting from the source', () => {
      const q = listClaimsQuery(
        {
          subjectId: null,
          objectId: null,
          predicates: ['DETAINED_AT'],
          statuses: null,
          sourceId: 'src_1',
          levels: null,
        },
        { first: 5, after: null },
      );
      expect(q.cypher).toContain(
        'MATCH (:Source {id: $sourceId})<-[:CITES|READ_IN]-(:Citation)-[:SUPPORTS]->(n:Claim)',
      );
      expect(q.cypher).toContain('n.predicate IN $predicates');
      expect(q.cypher).not.toContain('$statuses');
      expect(q.params).toMatchObject({ sourceId: 'src_1', predicates: ['DETAINED_AT'] });
    });

    it('lists sources with what they derive from', () => {
      const q = listSourcesQuery({ kind: null, levels: null }, { first: 1, after: null });
      expect(q.cypher).toContain('DERIVED_FROM');
      expect(q.cypher).not.toContain('$kind IS');
    });
  });

  it('keeps the RELATED edge of a claim carrying its id, predicate and status', () => {
    expect(createClaimQuery(props()).cypher).toContain(
      '[:RELATED {claimId: c.id, predicate: c.predicate, status: c.status, visibility: c.visibility}]',
    );
    expect(createClaimsQuery([props()]).cypher).toContain(
      '[:RELATED {claimId: c.id, predicate: c.predicate, status: c.status, visibility: c.visibility}]',
    );
    expect(
      setClaimStatusQuery({ claimId: 'c', status: ClaimStatus.RETRACTED, reason: 'r', updatedAt: 't' }, 2).cypher,
    ).toContain('SET r.status = c.status');
  });

  it('imports with CREATE for new records and deletes edges only of records whose links change', () => {
    for (const query of [createEntitiesQuery, createSourcesQuery, createClaimsQuery, createCitationsImportQuery]) {
      const text = query([props()]).cypher;
      expect(text).toMatch(/^UNWIND \$rows AS row\nCREATE /);
      expect(text).not.toMatch(/MERGE|DELETE/);
    }
    for (const query of [setImportedEntitiesQuery, setSourcesQuery, setClaimsQuery, setCitationsQuery]) {
      expect(query([props()]).cypher).not.toMatch(/CREATE|MERGE|DELETE/);
    }
    expect(replaceClaimsQuery([props()]).cypher).toContain('DELETE r');
    expect(replaceCitationsQuery([props()]).cypher).toContain('DELETE r');
    // Changed claims keep what their RELATED edge copies in step.
    expect(setClaimsQuery([props()]).cypher).toContain('SET r.predicate = c.predicate, r.status = c.status');
  });

  it('counts with one statement', () => {
    expect(countsQuery().cypher).toMatch(/entities[\s\S]*sources[\s\S]*claims[\s\S]*citations/);
  });

  it('counts no merged entity, with levels or without', () => {
    expect(countsQuery().cypher).toContain('WHERE n.mergedInto IS NOT NULL');
    expect(countsQuery().cypher).toContain('allEntities - merged AS entities');
    expect(visibleCountsQuery(['PUBLIC']).cypher).toContain('n.mergedInto IS NULL');
  });
});

describe('query helpers', () => {
  it('joins conditions with AND, or says true', () => {
    expect(whereAll([])).toBe('true');
    expect(whereAll(['a = 1', 'b = 2 OR c = 3'])).toBe('(a = 1) AND (b = 2 OR c = 3)');
  });

  it('chunks and dedupes', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
    expect(distinct(['b', 'a', 'b'])).toEqual(['b', 'a']);
  });
});
