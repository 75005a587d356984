import { seedBundle } from '../../src/main/seed/seed';
import type { Viewer } from '../../src/policy/viewer';
import { startTestApi, TestApi } from '../support/graphql';
import { openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

/** "What did we assert about this facility on 1 March?": reads with asOf, on both stores. */
describe.each(STORE_KINDS)('reading the past with asOf on the %s store', (kind) => {
  let opened: OpenedStore;
  let api: TestApi;

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    api = await startTestApi(opened.store, { viewer: VIEWERS.analyst });
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
  });

  async function ok(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = VIEWERS.analyst) {
    const result = await api.run(query, variables, { viewer });
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, any>;
  }

  const tick = () => new Promise((resolve) => setTimeout(resolve, 15));
  const cite = {
    sourceId: 'src_article_000',
    locator: 'para. 1',
    excerpt: 'the words',
    reliability: 'C',
    credibility: 3,
  };

  it('answers with the names, claims and statuses of the time, and nothing written since', async () => {
    const facility = (
      await ok(
        `mutation { createEntity(input: { kind: FACILITY, name: "Branch As-Of Old Name", facilityType: BRANCH }) { id } }`,
      )
    ).createEntity.id as string;
    const first = (
      await ok(`mutation($i: AssertClaimInput!) { assertClaim(input: $i) { id } }`, {
        i: {
          subjectId: facility,
          predicate: 'DEATH_COUNT',
          quantity: { amount: 100, unit: 'people' },
          citations: [cite],
        },
      })
    ).assertClaim.id as string;
    await tick();
    const then = new Date().toISOString();
    await tick();
    await ok(`mutation($id: ID!) { disputeClaim(id: $id, reason: "A later count disagrees") { id } }`, { id: first });
    await ok(`mutation($id: ID!) { rankClaim(id: $id, rank: DEPRECATED, reason: "Superseded") { id } }`, { id: first });
    const second = (
      await ok(`mutation($i: AssertClaimInput!) { assertClaim(input: $i) { id } }`, {
        i: {
          subjectId: facility,
          predicate: 'DEATH_COUNT',
          quantity: { amount: 250, unit: 'people' },
          citations: [cite],
        },
      })
    ).assertClaim.id as string;
    await ok(`mutation($id: ID!) { updateEntity(id: $id, input: { name: "Branch As-Of New Name" }) { id } }`, {
      id: facility,
    });

    const query = `query($id: ID!, $at: String) { entity(id: $id, asOf: $at) { name
      claims { totalCount edges { node { id status statusReason rank quantity { amount } } } } } }`;
    const past = (await ok(query, { id: facility, at: then })).entity;
    expect(past.name).toBe('Branch As-Of Old Name');
    expect(past.claims.edges.map((e: any) => e.node)).toEqual([
      { id: first, status: 'ASSERTED', statusReason: null, rank: 'NORMAL', quantity: { amount: 100 } },
    ]);
    const now = (await ok(query, { id: facility, at: null })).entity;
    expect(now.name).toBe('Branch As-Of New Name');
    const byId = new Map(now.claims.edges.map((e: any) => [e.node.id, e.node]));
    expect(byId.get(first)).toMatchObject({ status: 'DISPUTED', rank: 'DEPRECATED' });
    expect(byId.has(second)).toBe(true);

    const claim = await ok(`query($id: ID!, $at: String) { claim(id: $id, asOf: $at) { status } }`, {
      id: first,
      at: then,
    });
    expect(claim.claim.status).toBe('ASSERTED');
    const missing = await api.run(
      `query($id: ID!, $at: String) { claim(id: $id, asOf: $at) { id } }`,
      { id: second, at: then },
      { viewer: VIEWERS.analyst },
    );
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it("applies today's protection to the past: a person protected since is not exposed by asking about before", async () => {
    const person = (await ok(`mutation { createEntity(input: { kind: PERSON, name: "Asofzzq Zzqwitness" }) { id } }`))
      .createEntity.id as string;
    await tick();
    const then = new Date().toISOString();
    await tick();
    await ok(
      `mutation($id: ID!) { protectPerson(id: $id, protection: RESTRICTED, reason: "asked for protection") { id } }`,
      { id: person },
      VIEWERS.admin,
    );
    // A later edit, so the past state is read back from the audit trail, where the person was not yet protected.
    await ok(`mutation($id: ID!) { updateEntity(id: $id, input: { description: "edited since" }) { id } }`, {
      id: person,
    });
    const query = `query($id: ID!, $at: String) { entity(id: $id, asOf: $at) { name description } }`;
    const past = await ok(query, { id: person, at: then }, VIEWERS.public);
    expect(past.entity).toEqual({ name: expect.stringMatching(/^Witness W-/), description: null });
    const pastForAnalyst = await ok(query, { id: person, at: then }, VIEWERS.analyst);
    expect(pastForAnalyst.entity).toEqual({ name: 'Asofzzq Zzqwitness', description: null });
  });

  it('refuses two moments in one operation, a time in the future, and what is not a date', async () => {
    const two = await api.run(
      `{ a: entity(id: "fac_sednaya", asOf: "2025-01-01") { id } b: entity(id: "fac_sednaya", asOf: "2025-02-01") { id } }`,
    );
    expect(two.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/One asOf per operation/),
    });
    const future = await api.run(`{ entity(id: "fac_sednaya", asOf: "2999-01-01") { id } }`);
    expect(future.errors![0]!.message).toMatch(/in the future/);
    const garbage = await api.run(`{ entity(id: "fac_sednaya", asOf: "last spring") { id } }`);
    expect(garbage.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});
