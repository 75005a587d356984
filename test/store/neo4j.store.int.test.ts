import { ClaimStatus, EntityKind, FacilityType } from '../../src/domain/model';
import { searchTerms } from '../../src/domain/names';
import { BadUserInputError } from '../../src/domain/errors';
import { cypher } from '../../src/store/neo4j/cypher/query';
import { Neo4jConfig, Neo4jGateway } from '../../src/store/neo4j/neo4j.gateway';
import { Neo4jStore } from '../../src/store/neo4j/neo4j.store';
import { Fixtures } from '../support/fixtures';
import { neo4jTestConfig } from '../support/neo4j-env';

// What the Neo4j adapter adds beyond the shared contract: the graph shape it
// writes (RELATED edges that carry their claim), bulk imports across batches,
// hostile input. Scoped to this run's ids; nothing is wiped.
describe('Neo4jStore on a real Neo4j', () => {
  let config: Neo4jConfig;
  let store: Neo4jStore;
  let raw: Neo4jGateway;
  let f: Fixtures;

  beforeAll(async () => {
    const c = neo4jTestConfig();
    config = { uri: c.uri, user: c.password ? c.user : null, password: c.password || null, database: c.database };
    store = new Neo4jStore(config);
    raw = new Neo4jGateway(config);
    await store.init();
  });

  afterAll(async () => {
    await store.close();
    await raw.close();
  });

  beforeEach(() => {
    f = new Fixtures();
  });

  const related = (claimId: string) =>
    raw.read((tx) =>
      tx.run(
        cypher(
          `MATCH (s:Entity)-[r:RELATED {claimId: $claimId}]->(o:Entity)
           RETURN s.id AS subjectId, o.id AS objectId, r.predicate AS predicate, r.status AS status`,
          { claimId },
        ),
      ),
    );

  const edgesOf = (id: string) =>
    raw.read((tx) =>
      tx.run(cypher('MATCH (n {id: $id})-[r]-() RETURN type(r) AS type, count(r) AS n ORDER BY type', { id })),
    );

  it('runs init again (idempotent, and concurrently with itself)', async () => {
    const other = new Neo4jStore(config);
    try {
      await Promise.all([store.init(), other.init()]);
    } finally {
      await other.close();
    }
  });

  it('writes a RELATED edge carrying the claim for entity-to-entity claims, and keeps its status current', async () => {
    const person = f.entity();
    const prison = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON });
    const report = f.source();
    await store.createEntity(person);
    await store.createEntity(prison);
    await store.createSource(report);
    const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
    const figure = f.quantityClaim(prison.id, 'DEATH_COUNT', 100, report.id);
    await store.assertClaim(claim);
    await store.assertClaim(figure);

    expect(await related(claim.claim.id)).toEqual([
      { subjectId: person.id, objectId: prison.id, predicate: 'DETAINED_AT', status: 'ASSERTED' },
    ]);
    expect(await related(figure.claim.id)).toEqual([]);

    await store.setClaimStatus({
      claimId: claim.claim.id,
      status: ClaimStatus.DISPUTED,
      reason: 'contradicted',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
    expect((await related(claim.claim.id))[0]).toMatchObject({ status: 'DISPUTED' });
  });

  it('imports a bundle larger than one batch in one transaction, twice without duplicating nodes or edges', async () => {
    const report = f.source();
    const hub = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON });
    const people = Array.from({ length: 620 }, () => f.entity());
    const claims = people.map((p) => f.relationClaim(p.id, 'DETAINED_AT', hub.id, report.id));
    const bundle = { entities: [hub, ...people], sources: [report], claims };

    await store.importBundle(bundle);
    const once = { hub: await edgesOf(hub.id), counts: await store.counts() };
    await store.importBundle(bundle);
    expect({ hub: await edgesOf(hub.id), counts: await store.counts() }).toEqual(once);
    expect(once.hub).toEqual([
      { type: 'OBJECT', n: 620 },
      { type: 'RELATED', n: 620 },
    ]);
    const last = claims[claims.length - 1]!;
    expect(await store.getCitationsOfClaims([last.claim.id])).toEqual([last.citations]);
    expect(await edgesOf(last.citations[0]!.id)).toEqual([
      { type: 'CITES', n: 1 },
      { type: 'SUPPORTS', n: 1 },
    ]);
  }, 60_000);

  it('re-imports a changed claim by moving its edges, not adding to them', async () => {
    const a = f.entity();
    const b = f.entity({ id: f.id('org'), kind: EntityKind.ORGANIZATION });
    const c = f.entity({ id: f.id('org'), kind: EntityKind.ORGANIZATION });
    const report = f.source();
    const claim = f.relationClaim(a.id, 'MEMBER_OF', b.id, report.id);
    await store.importBundle({ entities: [a, b, c], sources: [report], claims: [claim] });
    const moved = { claim: { ...claim.claim, objectId: c.id }, citations: claim.citations };
    await store.importBundle({ entities: [], sources: [], claims: [moved] });
    expect(await related(claim.claim.id)).toEqual([
      { subjectId: a.id, objectId: c.id, predicate: 'MEMBER_OF', status: 'ASSERTED' },
    ]);
    expect(await edgesOf(claim.claim.id)).toEqual([
      { type: 'OBJECT', n: 1 },
      { type: 'SUBJECT', n: 1 },
      { type: 'SUPPORTS', n: 1 },
    ]);
  });

  it('refuses a bundle whose sources derive from each other in a cycle, and writes nothing', async () => {
    const a = f.source();
    const b = f.source({ derivedFromIds: [a.id] });
    await expect(
      store.importBundle({ entities: [], sources: [{ ...a, derivedFromIds: [b.id] }, b], claims: [] }),
    ).rejects.toBeInstanceOf(BadUserInputError);
    expect(await store.getSources([a.id, b.id])).toEqual([null, null]);
  });

  it('replaces the DERIVED_FROM edges of an updated source', async () => {
    const [x, y, z] = [f.source(), f.source(), f.source()];
    for (const s of [x, y, z]) await store.createSource(s);
    const article = f.source({ derivedFromIds: [y.id, x.id] });
    await store.createSource(article);
    expect((await store.getSources([article.id]))[0]?.derivedFromIds).toEqual([x.id, y.id].sort());
    await store.updateSource({ ...article, derivedFromIds: [z.id] });
    expect((await store.getSources([article.id]))[0]?.derivedFromIds).toEqual([z.id]);
  });

  it('stores hostile text verbatim and searches with Lucene syntax in the tokens without error', async () => {
    const hostile = `Robert'); MATCH (n) DETACH DELETE n; // "quoted" {x: 1} [a] \\ name:* OR AND~ ${f.run}`;
    const person = f.entity({ name: hostile, aliases: ['a:b*c?', '(((', '"'] });
    await store.createEntity(person);
    expect(await store.getEntities([person.id])).toEqual([person]);
    const found = await store.searchEntityCandidates({
      tokens: ['name:*', '(((', '"', 'AND', 'OR', '\\', ...searchTerms(f.run).tokens],
      limit: 1000,
    });
    expect(found.map((e) => e.id)).toContain(person.id);
    const page = await store.listEntities(
      { kind: EntityKind.PERSON, nameContains: `"quoted" {x: 1} [a] \\ name:* OR AND~ ${f.run}` },
      { first: 10, after: null },
    );
    expect(page.items.map((e) => e.id)).toEqual([person.id]);
  });

  it('treats an empty kinds list as matching nothing, like the embedded store', async () => {
    const person = f.entity({ name: `Kindless ${f.run}` });
    await store.createEntity(person);
    const tokens = searchTerms(f.run).tokens;
    expect(await store.searchEntityCandidates({ tokens, kinds: [], limit: 10 })).toEqual([]);
    expect((await store.searchEntityCandidates({ tokens, limit: 10 })).map((e) => e.id)).toEqual([person.id]);
  });

  it('reads nodes written before versions as version 1, stores versions as integers, and counts on', async () => {
    const person = f.entity();
    const prison = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON });
    const report = f.source();
    const claim = f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id);
    await store.importBundle({ entities: [person, prison], sources: [report], claims: [claim] });
    const ids = [person.id, report.id, claim.claim.id];
    await raw.write((tx) => tx.run(cypher('MATCH (n) WHERE n.id IN $ids REMOVE n.version', { ids })));

    expect((await store.getEntities([person.id]))[0]!.version).toBe(1);
    expect((await store.getSources([report.id]))[0]!.version).toBe(1);
    expect((await store.getClaims([claim.claim.id]))[0]!.version).toBe(1);
    await store.updateEntity({ id: person.id, description: 'edited', updatedAt: '2026-04-05T00:00:00.000Z' });
    await store.updateSource({ id: report.id, title: 'Renamed', updatedAt: '2026-04-05T00:00:00.000Z' });
    await store.setClaimStatus({
      claimId: claim.claim.id,
      status: ClaimStatus.DISPUTED,
      reason: 'r',
      updatedAt: '2026-04-05T00:00:00.000Z',
    });
    const rows = await raw.read((tx) =>
      tx.run(
        cypher('MATCH (n) WHERE n.id IN $ids RETURN n.id AS id, n.version AS version, valueType(n.version) AS type', {
          ids,
        }),
      ),
    );
    expect(rows.map((r) => [r.id, r.version, r.type]).sort()).toEqual(
      ids.map((id) => [id, 2, 'INTEGER NOT NULL']).sort(),
    );
  });
});
