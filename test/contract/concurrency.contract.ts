import { AccessLevel, ClaimRank, ClaimStatus, EntityKind, FacilityType } from '../../src/domain/model';
import { ErrorCode, VersionConflictError } from '../../src/domain/errors';
import type { ChainPoint } from '../../src/domain/audit';
import type { Store, StoreCounts } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/graphql';
import { VIEWERS } from '../support/viewers';
import { withConsistency } from '../../src/store/consistency';
import { RedactorCache, ScopedStore } from '../../src/policy/scoped-store';

/** How many times each race is run. */
export const TRIALS = 25;

const AT = '2026-04-06T00:00:00.000Z';

export interface ConcurrencyStoreHandle {
  store: Store;
  cleanup(): Promise<void>;
}

/**
 * Writers racing each other over one record, on every adapter: each pair of
 * writes is started together (Promise.all; on Neo4j each runs in its own
 * session and transaction), TRIALS times, and no trial may lose an update.
 * First through the store port, then through the GraphQL mutations, whose
 * services read the record before writing (the path on which edits used to
 * write back what they had read). The Neo4j database is shared, so every
 * assertion is about this run's own records.
 */
export function runConcurrencyContract(name: string, open: () => Promise<ConcurrencyStoreHandle>): void {
  describe(`Concurrent writers: ${name}`, () => {
    let handle: ConcurrencyStoreHandle;
    let store: Store;
    let api: TestApi;
    let f: Fixtures;

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
      api = await startTestApi(store);
    });

    afterAll(async () => {
      // The Neo4j database is shared: lift the protections this suite gave, so that reviews of every
      // protected name in the graph (made by other test files) are not filled with this suite's people.
      for (const id of protectedIds) {
        await store
          .applyAccessChange({
            reason: 'test over',
            updatedAt: AT,
            entities: [{ id, protection: null }],
            sources: [],
            claims: [],
            citations: [],
          })
          .catch(() => undefined);
      }
      await api.stop();
      await handle.cleanup();
    });

    beforeEach(() => {
      f = new Fixtures();
    });

    /** People this suite protected (or tried to), to lift when it is over. */
    const protectedIds = new Set<string>();
    let people = 0;

    /** A person with a name and alias of their own: no one's name is a word of another's. */
    async function person(name?: string) {
      people += 1;
      const p = f.entity({
        name: name ?? `Witness ${f.run} ${people}`,
        aliases: [`Abu ${f.run} ${people}`],
        description: 'original',
      });
      await store.createEntity(p);
      return p;
    }

    /** A claim about a new person, at a new prison, citing a new report. */
    async function claim() {
      const subject = await person();
      const prison = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON });
      const report = f.source();
      await store.createEntity(prison);
      await store.createSource(report);
      const c = f.relationClaim(subject.id, 'DETAINED_AT', prison.id, report.id);
      await store.assertClaim(c);
      return c.claim;
    }

    async function entity(id: string) {
      return (await store.getEntities([id]))[0]!;
    }

    /** Runs `trial` TRIALS times; returns the failures it reports (an empty list when every trial held). */
    async function trials(trial: (i: number) => Promise<string | null>): Promise<string[]> {
      const failures: string[] = [];
      for (let i = 0; i < TRIALS; i += 1) {
        const failure = await trial(i);
        if (failure !== null) failures.push(`trial ${i}: ${failure}`);
      }
      return failures;
    }

    describe('through the store port', () => {
      it(`keeps both of two edits of different fields of one entity (${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const p = await person();
          const [a, b] = await Promise.all([
            store.updateEntity({ id: p.id, description: `described ${i}`, updatedAt: AT }),
            store.updateEntity({ id: p.id, aliases: [`alias ${i}`], updatedAt: AT }),
          ]);
          const after = await entity(p.id);
          if (after.description !== `described ${i}`) return `description lost: ${String(after.description)}`;
          if (after.aliases.join() !== `alias ${i}`) return `aliases lost: ${after.aliases.join()}`;
          if (after.version !== 3) return `version ${after.version}, not 3`;
          // Each write returned the record it left: one at version 2, the other at 3.
          if ([a.version, b.version].sort().join() !== '2,3') return `versions returned ${a.version}, ${b.version}`;
          return null;
        });
        expect(lost).toEqual([]);
      });

      it(`never lets an edit undo a protection written at the same time (${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const p = await person();
          protectedIds.add(p.id);
          await Promise.all([
            store.applyAccessChange({
              reason: 'witness at risk',
              updatedAt: AT,
              entities: [{ id: p.id, protection: AccessLevel.CONFIDENTIAL, pseudonym: `Witness W-${i}` }],
              sources: [],
              claims: [],
              citations: [],
            }),
            store.updateEntity({ id: p.id, description: `edited ${i}`, updatedAt: AT }),
          ]);
          const after = await entity(p.id);
          if (after.protection !== AccessLevel.CONFIDENTIAL) return `protection lost: ${String(after.protection)}`;
          if (after.pseudonym !== `Witness W-${i}`) return `pseudonym lost: ${String(after.pseudonym)}`;
          if (after.description !== `edited ${i}`) return `edit lost: ${String(after.description)}`;
          if (after.version !== 3) return `version ${after.version}, not 3`;
          return null;
        });
        expect(lost).toEqual([]);
      });

      it(`never lets an edit undo an access change written at the same time (${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const p = await person();
          await Promise.all([
            store.applyAccessChange({
              reason: 'restricted',
              updatedAt: AT,
              entities: [{ id: p.id, access: AccessLevel.RESTRICTED }],
              sources: [],
              claims: [],
              citations: [],
            }),
            store.updateEntity({ id: p.id, name: `Renamed ${i}`, updatedAt: AT }),
          ]);
          const after = await entity(p.id);
          if (after.access !== AccessLevel.RESTRICTED) return `access lowered to ${after.access}`;
          if (after.name !== `Renamed ${i}`) return `edit lost: ${after.name}`;
          if (after.version !== 3) return `version ${after.version}, not 3`;
          return null;
        });
        expect(lost).toEqual([]);
      });

      it(`ends a retraction racing a dispute retracted, the dispute first or refused (${TRIALS} trials)`, async () => {
        const outcomes = new Set<string>();
        const lost = await trials(async () => {
          const c = await claim();
          const change = (status: ClaimStatus) =>
            store.setClaimStatus({ claimId: c.id, status, reason: status.toLowerCase(), updatedAt: AT });
          const [retract, dispute] = await Promise.allSettled([
            change(ClaimStatus.RETRACTED),
            change(ClaimStatus.DISPUTED),
          ]);
          const [after] = await store.getClaims([c.id]);
          if (retract.status === 'rejected') return `retraction refused: ${String(retract.reason)}`;
          if (after!.status !== ClaimStatus.RETRACTED) return `ended ${after!.status}`;
          if (dispute.status === 'rejected' && (dispute.reason as { code?: string }).code !== ErrorCode.CONFLICT) {
            return `dispute failed otherwise: ${String(dispute.reason)}`;
          }
          // The trail says the same: the retraction is the claim's last record.
          const [trail] = await store.getAuditOf([c.id]);
          const statuses = trail!.filter((r) => r.operation === 'setClaimStatus').map((r) => r.after.claims[0]!.status);
          const expected = dispute.status === 'fulfilled' ? 'DISPUTED,RETRACTED' : 'RETRACTED';
          if (statuses.join() !== expected) return `trail ${statuses.join()}, not ${expected}`;
          outcomes.add(dispute.status);
          return null;
        });
        expect(lost).toEqual([]);
        expect(outcomes.size).toBeGreaterThan(0);
      });

      it(`lets exactly one of two writers expecting the same version through (${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const p = await person();
          const c = await claim();
          const results = await Promise.allSettled([
            store.updateEntity({ id: p.id, description: `a ${i}`, updatedAt: AT, expectedVersion: 1 }),
            store.updateEntity({ id: p.id, name: `b ${i}`, updatedAt: AT, expectedVersion: 1 }),
            store.setClaimRank({
              claimId: c.id,
              rank: ClaimRank.PREFERRED,
              reason: 'r',
              updatedAt: AT,
              expectedVersion: 1,
            }),
            store.setClaimStatus({
              claimId: c.id,
              status: ClaimStatus.DISPUTED,
              reason: 'd',
              updatedAt: AT,
              expectedVersion: 1,
            }),
          ]);
          for (const pair of [results.slice(0, 2), results.slice(2)]) {
            const won = pair.filter((r) => r.status === 'fulfilled').length;
            const refused = pair.filter((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError);
            if (won !== 1 || refused.length !== 1) return `${won} writers won, ${refused.length} refused`;
          }
          const after = await entity(p.id);
          const [claimAfter] = await store.getClaims([c.id]);
          if (after.version !== 2 || claimAfter!.version !== 2)
            return `versions ${after.version}, ${claimAfter!.version}`;
          const entityWon = after.description === `a ${i}` ? 'a' : after.name === `b ${i}` ? 'b' : null;
          if (entityWon === null || (after.description === `a ${i}` && after.name === `b ${i}`)) {
            return 'not exactly one edit written';
          }
          return null;
        });
        expect(lost).toEqual([]);
      });

      it('refuses every update at another version with CONFLICT, and writes nothing', async () => {
        const p = await person();
        const c = await claim();
        const report = f.source();
        await store.createSource(report);
        const ours = [p.id, c.id, report.id];
        const before = await snapshot(store);
        const stale = { expectedVersion: 7, updatedAt: AT };
        const attempts: [string, () => Promise<unknown>][] = [
          ['updateEntity', () => store.updateEntity({ id: p.id, description: 'x', ...stale })],
          ['updateSource', () => store.updateSource({ id: report.id, title: 'x', ...stale })],
          [
            'setClaimStatus',
            () => store.setClaimStatus({ claimId: c.id, status: ClaimStatus.RETRACTED, reason: 'x', ...stale }),
          ],
          [
            'setClaimRank',
            () => store.setClaimRank({ claimId: c.id, rank: ClaimRank.PREFERRED, reason: 'x', ...stale }),
          ],
          [
            'applyAccessChange',
            () =>
              store.applyAccessChange({
                reason: 'x',
                updatedAt: AT,
                entities: [{ id: p.id, access: AccessLevel.RESTRICTED, expectedVersion: 7 }],
                sources: [],
                claims: [],
                citations: [],
              }),
          ],
          [
            'applyAccessChange (source)',
            () =>
              store.applyAccessChange({
                reason: 'x',
                updatedAt: AT,
                entities: [],
                sources: [{ id: report.id, access: AccessLevel.RESTRICTED, expectedVersion: 7 }],
                claims: [],
                citations: [],
              }),
          ],
        ];
        const answers: unknown[] = [];
        for (const [what, attempt] of attempts) {
          const answer = await attempt().then(
            () => ({ written: true }),
            (error: { code?: string; message?: string; details?: unknown }) => ({
              code: error.code,
              message: error.message,
              details: error.details,
            }),
          );
          answers.push({ what, ...answer });
        }
        expect(answers).toEqual(
          attempts.map(([what]) => ({
            what,
            code: ErrorCode.CONFLICT,
            message: expect.stringMatching(/changed since version 7 \(it is now at version 1\).*Re-read it and retry/),
            details: expect.objectContaining({ expectedVersion: '7', currentVersion: '1' }),
          })),
        );
        await expectNothingWritten(store, before, ours);
        expect((await entity(p.id)).version).toBe(1);
        expect((await store.getClaims([c.id]))[0]).toMatchObject({ status: ClaimStatus.ASSERTED, version: 1 });
        expect((await store.getSources([report.id]))[0]).toMatchObject({ access: AccessLevel.PUBLIC, version: 1 });
      });
    });

    describe('through the GraphQL mutations (services read, then write)', () => {
      const analyst = { viewer: VIEWERS.analyst };
      const admin = { viewer: VIEWERS.admin };

      it(`keeps both of two analysts' edits of different fields (${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const p = await person();
          const [a, b] = await Promise.all([
            api.run(
              `mutation($id: ID!, $d: String) { updateEntity(id: $id, input: { description: $d }) { version } }`,
              {
                id: p.id,
                d: `described ${i}`,
              },
              analyst,
            ),
            api.run(
              `mutation($id: ID!, $a: [String!]) { updateEntity(id: $id, input: { aliases: $a }) { version } }`,
              {
                id: p.id,
                a: [`alias ${i}`],
              },
              analyst,
            ),
          ]);
          if (a.errors || b.errors) return `refused: ${JSON.stringify([a.errors, b.errors])}`;
          const after = await entity(p.id);
          if (after.description !== `described ${i}`) return `description lost: ${String(after.description)}`;
          if (after.aliases.join() !== `alias ${i}`) return `aliases lost: ${after.aliases.join()}`;
          if (after.version !== 3) return `version ${after.version}`;
          return null;
        });
        expect(lost).toEqual([]);
      });

      it(`never shows a protected name below its protection after protectPerson raced an edit (${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const realName = `Zzqreal ${f.run} ${i}`;
          const p = await person(realName);
          protectedIds.add(p.id);
          const [protect, edit] = await Promise.all([
            api.run(
              `mutation($id: ID!) { protectPerson(id: $id, protection: CONFIDENTIAL, reason: "at risk") { protection version } }`,
              { id: p.id },
              admin,
            ),
            api.run(
              `mutation($id: ID!, $d: String) { updateEntity(id: $id, input: { description: $d }) { id } }`,
              {
                id: p.id,
                d: `edited ${i}`,
              },
              analyst,
            ),
          ]);
          if (protect.errors) return `protection refused: ${JSON.stringify(protect.errors)}`;
          // The edit may come second and be refused: the analyst is not cleared for the protection.
          if (edit.errors && edit.errors[0]!.extensions!.code !== ErrorCode.FORBIDDEN) {
            return `edit failed otherwise: ${JSON.stringify(edit.errors)}`;
          }
          const after = await entity(p.id);
          if (after.protection !== AccessLevel.CONFIDENTIAL || after.pseudonym === null) {
            return `protection lost: ${String(after.protection)}`;
          }
          for (const viewer of [VIEWERS.public, VIEWERS.analyst]) {
            const seen = await api.run(
              `query($id: ID!, $n: String!) { entity(id: $id) { name aliases description } people(nameContains: $n) { totalCount } }`,
              { id: p.id, n: realName },
              { viewer },
            );
            const text = JSON.stringify(seen);
            if (text.includes(realName) || text.includes(p.aliases[0]!))
              return `${viewer.role} reads the name: ${text}`;
            if ((seen.data as any)?.entity?.name !== after.pseudonym) return `${viewer.role} sees ${text}`;
            if ((seen.data as any).people.totalCount !== 0) return `${viewer.role} finds the person by name`;
          }
          return null;
        });
        expect(lost).toEqual([]);
      });

      it("gives a page's entity to a viewer as getEntities does: under its pseudonym, or not at all", async () => {
        const p = await person(`Qzx${f.run} Wrk${f.run}`);
        protectedIds.add(p.id);
        const hidden = f.entity({ access: AccessLevel.CONFIDENTIAL });
        await store.createEntity(hidden);
        await store.applyAccessChange({
          reason: 'at risk',
          updatedAt: AT,
          entities: [{ id: p.id, protection: AccessLevel.CONFIDENTIAL, pseudonym: `Witness ${f.run} Y` }],
          sources: [],
          claims: [],
          citations: [],
        });
        const scoped = new ScopedStore(store, VIEWERS.public, store, new RedactorCache());
        const pages = await scoped.listClaimsOfEntities([p.id, hidden.id], {}, { first: 5, after: null });
        expect(pages.map((page) => page.owner)).toEqual(await scoped.getEntities([p.id, hidden.id]));
        expect(pages[0]!.owner?.name).toBe(`Witness ${f.run} Y`);
        expect(JSON.stringify(pages)).not.toContain(p.name);
        expect(pages[1]!.owner).toBeNull();
      });

      it('withholds a name protected while a request runs from every text the request reads after', async () => {
        // A name no one else's shares a word with: earlier tests protect people named Witness.
        const p = await person(`Qzw${f.run} Vrk${f.run}`);
        protectedIds.add(p.id);
        const prison = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, facilityType: FacilityType.PRISON });
        const report = f.source();
        await store.createEntity(prison);
        await store.createSource(report);
        const named = f.relationClaim(p.id, 'DETAINED_AT', prison.id, report.id);
        named.citations = named.citations.map((x) => ({ ...x, excerpt: `${p.name} was held here` }));
        await store.assertClaim(named);
        const texts = await withConsistency([], async () => {
          // One request, as the HTTP layer runs it: a first read, the protection committed, then more reads.
          const scoped = new ScopedStore(store, VIEWERS.public, store, new RedactorCache());
          const [early] = await scoped.getCitations([named.citations[0]!.id]);
          await store.applyAccessChange({
            reason: 'at risk',
            updatedAt: AT,
            entities: [{ id: p.id, protection: AccessLevel.CONFIDENTIAL, pseudonym: `Witness ${f.run} Z` }],
            sources: [],
            claims: [],
            citations: [],
          });
          const [late] = await scoped.getCitations([named.citations[0]!.id]);
          const [page] = await scoped.listClaimsOfEntities(
            [prison.id],
            {},
            { first: 10, after: null },
            { citations: true },
          );
          return { early: early?.excerpt, late: late?.excerpt, page: JSON.stringify(page) };
        });
        // Read before the protection: the name stood then. Read after: withheld, however the read was made.
        expect(texts.early).toBe(`${p.name} was held here`);
        expect(texts.late).not.toContain(p.name);
        expect(texts.page).not.toContain(p.name);
        expect(texts.page).toContain('was held here');
      });

      it(`never lowers the access setAccessLevel gave while an edit raced it (${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const p = await person();
          const [level, edit] = await Promise.all([
            api.run(
              `mutation($id: ID!) { setAccessLevel(id: $id, access: RESTRICTED, reason: "sensitive") { access version } }`,
              { id: p.id },
              admin,
            ),
            api.run(
              `mutation($id: ID!, $d: String) { updateEntity(id: $id, input: { description: $d }) { id } }`,
              {
                id: p.id,
                d: `edited ${i}`,
              },
              analyst,
            ),
          ]);
          if (level.errors || edit.errors) return `refused: ${JSON.stringify([level.errors, edit.errors])}`;
          const after = await entity(p.id);
          if (after.access !== AccessLevel.RESTRICTED) return `access lowered to ${after.access}`;
          if (after.description !== `edited ${i}`) return `edit lost: ${String(after.description)}`;
          const seen = await api.run(`query($id: ID!) { entity(id: $id) { id } }`, { id: p.id });
          if (seen.errors?.[0]?.extensions?.code !== ErrorCode.NOT_FOUND)
            return `the public sees it: ${JSON.stringify(seen)}`;
          return null;
        });
        expect(lost).toEqual([]);
      });

      it(`withholds an excerpt naming a person protected at the same time (assertClaim racing protectPerson, ${TRIALS} trials)`, async () => {
        const lost = await trials(async (i) => {
          const realName = `Zzqnamed ${f.run} ${i}`;
          const witness = await person(realName);
          protectedIds.add(witness.id);
          const other = await person(`Other ${f.run} ${i}`);
          const report = f.source();
          await store.createSource(report);
          // The witness's own claim cites the report, so protecting them reads the report's citations for their name.
          const own = f.relationClaim(witness.id, 'RELATIVE_OF', other.id, report.id);
          await store.assertClaim(own);
          const [protect, assert] = await Promise.all([
            api.run(
              `mutation($id: ID!) { protectPerson(id: $id, protection: CONFIDENTIAL, reason: "at risk") { version } }`,
              { id: witness.id },
              admin,
            ),
            api.run(
              `mutation($input: AssertClaimInput!) { assertClaim(input: $input) { id } }`,
              {
                input: {
                  subjectId: other.id,
                  predicate: 'OCCUPATION',
                  text: 'baker',
                  citations: [
                    {
                      sourceId: report.id,
                      locator: 'p. 2',
                      excerpt: `${realName} worked with him at the bakery`,
                      reliability: 'B',
                      credibility: 2,
                    },
                  ],
                },
              },
              analyst,
            ),
          ]);
          if (protect.errors || assert.errors) return `refused: ${JSON.stringify([protect.errors, assert.errors])}`;
          const claimId = (assert.data as any).assertClaim.id as string;
          const [[citation]] = await store.getCitationsOfClaims([claimId]);
          if (!citation!.mentions.includes(witness.id)) return 'the excerpt does not name the witness in its mentions';
          if (citation!.excerptLevel !== AccessLevel.CONFIDENTIAL)
            return `excerpt readable at ${citation!.excerptLevel}`;
          const [claimAfter] = await store.getClaims([claimId]);
          if (claimAfter!.textLevel !== AccessLevel.CONFIDENTIAL) return `claim text at ${claimAfter!.textLevel}`;
          return null;
        });
        expect(lost).toEqual([]);
      });

      it(`keeps both of setAccessLevel and protectPerson on one person, in the person and their claims (${TRIALS} trials)`, async () => {
        const lost = await trials(async () => {
          const c = await claim();
          const id = c.subjectId;
          protectedIds.add(id);
          const [level, protect] = await Promise.all([
            api.run(
              `mutation($id: ID!) { setAccessLevel(id: $id, access: RESTRICTED, reason: "r") { id } }`,
              { id },
              admin,
            ),
            api.run(
              `mutation($id: ID!) { protectPerson(id: $id, protection: CONFIDENTIAL, reason: "p") { id } }`,
              { id },
              admin,
            ),
          ]);
          if (level.errors || protect.errors) return `refused: ${JSON.stringify([level.errors, protect.errors])}`;
          const after = await entity(id);
          if (after.access !== AccessLevel.RESTRICTED) return `access ${after.access}`;
          if (after.protection !== AccessLevel.CONFIDENTIAL) return `protection ${String(after.protection)}`;
          // Both changes reach the claim's derived levels, whichever was written last.
          const [claimAfter] = await store.getClaims([c.id]);
          const [[citation]] = await store.getCitationsOfClaims([c.id]);
          if (claimAfter!.visibility !== AccessLevel.RESTRICTED) return `claim visible at ${claimAfter!.visibility}`;
          if (claimAfter!.textLevel !== AccessLevel.CONFIDENTIAL) return `claim text at ${claimAfter!.textLevel}`;
          if (citation!.excerptLevel !== AccessLevel.CONFIDENTIAL) return `excerpt at ${citation!.excerptLevel}`;
          return null;
        });
        expect(lost).toEqual([]);
      });

      it(`ends retractClaim racing disputeClaim retracted, the dispute first or refused (${TRIALS} trials)`, async () => {
        const lost = await trials(async () => {
          const c = await claim();
          const [retract, dispute] = await Promise.all([
            api.run(
              `mutation($id: ID!) { retractClaim(id: $id, reason: "wrong person") { status } }`,
              { id: c.id },
              analyst,
            ),
            api.run(
              `mutation($id: ID!) { disputeClaim(id: $id, reason: "doubtful") { status } }`,
              { id: c.id },
              analyst,
            ),
          ]);
          if (retract.errors) return `retraction refused: ${JSON.stringify(retract.errors)}`;
          if (dispute.errors && dispute.errors[0]!.extensions!.code !== ErrorCode.CONFLICT) {
            return `dispute failed otherwise: ${JSON.stringify(dispute.errors)}`;
          }
          const [after] = await store.getClaims([c.id]);
          if (after!.status !== ClaimStatus.RETRACTED) return `ended ${after!.status}`;
          if (after!.statusReason !== 'wrong person') return `reason ${String(after!.statusReason)}`;
          return null;
        });
        expect(lost).toEqual([]);
      });
    });
  });
}

interface WrittenState {
  head: ChainPoint;
  counts: StoreCounts;
}

export async function snapshot(store: Store): Promise<WrittenState> {
  return { head: await store.auditHead(), counts: await store.counts() };
}

/**
 * Nothing written since `before`: no audit record about `ours`, and, unless
 * another writer of a shared database moved the head meanwhile, the same head and counts.
 */
export async function expectNothingWritten(store: Store, before: WrittenState, ours: readonly string[]): Promise<void> {
  const since = await store.getAudit(before.head.seq, 10_000);
  expect(since.filter((r) => r.targetIds.some((id) => ours.includes(id)))).toEqual([]);
  const head = await store.auditHead();
  if (head.seq === before.head.seq) {
    expect(head).toEqual(before.head);
    expect(await store.counts()).toEqual(before.counts);
  }
}
