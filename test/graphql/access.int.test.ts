import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../src/policy/viewer';
import { seedBundle } from '../../src/main/seed/seed';
import { startTestApi, TestApi } from '../support/graphql';
import { openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

/**
 * The adversarial suite of issue 4: for each role, try to read protected
 * names and confidential material through every read path, and to write
 * without the role, and check that all of it fails closed and writes nothing.
 *
 * The Neo4j database is shared with other test files, so every secret here
 * carries this run's token and every assertion is about this run's records.
 */
describe.each(STORE_KINDS)('access control on the %s store', (kind) => {
  const run = randomUUID().slice(0, 8);
  // What must never reach a viewer below the record's level. Distinct words, so a leak anywhere is found by text.
  const SECRET = {
    name: `Khalidzzq ${run} Haddadzzq`,
    alias: `Abu Zzqfar ${run}`,
    description: `Lives above the bakery on street ${run}`,
    excerpt: `Khalidzzq ${run} told us he was held in the red building`,
    confidentialTitle: `Confidential interview record ${run}`,
    confidentialExcerpt: `the guard called Zzqguard ${run} beat prisoners`,
    restrictedName: `Restrictedzzq Person ${run}`,
    occupation: `baker of street ${run}`,
  };
  let opened: OpenedStore;
  let api: TestApi;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    api = await startTestApi(opened.store);
    const admin = VIEWERS.admin;

    const entity = async (input: Record<string, unknown>) =>
      (await ok(`mutation($i: CreateEntityInput!) { createEntity(input: $i) { id } }`, { i: input }, admin))
        .createEntity.id as string;
    const source = async (input: Record<string, unknown>) =>
      (await ok(`mutation($i: CreateSourceInput!) { createSource(input: $i) { id } }`, { i: input }, admin))
        .createSource.id as string;
    const claim = async (input: Record<string, unknown>) =>
      (await ok(`mutation($i: AssertClaimInput!) { assertClaim(input: $i) { id } }`, { i: input }, admin)).assertClaim
        .id as string;
    const cite = (sourceId: string, excerpt: string) => ({
      sourceId,
      locator: 'p. 3',
      excerpt,
      reliability: 'B',
      credibility: 2,
    });

    ids.witness = await entity({
      kind: 'PERSON',
      name: SECRET.name,
      aliases: [SECRET.alias],
      description: SECRET.description,
      protection: 'CONFIDENTIAL',
    });
    ids.restricted = await entity({ kind: 'PERSON', name: SECRET.restrictedName, access: 'RESTRICTED' });
    ids.publicPerson = await entity({ kind: 'PERSON', name: `Public Brother ${run}` });
    ids.publicSource = await source({ title: `Public report ${run}`, kind: 'REPORT' });
    ids.confidentialSource = await source({
      title: SECRET.confidentialTitle,
      kind: 'TESTIMONY',
      access: 'CONFIDENTIAL',
    });
    ids.witnessHeld = await claim({
      subjectId: ids.witness,
      predicate: 'DETAINED_AT',
      objectId: 'fac_sednaya',
      period: '2013/2015',
      note: `Interviewed ${SECRET.name} twice`,
      citations: [cite(ids.publicSource, SECRET.excerpt)],
    });
    ids.witnessJob = await claim({
      subjectId: ids.witness,
      predicate: 'OCCUPATION',
      text: SECRET.occupation,
      citations: [cite(ids.publicSource, `he worked as a ${SECRET.occupation}`)],
    });
    ids.brother = await claim({
      subjectId: ids.publicPerson,
      predicate: 'RELATIVE_OF',
      objectId: ids.witness,
      citations: [cite(ids.publicSource, `his brother`)],
    });
    ids.restrictedHeld = await claim({
      subjectId: ids.restricted,
      predicate: 'DETAINED_AT',
      objectId: 'fac_sednaya',
      citations: [cite(ids.publicSource, `a man held at Sednaya ${run}`)],
    });
    // A public person linked to Sednaya only through a confidential source: the link must not show below it.
    ids.guard = await entity({ kind: 'PERSON', name: `Guard ${run}` });
    ids.guardPost = await claim({
      subjectId: ids.guard,
      predicate: 'OFFICIAL_AT',
      objectId: 'fac_sednaya',
      citations: [cite(ids.confidentialSource, SECRET.confidentialExcerpt)],
    });
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
  });

  async function ok(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = VIEWERS.public) {
    const result = await api.run(query, variables, { viewer });
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, any>;
  }

  /** Every read path an investigator or a dashboard has, as one viewer. */
  async function readEverything(viewer: Viewer): Promise<{ text: string; results: Record<string, unknown> }> {
    const CITE = 'citations { id locator excerpt source { id title } }';
    const CLAIM = `id predicate note value: text subject { id name aliases description } object { id name } ${CITE}`;
    const queries: Record<string, [string, Record<string, unknown>]> = {
      node: [
        `query($id: ID!) { node(id: $id) { id ... on Entity { name aliases description } } }`,
        { id: ids.witness },
      ],
      nodes: [
        `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Entity { name } ... on Source { title } } }`,
        { ids: Object.values(ids) },
      ],
      people: [
        `query($n: String) { people(nameContains: $n, first: 50) { totalCount edges { node { id name } } } }`,
        { n: 'zzq' },
      ],
      peopleByAlias: [
        `query($n: String) { people(nameContains: $n) { totalCount edges { node { id name } } } }`,
        { n: 'Zzqfar' },
      ],
      search: [
        `query($t: String!) { search(text: $t, limit: 50) { matched entity { id name aliases } } }`,
        { t: SECRET.name },
      ],
      searchAlias: [`query($t: String!) { search(text: $t) { matched entity { id name } } }`, { t: SECRET.alias }],
      sources: [`{ sources(first: 100) { totalCount edges { node { id title } } } }`, {}],
      witness: [
        `query($id: ID!) { entity(id: $id) { id name aliases description protection
          claims { totalCount edges { node { ${CLAIM} } } }
          relations { predicate entity { id name } claim { id } }
          neighbourhood(depth: 2, limit: 200) { nodes { entity { id name } } edges { claim { id note } } }
          ... on Person { custody { entries { facility { id } claims { ${CLAIM} } } lastSeen { claim { id } } } } } }`,
        { id: ids.witness },
      ],
      sednaya: [
        `{ entity(id: "fac_sednaya") { ... on Facility {
          detainees { entity { id name aliases } claim { ${CLAIM} } }
          officials { entity { id name } claim { ${CLAIM} } } } } }`,
        {},
      ],
      brother: [
        `query($id: ID!) { entity(id: $id) { claims { edges { node { ${CLAIM} } } } relations { entity { id name } } } }`,
        { id: ids.publicPerson },
      ],
      claims: [
        `query($s: ID!) { claims(filter: { sourceId: $s }, first: 50) { totalCount edges { node { ${CLAIM} } } } }`,
        { s: ids.publicSource },
      ],
      confidentialSource: [
        `query($id: ID!) { source(id: $id) { id title dependents { claim { id } } } }`,
        { id: ids.confidentialSource },
      ],
      publicSource: [
        `query($id: ID!) { source(id: $id) { id title dependents { claim { id note } wouldLoseSupport } } }`,
        { id: ids.publicSource },
      ],
      traceGuard: [
        `query($id: ID!) { trace(claimId: $id) { claim { id } citations { citation { excerpt } } } }`,
        { id: ids.guardPost },
      ],
      traceWitness: [
        `query($id: ID!) { trace(claimId: $id) { claim { id note } citations { citation { excerpt } origins { id } } } }`,
        { id: ids.witnessHeld },
      ],
      connections: [
        `query($a: ID!, $b: ID!) { connections(from: $a, to: $b, maxHops: 3) { hops { from { id name } to { id name } claim { id } } } }`,
        { a: ids.guard, b: ids.publicPerson },
      ],
      dashboard: [
        `query($e: [ID!]) { dashboard(entityIds: $e) { entitiesByKind { kind count } facilities { facilityId detainees officials claims } } }`,
        { e: [ids.witness, ids.guard, ids.publicPerson, 'fac_sednaya'] },
      ],
    };
    const results: Record<string, unknown> = {};
    for (const [name, [query, variables]] of Object.entries(queries)) {
      results[name] = await api.run(query, variables, { viewer });
    }
    // Only what was answered: an error may repeat the id the viewer itself asked about.
    const answered = Object.values(results).map((r) => (r as { data?: unknown }).data ?? null);
    return { text: JSON.stringify(answered), results };
  }

  describe('as the anonymous public', () => {
    let seen: Awaited<ReturnType<typeof readEverything>>;
    beforeAll(async () => {
      seen = await readEverything(VIEWERS.public);
    });

    it('never shows a protected name, alias, description or the excerpts and notes about them, on any path', () => {
      for (const secret of [SECRET.name, SECRET.alias, SECRET.description, SECRET.excerpt, SECRET.occupation]) {
        expect(seen.text).not.toContain(secret);
      }
      expect(seen.text).not.toContain(`${run} Haddadzzq`);
      expect(seen.text).not.toContain('Khalidzzq');
    });

    it('never shows restricted or confidential records, nor their titles and excerpts', () => {
      for (const secret of [SECRET.confidentialTitle, SECRET.confidentialExcerpt, SECRET.restrictedName]) {
        expect(seen.text).not.toContain(secret);
      }
      for (const id of [
        ids.restricted,
        ids.confidentialSource,
        ids.guardPost,
        ids.restrictedHeld,
        ids.witnessJob,
        ids.brother,
      ]) {
        expect(seen.text).not.toContain(id);
      }
    });

    it('shows the protected person under a pseudonym, with custody claims but without what identifies them', () => {
      const witness = (seen.results.witness as any).data.entity;
      expect(witness.name).toMatch(/^Witness W-[2-9A-Z]{6}$/);
      expect(witness).toMatchObject({ aliases: [], description: null, protection: 'CONFIDENTIAL' });
      const claims = witness.claims.edges.map((e: any) => e.node);
      expect(claims.map((c: any) => c.id)).toEqual([ids.witnessHeld]);
      expect(claims[0]).toMatchObject({ note: null, subject: { name: witness.name } });
      expect(claims[0].citations[0]).toMatchObject({ locator: 'p. 3', excerpt: null });
      expect(witness.claims.totalCount).toBe(1);
      const detainees = (seen.results.sednaya as any).data.entity.detainees as any[];
      expect(detainees.find((d) => d.entity.id === ids.witness)?.entity.name).toBe(witness.name);
    });

    it('finds the protected person by pseudonym but not by real name or alias, in search and in lists', async () => {
      expect((seen.results.search as any).data.search.map((h: any) => h.entity.id)).not.toContain(ids.witness);
      expect((seen.results.searchAlias as any).data.search.map((h: any) => h.entity.id)).not.toContain(ids.witness);
      expect((seen.results.people as any).data.people.edges.map((e: any) => e.node.id)).not.toContain(ids.witness);
      expect((seen.results.peopleByAlias as any).data.people.totalCount).toBe(0);
      const pseudonym = (seen.results.witness as any).data.entity.name as string;
      const found = await ok(`query($t: String!) { search(text: $t) { entity { id name } } }`, { t: pseudonym });
      expect(found.search.map((h: any) => h.entity.id)).toContain(ids.witness);
    });

    it('answers a hidden id exactly as a missing one', async () => {
      const missing = `per_${randomUUID().replace(/-/g, '')}`;
      const ask = async (id: string) => {
        const r = await api.run(`query($id: ID!) { entity(id: $id) { id } }`, { id }, { viewer: VIEWERS.public });
        return { code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message.replace(id, '<id>') };
      };
      expect(await ask(ids.restricted)).toEqual(await ask(missing));
      expect((await ask(missing)).code).toBe('NOT_FOUND');
      const trace = (seen.results.traceGuard as any).errors[0];
      expect(trace.extensions.code).toBe('NOT_FOUND');
      expect((seen.results.confidentialSource as any).errors[0].extensions.code).toBe('NOT_FOUND');
      expect((seen.results.node as any).data.node.name).toMatch(/^Witness W-/);
    });

    it('finds no path through what it may not see, and counts only what it may see', () => {
      // guard -OFFICIAL_AT(confidential source)- Sednaya -DETAINED_AT- witness -RELATIVE_OF(identifying)- brother
      expect((seen.results.connections as any).data.connections).toEqual([]);
      expect((seen.results.dashboard as any).errors).toBeUndefined();
      const dashboard = (seen.results.dashboard as any).data.dashboard;
      const people = dashboard.entitiesByKind.find((k: any) => k.kind === 'PERSON');
      expect(people.count).toBe(3); // witness, guard, brother
      expect((seen.results.sources as any).data.sources.edges.length).toBeGreaterThan(0);
    });

    it('lists, page after page, the public source but never the confidential one', async () => {
      // Every page: the shared database holds other test files' sources too.
      const listed: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 1000; page++) {
        const data = await ok(
          `query($after: String) { sources(first: 100, after: $after) { edges { cursor node { id title } } pageInfo { hasNextPage } } }`,
          { after },
        );
        const edges = data.sources.edges as any[];
        listed.push(...edges.map((e) => e.node.id as string));
        expect(JSON.stringify(edges)).not.toContain(SECRET.confidentialTitle);
        if (!data.sources.pageInfo.hasNextPage) break;
        after = edges[edges.length - 1].cursor;
      }
      expect(listed).toContain(ids.publicSource);
      expect(listed).not.toContain(ids.confidentialSource);
    });
  });

  it('counts on dashboards only what each viewer may see', async () => {
    // A facility of this run's own: the shared database gains Sednaya detainees from other test files meanwhile.
    const branch = (
      await ok(
        `mutation { createEntity(input: { kind: FACILITY, name: "Branch ${run}", facilityType: BRANCH }) { id } }`,
        {},
        VIEWERS.admin,
      )
    ).createEntity.id as string;
    const at = async (subjectId: string, predicate: string, sourceId: string) =>
      ok(
        `mutation($i: AssertClaimInput!) { assertClaim(input: $i) { id } }`,
        {
          i: {
            subjectId,
            predicate,
            objectId: branch,
            citations: [{ sourceId, locator: 'p. 1', excerpt: 'held there', reliability: 'B', credibility: 2 }],
          },
        },
        VIEWERS.admin,
      );
    const detainee = (
      await ok(`mutation { createEntity(input: { kind: PERSON, name: "Detainee ${run}" }) { id } }`, {}, VIEWERS.admin)
    ).createEntity.id as string;
    await at(detainee, 'DETAINED_AT', ids.publicSource);
    await at(ids.restricted, 'DETAINED_AT', ids.publicSource);
    await at(ids.guard, 'OFFICIAL_AT', ids.confidentialSource);
    const counts = async (viewer: Viewer) =>
      (
        await ok(
          `query($e: [ID!]) { dashboard(entityIds: $e) { facilities { facilityId detainees officials } } }`,
          { e: [branch] },
          viewer,
        )
      ).dashboard.facilities.find((f: any) => f.facilityId === branch);
    expect(await counts(VIEWERS.public)).toMatchObject({ detainees: 1, officials: 0 });
    expect(await counts(VIEWERS.analyst)).toMatchObject({ detainees: 2, officials: 0 });
    expect(await counts(VIEWERS.legal)).toMatchObject({ detainees: 2, officials: 1 });
  });

  describe('as an analyst (RESTRICTED)', () => {
    let seen: Awaited<ReturnType<typeof readEverything>>;
    beforeAll(async () => {
      seen = await readEverything(VIEWERS.analyst);
    });

    it('sees restricted records but neither the confidential protected name nor confidential sources', () => {
      expect(seen.text).toContain(SECRET.restrictedName);
      for (const secret of [
        SECRET.name,
        SECRET.alias,
        SECRET.excerpt,
        SECRET.confidentialTitle,
        SECRET.confidentialExcerpt,
      ]) {
        expect(seen.text).not.toContain(secret);
      }
      expect((seen.results.traceGuard as any).errors[0].extensions.code).toBe('NOT_FOUND');
    });

    it('cannot overwrite a protected person it sees only under a pseudonym, nor change access levels', async () => {
      const update = await api.run(
        `mutation($id: ID!) { updateEntity(id: $id, input: { description: "x" }) { id } }`,
        { id: ids.witness },
        { viewer: VIEWERS.analyst },
      );
      expect(update.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      const level = await api.run(
        `mutation($id: ID!) { setAccessLevel(id: $id, access: PUBLIC, reason: "x") { id } }`,
        { id: ids.confidentialSource },
        { viewer: VIEWERS.analyst },
      );
      expect(level.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      const create = await api.run(
        `mutation { createSource(input: { title: "t", kind: REPORT, access: CONFIDENTIAL }) { id } }`,
        {},
        { viewer: VIEWERS.analyst },
      );
      expect(create.errors![0]).toMatchObject({
        message: expect.stringMatching(/To set access to CONFIDENTIAL you need CONFIDENTIAL clearance/),
        extensions: { code: 'FORBIDDEN', neededClearance: 'CONFIDENTIAL' },
      });
    });
  });

  describe('as the legal team (CONFIDENTIAL)', () => {
    it('sees the real name, the confidential source and the path through it', async () => {
      const seen = await readEverything(VIEWERS.legal);
      for (const secret of [SECRET.name, SECRET.alias, SECRET.excerpt, SECRET.confidentialTitle, SECRET.occupation]) {
        expect(seen.text).toContain(secret);
      }
      const search = (seen.results.search as any).data.search.map((h: any) => h.entity.id);
      expect(search).toContain(ids.witness);
      const paths = (seen.results.connections as any).data.connections;
      expect(paths.length).toBeGreaterThan(0);
      expect(paths[0].hops.map((h: any) => h.claim.id)).toEqual([ids.guardPost, ids.witnessHeld, ids.brother]);
    });
  });

  describe('writes', () => {
    it('refuses every write without the role, naming the role needed, and changes nothing', async () => {
      const before = await opened.store.counts();
      const writes: [string, Record<string, unknown>][] = [
        [`mutation { createEntity(input: { kind: PERSON, name: "Intruder" }) { id } }`, {}],
        [`mutation { createSource(input: { title: "Intruder", kind: REPORT }) { id } }`, {}],
        [
          `mutation($s: ID!) { assertClaim(input: { subjectId: "fac_sednaya", predicate: "DEATH_COUNT", quantity: { amount: 1, unit: "people" }, citations: [{ sourceId: $s, locator: "p. 1", excerpt: "x", reliability: A, credibility: 1 }] }) { id } }`,
          { s: ids.publicSource },
        ],
        [`mutation($id: ID!) { retractClaim(id: $id, reason: "x") { id } }`, { id: ids.witnessHeld }],
        [`mutation($id: ID!) { rankClaim(id: $id, rank: PREFERRED, reason: "x") { id } }`, { id: ids.witnessHeld }],
        [`mutation($id: ID!) { protectPerson(id: $id, protection: null, reason: "x") { id } }`, { id: ids.witness }],
      ];
      for (const [mutation, variables] of writes) {
        const r = await api.run(mutation, variables, { viewer: VIEWERS.public });
        expect(r.data).toBeNull();
        expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
        expect(r.errors![0]!.message).toMatch(/you need the (ANALYST|ADMIN) role/);
      }
      expect(await opened.store.counts()).toEqual(before);
    });

    it('lets an admin protect a person after the fact: their claims and excerpts follow at once', async () => {
      const person = (
        await ok(
          `mutation { createEntity(input: { kind: PERSON, name: "Latezzq Zzqwitness ${run}" }) { id } }`,
          {},
          VIEWERS.analyst,
        )
      ).createEntity.id as string;
      await ok(
        `mutation($p: ID!, $s: ID!) { assertClaim(input: { subjectId: $p, predicate: "DETAINED_AT", objectId: "fac_sednaya", citations: [{ sourceId: $s, locator: "p. 9", excerpt: "Latezzq ${run} was held", reliability: B, credibility: 2 }] }) { id } }`,
        { p: person, s: ids.publicSource },
        VIEWERS.analyst,
      );
      // A claim about the prison, in the same document, that names the person in passing.
      const aside = (
        await ok(
          `mutation($s: ID!) { assertClaim(input: { subjectId: "fac_sednaya", predicate: "CONDITION", text: "cells without light", citations: [{ sourceId: $s, locator: "p. 10", excerpt: "cells without light, said Latezzq Zzqwitness ${run} afterwards", reliability: B, credibility: 2 }] }) { id } }`,
          { s: ids.publicSource },
          VIEWERS.analyst,
        )
      ).assertClaim.id as string;
      const result = await ok(
        `mutation($p: ID!) { protectPerson(id: $p, protection: RESTRICTED, reason: "Witness asked for protection") { protection claimsRecomputed } }`,
        { p: person },
        VIEWERS.admin,
      );
      expect(result.protectPerson).toEqual({ protection: 'RESTRICTED', claimsRecomputed: 2 });
      const passing = await ok(`query($id: ID!) { claim(id: $id) { citations { excerpt } } }`, { id: aside });
      expect(passing.claim.citations[0].excerpt).toBeNull();
      const forAnalyst = await ok(
        `query($id: ID!) { claim(id: $id) { citations { excerpt } } }`,
        { id: aside },
        VIEWERS.analyst,
      );
      expect(forAnalyst.claim.citations[0].excerpt).toContain(`Latezzq Zzqwitness ${run}`);
      const seen = await ok(
        `query($p: ID!) { entity(id: $p) { name claims { edges { node { citations { excerpt } } } } } }`,
        { p: person },
      );
      expect(seen.entity.name).toMatch(/^Witness W-/);
      expect(seen.entity.claims.edges[0].node.citations[0].excerpt).toBeNull();
      const found = await ok(`query($t: String!) { search(text: $t) { entity { id } } }`, { t: `Latezzq ${run}` });
      expect(found.search).toEqual([]);
    });
  });

  it('withholds the words of any new citation that names a protected person, whoever its claim is about', async () => {
    const claim = (
      await ok(
        `mutation($s: ID!, $e: String!) { assertClaim(input: { subjectId: "fac_sednaya", predicate: "CONDITION", text: "overcrowding", note: "told to us in the second interview", citations: [{ sourceId: $s, locator: "p. 11", excerpt: $e, reliability: B, credibility: 2 }] }) { id } }`,
        { s: ids.publicSource, e: `overcrowding, as ${SECRET.name} described it` },
        VIEWERS.admin,
      )
    ).assertClaim.id as string;
    const query = `query($id: ID!) { claim(id: $id) { text note citations { excerpt } } }`;
    const asPublic = await ok(query, { id: claim });
    expect(asPublic.claim).toEqual({ text: 'overcrowding', note: null, citations: [{ excerpt: null }] });
    const asLegal = await ok(query, { id: claim }, VIEWERS.legal);
    expect(asLegal.claim.citations[0].excerpt).toContain(SECRET.name);
    expect(asLegal.claim.note).toBe('told to us in the second interview');
  });

  describe('hostile strings', () => {
    const PAYLOADS = [
      `x' OR 1=1 //`,
      `"}) MATCH (n) DETACH DELETE n //`,
      '`) CALL db.labels() //',
      '*:* OR name:*',
      '\\u0000\u0000',
      '${process.exit()}',
    ];

    it('are data, never code: every string input is answered or refused with a clear error, and nothing changes', async () => {
      const before = await opened.store.counts();
      for (const payload of PAYLOADS) {
        const reads: [string, Record<string, unknown>][] = [
          [`query($t: String!) { search(text: $t) { entity { id } } }`, { t: payload }],
          [`query($t: String) { entities(nameContains: $t) { totalCount } }`, { t: payload }],
          [`query($t: ID!) { entity(id: $t) { id } }`, { t: payload }],
          [`query($t: ID!) { node(id: $t) { id } }`, { t: payload }],
          [`query($t: ID!) { trace(claimId: $t) { claim { id } } }`, { t: payload }],
          [`query($t: String!) { claims(filter: { predicates: [$t] }) { totalCount } }`, { t: payload }],
          [`query($t: ID!) { connections(from: $t, to: "fac_sednaya") { length } }`, { t: payload }],
          [
            `query($t: String) { entity(id: "fac_sednaya") { ... on Facility { detainees(during: $t) { claim { id } } } } }`,
            { t: payload },
          ],
          [
            `mutation($t: String!) { createEntity(input: { kind: PERSON, name: "ok", aliases: [$t], date: $t }) { id } }`,
            { t: payload },
          ],
        ];
        for (const [query, variables] of reads) {
          const r = await api.run(query, variables, { viewer: VIEWERS.analyst });
          for (const error of r.errors ?? []) {
            expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(error.extensions!.code);
            expect(error.extensions!.stacktrace).toBeUndefined();
            expect(error.message).not.toMatch(/Neo4j|Cypher|neo4j|at .*\.ts:\d+/);
          }
        }
      }
      expect(await opened.store.counts()).toEqual(before);
      // The graph is intact: the seed case still answers.
      const sednaya = await ok(`{ entity(id: "fac_sednaya") { name } }`);
      expect(sednaya.entity.name).toBe('Sednaya Prison');
    });
  });
});
