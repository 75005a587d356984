import { AccessLevel, EntityKind, type EntityRecord } from '../../src/domain/model';
import type { Viewer } from '../../src/policy/viewer';
import { Fixtures } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/graphql';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';
import type { Store } from '../../src/store/store.port';

const CREATED_AT = '2026-02-01T00:00:00.000Z';
const SYSTEM = { actor: { subject: 'setup', role: 'SYSTEM' }, reason: null, at: CREATED_AT };

const ENTITY_FIELDS = `
  id name aliases description access protection createdAt version resolvedFrom
  claims(side: ANY, first: 50) { totalCount edges { node { id predicate subject { id } object { id } citations { id excerpt } } } }
`;

/** Entity resolution through the API, on both stores: candidates, merge and split, source origins, access. */
describe.each(STORE_KINDS)('entity resolution on the %s store', (kind) => {
  let opened: OpenedStore;
  let store: Store;
  let api: TestApi;
  let f: Fixtures;

  beforeAll(async () => {
    opened = await openTestStore(kind);
    store = opened.store;
    await store.init();
    api = await startTestApi(store, { viewer: VIEWERS.analyst });
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
  });

  beforeEach(() => {
    f = new Fixtures();
  });

  async function run(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = VIEWERS.analyst) {
    return api.run(query, variables, { viewer });
  }
  async function ok(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = VIEWERS.analyst) {
    const result = await run(query, variables, viewer);
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, any>;
  }
  async function code(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = VIEWERS.analyst) {
    const result = await run(query, variables, viewer);
    expect(result.errors).toBeDefined();
    return result.errors![0]!.extensions?.code;
  }

  /** "Abd al-Rahman" and "Abdulrahman", both held at one facility, named by one source, with claims of their own. */
  async function twoSpellings(overrides: Partial<EntityRecord> = {}) {
    const a = f.entity({ name: `Abd al-Rahman Qx${f.run}`, ...overrides });
    const b = f.entity({ name: `Abdulrahman Qx${f.run}`, aliases: [`Abu Omar Qx${f.run}`], ...overrides });
    const facility = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, name: `Branch Qx${f.run}` });
    const other = f.entity({ id: f.id('org'), kind: EntityKind.ORGANIZATION, name: `Unit Qx${f.run}` });
    const source = f.source();
    for (const e of [a, b, facility, other]) await store.createEntity(e, SYSTEM);
    await store.createSource(source, SYSTEM);
    const claims = [
      f.relationClaim(a.id, 'DETAINED_AT', facility.id, source.id),
      f.relationClaim(b.id, 'DETAINED_AT', facility.id, source.id),
      f.relationClaim(b.id, 'MEMBER_OF', other.id, source.id),
    ];
    for (const c of claims) await store.assertClaim(c, SYSTEM);
    return { a, b, facility, other, source, claims };
  }

  /** Cleared for every record: the shared database holds protected people whose names are withheld below it. */
  const writer = VIEWERS.admin;
  const entityQuery = `query($id: ID!, $asOf: String) { entity(id: $id, asOf: $asOf) { ${ENTITY_FIELDS} } }`;

  it('ranks "Abd al-Rahman" and "Abdulrahman" as likely one person, with the reasons', async () => {
    const { a, b, facility, source } = await twoSpellings();
    const data = await ok(
      `query($of: ID!) { duplicateCandidates(kind: PERSON, of: $of, minScore: 0.5) { a { id } b { id } score reasons { kind detail weight } } }`,
      { of: b.id },
      // Cleared for everything: on the shared database other suites protect people named Abdulrahman,
      // whose names are then withheld from an analyst wherever they appear.
      VIEWERS.legal,
    );
    const pair = data.duplicateCandidates.find(
      (c: any) => [c.a.id, c.b.id].sort().join() === [a.id, b.id].sort().join(),
    );
    expect(pair).toBeDefined();
    expect(pair.reasons.map((r: any) => r.kind)).toEqual([
      'TRANSLITERATION_MATCH',
      'SHARED_COUNTERPART',
      'SHARED_SOURCE',
    ]);
    expect(pair.reasons[1].detail).toBe(`both DETAINED_AT ${facility.name}`);
    expect(pair.reasons[2].detail).toContain(source.title);
    expect(pair.score).toBeCloseTo(0.75, 5);

    // Without `of`, the pair is found among the blocks of the whole graph.
    const all = await ok(
      `{ duplicateCandidates(kind: PERSON, first: 100, minScore: 0.74) { a { id } b { id } score } }`,
    );
    if (kind === 'embedded') {
      expect(all.duplicateCandidates.map((c: any) => [c.a.id, c.b.id])).toContainEqual([a.id, b.id].sort());
    }
    expect(all.duplicateCandidates.every((c: any) => c.score >= 0.74)).toBe(true);
    expect(await code(`{ duplicateCandidates(kind: EVENT) { score } }`)).toBe('BAD_USER_INPUT');
    expect(await code(`{ duplicateCandidates(first: 1000) { score } }`)).toBe('BAD_USER_INPUT');
  });

  it('merges: the old id resolves with a note, claims and citations are kept and counted once; asOf before shows two; split restores', async () => {
    const { a, b, claims } = await twoSpellings();
    const before = await ok(entityQuery, { id: a.id }, writer);
    const beforeB = await ok(entityQuery, { id: b.id }, writer);
    const t0 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));

    const merged = await ok(
      `mutation($s: ID!, $m: ID!) {
        mergeEntities(survivorId: $s, mergedId: $m, reason: "Same man: same arrest, same branch", expectedVersions: { survivor: 1, merged: 1 }) {
          judgement { id kind recordIds survivorId reason judgedBy judgedByRole holds }
          survivor { id version claims(side: ANY) { totalCount } }
        }
      }`,
      { s: a.id, m: b.id },
      writer,
    );
    const judgement = merged.mergeEntities.judgement;
    expect(judgement).toMatchObject({
      kind: 'SAME_ENTITY',
      recordIds: [a.id, b.id],
      survivorId: a.id,
      reason: 'Same man: same arrest, same branch',
      judgedBy: writer.subject,
      judgedByRole: 'ADMIN',
      holds: true,
    });
    expect(merged.mergeEntities.survivor).toMatchObject({ id: a.id, version: 2, claims: { totalCount: 3 } });

    // The merged id resolves to the survivor, with a note; the survivor lists what was merged into it.
    const resolved = await ok(
      `query($id: ID!) {
        node(id: $id) { id ... on Person { resolvedFrom mergedFrom { mergedId judgement { id } } } }
        entity(id: $id) { id resolvedFrom claims(side: ANY) { totalCount edges { node { id citations { id } } } } }
      }`,
      { id: b.id },
      writer,
    );
    expect(resolved.node).toEqual({
      id: a.id,
      resolvedFrom: b.id,
      mergedFrom: [{ mergedId: b.id, judgement: { id: judgement.id } }],
    });
    expect(resolved.entity.resolvedFrom).toBe(b.id);
    // Every claim once, with every citation.
    const ids = resolved.entity.claims.edges.map((e: any) => e.node.id).sort();
    expect(ids).toEqual(claims.map((c) => c.claim.id).sort());
    expect(resolved.entity.claims.edges.every((e: any) => e.node.citations.length === 1)).toBe(true);
    // Lists and search: one entity.
    const listed = await ok(
      `query($n: String!) { people(nameContains: $n) { totalCount edges { node { id } } } search(text: $n) { entity { id } } }`,
      { n: `Qx${f.run}` },
      writer,
    );
    expect(listed.people.edges.map((e: any) => e.node.id)).toEqual([a.id]);
    expect(listed.search.map((h: any) => h.entity.id)).not.toContain(b.id);

    // asOf before the merge: two, each with its own claims.
    const pastB = await ok(entityQuery, { id: b.id, asOf: t0 }, writer);
    expect(pastB.entity).toMatchObject({ id: b.id, name: b.name, resolvedFrom: null });
    expect(pastB.entity.claims).toEqual(beforeB.entity.claims);
    const pastA = await ok(entityQuery, { id: a.id, asOf: t0 }, writer);
    expect(pastA.entity.claims.totalCount).toBe(1);

    // History: the judgement's audit record, and the entities'.
    const history = await ok(
      `query($id: ID!) { history(id: $id) { operation reason targetIds } }`,
      { id: judgement.id },
      writer,
    );
    expect(history.history).toEqual([
      expect.objectContaining({ operation: 'mergeEntities', reason: 'Same man: same arrest, same branch' }),
    ]);
    expect(history.history[0].targetIds).toEqual(expect.arrayContaining([a.id, b.id, judgement.id]));

    // A stale version of the judgement is refused; the split undoes the merge exactly.
    expect(
      await code(
        `mutation($j: ID!) { splitEntity(judgementId: $j, reason: "x", expectedVersion: 7) { judgement { id } } }`,
        { j: judgement.id },
        writer,
      ),
    ).toBe('CONFLICT');
    const split = await ok(
      `mutation($j: ID!) { splitEntity(judgementId: $j, reason: "Two men: different fathers") {
        judgement { holds undoReason undoneBy version } survivor { id } restored { id name }
      } }`,
      { j: judgement.id },
      writer,
    );
    expect(split.splitEntity).toEqual({
      judgement: {
        holds: false,
        undoReason: 'Two men: different fathers',
        undoneBy: writer.subject,
        version: 2,
      },
      survivor: { id: a.id },
      restored: { id: b.id, name: b.name },
    });
    const strip = (e: any) => ({ ...e, version: undefined });
    const afterA = await ok(entityQuery, { id: a.id }, writer);
    const afterB = await ok(entityQuery, { id: b.id }, writer);
    expect(strip(afterA.entity)).toEqual(strip(before.entity));
    expect(strip(afterB.entity)).toEqual(strip(beforeB.entity));
    expect(afterB.entity.version).toBe(3);
    const trail = await ok(`query($id: ID!) { history(id: $id) { operation } }`, { id: b.id }, writer);
    expect(trail.history.map((r: any) => r.operation)).toEqual(['createEntity', 'mergeEntities', 'splitEntity']);
  });

  it(
    'refuses merges a viewer may not make, and says nothing of records they cannot see',
    async () => {
      const { a, b } = await twoSpellings();
      const merge = `mutation($s: ID!, $m: ID!, $v: MergeVersionsInput) { mergeEntities(survivorId: $s, mergedId: $m, reason: "one", expectedVersions: $v) { judgement { id } } }`;
      expect(await code(merge, { s: a.id, m: b.id }, VIEWERS.public)).toBe('FORBIDDEN');
      expect(await code(merge, { s: a.id, m: b.id, v: { merged: 9 } })).toBe('CONFLICT');
      expect(await code(merge, { s: a.id, m: a.id })).toBe('BAD_USER_INPUT');
      expect(await code(merge, { s: a.id, m: 'src_x' })).toBe('BAD_USER_INPUT');

      // Confidential records: unknown to an analyst, whether they exist or not.
      const hidden = await twoSpellings({ access: AccessLevel.CONFIDENTIAL });
      const missing = await run(merge, { s: a.id, m: f.id('per', 'missing') });
      const secret = await run(merge, { s: hidden.a.id, m: hidden.b.id });
      expect(secret.errors![0]!.extensions?.code).toBe('NOT_FOUND');
      expect(secret.errors![0]!.message.replace(hidden.a.id, 'X')).toBe(
        missing.errors![0]!.message.replace(/per_[A-Za-z0-9_]+/, 'X'),
      );
      // Merged by an admin, they stay unknown: no note, no judgement, no candidate.
      const adminMerge = await ok(merge, { s: hidden.a.id, m: hidden.b.id }, VIEWERS.admin);
      const judgementId = adminMerge.mergeEntities.judgement.id;
      const asAnalyst = await ok(`query($id: ID!, $j: ID!) { node(id: $id) { id } judgement(id: $j) { id } }`, {
        id: hidden.b.id,
        j: judgementId,
      });
      expect(asAnalyst).toEqual({ node: null, judgement: null });
      expect(
        await code(`mutation($j: ID!) { splitEntity(judgementId: $j, reason: "x") { judgement { id } } }`, {
          j: judgementId,
        }),
      ).toBe('NOT_FOUND');
      expect(await code(`query($id: ID!) { history(id: $id) { seq } }`, { id: judgementId })).toBe('FORBIDDEN');

      // A protected person below the analyst's clearance is never compared, and cannot be merged by them.
      const w1 = f.entity({
        name: `Zqwv${f.run} Abdulrahman`,
        protection: AccessLevel.CONFIDENTIAL,
        pseudonym: `Witness W-A${f.run}`,
      });
      const w2 = f.entity({
        name: `Zqwv${f.run} Abd al-Rahman`,
        protection: AccessLevel.CONFIDENTIAL,
        pseudonym: `Witness W-B${f.run}`,
      });
      for (const w of [w1, w2]) await store.createEntity(w, SYSTEM);
      try {
        const seen = await ok(
          `query($of: ID!) { duplicateCandidates(of: $of, minScore: 0) { a { id name } b { id name } reasons { detail } } }`,
          { of: w1.id },
        );
        expect(seen.duplicateCandidates).toEqual([]);
        const legal = await ok(
          `query($of: ID!) { duplicateCandidates(of: $of, minScore: 0.5) { a { id } b { id } } }`,
          { of: w1.id },
          VIEWERS.legal,
        );
        expect(legal.duplicateCandidates.map((c: any) => [c.a.id, c.b.id])).toContainEqual([w1.id, w2.id].sort());
        expect(await code(merge, { s: w1.id, m: w2.id })).toBe('FORBIDDEN');
        const all = JSON.stringify(
          await ok(
            `{ duplicateCandidates(kind: PERSON, first: 100, minScore: 0) { a { id name } b { id name } reasons { detail } } }`,
          ),
        );
        expect(all).not.toContain(`Zqwv${f.run}`);
        expect(all).not.toContain(w1.id);
      } finally {
        // The shared database: lift the protections, so that other tests do not redact these names.
        await store.applyAccessChange({
          reason: 'test over',
          updatedAt: CREATED_AT,
          entities: [w1, w2].map((w) => ({ id: w.id, protection: null })),
          sources: [],
          claims: [],
          citations: [],
        });
      }
    },
    // The whole-graph candidates read every person of the store: on the shared Neo4j database, other suites' bulk imports make that long.
    180_000,
  );

  it('counts one origin for sources judged one origin, and two again once undone', async () => {
    const person = f.entity({ name: `Detainee Qy${f.run}` });
    const facility = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, name: `Prison Qy${f.run}` });
    const article1 = f.source({ title: `Article one Qy${f.run}` });
    const article2 = f.source({ title: `Article two Qy${f.run}` });
    for (const e of [person, facility]) await store.createEntity(e, SYSTEM);
    for (const s of [article1, article2]) await store.createSource(s, SYSTEM);
    const claim = f.relationClaim(person.id, 'DETAINED_AT', facility.id, article1.id);
    claim.citations.push(f.citation(claim.claim.id, article2.id));
    await store.assertClaim(claim, SYSTEM);

    const corroboration = `query($id: ID!) { node(id: $id) { ... on Claim { corroboration { citationCount independentOrigins singleOrigin } } } }`;
    const count = async (viewer: Viewer = VIEWERS.analyst) =>
      (await ok(corroboration, { id: claim.claim.id }, viewer)).node.corroboration;
    expect(await count()).toEqual({ citationCount: 2, independentOrigins: 2, singleOrigin: false });

    const judged = await ok(
      `mutation($ids: [ID!]!) { judgeSameOrigin(sourceIds: $ids, reason: "Both reprint one leaked report") { id kind recordIds holds } }`,
      { ids: [article2.id, article1.id] },
    );
    expect(judged.judgeSameOrigin).toMatchObject({
      kind: 'SAME_ORIGIN',
      recordIds: [article1.id, article2.id].sort(),
      holds: true,
    });
    expect(await count()).toEqual({ citationCount: 2, independentOrigins: 1, singleOrigin: true });
    expect(await count(VIEWERS.public)).toEqual({ citationCount: 2, independentOrigins: 1, singleOrigin: true });
    const onSource = await ok(`query($id: ID!) { node(id: $id) { ... on Source { judgements { id holds } } } }`, {
      id: article1.id,
    });
    expect(onSource.node.judgements).toEqual([{ id: judged.judgeSameOrigin.id, holds: true }]);

    const history = await ok(`query($id: ID!) { history(id: $id) { operation } }`, { id: judged.judgeSameOrigin.id });
    expect(history.history.map((r: any) => r.operation)).toEqual(['judgeSameOrigin']);

    expect(
      await code(`mutation($ids: [ID!]!) { judgeSameOrigin(sourceIds: $ids, reason: "x") { id } }`, {
        ids: [article1.id],
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await code(
        `mutation($ids: [ID!]!) { judgeSameOrigin(sourceIds: $ids, reason: "x") { id } }`,
        { ids: [article1.id, article2.id] },
        VIEWERS.public,
      ),
    ).toBe('FORBIDDEN');

    const undone = await ok(
      `mutation($j: ID!) { undoSameOrigin(judgementId: $j, reason: "Different leaks") { holds undoReason } }`,
      {
        j: judged.judgeSameOrigin.id,
      },
    );
    expect(undone.undoSameOrigin).toEqual({ holds: false, undoReason: 'Different leaks' });
    expect(await count()).toEqual({ citationCount: 2, independentOrigins: 2, singleOrigin: false });
  });
});
