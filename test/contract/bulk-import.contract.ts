import { ClaimStatus, EntityKind } from '../../src/domain/model';
import { ClaimRole, type Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';
import type { StoreHandle } from './store.contract';

/**
 * The bulk path's options and its idempotence, on every adapter: the batch
 * size changes how, never what, is written; progress is reported up to the
 * bundle's total; importing the same bundle again changes no version; a
 * re-import that moves a claim to another entity moves its links with it.
 */
export function runBulkImportContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`Bulk import contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    const f = new Fixtures();

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
    });

    afterAll(async () => {
      await handle.cleanup();
    });

    function bundle() {
      const source = f.source();
      const place = f.entity({ kind: EntityKind.PLACE, name: 'Bulk import place' });
      const people = [0, 1, 2, 3, 4].map(() => f.entity());
      const claims = people.map((p) => f.relationClaim(p.id, 'BORN_IN', place.id, source.id));
      return { entities: [place, ...people], sources: [source], claims };
    }

    it('writes the same records whatever the batch size, reporting progress after each batch up to the total', async () => {
      const small = bundle();
      const progress: [number, number][] = [];
      await store.importBundle(small, undefined, { batchSize: 2, onProgress: (w, t) => progress.push([w, t]) });
      const total = small.entities.length + small.sources.length + small.claims.length;
      // How many reports depends on the adapter's batches (the embedded store writes one journal entry: one report).
      expect(progress.length).toBeGreaterThanOrEqual(1);
      expect(progress.at(-1)).toEqual([total, total]);
      expect(progress.every(([w, t], i) => t === total && w <= total && (i === 0 || w >= progress[i - 1]![0]))).toBe(
        true,
      );

      const large = bundle();
      await store.importBundle(large, undefined, { batchSize: 10_000 });
      for (const b of [small, large]) {
        const claims = await store.getClaims(b.claims.map((c) => c.claim.id));
        expect(claims.map((c) => c?.version)).toEqual(b.claims.map(() => 1));
        const ofPlace = await store.getClaimsOfEntities([b.entities[0]!.id], ClaimRole.OBJECT);
        expect(ofPlace[0]!.map((c) => c.id).sort()).toEqual(b.claims.map((c) => c.claim.id).sort());
        const citations = await store.getCitationsOfClaims(b.claims.map((c) => c.claim.id));
        expect(citations.map((list) => list.length)).toEqual(b.claims.map(() => 1));
      }
    });

    it('changes no version when the same bundle comes again, and moves the links of a claim that moved', async () => {
      const b = bundle();
      await store.importBundle(b);
      const head = await store.auditHead();
      await store.importBundle(b);
      const again = await store.getAudit(head.seq, 10);
      const mine = again.filter((r) => r.targetIds.includes(b.claims[0]!.claim.id));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.after).toEqual(mine[0]!.before);
      const stored = await store.getEntities(b.entities.map((e) => e.id));
      expect(stored.map((e) => e?.version)).toEqual(b.entities.map(() => 1));

      const elsewhere = f.entity({ kind: EntityKind.PLACE, name: 'Bulk import elsewhere' });
      const moved = { ...b.claims[0]!, claim: { ...b.claims[0]!.claim, objectId: elsewhere.id } };
      const disputed = { ...b.claims[1]!, claim: { ...b.claims[1]!.claim, status: ClaimStatus.DISPUTED } };
      await store.importBundle({ entities: [elsewhere], sources: [], claims: [moved, disputed] });
      const [atPlace, atElsewhere] = await store.getClaimsOfEntities(
        [b.entities[0]!.id, elsewhere.id],
        ClaimRole.OBJECT,
      );
      expect(atPlace!.map((c) => c.id)).not.toContain(moved.claim.id);
      expect(atElsewhere!.map((c) => c.id)).toEqual([moved.claim.id]);
      const [movedNow, disputedNow] = await store.getClaims([moved.claim.id, disputed.claim.id]);
      expect([movedNow?.version, disputedNow?.version, disputedNow?.status]).toEqual([2, 2, ClaimStatus.DISPUTED]);
      expect(atPlace!.find((c) => c.id === disputed.claim.id)?.status).toBe(ClaimStatus.DISPUTED);
    });
  });
}
