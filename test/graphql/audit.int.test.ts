import * as fs from 'node:fs';
import * as path from 'node:path';
import { seedBundle } from '../../src/main/seed/seed';
import { EmbeddedStore, JOURNAL_FILE } from '../../src/store/embedded/embedded.store';
import { cypher } from '../../src/store/neo4j/cypher/query';
import { Neo4jGateway } from '../../src/store/neo4j/neo4j.gateway';
import { startTestApi, TestApi } from '../support/graphql';
import { neo4jTestConfig } from '../support/neo4j-env';
import { openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

const HEX64 = /^[0-9a-f]{64}$/;

const HISTORY = `query($id: ID!) {
  history(id: $id) { seq at actorSubject actorRole operation reason targetIds before after prevHash hash }
}`;
const VERIFY = `{ auditVerification { ok count headSeq headHash firstBadSeq reason } }`;

/**
 * The audit trail over GraphQL, on both stores: after the seed case and a
 * series of mutations the chain verifies and history lists each record with
 * what changed; a record altered by hand in the store is named.
 */
describe.each(STORE_KINDS)('audit trail on the %s store', (kind) => {
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

  async function ok<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    viewer = VIEWERS.analyst,
  ): Promise<T> {
    const result = await api.run<T>(query, variables, { viewer });
    expect(result.errors).toBeUndefined();
    return result.data!;
  }

  const history = async (id: string): Promise<any[]> => (await ok(HISTORY, { id }, VIEWERS.admin)).history as any[];

  /** A person, a claim about them, disputed, ranked, then made confidential: five writes, two actors. */
  async function mutations() {
    const person = (await ok(`mutation { createEntity(input: { kind: PERSON, name: "Audit Trail Detainee" }) { id } }`))
      .createEntity.id as string;
    const claim = (
      await ok(`mutation($input: AssertClaimInput!) { assertClaim(input: $input) { id } }`, {
        input: {
          subjectId: person,
          predicate: 'DETAINED_AT',
          objectId: 'fac_sednaya',
          period: '2013/2014',
          citations: [
            {
              sourceId: 'src_article_000',
              locator: 'para. 4',
              excerpt: 'held in Sednaya',
              reliability: 'C',
              credibility: 3,
            },
          ],
        },
      })
    ).assertClaim.id as string;
    await ok(`mutation($id: ID!) { disputeClaim(id: $id, reason: "The dates come from one witness only") { id } }`, {
      id: claim,
    });
    await ok(`mutation($id: ID!) { rankClaim(id: $id, rank: PREFERRED, reason: "Most detailed account") { id } }`, {
      id: claim,
    });
    await ok(
      `mutation($id: ID!) { setAccessLevel(id: $id, access: CONFIDENTIAL, reason: "Names a living witness") { id } }`,
      { id: claim },
      VIEWERS.admin,
    );
    return { person, claim };
  }

  it('records every mutation with who, when, why, before and after; history lists them in order; the chain verifies', async () => {
    const { person, claim } = await mutations();

    const records = await history(claim);
    expect(records.map((r) => [r.operation, r.actorSubject, r.actorRole, r.reason])).toEqual([
      ['assertClaim', 'test-analyst', 'ANALYST', null],
      ['setClaimStatus', 'test-analyst', 'ANALYST', 'The dates come from one witness only'],
      ['setClaimRank', 'test-analyst', 'ANALYST', 'Most detailed account'],
      ['applyAccessChange', 'test-admin', 'ADMIN', 'Names a living witness'],
    ]);
    const seqs = records.map((r) => r.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    for (const r of records) {
      expect(r.hash).toMatch(HEX64);
      expect(r.prevHash).toMatch(HEX64);
      expect(r.targetIds).toContain(claim);
      expect(Date.parse(r.at)).not.toBeNaN();
    }
    const [asserted, disputed, ranked, restricted] = records.map((r) => ({
      before: JSON.parse(r.before),
      after: JSON.parse(r.after),
    }));
    expect(asserted!.before).toEqual({ entities: [], sources: [], claims: [], citations: [] });
    expect(asserted!.after.claims).toEqual([
      expect.objectContaining({ id: claim, subjectId: person, status: 'ASSERTED', rank: 'NORMAL' }),
    ]);
    expect(asserted!.after.citations).toEqual([expect.objectContaining({ excerpt: 'held in Sednaya' })]);
    expect(disputed!.before.claims[0]).toMatchObject({ status: 'ASSERTED', statusReason: null });
    expect(disputed!.after.claims[0]).toMatchObject({
      status: 'DISPUTED',
      statusReason: 'The dates come from one witness only',
    });
    expect(ranked!.before.claims[0]).toMatchObject({ rank: 'NORMAL' });
    expect(ranked!.after.claims[0]).toMatchObject({ rank: 'PREFERRED', rankReason: 'Most detailed account' });
    expect(restricted!.before.claims[0]).toMatchObject({ access: 'PUBLIC' });
    expect(restricted!.after.claims[0]).toMatchObject({ access: 'CONFIDENTIAL', visibility: 'CONFIDENTIAL' });

    const personRecords = await history(person);
    expect(personRecords.map((r) => r.operation)).toEqual(['createEntity']);
    expect(JSON.parse(personRecords[0].after).entities[0]).toMatchObject({ name: 'Audit Trail Detainee' });

    // The seed case was written by no one in particular: the SYSTEM actor.
    const sednaya = await history('fac_sednaya');
    expect(sednaya[0]).toMatchObject({ operation: 'importBundle', actorRole: 'SYSTEM', actorSubject: null });
    expect(JSON.parse(sednaya[0].after).entities).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'fac_sednaya', name: 'Sednaya Prison' })]),
    );

    const { auditVerification } = await ok(VERIFY, undefined, VIEWERS.admin);
    expect(auditVerification).toMatchObject({ ok: true, firstBadSeq: null, reason: null });
    expect(auditVerification.headSeq).toBeGreaterThanOrEqual(seqs.at(-1)!);
    expect(auditVerification.count).toBe(auditVerification.headSeq);
    expect(auditVerification.headHash).toMatch(HEX64);
  });

  it('shows history to writers cleared for what it mentions, and verification to admins only', async () => {
    const { person, claim } = await mutations();
    const forbidden = async (
      query: string,
      variables: Record<string, unknown> | undefined,
      viewer = VIEWERS.analyst,
    ) => {
      const result = await api.run(query, variables, { viewer });
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      return result.errors![0]!;
    };
    await forbidden(HISTORY, { id: person }, VIEWERS.public);
    // The claim is confidential now: its past states are too, for a restricted analyst.
    const refused = await forbidden(HISTORY, { id: claim });
    expect(refused.extensions?.neededClearance).toBe('CONFIDENTIAL');
    expect((await ok(HISTORY, { id: person })).history).toHaveLength(1);
    expect((await ok(HISTORY, { id: claim }, VIEWERS.legal)).history).toHaveLength(4);
    await forbidden(VERIFY, undefined, VIEWERS.legal);
    const bad = await api.run(HISTORY, { id: 'not an id' }, { viewer: VIEWERS.admin });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('names the record that was altered by hand in the store', async () => {
    const { claim } = await mutations();
    const disputed = (await history(claim)).find((r) => r.operation === 'setClaimStatus');
    const seq = disputed.seq as number;
    // The forger's version: the claim was never disputed.
    const forge = (after: string) => after.replace('"status":"DISPUTED"', '"status":"ASSERTED"');

    if (kind === 'neo4j') {
      const config = neo4jTestConfig();
      const gateway = new Neo4jGateway({
        uri: config.uri,
        user: config.password ? config.user : null,
        password: config.password || null,
        database: config.database,
      });
      const setAfter = (after: string) =>
        gateway.write((tx) =>
          tx.run(cypher('MATCH (a:AuditRecord {seq: $seq}) SET a.after = $after RETURN a.seq AS seq', { seq, after })),
        );
      const [row] = await gateway.read((tx) =>
        tx.run(cypher('MATCH (a:AuditRecord {seq: $seq}) RETURN a.after AS after', { seq })),
      );
      const original = row!.after as string;
      try {
        // The database is shared: the record is put back at once, whatever happens.
        await setAfter(forge(original));
        const { auditVerification } = await ok(VERIFY, undefined, VIEWERS.admin);
        expect(auditVerification).toMatchObject({ ok: false, firstBadSeq: seq, reason: 'hash mismatch' });
        expect(auditVerification.count).toBe(seq - 1);
      } finally {
        await setAfter(original);
        await gateway.close();
      }
      expect((await ok(VERIFY, undefined, VIEWERS.admin)).auditVerification.ok).toBe(true);
      return;
    }

    // Embedded: the server "dies" (its journal is what it wrote), someone edits the journal, the store reopens.
    const dataDir = (opened.store as EmbeddedStore).dataDir;
    fs.rmSync(path.join(dataDir, 'LOCK'));
    const journal = path.join(dataDir, JOURNAL_FILE);
    const lines = fs.readFileSync(journal, 'utf8').split('\n');
    const index = lines.findIndex((l) => l !== '' && (JSON.parse(l) as { audit?: { seq: number } }).audit?.seq === seq);
    const entry = JSON.parse(lines[index]!) as { audit: { after: unknown } };
    entry.audit.after = JSON.parse(forge(JSON.stringify(entry.audit.after)));
    lines[index] = JSON.stringify(entry);
    fs.writeFileSync(journal, lines.join('\n'));

    const reopened = new EmbeddedStore({ dataDir });
    await reopened.init();
    const again = await startTestApi(reopened, { viewer: VIEWERS.admin });
    try {
      const result = await again.run(VERIFY);
      expect(result.errors).toBeUndefined();
      expect(result.data!.auditVerification).toMatchObject({
        ok: false,
        firstBadSeq: seq,
        reason: 'hash mismatch',
        count: seq - 1,
      });
      // The claim itself is as it was written: only its audit record was altered.
      const claimNow = await again.run(`query($id: ID!) { claim(id: $id) { status } }`, { id: claim });
      expect(claimNow.data).toEqual({ claim: { status: 'DISPUTED' } });
    } finally {
      await again.stop();
      await reopened.close();
    }
  });
});
