import { seedBundle } from '../../src/main/seed/seed';
import { citeInput as cite, startTestApi, TestApi } from '../support/graphql';
import { countingStore, openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

const PILOT = 'per_0a71bf49fb93';
const SEED_CLAIMS = new Set(seedBundle().claims.map((c) => c.claim.id));

/** Custody timelines, neighbourhoods and claim ranking, on both stores, over GraphQL. */
describe.each(STORE_KINDS)('investigator queries on the %s store', (kind) => {
  let opened: OpenedStore;
  let api: TestApi;
  let counted: ReturnType<typeof countingStore>;

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    counted = countingStore(opened.store);
    api = await startTestApi(counted.store, { viewer: VIEWERS.analyst });
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
  });

  async function ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await api.run<T>(query, variables);
    expect(result.errors).toBeUndefined();
    return result.data!;
  }

  async function create(kindName: string, name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const data = await ok(`mutation($input: CreateEntityInput!) { createEntity(input: $input) { id } }`, {
      input: { kind: kindName, name, ...extra },
    });
    return data.createEntity.id as string;
  }

  async function assert(input: Record<string, unknown>): Promise<string> {
    const data = await ok(`mutation($input: AssertClaimInput!) { assertClaim(input: $input) { id } }`, {
      input: { citations: [cite()], ...input },
    });
    return data.assertClaim.id as string;
  }

  const CUSTODY = `custody {
    entries { kind order orderReason period { edtf earliest latest } facility { id name } began ended
      claims { id predicate citations { locator excerpt source { id } } } }
    lastSeen { date { edtf } predicate at { id } claim { id } }
  }`;

  describe('Person.custody', () => {
    it("gives the pilot's spell at Sednaya up to his release, not from his 1981 arrest, with its claims", async () => {
      const data = await ok(`{ entity(id: "${PILOT}") { ... on Person { ${CUSTODY} } } }`);
      const custody = data.entity.custody;
      expect(custody.entries).toHaveLength(1);
      const [spell] = custody.entries;
      expect(spell).toMatchObject({
        kind: 'CUSTODY',
        order: 'DATED',
        // 1981 is when he was jailed, not when he came to Sednaya: the stay's start is unknown.
        period: { edtf: '/2024-12-08', earliest: null, latest: '2024-12-08' },
        facility: { id: 'fac_sednaya' },
        began: 'UNKNOWN',
        ended: 'RELEASE',
      });
      const ids = spell.claims.map((c: any) => c.id);
      expect(ids).toEqual(expect.arrayContaining(['clm_pilot_detained_at_sednaya', 'clm_pilot_released_from_sednaya']));
      expect(ids).not.toContain('clm_pilot_victim_of_jailing');
      for (const claim of spell.claims) {
        expect(claim.citations.length).toBeGreaterThan(0);
        for (const c of claim.citations) expect(c.locator).toMatch(/^para\. \d+$/);
      }
      expect(custody.lastSeen).toMatchObject({
        predicate: 'RELEASED_FROM',
        date: { edtf: '2024-12-08' },
        at: { id: 'fac_sednaya' },
        claim: { id: 'clm_pilot_released_from_sednaya' },
      });
    });

    it('orders spells, names the gap between them and the unknown whereabouts after the last one', async () => {
      const person = await create('PERSON', 'Timeline Test Detainee');
      const branch = await create('FACILITY', 'Timeline Test Branch', { facilityType: 'BRANCH' });
      const prison = await create('FACILITY', 'Timeline Test Prison', { facilityType: 'PRISON' });
      const third = await create('FACILITY', 'Timeline Test Airport', { facilityType: 'AIRPORT' });
      await assert({ subjectId: person, predicate: 'DETAINED_AT', objectId: prison, period: '2015/2016' });
      await assert({ subjectId: person, predicate: 'DETAINED_AT', objectId: branch, period: '2012-03/2012-09' });
      await assert({ subjectId: person, predicate: 'DETAINED_AT', objectId: third, period: '2017/2017-06' });
      const retracted = await assert({ subjectId: person, predicate: 'DETAINED_AT', objectId: third, period: '2010' });
      await ok(`mutation($id: ID!) { retractClaim(id: $id, reason: "Another man of the same name") { id } }`, {
        id: retracted,
      });

      counted.calls.length = 0;
      const data = await ok(`query($id: ID!) { entity(id: $id) { ... on Person { ${CUSTODY} } } }`, { id: person });
      const entries = data.entity.custody.entries.map((e: any) => [
        e.kind,
        e.facility?.id ?? null,
        e.period.edtf,
        e.began,
        e.ended,
      ]);
      expect(entries).toEqual([
        ['CUSTODY', branch, '2012-03/2012-09', 'UNKNOWN', 'UNKNOWN'],
        ['WHEREABOUTS_UNKNOWN', null, '2012-10-01/2014-12-31', 'UNKNOWN', 'UNKNOWN'],
        ['CUSTODY', prison, '2015/2016', 'UNKNOWN', 'TRANSFER'],
        ['CUSTODY', third, '2017/2017-06', 'TRANSFER', 'UNKNOWN'],
        ['WHEREABOUTS_UNKNOWN', null, '2017-07-01/..', 'UNKNOWN', 'UNKNOWN'],
      ]);
      expect(data.entity.custody.lastSeen).toMatchObject({ predicate: 'DETAINED_AT', at: { id: third } });
      // The timeline and everything in it: a handful of batched store calls, not one per spell or citation.
      expect(counted.calls.length).toBeLessThanOrEqual(8);
    });

    it("leaves the order of Safi al-Yassin's undated spells unknown: the articles do not say which came first", async () => {
      const data = await ok(`{ entity(id: "per_f0a6cbc33a5e") { ... on Person { ${CUSTODY} } } }`);
      const entries = data.entity.custody.entries.map((e: any) => [e.facility.id, e.order, e.began, e.ended]);
      expect(entries).toEqual([
        ['fac_aleppo_unnamed_prison', 'UNKNOWN', 'UNKNOWN', 'RELEASE'],
        ['fac_sednaya', 'UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
      ]);
      for (const e of data.entity.custody.entries) expect(e.orderReason).toMatch(/no meaningful order/);
    });

    it('places undated spells by transfers the claims state, and orders nothing by transfers that conflict', async () => {
      const person = await create('PERSON', 'Transfer Test Detainee Qorvath');
      const first = await create('FACILITY', 'Transfer Test Branch', { facilityType: 'BRANCH' });
      const second = await create('FACILITY', 'Transfer Test Prison', { facilityType: 'PRISON' });
      const loose = await create('FACILITY', 'Transfer Test Airport', { facilityType: 'AIRPORT' });
      const move = await create('EVENT', 'Transfer Test Move', { eventType: 'TRANSFER' });
      await assert({ subjectId: person, predicate: 'DETAINED_AT', objectId: first, period: '2014/2015' });
      await assert({ subjectId: person, predicate: 'DETAINED_AT', objectId: second });
      await assert({ subjectId: person, predicate: 'DETAINED_AT', objectId: loose });
      await assert({ subjectId: person, predicate: 'VICTIM_OF', objectId: move });
      await assert({ subjectId: move, predicate: 'TRANSFERRED_FROM', objectId: first });
      const into = await assert({ subjectId: move, predicate: 'TRANSFERRED_TO', objectId: second });

      const query = `query($id: ID!) { entity(id: $id) { ... on Person { ${CUSTODY} } } }`;
      const rows = (data: any) =>
        data.entity.custody.entries.map((e: any) => [e.kind, e.facility?.id ?? null, e.order, e.began, e.ended]);
      const stated = await ok(query, { id: person });
      expect(rows(stated)).toEqual([
        ['CUSTODY', first, 'DATED', 'UNKNOWN', 'TRANSFER'],
        ['CUSTODY', second, 'STATED', 'TRANSFER', 'UNKNOWN'],
        ['CUSTODY', loose, 'UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
      ]);
      expect(stated.entity.custody.entries[1].claims.map((c: any) => c.id)).toContain(into);

      // A second move, back the other way: the two transfers conflict, and neither orders anything.
      const back = await create('EVENT', 'Transfer Test Move Back', { eventType: 'TRANSFER' });
      await assert({ subjectId: person, predicate: 'VICTIM_OF', objectId: back });
      await assert({ subjectId: back, predicate: 'TRANSFERRED_FROM', objectId: second });
      await assert({ subjectId: back, predicate: 'TRANSFERRED_TO', objectId: first });
      const conflicting = await ok(query, { id: person });
      expect(rows(conflicting)).toEqual([
        ['CUSTODY', first, 'DATED', 'UNKNOWN', 'UNKNOWN'],
        ['WHEREABOUTS_UNKNOWN', null, 'DATED', 'UNKNOWN', 'UNKNOWN'],
        ...[
          ['CUSTODY', second, 'UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
          ['CUSTODY', loose, 'UNKNOWN', 'UNKNOWN', 'UNKNOWN'],
        ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
      ]);
      expect(conflicting.entity.custody.entries.find((e: any) => e.facility?.id === second).orderReason).toMatch(
        /conflicting orders/,
      );
    });

    it('offers custody on people only: a facility has no such field', async () => {
      const result = await api.run(`{ entity(id: "fac_sednaya") { ... on Person { custody { entries { kind } } } } }`);
      // The fragment does not apply to a facility: no field, no error.
      expect(result.errors).toBeUndefined();
      expect(result.data!.entity).toEqual({});
    });
  });

  describe('Entity.neighbourhood', () => {
    const NEIGHBOURHOOD = (depth: number, limit: number) => `neighbourhood(depth: ${depth}, limit: ${limit}) {
      nodes { distance entity { id name __typename } }
      edges { from to predicate citationCount claim { id status } }
      truncated
    }`;

    it('draws Sednaya and the people, places and events one claim away, each edge a cited claim', async () => {
      counted.calls.length = 0;
      const data = await ok(`{ entity(id: "fac_sednaya") { ${NEIGHBOURHOOD(1, 200)} } }`);
      const { nodes, edges } = data.entity.neighbourhood;
      expect(nodes[0]).toEqual({
        distance: 0,
        entity: { id: 'fac_sednaya', name: expect.any(String), __typename: 'Facility' },
      });
      const ids = new Set(nodes.map((n: any) => n.entity.id));
      for (const id of [PILOT, 'per_f0a6cbc33a5e', 'fac_sednaya_red_building', 'plc_saydnaya'])
        expect(ids).toContain(id);
      expect(nodes.slice(1).every((n: any) => n.distance === 1)).toBe(true);
      for (const edge of edges) {
        expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true);
        expect(edge.claim.status).not.toBe('RETRACTED');
        if (SEED_CLAIMS.has(edge.claim.id)) expect(edge.citationCount).toBeGreaterThan(0);
      }
      expect(edges).toContainEqual(
        expect.objectContaining({
          from: PILOT,
          to: 'fac_sednaya',
          predicate: 'DETAINED_AT',
          claim: expect.objectContaining({ id: 'clm_pilot_detained_at_sednaya' }),
        }),
      );
      expect(counted.calls.length).toBeLessThanOrEqual(6);
    });

    it('walks further with depth, stops at the limit and says so', async () => {
      const deeper = await ok(`{ entity(id: "${PILOT}") { ${NEIGHBOURHOOD(2, 200)} } }`);
      const byId = new Map(deeper.entity.neighbourhood.nodes.map((n: any) => [n.entity.id, n.distance]));
      expect(byId.get('fac_sednaya')).toBe(1);
      expect(byId.get('per_f0a6cbc33a5e')).toBe(2);

      const cut = await ok(`{ entity(id: "fac_sednaya") { ${NEIGHBOURHOOD(2, 3)} } }`);
      expect(cut.entity.neighbourhood.nodes).toHaveLength(3);
      expect(cut.entity.neighbourhood.truncated).toBe(true);
    });

    it('refuses a depth or limit out of range with a clear error', async () => {
      const result = await api.run(`{ entity(id: "fac_sednaya") { ${NEIGHBOURHOOD(4, 10)} } }`);
      expect(result.errors![0]).toMatchObject({
        message: expect.stringMatching(/depth must be a whole number from 1 to 3/),
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const limit = await api.run(`{ entity(id: "fac_sednaya") { ${NEIGHBOURHOOD(1, 5000)} } }`);
      expect(limit.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('rankClaim', () => {
    it('ranks one figure preferred and another deprecated, with reasons; both stay, and conflicts show the ranks', async () => {
      const prison = await create('FACILITY', 'Ranking Test Prison', { facilityType: 'PRISON' });
      const low = await assert({
        subjectId: prison,
        predicate: 'DEATH_COUNT',
        quantity: { amount: 5000, qualifier: 'UP_TO', unit: 'people' },
        period: '2011/2013',
      });
      const high = await assert({
        subjectId: prison,
        predicate: 'DEATH_COUNT',
        quantity: { amount: 30000, qualifier: 'MORE_THAN', unit: 'people' },
        period: '2011/2013',
      });
      const ranked = await ok(
        `mutation($id: ID!) { rankClaim(id: $id, rank: DEPRECATED, reason: "Superseded by the NGO's own later count") { id rank rankReason status } }`,
        { id: low },
      );
      expect(ranked.rankClaim).toEqual({
        id: low,
        rank: 'DEPRECATED',
        rankReason: "Superseded by the NGO's own later count",
        status: 'ASSERTED',
      });
      await ok(`mutation($id: ID!) { rankClaim(id: $id, rank: PREFERRED, reason: "Later, fuller count") { id } }`, {
        id: high,
      });

      const data = await ok(
        `query($id: ID!) { entity(id: $id) { claims { totalCount edges { node { id rank rankReason } } }
          conflicts { left { id rank } right { id rank } } } }`,
        { id: prison },
      );
      expect(data.entity.claims.totalCount).toBe(2);
      const ranks = Object.fromEntries(data.entity.claims.edges.map((e: any) => [e.node.id, e.node.rank]));
      expect(ranks).toEqual({ [low]: 'DEPRECATED', [high]: 'PREFERRED' });
      expect(data.entity.conflicts).toHaveLength(1);
      const sides = [data.entity.conflicts[0].left, data.entity.conflicts[0].right];
      expect(sides).toEqual(
        expect.arrayContaining([
          { id: low, rank: 'DEPRECATED' },
          { id: high, rank: 'PREFERRED' },
        ]),
      );
    });

    it('refuses a rank without a reason, on a retracted claim, or on a missing claim, changing nothing', async () => {
      const person = await create('PERSON', 'Ranking Refusal Person');
      const claim = await assert({ subjectId: person, predicate: 'OCCUPATION', text: 'pharmacist' });
      const noReason = await api.run(`mutation($id: ID!) { rankClaim(id: $id, rank: PREFERRED, reason: " ") { id } }`, {
        id: claim,
      });
      expect(noReason.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      await ok(`mutation($id: ID!) { retractClaim(id: $id, reason: "Wrong person") { id } }`, { id: claim });
      const retracted = await api.run(
        `mutation($id: ID!) { rankClaim(id: $id, rank: PREFERRED, reason: "x") { id } }`,
        { id: claim },
      );
      expect(retracted.errors![0]).toMatchObject({
        message: expect.stringMatching(/retracted .* cannot be ranked/),
        extensions: { code: 'CONFLICT' },
      });
      const missing = await api.run(
        `mutation { rankClaim(id: "clm_does_not_exist", rank: PREFERRED, reason: "x") { id } }`,
      );
      expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
      const after = await ok(`query($id: ID!) { claim(id: $id) { rank rankReason status } }`, { id: claim });
      expect(after.claim).toEqual({ rank: 'NORMAL', rankReason: null, status: 'RETRACTED' });
    });
  });
});
