import type { AuditContext } from '../../src/domain/audit';
import { verifyAuditTrail } from '../../src/app/audit/audit.service';
import { ErrorCode } from '../../src/domain/errors';
import { JudgementKind, newJudgementId } from '../../src/domain/judgement';
import { AccessLevel, ClaimStatus, EntityKind, type ClaimRecord, type EntityRecord } from '../../src/domain/model';
import { searchTerms, transliterationKey } from '../../src/domain/names';
import { AsOfStore } from '../../src/policy/as-of-store';
import { ClaimRole, type JudgementContext, type Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';

export interface ResolutionStoreHandle {
  store: Store;
  cleanup(): Promise<void>;
  /** Closes and opens the store again from what it keeps (embedded: journal and snapshot). */
  reopen?(): Promise<Store>;
}

const CREATED_AT = '2026-03-01T10:00:00.000Z';
const MERGED_AT = '2026-05-01T10:00:00.000Z';
const SPLIT_AT = '2026-05-02T10:00:00.000Z';

/** A record without what every change moves on: to compare a record before a merge with it after the split. */
function content<T extends { version: number; updatedAt: string }>(record: T): Omit<T, 'version' | 'updatedAt'> {
  const rest: Partial<T> = { ...record };
  delete rest.version;
  delete rest.updatedAt;
  return rest as Omit<T, 'version' | 'updatedAt'>;
}

/**
 * Judgements on every adapter (docs/entity-resolution.md): a merge moves the
 * merged entity's claims to the survivor and can be split back exactly; a
 * same-origin judgement joins sources; blocks for duplicate detection; the
 * past as it stood before a merge. Each write is one audit record. The Neo4j
 * database is shared, so every assertion is about this run's own records.
 */
export function runResolutionContract(name: string, open: () => Promise<ResolutionStoreHandle>): void {
  describe(`Resolution contract: ${name}`, () => {
    let handle: ResolutionStoreHandle;
    let store: Store;
    let f: Fixtures;

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
    });

    afterAll(async () => {
      await handle.cleanup();
    });

    beforeEach(() => {
      f = new Fixtures();
    });

    const audit = (reason: string, at = MERGED_AT): AuditContext => ({
      actor: { subject: `tester-${f.run}`, role: 'ANALYST' },
      reason,
      at,
    });
    const judged = (reason: string, at = MERGED_AT, judgementId = newJudgementId()): JudgementContext => ({
      judgementId,
      reason,
      actorSubject: `tester-${f.run}`,
      actorRole: 'ANALYST',
      at,
    });

    /** Two spellings of one person, a facility, a source, and claims about each (one between the two). */
    async function twoRecordsOfOnePerson() {
      const a = f.entity({ name: `Abd al-Rahman Q${f.run}`, aliases: [] });
      const b = f.entity({ name: `Abdulrahman Q${f.run}`, aliases: [`Abu Omar ${f.run}`] });
      const facility = f.entity({ id: f.id('fac'), kind: EntityKind.FACILITY, name: `Branch ${f.run}` });
      const source = f.source();
      for (const e of [a, b, facility]) await store.createEntity(e, audit('new', CREATED_AT));
      await store.createSource(source, audit('new', CREATED_AT));
      const aDetained = f.relationClaim(a.id, 'DETAINED_AT', facility.id, source.id);
      const bDetained = f.relationClaim(b.id, 'DETAINED_AT', facility.id, source.id);
      const bAge = f.quantityClaim(b.id, 'AGE', 34, source.id);
      const relative = f.relationClaim(facility.id, 'OPERATED_BY', b.id, source.id);
      for (const c of [aDetained, bDetained, bAge, relative]) await store.assertClaim(c, audit('new', CREATED_AT));
      return { a, b, facility, source, claims: [aDetained, bDetained, bAge, relative] };
    }

    async function entity(id: string): Promise<EntityRecord> {
      const [e] = await store.getEntities([id]);
      return e!;
    }

    async function claimsOf(id: string): Promise<ClaimRecord[]> {
      const [asSubject, asObject] = await Promise.all([
        store.getClaimsOfEntities([id], ClaimRole.SUBJECT),
        store.getClaimsOfEntities([id], ClaimRole.OBJECT),
      ]);
      return [...asSubject[0]!, ...asObject[0]!].sort((x, y) => (x.id < y.id ? -1 : 1));
    }

    async function codeOf(promise: Promise<unknown>): Promise<string> {
      try {
        await promise;
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
      return 'no error';
    }

    it('merges two entities into one, keeping every claim and citation, and splits them back exactly', async () => {
      const { a, b, facility, claims } = await twoRecordsOfOnePerson();
      const beforeEntities = [await entity(a.id), await entity(b.id)];
      const beforeClaims = (await store.getClaims(claims.map((c) => c.claim.id))).map((c) => c!);
      const citationsBefore = await store.getCitationsOfClaims(claims.map((c) => c.claim.id));
      const head = await store.auditHead();

      const context = judged('one man, two spellings');
      const after = await store.mergeEntities(
        { ...context, survivorId: a.id, mergedId: b.id, survivorExpectedVersion: 1, mergedExpectedVersion: 1 },
        audit('one man, two spellings'),
      );
      // Exactly one audit record for the merge.
      expect((await store.auditHead()).seq).toBeGreaterThan(head.seq);
      expect(after.entities.map((e) => e.id)).toEqual([a.id, b.id].sort());
      expect(after.judgements!.map((j) => j.id)).toEqual([context.judgementId]);

      const merged = await entity(b.id);
      expect(merged.mergedInto).toBe(a.id);
      expect(merged.version).toBe(2);
      expect((await entity(a.id)).version).toBe(2);
      expect((await entity(a.id)).mergedInto).toBeUndefined();

      // The survivor holds the union of claims; the merged one none; citations unchanged.
      const union = await claimsOf(a.id);
      expect(union.map((c) => c.id).sort()).toEqual(
        [claims[0]!, claims[1]!, claims[2]!, claims[3]!].map((c) => c.claim.id).sort(),
      );
      expect(await claimsOf(b.id)).toEqual([]);
      const moved = union.find((c) => c.id === claims[3]!.claim.id)!;
      expect(moved.objectId).toBe(a.id);
      expect(moved.subjectId).toBe(facility.id);
      expect(await store.getCitationsOfClaims(claims.map((c) => c.claim.id))).toEqual(citationsBefore);
      const facilityClaims = await claimsOf(facility.id);
      expect(facilityClaims.filter((c) => c.subjectId === a.id || c.objectId === a.id)).toHaveLength(3);

      // Lists and search leave the merged record out; asked for, the list includes it.
      const listed = await store.listEntities({ nameContains: `Q${f.run}` }, { first: 10, after: null });
      expect(listed.items.map((e) => e.id)).toEqual([a.id]);
      expect(listed.totalCount).toBe(1);
      const all = await store.listEntities(
        { nameContains: `Q${f.run}`, includeMerged: true },
        { first: 10, after: null },
      );
      expect(all.items.map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
      const found = await store.searchEntityCandidates({
        tokens: searchTerms(`Abdulrahman Q${f.run}`).tokens,
        limit: 50,
      });
      expect(found.map((e) => e.id)).toContain(a.id);
      expect(found.map((e) => e.id)).not.toContain(b.id);
      // Paths run through the survivor, never the merged record.
      const paths = await store.findPaths({
        fromId: facility.id,
        toId: a.id,
        maxHops: 1,
        k: 5,
        statuses: [ClaimStatus.ASSERTED],
      });
      expect(paths.map((p) => p.claimIds[0]).sort()).toEqual(
        [claims[0]!, claims[1]!, claims[3]!].map((c) => c.claim.id).sort(),
      );

      // The judgement, found from the judgement and from both records; the audit record names them all.
      const [judgement] = await store.getJudgements([context.judgementId]);
      expect(judgement).toMatchObject({
        kind: JudgementKind.SAME_ENTITY,
        recordIds: [a.id, b.id],
        survivorId: a.id,
        reason: 'one man, two spellings',
        actorSubject: `tester-${f.run}`,
        undoneAt: null,
        version: 1,
      });
      expect(judgement!.movedSubjectClaimIds).toEqual([claims[1]!.claim.id, claims[2]!.claim.id].sort());
      expect(judgement!.movedObjectClaimIds).toEqual([claims[3]!.claim.id]);
      const [ofA, ofB] = await store.getJudgementsOf([a.id, b.id]);
      expect(ofA!.map((j) => j.id)).toEqual([context.judgementId]);
      expect(ofB!.map((j) => j.id)).toEqual([context.judgementId]);
      const [trail] = await store.getAuditOf([context.judgementId]);
      expect(trail!.map((r) => r.operation)).toEqual(['mergeEntities']);
      expect(trail![0]!.targetIds).toEqual(
        [a.id, b.id, context.judgementId, claims[1]!.claim.id, claims[2]!.claim.id, claims[3]!.claim.id].sort(),
      );
      expect(trail![0]!.before.entities.find((e) => e.id === b.id)!.mergedInto).toBeUndefined();
      expect(trail![0]!.after.entities.find((e) => e.id === b.id)!.mergedInto).toBe(a.id);

      // A claim about the merged record is refused: it would sit where no list shows it.
      const late = f.relationClaim(b.id, 'DETAINED_AT', facility.id, claims[0]!.citations[0]!.sourceId);
      expect(await codeOf(store.assertClaim(late))).toBe(ErrorCode.CONFLICT);

      if (handle.reopen) store = await handle.reopen();

      const split = await store.splitEntity(
        judged('two men after all', SPLIT_AT, context.judgementId),
        audit('two men after all', SPLIT_AT),
      );
      expect(split.judgements![0]).toMatchObject({ undoneAt: SPLIT_AT, undoReason: 'two men after all', version: 2 });
      // Exactly as before the merge, versions and update times aside (they move forward).
      const afterEntities = [await entity(a.id), await entity(b.id)];
      expect(afterEntities.map(content)).toEqual(beforeEntities.map(content));
      expect(afterEntities.map((e) => e.version)).toEqual([3, 3]);
      const afterClaims = (await store.getClaims(claims.map((c) => c.claim.id))).map((c) => c!);
      expect(afterClaims.map(content)).toEqual(beforeClaims.map(content));
      expect(afterClaims.map((c) => c.version)).toEqual([1, 3, 3, 3]);
      expect((await claimsOf(b.id)).map((c) => c.id).sort()).toEqual(
        [claims[1]!, claims[2]!, claims[3]!].map((c) => c.claim.id).sort(),
      );
      const [trailAfter] = await store.getAuditOf([context.judgementId]);
      expect(trailAfter!.map((r) => r.operation)).toEqual(['mergeEntities', 'splitEntity']);
      // The chain still verifies with judgements in its states, read back from disk (embedded: reopened,
      // on its own chain; the shared Neo4j chain is verified by the audit contract).
      if (handle.reopen) {
        store = await handle.reopen();
        expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, firstBadSeq: null });
      }
      // A split judgement is undone once.
      expect(await codeOf(store.splitEntity(judged('again', SPLIT_AT, context.judgementId)))).toBe(ErrorCode.CONFLICT);
    });

    it('refuses a merge it cannot make, writing nothing', async () => {
      const { a, b, facility } = await twoRecordsOfOnePerson();
      const other = f.entity({ name: `Restricted ${f.run}`, access: AccessLevel.RESTRICTED });
      await store.createEntity(other);
      const refuse = (survivorId: string, mergedId: string, extra = {}) =>
        codeOf(store.mergeEntities({ ...judged('no'), survivorId, mergedId, ...extra }));

      expect(await refuse(a.id, b.id, { mergedExpectedVersion: 7 })).toBe(ErrorCode.CONFLICT);
      expect(await refuse(a.id, facility.id)).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await refuse(a.id, a.id)).toBe(ErrorCode.BAD_USER_INPUT);
      expect(await refuse(a.id, f.id('per', 'missing'))).toBe(ErrorCode.NOT_FOUND);
      expect(await refuse(a.id, other.id)).toBe(ErrorCode.CONFLICT);
      expect(await codeOf(store.splitEntity(judged('no', SPLIT_AT, newJudgementId())))).toBe(ErrorCode.NOT_FOUND);
      // Nothing written by any of them (on Neo4j others may write meanwhile: compare this run's records).
      expect((await entity(b.id)).version).toBe(1);
      expect((await entity(a.id)).version).toBe(1);
      expect((await store.getJudgementsOf([a.id]))[0]).toEqual([]);
      const [trailOfA] = await store.getAuditOf([a.id]);
      expect(trailOfA!.map((r) => r.operation)).toEqual(['createEntity']);

      // Once merged, neither can be merged again until split.
      const yes = judged('yes');
      await store.mergeEntities({ ...yes, survivorId: a.id, mergedId: b.id });
      const third = f.entity({ name: `Third ${f.run}` });
      await store.createEntity(third);
      expect(await refuse(third.id, b.id)).toBe(ErrorCode.CONFLICT);
      expect(await refuse(b.id, third.id)).toBe(ErrorCode.CONFLICT);

      // Levels that no longer match refuse the split: the moved claims' levels were worked out for the survivor's.
      const levels = (access: AccessLevel) => ({
        reason: 'levels',
        updatedAt: SPLIT_AT,
        entities: [{ id: b.id, access }],
        sources: [],
        claims: [],
        citations: [],
      });
      await store.applyAccessChange(levels(AccessLevel.RESTRICTED));
      expect(await codeOf(store.splitEntity(judged('no', SPLIT_AT, yes.judgementId)))).toBe(ErrorCode.CONFLICT);
      await store.applyAccessChange(levels(AccessLevel.PUBLIC));
      await store.splitEntity(judged('now', SPLIT_AT, yes.judgementId));
      expect((await entity(b.id)).mergedInto).toBeUndefined();
    });

    it('shows the past as it stood before a merge: two entities, each with its own claims', async () => {
      const { a, b, claims } = await twoRecordsOfOnePerson();
      await store.mergeEntities({ ...judged('one'), survivorId: a.id, mergedId: b.id }, audit('one'));
      const past = new AsOfStore(store, new Date('2026-04-01T00:00:00.000Z'));
      const [pastB] = await past.getEntities([b.id]);
      expect(pastB!.mergedInto).toBeUndefined();
      const [bClaims] = await past.getClaimsOfEntities([b.id], ClaimRole.SUBJECT);
      expect(bClaims!.map((c) => c.id).sort()).toEqual([claims[1]!.claim.id, claims[2]!.claim.id].sort());
      expect(bClaims!.every((c) => c.subjectId === b.id)).toBe(true);
      const [aClaims] = await past.getClaimsOfEntities([a.id], ClaimRole.SUBJECT);
      expect(aClaims!.map((c) => c.id)).toEqual([claims[0]!.claim.id]);
      const [bObject] = await past.getClaimsOfEntities([b.id], ClaimRole.OBJECT);
      expect(bObject!.map((c) => c.id)).toEqual([claims[3]!.claim.id]);
      const listed = await past.listEntities({ nameContains: `Q${f.run}` }, { first: 10, after: null });
      expect(listed.items.map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
      expect(await past.getJudgementsOf([a.id])).toEqual([[]]);
      // Now: one.
      const now = new AsOfStore(store, new Date('2026-06-01T00:00:00.000Z'));
      const [nowA] = await now.getClaimsOfEntities([a.id], ClaimRole.SUBJECT);
      expect(nowA!.map((c) => c.id).sort()).toEqual([claims[0]!, claims[1]!, claims[2]!].map((c) => c.claim.id).sort());
      const listedNow = await now.listEntities({ nameContains: `Q${f.run}` }, { first: 10, after: null });
      expect(listedNow.items.map((e) => e.id)).toEqual([a.id]);
    });

    it('judges sources to be one origin, and undoes it, each an audit record', async () => {
      const report = f.source({ title: `NGO report ${f.run}` });
      const article1 = f.source({ title: `Article one ${f.run}` });
      const article2 = f.source({ title: `Article two ${f.run}` });
      for (const s of [report, article1, article2]) await store.createSource(s);
      const context = judged('both articles quote one leaked report');
      const judgement = await store.judgeSameOrigin(
        { ...context, sourceIds: [article2.id, article1.id, article1.id] },
        audit('both articles quote one leaked report'),
      );
      expect(judgement).toMatchObject({
        id: context.judgementId,
        kind: JudgementKind.SAME_ORIGIN,
        recordIds: [article1.id, article2.id].sort(),
        survivorId: null,
        undoneAt: null,
      });
      const [of1, ofReport] = await store.getJudgementsOf([article1.id, report.id]);
      expect(of1!.map((j) => j.id)).toEqual([context.judgementId]);
      expect(ofReport).toEqual([]);
      if (handle.reopen) store = await handle.reopen();
      expect((await store.getJudgements([context.judgementId]))[0]).toEqual(judgement);

      const undone = await store.undoSameOrigin(
        judged('different leaks', SPLIT_AT, context.judgementId),
        audit('different leaks', SPLIT_AT),
      );
      expect(undone).toMatchObject({ undoneAt: SPLIT_AT, undoReason: 'different leaks', version: 2 });
      const [trail] = await store.getAuditOf([context.judgementId]);
      expect(trail!.map((r) => r.operation)).toEqual(['judgeSameOrigin', 'undoSameOrigin']);
      expect(trail![0]!.targetIds).toEqual([article1.id, article2.id, context.judgementId].sort());

      expect(await codeOf(store.undoSameOrigin(judged('x', SPLIT_AT, context.judgementId)))).toBe(ErrorCode.CONFLICT);
      expect(await codeOf(store.judgeSameOrigin({ ...judged('x'), sourceIds: [report.id] }))).toBe(
        ErrorCode.BAD_USER_INPUT,
      );
      expect(
        await codeOf(store.judgeSameOrigin({ ...judged('x'), sourceIds: [report.id, f.id('src', 'missing')] })),
      ).toBe(ErrorCode.NOT_FOUND);
      // A merge judgement is not undone as a same-origin one.
      expect(await codeOf(store.splitEntity(judged('x', SPLIT_AT, context.judgementId)))).toBe(
        ErrorCode.BAD_USER_INPUT,
      );
    });

    it(
      'blocks entities by the words of their name keys, and never a protected person below clearance',
      async () => {
        const { a, b } = await twoRecordsOfOnePerson();
        const secret = f.entity({
          name: `Zyxwq${f.run} Q${f.run}`,
          protection: AccessLevel.CONFIDENTIAL,
          pseudonym: `Witness W-${f.run}`,
        });
        await store.createEntity(secret);
        const word = `q${f.run}`;
        // The shared Neo4j database holds many people named Abdulrahman by now: no cap on block size here.
        const blocks = await store.nameBlocks({ kind: EntityKind.PERSON, maxBlockSize: 1_000_000, limit: 1_000_000 });
        expect(blocks.find((x) => x.word === word)?.entityIds).toEqual([a.id, b.id, secret.id].sort());
        // Two spellings, one key word: "Abd al-Rahman" and "Abdulrahman" share a block.
        const abd = blocks.find((x) => x.word === transliterationKey('Abdulrahman'));
        expect(abd?.entityIds).toEqual(expect.arrayContaining([a.id, b.id]));
        // A word shared by more entities than the cap is no block.
        const capped = await store.nameBlocks({ kind: EntityKind.PERSON, maxBlockSize: 2, limit: 1_000_000 });
        expect(capped.find((x) => x.word === word)).toBeUndefined();

        const scoped = await store.nameBlocks({
          kind: EntityKind.PERSON,
          maxBlockSize: 1_000_000,
          limit: 1_000_000,
          levels: [AccessLevel.PUBLIC, AccessLevel.RESTRICTED],
        });
        expect(scoped.flatMap((x) => x.entityIds)).not.toContain(secret.id);
        expect(scoped.find((x) => x.word === word)?.entityIds).toEqual([a.id, b.id].sort());
        // Merged records are in no block.
        await store.mergeEntities({ ...judged('one'), survivorId: a.id, mergedId: b.id });
        const after = await store.nameBlocks({ kind: EntityKind.PERSON, maxBlockSize: 1_000_000, limit: 1_000_000 });
        expect(after.find((x) => x.word === word)?.entityIds).toEqual([a.id, secret.id].sort());
        // Lift the protection: the shared database's other tests redact protected names.
        await store.applyAccessChange({
          reason: 'test over',
          updatedAt: SPLIT_AT,
          entities: [{ id: secret.id, protection: null }],
          sources: [],
          claims: [],
          citations: [],
        });
      },
      // Each call reads every person of the store: on the shared Neo4j database, other suites' bulk imports make that long.
      180_000,
    );

    it('keeps merges when a file is imported again: the merged record stays merged, its claims with the survivor', async () => {
      const { a, b, facility, source, claims } = await twoRecordsOfOnePerson();
      await store.mergeEntities({ ...judged('one'), survivorId: a.id, mergedId: b.id }, audit('one'));
      const fresh = f.relationClaim(b.id, 'RELEASED_FROM', facility.id, source.id);
      await store.importBundle({ entities: [a, b, facility], sources: [source], claims: [...claims, fresh] });
      expect((await entity(b.id)).mergedInto).toBe(a.id);
      expect(await claimsOf(b.id)).toEqual([]);
      const [stored] = await store.getClaims([fresh.claim.id]);
      expect(stored!.subjectId).toBe(a.id);
      const ofA = await claimsOf(a.id);
      expect(ofA.map((c) => c.id).sort()).toEqual([...claims, fresh].map((c) => c.claim.id).sort());
      const listed = await store.listEntities({ nameContains: `Q${f.run}` }, { first: 10, after: null });
      expect(listed.items.map((e) => e.id)).toEqual([a.id]);
    });

    it('never loses a claim to a merge racing with it', async () => {
      for (let trial = 0; trial < 5; trial++) {
        const { a, b, facility, source } = await twoRecordsOfOnePerson();
        const racing = f.relationClaim(b.id, 'DETAINED_AT', facility.id, source.id);
        const [merge, claim] = await Promise.allSettled([
          store.mergeEntities({ ...judged('race'), survivorId: a.id, mergedId: b.id }),
          store.assertClaim(racing),
        ]);
        expect(merge.status).toBe('fulfilled');
        const [stored] = await store.getClaims([racing.claim.id]);
        if (claim.status === 'fulfilled') {
          // Written first, so moved by the merge: it reads as the survivor's.
          expect(stored!.subjectId).toBe(a.id);
        } else {
          expect(stored).toBeNull();
          expect((claim.reason as { code?: string }).code).toBe(ErrorCode.CONFLICT);
        }
        expect(await claimsOf(b.id)).toEqual([]);
      }
      // Two merges of one record at once: one wins, the other is refused.
      for (let trial = 0; trial < 3; trial++) {
        const { a, b } = await twoRecordsOfOnePerson();
        const c = f.entity({ name: `Abdelrahman Qz${f.run}` });
        await store.createEntity(c);
        const results = await Promise.allSettled([
          store.mergeEntities({ ...judged('race one'), survivorId: a.id, mergedId: b.id }),
          store.mergeEntities({ ...judged('race two'), survivorId: c.id, mergedId: b.id }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect((refused.reason as { code?: string }).code).toBe(ErrorCode.CONFLICT);
        expect([a.id, c.id]).toContain((await entity(b.id)).mergedInto);
      }
    });

    it('keeps a merged protected person among those whose names are withheld (texts may spell them as it did)', async () => {
      const protectedAs = (name: string) =>
        f.entity({ name, access: AccessLevel.PUBLIC, protection: AccessLevel.CONFIDENTIAL, pseudonym: `W-${name}` });
      const a = protectedAs(`Qorvath${f.run}`);
      const b = protectedAs(`Xelbrund${f.run}`);
      for (const e of [a, b]) await store.createEntity(e);
      await store.mergeEntities({ ...judged('one witness'), survivorId: a.id, mergedId: b.id });
      const ids = (await store.protectedPeople()).map((p) => p.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    });
  });
}
