import { AccessLevel, ClaimStatus, EntityKind, FacilityType, type ClaimWithCitations } from '../../src/domain/model';
import { ClaimRole, type Page, type Store } from '../../src/store/store.port';
import type { ClaimRecord } from '../../src/domain/model';
import { Fixtures } from '../support/fixtures';

export interface EntityClaimsHandle {
  store: Store;
  cleanup(): Promise<void>;
}

const ids = (page: Page<ClaimRecord>) => page.items.map((c) => c.id);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * listClaimsOfEntities: an entity's claims filtered, ordered and paged in the
 * store, one page per key in key order. The same behaviour on both stores,
 * scoped to this run's own ids (the Neo4j database is shared).
 */
export function runEntityClaimsContract(name: string, open: () => Promise<EntityClaimsHandle>): void {
  describe(`Entity claims pages: ${name}`, () => {
    let handle: EntityClaimsHandle;
    let store: Store;
    const f = new Fixtures();
    const person = f.entity();
    const other = f.entity();
    const prison = f.entity({
      id: f.id('fac'),
      kind: EntityKind.FACILITY,
      name: `Prison ${f.run}`,
      facilityType: FacilityType.PRISON,
    });
    const report = f.source();
    const claims: ClaimWithCitations[] = [];

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
      for (const e of [person, other, prison]) await store.createEntity(e);
      await store.createSource(report);
      // Seven detentions of others at the prison, one of them restricted and one disputed.
      for (let i = 0; i < 7; i++) {
        const c = f.relationClaim(other.id, 'DETAINED_AT', prison.id, report.id, {
          ...(i === 2 ? { access: AccessLevel.RESTRICTED, visibility: AccessLevel.RESTRICTED } : {}),
          ...(i === 4 ? { status: ClaimStatus.DISPUTED } : {}),
        });
        claims.push(c);
      }
      claims.push(f.relationClaim(person.id, 'DETAINED_AT', prison.id, report.id));
      claims.push(f.relationClaim(person.id, 'RELATIVE_OF', other.id, report.id));
      claims.push(f.quantityClaim(prison.id, 'DEATH_COUNT', 300, report.id));
      // Visible by derivation but not by its own access: a viewer must see neither.
      claims.push(
        f.relationClaim(person.id, 'MEMBER_OF', prison.id, report.id, {
          access: AccessLevel.CONFIDENTIAL,
          visibility: AccessLevel.PUBLIC,
        }),
      );
      for (const c of claims) await store.assertClaim(c);
    });

    afterAll(async () => {
      await handle.cleanup();
    });

    const claimIds = (keep: (c: ClaimRecord) => boolean) =>
      claims
        .map((c) => c.claim)
        .filter(keep)
        .map((c) => c.id)
        .sort(byId);

    it('brings each page its entity, as getEntities gives it (null for an id with none)', async () => {
      const missing = f.id('per');
      const pages = await store.listClaimsOfEntities([prison.id, person.id, missing], {}, { first: 1, after: null });
      expect(pages.map((p) => p.owner)).toEqual(await store.getEntities([prison.id, person.id, missing]));
    });

    it('pages each entity in key order, by role, with totals, in one call', async () => {
      const asObject = claimIds((c) => c.objectId === prison.id);
      const [prisonPage, personPage, missing] = await store.listClaimsOfEntities(
        [prison.id, person.id, f.id('per')],
        { role: ClaimRole.OBJECT },
        { first: 3, after: null },
      );
      expect(ids(prisonPage!)).toEqual(asObject.slice(0, 3));
      expect(prisonPage!).toMatchObject({ hasNextPage: true, totalCount: asObject.length });
      expect(personPage).toEqual({ items: [], hasNextPage: false, totalCount: 0, owner: person });
      expect(missing).toEqual({ items: [], hasNextPage: false, totalCount: 0, owner: null });

      // Keyset: the next page starts after the last id seen, and the last page says so.
      const [next] = await store.listClaimsOfEntities(
        [prison.id],
        { role: ClaimRole.OBJECT },
        { first: 100, after: asObject[2]! },
      );
      expect(ids(next!)).toEqual(asObject.slice(3));
      expect(next!).toMatchObject({ hasNextPage: false, totalCount: asObject.length });
      // Whole records come back, as getClaims reads them.
      expect(next!.items[0]).toEqual(claims.find((c) => c.claim.id === asObject[3])!.claim);
      expect(next!.items[0]).toEqual((await store.getClaims([asObject[3]!]))[0]);
    });

    it('takes either role by default, and filters by predicates, statuses and levels (visibility and access)', async () => {
      const either = claimIds((c) => c.subjectId === prison.id || c.objectId === prison.id);
      const [all] = await store.listClaimsOfEntities([prison.id], {}, { first: 100, after: null });
      expect(ids(all!)).toEqual(either);
      expect(all!.totalCount).toBe(either.length);

      const [detentions] = await store.listClaimsOfEntities(
        [prison.id],
        { predicates: ['DETAINED_AT'], statuses: [ClaimStatus.ASSERTED] },
        { first: 100, after: null },
      );
      expect(ids(detentions!)).toEqual(
        claimIds((c) => c.objectId === prison.id && c.predicate === 'DETAINED_AT' && c.status === 'ASSERTED'),
      );

      const [publicView] = await store.listClaimsOfEntities(
        [prison.id],
        { levels: [AccessLevel.PUBLIC] },
        { first: 2, after: null },
      );
      const visible = claimIds(
        (c) =>
          (c.subjectId === prison.id || c.objectId === prison.id) &&
          c.visibility === AccessLevel.PUBLIC &&
          c.access === AccessLevel.PUBLIC,
      );
      expect(visible.length).toBe(either.length - 2);
      expect(ids(publicView!)).toEqual(visible.slice(0, 2));
      expect(publicView!.totalCount).toBe(visible.length);

      const [none] = await store.listClaimsOfEntities([prison.id], { predicates: [] }, { first: 5, after: null });
      expect(none).toEqual({ items: [], hasNextPage: false, totalCount: 0, owner: prison });
    });

    it("reads citations, their sources and the claims' entities along when asked, as the batched reads give them", async () => {
      const [page] = await store.listClaimsOfEntities(
        [prison.id],
        { role: ClaimRole.OBJECT },
        { first: 4, after: null },
        { citations: true, sources: true, entities: true },
      );
      const itemIds = ids(page!);
      expect(page!.citations).toEqual(await store.getCitationsOfClaims(itemIds));
      const sourceIds = [...new Set(page!.citations!.flat().map((c) => c.sourceId))];
      expect([...page!.sources!].sort((a, b) => byId(a.id, b.id))).toEqual(
        await store.getSources(sourceIds.sort(byId)),
      );
      const entityIds = [...new Set(page!.items.flatMap((c) => [c.subjectId, c.objectId!]))].sort(byId);
      expect([...page!.entities!].sort((a, b) => byId(a.id, b.id))).toEqual(await store.getEntities(entityIds));

      const [plain] = await store.listClaimsOfEntities(
        [prison.id],
        { role: ClaimRole.OBJECT },
        { first: 4, after: null },
      );
      expect(plain!.citations).toBeUndefined();
      expect(ids(plain!)).toEqual(itemIds);
    });

    it('reads a source lineage to any depth, each source once', async () => {
      const origin = f.source();
      const middle = f.source({ derivedFromIds: [origin.id] });
      const other = f.source({ derivedFromIds: [origin.id] });
      const top = f.source({ derivedFromIds: [middle.id, other.id] });
      for (const s of [origin, middle, other, top]) await store.createSource(s);
      const lineage = await store.getSourceLineage([top.id, middle.id, f.id('src')]);
      expect(lineage.map((s) => s.id).sort(byId)).toEqual([origin.id, middle.id, other.id, top.id].sort(byId));
      expect(lineage.find((s) => s.id === top.id)).toEqual((await store.getSources([top.id]))[0]);
      expect(await store.getSourceLineage([])).toEqual([]);
    });

    it('lists the protected people, and a protection given or lifted at once', async () => {
      const hidden = f.entity({ name: `Qorvath Ymmelind ${f.run}` });
      await store.createEntity(hidden);
      const before = await store.protectedPeople();
      expect(before.some((p) => p.id === hidden.id)).toBe(false);
      const protect = (protection: AccessLevel | null) =>
        store.applyAccessChange({
          reason: 'test',
          updatedAt: new Date().toISOString(),
          entities: [{ id: hidden.id, protection, pseudonym: protection === null ? null : 'Witness Q' }],
          sources: [],
          claims: [],
          citations: [],
        });
      try {
        await protect(AccessLevel.CONFIDENTIAL);
        const during = await store.protectedPeople();
        expect(during.find((p) => p.id === hidden.id)).toEqual({
          id: hidden.id,
          name: hidden.name,
          aliases: hidden.aliases,
          protection: AccessLevel.CONFIDENTIAL,
        });
      } finally {
        await protect(null);
      }
      expect((await store.protectedPeople()).some((p) => p.id === hidden.id)).toBe(false);
    });

    it('gives the subject side alone', async () => {
      const [page] = await store.listClaimsOfEntities(
        [person.id],
        { role: ClaimRole.SUBJECT },
        { first: 10, after: null },
      );
      expect(ids(page!)).toEqual(claimIds((c) => c.subjectId === person.id));
    });
  });
}
