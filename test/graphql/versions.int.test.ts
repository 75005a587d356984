import { seedBundle } from '../../src/main/seed/seed';
import { AccessLevel, Role, type Viewer } from '../../src/policy/viewer';
import { expectNothingWritten, snapshot } from '../contract/concurrency.contract';
import { citeInput as cite, startTestApi, TestApi } from '../support/graphql';
import { openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

/**
 * `version` and `expectedVersion` through the API: every record says its
 * version, every update takes the version the client read, and one made at
 * another version is refused with CONFLICT, writing nothing. Levels above the
 * writer's clearance are refused with FORBIDDEN. Concurrent writers are in
 * test/contract/concurrency.contract.ts.
 */
describe.each(STORE_KINDS)('record versions through the API on the %s store', (kind) => {
  let opened: OpenedStore;
  let api: TestApi;
  const analyst = { viewer: VIEWERS.analyst };
  const admin = { viewer: VIEWERS.admin };

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

  async function ok(query: string, variables: Record<string, unknown> = {}, as = analyst): Promise<any> {
    const result = await api.run(query, variables, as);
    expect(result.errors).toBeUndefined();
    return result.data;
  }

  async function createPerson(name: string): Promise<string> {
    const data = await ok(`mutation($name: String!) { createEntity(input: { kind: PERSON, name: $name }) { id } }`, {
      name,
    });
    return data.createEntity.id as string;
  }

  async function createClaim(): Promise<string> {
    const subjectId = await createPerson('Versioned Claim Person');
    const data = await ok(`mutation($input: AssertClaimInput!) { assertClaim(input: $input) { id version } }`, {
      input: { subjectId, predicate: 'OCCUPATION', text: 'teacher', citations: [cite()] },
    });
    expect(data.assertClaim.version).toBe(1);
    return data.assertClaim.id as string;
  }

  const versionOf = async (id: string): Promise<number> =>
    (
      await ok(
        `query($id: ID!) { node(id: $id) { ... on Entity { version } ... on Source { version } ... on Claim { version } } }`,
        { id },
        admin,
      )
    ).node.version;

  it('says each record’s version: 1 when created, one more with every change, access and protection included', async () => {
    const id = await createPerson('Versioned Person');
    expect(await versionOf(id)).toBe(1);
    const updated = await ok(`mutation($id: ID!) { updateEntity(id: $id, input: { description: "d" }) { version } }`, {
      id,
    });
    expect(updated.updateEntity.version).toBe(2);
    const level = await ok(
      `mutation($id: ID!) { setAccessLevel(id: $id, access: RESTRICTED, reason: "r") { access version } }`,
      { id },
      admin,
    );
    expect(level.setAccessLevel).toEqual({ access: 'RESTRICTED', version: 3 });
    const protect = await ok(
      `mutation($id: ID!) { protectPerson(id: $id, protection: RESTRICTED, reason: "r") { protection version } }`,
      { id },
      admin,
    );
    expect(protect.protectPerson).toEqual({ protection: 'RESTRICTED', version: 4 });
    expect(await versionOf(id)).toBe(4);

    const source = await ok(
      `mutation { createSource(input: { title: "Versioned report", kind: REPORT }) { id version } }`,
    );
    expect(source.createSource.version).toBe(1);
    const sourceId = source.createSource.id as string;
    const renamed = await ok(
      `mutation($id: ID!) { updateSource(id: $id, input: { title: "Renamed", language: "ar" }) { title language version } }`,
      { id: sourceId },
    );
    expect(renamed.updateSource).toEqual({ title: 'Renamed', language: 'ar', version: 2 });

    const claimId = await createClaim();
    const ranked = await ok(`mutation($id: ID!) { rankClaim(id: $id, rank: PREFERRED, reason: "best") { version } }`, {
      id: claimId,
    });
    expect(ranked.rankClaim.version).toBe(2);
    const disputed = await ok(`mutation($id: ID!) { disputeClaim(id: $id, reason: "doubt") { status version } }`, {
      id: claimId,
    });
    expect(disputed.disputeClaim).toEqual({ status: 'DISPUTED', version: 3 });
    const retracted = await ok(
      `mutation($id: ID!) { retractClaim(id: $id, reason: "wrong", expectedVersion: 3) { status version } }`,
      { id: claimId },
    );
    expect(retracted.retractClaim).toEqual({ status: 'RETRACTED', version: 4 });
  });

  it('applies an update given the version it was read at, and refuses one given another with CONFLICT, writing nothing', async () => {
    const id = await createPerson('Conflict Person');
    const sourceId = (await ok(`mutation { createSource(input: { title: "Conflict report", kind: REPORT }) { id } }`))
      .createSource.id as string;
    const claimId = await createClaim();
    // Each record moves to version 2 with an update that names version 1.
    await ok(
      `mutation($id: ID!) { updateEntity(id: $id, input: { description: "first" }, expectedVersion: 1) { id } }`,
      {
        id,
      },
    );
    await ok(`mutation($id: ID!) { updateSource(id: $id, input: { author: "first" }, expectedVersion: 1) { id } }`, {
      id: sourceId,
    });
    await ok(
      `mutation($id: ID!) { rankClaim(id: $id, rank: DEPRECATED, reason: "first", expectedVersion: 1) { id } }`,
      {
        id: claimId,
      },
    );

    const before = await snapshot(opened.store);
    const stale: [string, string, Record<string, unknown>, { viewer: Viewer }][] = [
      [
        'entity',
        `mutation($id: ID!) { updateEntity(id: $id, input: { description: "lost" }, expectedVersion: 1) { id } }`,
        { id },
        analyst,
      ],
      [
        'source',
        `mutation($id: ID!) { updateSource(id: $id, input: { author: "lost" }, expectedVersion: 1) { id } }`,
        { id: sourceId },
        analyst,
      ],
      [
        'claim',
        `mutation($id: ID!) { disputeClaim(id: $id, reason: "lost", expectedVersion: 1) { id } }`,
        { id: claimId },
        analyst,
      ],
      [
        'claim',
        `mutation($id: ID!) { retractClaim(id: $id, reason: "lost", expectedVersion: 1) { id } }`,
        { id: claimId },
        analyst,
      ],
      [
        'claim',
        `mutation($id: ID!) { rankClaim(id: $id, rank: PREFERRED, reason: "lost", expectedVersion: 1) { id } }`,
        { id: claimId },
        analyst,
      ],
      [
        'entity',
        `mutation($id: ID!) { setAccessLevel(id: $id, access: RESTRICTED, reason: "lost", expectedVersion: 1) { id } }`,
        { id },
        admin,
      ],
      [
        'source',
        `mutation($id: ID!) { setAccessLevel(id: $id, access: RESTRICTED, reason: "lost", expectedVersion: 1) { id } }`,
        { id: sourceId },
        admin,
      ],
      [
        'claim',
        `mutation($id: ID!) { setAccessLevel(id: $id, access: RESTRICTED, reason: "lost", expectedVersion: 1) { id } }`,
        { id: claimId },
        admin,
      ],
      [
        'entity',
        `mutation($id: ID!) { protectPerson(id: $id, protection: CONFIDENTIAL, reason: "lost", expectedVersion: 1) { id } }`,
        { id },
        admin,
      ],
    ];
    for (const [what, mutation, variables, as] of stale) {
      const result = await api.run(mutation, variables, as);
      const recordId = Object.values(variables)[0] as string;
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]).toMatchObject({
        message: `The ${what} "${recordId}" has changed since version 1 (it is now at version 2); nothing was written. Re-read it and retry.`,
        extensions: { code: 'CONFLICT', id: recordId, expectedVersion: '1', currentVersion: '2' },
      });
    }
    await expectNothingWritten(opened.store, before, [id, sourceId, claimId]);
    const state = await ok(
      `query($id: ID!, $s: ID!, $c: ID!) {
        entity(id: $id) { description access protection version }
        source(id: $s) { author access version }
        claim(id: $c) { status rank access version }
      }`,
      { id, s: sourceId, c: claimId },
      admin,
    );
    expect(state).toEqual({
      entity: { description: 'first', access: 'PUBLIC', protection: null, version: 2 },
      source: { author: 'first', access: 'PUBLIC', version: 2 },
      claim: { status: 'ASSERTED', rank: 'DEPRECATED', access: 'PUBLIC', version: 2 },
    });
  });

  it('refuses access or protection above the writer’s own clearance with FORBIDDEN, and writes nothing', async () => {
    const restrictedAdmin: Viewer = Object.freeze({
      role: Role.ADMIN,
      clearance: AccessLevel.RESTRICTED,
      subject: 'test-restricted-admin',
      via: 'jwt' as const,
    });
    const id = await createPerson('Ceiling Person');
    const confidential = (
      await ok(
        `mutation { createSource(input: { title: "Ceiling report", kind: REPORT, access: CONFIDENTIAL }) { id } }`,
        {},
        admin,
      )
    ).createSource.id as string;
    const before = await snapshot(opened.store);
    const refused: [string, Record<string, unknown>, Viewer, RegExp][] = [
      [
        `mutation { createEntity(input: { kind: PERSON, name: "x", access: CONFIDENTIAL }) { id } }`,
        {},
        VIEWERS.analyst,
        /To set access to CONFIDENTIAL you need CONFIDENTIAL clearance; this request has RESTRICTED/,
      ],
      [
        `mutation { createEntity(input: { kind: PERSON, name: "x", protection: CONFIDENTIAL }) { id } }`,
        {},
        VIEWERS.analyst,
        /To set protection to CONFIDENTIAL you need CONFIDENTIAL clearance/,
      ],
      [
        `mutation { createSource(input: { title: "x", kind: REPORT, access: CONFIDENTIAL }) { id } }`,
        {},
        VIEWERS.analyst,
        /set access to CONFIDENTIAL/,
      ],
      [
        `mutation($input: AssertClaimInput!) { assertClaim(input: $input) { id } }`,
        { input: { subjectId: id, predicate: 'OCCUPATION', text: 'x', access: 'CONFIDENTIAL', citations: [cite()] } },
        VIEWERS.analyst,
        /set access to CONFIDENTIAL/,
      ],
      [
        `mutation($id: ID!) { setAccessLevel(id: $id, access: CONFIDENTIAL, reason: "x") { id } }`,
        { id },
        restrictedAdmin,
        /set access to CONFIDENTIAL/,
      ],
      [
        `mutation($id: ID!) { protectPerson(id: $id, protection: CONFIDENTIAL, reason: "x") { id } }`,
        { id },
        restrictedAdmin,
        /set protection to CONFIDENTIAL/,
      ],
      // Nor may it lower what it could not read.
      [
        `mutation($id: ID!) { setAccessLevel(id: $id, access: PUBLIC, reason: "x") { id } }`,
        { id: confidential },
        restrictedAdmin,
        new RegExp(`change the access of ${confidential} you need CONFIDENTIAL clearance`),
      ],
    ];
    for (const [mutation, variables, viewer, message] of refused) {
      const result = await api.run(mutation, variables, { viewer });
      expect(result.data).toBeNull();
      expect(result.errors![0]).toMatchObject({
        message: expect.stringMatching(message),
        extensions: { code: 'FORBIDDEN', neededClearance: 'CONFIDENTIAL' },
      });
    }
    await expectNothingWritten(opened.store, before, [id, confidential]);
    expect((await opened.store.getEntities([id]))[0]).toMatchObject({ access: 'PUBLIC', protection: null, version: 1 });
    expect((await opened.store.getSources([confidential]))[0]).toMatchObject({ access: 'CONFIDENTIAL', version: 1 });
  });
});
