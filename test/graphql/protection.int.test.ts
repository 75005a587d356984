import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { seedBundle } from '../../src/main/seed/seed';
import { AccessLevel, Role, type Viewer } from '../../src/policy/viewer';
import { startTestApi, type TestApi } from '../support/graphql';
import { openTestStore, STORE_KINDS, type OpenedStore } from '../support/stores';
import { VIEWERS } from '../support/viewers';

/*
 * Protection after the fact: a person named in free text all over the graph
 * (other records' names, descriptions, source titles, notes, reasons, other
 * documents' excerpts) is protected later, and from then on no viewer below
 * the protection receives any form of the name, by any path or format.
 */
describe.each(STORE_KINDS)('protection after the fact on the %s store', (kind) => {
  // Made-up words, so that a leak anywhere is found by text, and nothing else in the graph shares them.
  const tag = randomBytes(3).toString('hex').replace(/\d/g, 'q');
  const given = `Zq${tag}nadia`;
  const family = `Haddad${tag}zq`;
  const NAME = `${given} al-${family}`;
  const ARABIC = `نادية${tag.replace(/[a-z]/g, 'ز')} الحداد`;
  const FORMS = [NAME, given, family, `${given} ${family}`, ARABIC];

  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-protection-'));
  let opened: OpenedStore;
  let api: TestApi;
  const ids: Record<string, string> = {};
  const logged: unknown[] = [];

  const narrowedLegal: Viewer = {
    role: Role.LEGAL,
    clearance: AccessLevel.RESTRICTED,
    subject: 'legal-narrow',
    via: 'jwt',
  };
  const narrowedAdmin: Viewer = {
    role: Role.ADMIN,
    clearance: AccessLevel.PUBLIC,
    subject: 'admin-narrow',
    via: 'jwt',
  };
  const BELOW: [string, Viewer][] = [
    ['the public', VIEWERS.public],
    ['an analyst', VIEWERS.analyst],
    ['LEGAL narrowed to RESTRICTED', narrowedLegal],
    ['ADMIN narrowed to PUBLIC', narrowedAdmin],
  ];

  async function ok(query: string, variables: Record<string, unknown> = {}, viewer: Viewer = VIEWERS.admin) {
    const result = await api.run(query, variables, { viewer });
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, any>;
  }

  function leaks(text: string): string[] {
    const lower = text.toLowerCase();
    return [given, family, ARABIC.split(' ')[0]!].filter((f) => lower.includes(f.toLowerCase()));
  }

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    api = await startTestApi(opened.store, { config: { exportDir }, errors: logged });
    const analyst = VIEWERS.analyst;
    const cite = (sourceId: string, excerpt: string, locator = 'p. 4') => ({
      sourceId,
      locator,
      excerpt,
      reliability: 'B',
      credibility: 2,
    });

    ids.person = (
      await ok(
        `mutation($i: CreateEntityInput!) { createEntity(input: $i) { id } }`,
        { i: { kind: 'PERSON', name: NAME, aliases: [ARABIC], description: 'Detainee who later testified.' } },
        analyst,
      )
    ).createEntity.id;
    ids.family = (
      await ok(
        `mutation($i: CreateEntityInput!) { createEntity(input: $i) { id } }`,
        { i: { kind: 'PERSON', name: `Brother of ${given}`, description: `Held with ${family} in 2014.` } },
        analyst,
      )
    ).createEntity.id;
    ids.interview = (
      await ok(
        `mutation($i: CreateSourceInput!) { createSource(input: $i) { id } }`,
        { i: { title: `Interview with ${NAME}`, kind: 'TESTIMONY', author: given } },
        analyst,
      )
    ).createSource.id;
    ids.report = (
      await ok(
        `mutation($i: CreateSourceInput!) { createSource(input: $i) { id } }`,
        { i: { title: `Report on the white building ${tag}`, kind: 'REPORT' } },
        analyst,
      )
    ).createSource.id;
    // A claim about someone else, in another document, that names her.
    ids.other = (
      await ok(
        `mutation($i: AssertClaimInput!) { assertClaim(input: $i) { id } }`,
        {
          i: {
            subjectId: ids.family,
            predicate: 'DETAINED_AT',
            objectId: 'fac_sednaya',
            note: `Confirmed by ${given} herself`,
            citations: [cite(ids.report, `${family} was seen in the white building with her brother`)],
          },
        },
        analyst,
      )
    ).assertClaim.id;
    ids.own = (
      await ok(
        `mutation($i: AssertClaimInput!) { assertClaim(input: $i) { id } }`,
        {
          i: {
            subjectId: ids.person,
            predicate: 'DETAINED_AT',
            objectId: 'fac_sednaya',
            citations: [cite(ids.interview, `${ARABIC} قالت إنها احتجزت في صيدنايا`)],
          },
        },
        analyst,
      )
    ).assertClaim.id;
    await ok(
      `mutation($id: ID!, $r: String!) { disputeClaim(id: $id, reason: $r) { id } }`,
      { id: ids.other, r: `${NAME} gave a different year` },
      analyst,
    );
    // Then she is protected.
    await ok(
      `mutation($id: ID!) { protectPerson(id: $id, protection: CONFIDENTIAL, reason: "at risk") { protection } }`,
      { id: ids.person },
    );
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  it('mints ids that do not spell her name', () => {
    for (const id of Object.values(ids)) expect(leaks(id)).toEqual([]);
  });

  it.each(BELOW)('gives %s no form of her name on any read path', async (_who, viewer) => {
    const texts: string[] = [];
    const read = async (query: string, variables: Record<string, unknown> = {}) => {
      const result = await api.run(query, variables, { viewer });
      texts.push(JSON.stringify(result));
      return result;
    };
    const claimFields = `id note statusReason predicate subject { id name aliases description } object { id name }
      citations { excerpt locator source { title author } }`;
    await read(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Entity { name description }
      ... on Source { title author } ... on Claim { note statusReason } } }`,
      { ids: Object.values(ids) },
    );
    await read(
      `query($id: ID!) { entity(id: $id) { name aliases description claims { edges { node { ${claimFields} } } } } }`,
      {
        id: ids.family,
      },
    );
    await read(`query($id: ID!) { entity(id: $id) { name aliases description } }`, { id: ids.person });
    await read(`query($id: ID!) { claim(id: $id) { ${claimFields} } }`, { id: ids.other });
    await read(
      `query($id: ID!) { trace(claimId: $id) { claim { note } citations { citation { excerpt } origins { title } } } }`,
      {
        id: ids.other,
      },
    );
    await read(`query($id: ID!) { source(id: $id) { title author citations { excerpt } } }`, { id: ids.report });
    await read(`query($id: ID!) { source(id: $id) { title author } }`, { id: ids.interview });
    await read(`{ sources(first: 100) { edges { node { title author } } } }`);
    await read(
      `query($id: ID!) { entity(id: $id) { ... on Facility { detainees { entity { name description } claim { ${claimFields} } } } } }`,
      {
        id: 'fac_sednaya',
      },
    );
    await read(
      `query($id: ID!) { entity(id: $id) { neighbourhood(depth: 2) { nodes { entity { name } } edges { claim { note } } } } }`,
      {
        id: ids.family,
      },
    );
    for (const form of FORMS) {
      await read(`query($t: String!) { search(text: $t) { entity { id name } matched } }`, { t: form });
      await read(`query($t: String!) { entities(nameContains: $t) { totalCount edges { node { id name } } } }`, {
        t: form,
      });
    }
    await read(`query($id: ID!) { history(id: $id) { reason } }`, { id: ids.other });
    // As the graph stood a moment ago: the past is read through the same policy, with today's protection.
    const now = new Date().toISOString();
    await read(
      `query($id: ID!, $at: String) { claim(id: $id, asOf: $at) { note statusReason citations { excerpt } } }`,
      {
        id: ids.other,
        at: now,
      },
    );
    await read(`query($id: ID!, $at: String) { entity(id: $id, asOf: $at) { name description } }`, {
      id: ids.family,
      at: now,
    });
    const all = texts.join('\n');
    expect(leaks(all)).toEqual([]);
    // Not a vacuous pass: the records were read, with the name withheld.
    expect(all).toContain('[name withheld]');
    expect(all).toContain(ids.other);
  });

  it('answers a write as the writer would read it a moment later', async () => {
    const written = await ok(
      `mutation($i: CreateEntityInput!) { createEntity(input: $i) { id name description } }`,
      { i: { kind: 'PERSON', name: `Cousin of ${given}`, description: `Saw ${NAME} in 2015.` } },
      VIEWERS.analyst,
    );
    const read = await ok(
      `query($id: ID!) { entity(id: $id) { id name description } }`,
      { id: written.createEntity.id },
      VIEWERS.analyst,
    );
    expect(written.createEntity).toEqual(read.entity);
    expect(leaks(JSON.stringify(written))).toEqual([]);
    const source = await ok(
      `mutation($i: CreateSourceInput!) { createSource(input: $i) { id title } }`,
      { i: { title: `Notes on ${family}`, kind: 'REPORT' } },
      VIEWERS.analyst,
    );
    expect(leaks(JSON.stringify(source))).toEqual([]);
    const claim = await ok(
      `mutation($i: AssertClaimInput!) { assertClaim(input: $i) { note citations { excerpt } } }`,
      {
        i: {
          subjectId: written.createEntity.id,
          predicate: 'DETAINED_AT',
          objectId: 'fac_sednaya',
          note: `as ${given} told it`,
          citations: [
            {
              sourceId: source.createSource.id,
              locator: 'p. 1',
              excerpt: `${family} was there`,
              reliability: 'C',
              credibility: 3,
            },
          ],
        },
      },
      VIEWERS.analyst,
    );
    expect(leaks(JSON.stringify(claim))).toEqual([]);
  });

  it('does not find her by any form of her name, nor count her', async () => {
    for (const form of FORMS) {
      const data = await ok(
        `query($t: String!) { search(text: $t) { entity { id } } entities(nameContains: $t) { totalCount } }`,
        { t: form },
        VIEWERS.public,
      );
      expect(data.entities.totalCount).toBe(0);
      expect(data.search.map((r: { entity: { id: string } }) => r.entity.id)).not.toContain(ids.family);
    }
  });

  it.each(['JSON', 'MARKDOWN', 'HTML'])(
    'keeps her name out of a public %s case file, file name included',
    async (format) => {
      const data = await ok(
        `mutation($f: ExportFormat!, $s: String!) { exportCaseFile(subject: { entityId: $s }, format: $f, profile: PUBLIC) {
        fileName manifestSha256 } }`,
        { f: format, s: ids.family },
        VIEWERS.legal,
      );
      const { fileName, manifestSha256 } = data.exportCaseFile as { fileName: string; manifestSha256: string };
      const bytes = fs.readFileSync(path.join(exportDir, manifestSha256, fileName), 'utf8');
      expect(leaks(bytes + fileName)).toEqual([]);
      expect(bytes).toContain('name withheld');
    },
  );

  it('still shows everything to those cleared for it, and lists every text that names her for review', async () => {
    const data = await ok(`query($id: ID!) { claim(id: $id) { note statusReason citations { excerpt } } }`, {
      id: ids.other,
    });
    expect(data.claim.note).toBe(`Confirmed by ${given} herself`);
    expect(data.claim.citations[0].excerpt).toContain(family);
    const reviewed = await api.run(
      `query($p: ID!) { protectedMentions(personId: $p, limit: 5000) { mentions { personId recordId field } truncated } }`,
      { p: ids.person },
      { viewer: VIEWERS.admin },
    );
    expect([reviewed.errors, logged]).toEqual([undefined, []]);
    const review = reviewed.data as Record<string, any>;
    const mine = (review.protectedMentions.mentions as { personId: string; recordId: string; field: string }[])
      .filter((m) => m.personId === ids.person)
      .map((m) => `${m.recordId}.${m.field}`);
    expect(mine).toEqual(
      expect.arrayContaining([
        `${ids.family}.name`,
        `${ids.family}.description`,
        `${ids.interview}.title`,
        `${ids.interview}.author`,
        `${ids.other}.note`,
        `${ids.other}.statusReason`,
      ]),
    );
    const refused = await api.run(`{ protectedMentions { truncated } }`, {}, { viewer: VIEWERS.legal });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
