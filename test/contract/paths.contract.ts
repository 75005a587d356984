import { parseEdtf } from '../../src/domain/edtf';
import {
  AccessLevel,
  ClaimStatus,
  ClaimWithCitations,
  Credibility,
  EntityKind,
  EntityRecord,
  FacilityType,
} from '../../src/domain/model';
import { BadUserInputError } from '../../src/domain/errors';
import type { PathQuery, PathRecord, Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';
import type { StoreHandle } from './store.contract';

const LIVE = [ClaimStatus.ASSERTED, ClaimStatus.DISPUTED];

interface LinkOptions {
  /** Letter that orders the claim id among this test's claims (ids compare as strings). */
  key: string;
  period?: string;
  credibilities?: Credibility[];
  status?: ClaimStatus;
}

/**
 * findPaths on both adapters, held to the same answers. Every expectation is
 * an exact list: the same data must give the same paths, in the same order,
 * on the embedded store and on Neo4j. The Neo4j database is shared, so each
 * test builds its own small graph with its own ids; nothing links to them.
 */
export function runPathsContract(name: string, open: () => Promise<StoreHandle>): void {
  describe(`Store contract, paths: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    let f: Fixtures;
    let source: string;

    beforeAll(async () => {
      handle = await open();
      store = handle.store;
      await store.init();
    });

    afterAll(async () => {
      await handle.cleanup();
    });

    beforeEach(async () => {
      f = new Fixtures();
      const s = f.source();
      await store.createSource(s);
      source = s.id;
    });

    const person = (label: string): EntityRecord => f.entity({ id: f.id('per', label), name: `Person ${label}` });
    const facility = (label: string): EntityRecord =>
      f.entity({
        id: f.id('fac', label),
        kind: EntityKind.FACILITY,
        facilityType: FacilityType.PRISON,
        name: `Prison ${label}`,
      });
    const organization = (label: string): EntityRecord =>
      f.entity({ id: f.id('org', label), kind: EntityKind.ORGANIZATION, name: `Org ${label}` });

    function link(subject: EntityRecord, predicate: string, object: EntityRecord, o: LinkOptions): ClaimWithCitations {
      const made = f.relationClaim(subject.id, predicate, object.id, source, {
        id: f.id('clm', o.key),
        period: o.period === undefined ? null : parseEdtf(o.period),
        status: o.status ?? ClaimStatus.ASSERTED,
      });
      const credibilities = o.credibilities ?? [2];
      return {
        claim: made.claim,
        citations: credibilities.map((credibility) => f.citation(made.claim.id, source, { credibility })),
      };
    }

    async function write(entities: EntityRecord[], claims: ClaimWithCitations[]): Promise<void> {
      await store.importBundle({ entities, sources: [], claims });
    }

    function paths(query: Partial<PathQuery> & Pick<PathQuery, 'fromId' | 'toId'>): Promise<PathRecord[]> {
      return store.findPaths({ maxHops: 4, k: 10, statuses: LIVE, ...query });
    }

    const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

    const path = (entities: EntityRecord[], claims: ClaimWithCitations[]): PathRecord => ({
      entityIds: entities.map((e) => e.id),
      claimIds: claims.map((c) => c.claim.id),
    });

    /**
     * Two detainees held in two prisons, both run by one organisation:
     *
     *   a -1- f1 -2- b        two paths of 2 hops (through f1, through f2)
     *   a -3- f2 -4- b        two of 4 (a f1 o f2 b, a f2 o f1 b)
     *   f1 -5- o -6- f2       d stands alone
     */
    async function prisonGraph() {
      const e = {
        a: person('a'),
        b: person('b'),
        d: person('d'),
        f1: facility('f1'),
        f2: facility('f2'),
        o: organization('o'),
      };
      const c = {
        c1: link(e.a, 'DETAINED_AT', e.f1, { key: 'a', period: '1981/2024', credibilities: [2] }),
        c2: link(e.b, 'DETAINED_AT', e.f1, { key: 'b', credibilities: [6, 2] }),
        c3: link(e.a, 'DETAINED_AT', e.f2, { key: 'c', period: '2011/2013', credibilities: [4] }),
        c4: link(e.b, 'DETAINED_AT', e.f2, { key: 'd', period: '2012', credibilities: [5] }),
        c5: link(e.f1, 'OPERATED_BY', e.o, { key: 'e', credibilities: [1] }),
        c6: link(e.f2, 'OPERATED_BY', e.o, { key: 'f', credibilities: [1] }),
      };
      await write(Object.values(e), Object.values(c));
      const all = [
        path([e.a, e.f1, e.b], [c.c1, c.c2]),
        path([e.a, e.f2, e.b], [c.c3, c.c4]),
        path([e.a, e.f1, e.o, e.f2, e.b], [c.c1, c.c5, c.c6, c.c4]),
        path([e.a, e.f2, e.o, e.f1, e.b], [c.c3, c.c6, c.c5, c.c2]),
      ];
      return { e, c, all };
    }

    it('returns the shortest paths first, ties in claim-id order, walking claims in either direction', async () => {
      const { e, c, all } = await prisonGraph();
      expect(await paths({ fromId: e.a.id, toId: e.b.id })).toEqual(all);
      // From the other end: the same paths reversed, ordered by their own claim ids.
      expect(await paths({ fromId: e.b.id, toId: e.a.id })).toEqual([
        path([e.b, e.f1, e.a], [c.c2, c.c1]),
        path([e.b, e.f2, e.a], [c.c4, c.c3]),
        path([e.b, e.f1, e.o, e.f2, e.a], [c.c2, c.c5, c.c6, c.c3]),
        path([e.b, e.f2, e.o, e.f1, e.a], [c.c4, c.c6, c.c5, c.c1]),
      ]);
      // Against the claims' direction only: a facility to the organisation that ran the other one.
      expect(await paths({ fromId: e.o.id, toId: e.f1.id, maxHops: 1 })).toEqual([path([e.o, e.f1], [c.c5])]);
    });

    it("brings the hops' claims along, each once in the order the paths meet them, as getClaimsAlong gives them", async () => {
      const { e, c, all } = await prisonGraph();
      const include = { citations: true, sources: true, entities: true };
      const query: PathQuery = { fromId: e.a.id, toId: e.b.id, maxHops: 4, k: 10, statuses: LIVE };
      const found = await store.findPathsAlong(query, include);
      expect(found.paths).toEqual(all);
      const order = [c.c1, c.c2, c.c3, c.c4, c.c5, c.c6].map((x) => x.claim.id);
      expect(found.along.items.map((x) => x.id)).toEqual(order);
      const along = await store.getClaimsAlong(order, include);
      expect(found.along.items).toEqual(along.items);
      expect(found.along.citations).toEqual(along.citations);
      expect([...found.along.sources!].sort(byId)).toEqual([...along.sources!].sort(byId));
      expect([...found.along.entities!].sort(byId)).toEqual([...along.entities!].sort(byId));
      // No path, nothing along.
      expect(await store.findPathsAlong({ ...query, toId: e.d.id }, include)).toEqual({
        paths: [],
        along: { items: [], citations: [], sources: [], entities: [] },
      });
    });

    it('returns at most k paths, and none longer than maxHops', async () => {
      const { e, all } = await prisonGraph();
      expect(await paths({ fromId: e.a.id, toId: e.b.id, k: 1 })).toEqual(all.slice(0, 1));
      expect(await paths({ fromId: e.a.id, toId: e.b.id, k: 3 })).toEqual(all.slice(0, 3));
      expect(await paths({ fromId: e.a.id, toId: e.b.id, maxHops: 1 })).toEqual([]);
      expect(await paths({ fromId: e.a.id, toId: e.b.id, maxHops: 3 })).toEqual(all.slice(0, 2));
      expect(await paths({ fromId: e.a.id, toId: e.b.id, maxHops: 6 })).toEqual(all);
    });

    it('returns no path between unconnected or unknown entities, or from an entity to itself', async () => {
      const { e } = await prisonGraph();
      expect(await paths({ fromId: e.a.id, toId: e.d.id, maxHops: 6 })).toEqual([]);
      expect(await paths({ fromId: e.a.id, toId: f.id('per', 'nobody') })).toEqual([]);
      expect(await paths({ fromId: f.id('per', 'nobody'), toId: e.a.id })).toEqual([]);
      expect(await paths({ fromId: e.a.id, toId: e.a.id })).toEqual([]);
    });

    it('follows only the predicates asked for; an empty list follows none', async () => {
      const { e, all } = await prisonGraph();
      expect(await paths({ fromId: e.a.id, toId: e.b.id, predicates: ['DETAINED_AT'] })).toEqual(all.slice(0, 2));
      expect(await paths({ fromId: e.a.id, toId: e.b.id, predicates: ['OPERATED_BY'] })).toEqual([]);
      expect(await paths({ fromId: e.a.id, toId: e.b.id, predicates: ['DETAINED_AT', 'OPERATED_BY'] })).toEqual(all);
      expect(await paths({ fromId: e.a.id, toId: e.b.id, predicates: [] })).toEqual([]);
    });

    it('follows claims with a citation at least as credible as asked, counting citations added later', async () => {
      const { e, c, all } = await prisonGraph();
      expect(await paths({ fromId: e.a.id, toId: e.b.id, minCredibility: 6 })).toEqual(all);
      // c2 has a 6 and a 2: its best citation counts.
      expect(await paths({ fromId: e.a.id, toId: e.b.id, minCredibility: 2 })).toEqual([all[0]]);
      // c4 (5) drops out, c3 (4) stays.
      expect(await paths({ fromId: e.a.id, toId: e.b.id, minCredibility: 4 })).toEqual([all[0], all[3]]);
      expect(await paths({ fromId: e.a.id, toId: e.b.id, minCredibility: 1 })).toEqual([]);

      await store.addCitations(
        c.c4.claim.id,
        [f.citation(c.c4.claim.id, source, { credibility: 3 })],
        AccessLevel.PUBLIC,
      );
      expect(await paths({ fromId: e.a.id, toId: e.b.id, minCredibility: 4 })).toEqual(all);
    });

    it('follows claims whose period may overlap the one asked for; an undated claim may', async () => {
      const { e, all } = await prisonGraph();
      const during = (edtf: string) => {
        const { earliest, latest } = parseEdtf(edtf);
        return paths({ fromId: e.a.id, toId: e.b.id, during: { earliest, latest } });
      };
      // c3 (2011/2013) and c4 (2012) lie outside 1990; c1 (1981/2024) and the undated ones may overlap.
      expect(await during('1990')).toEqual([all[0]]);
      expect(await during('2012-06')).toEqual(all);
      // Open-ended: from mid-2013 on, c4 (2012) is over but c3 (to the end of 2013) is not.
      expect(await during('2013-06/..')).toEqual([all[0], all[3]]);
      expect(await during('../1980')).toEqual([]);
    });

    it('leaves out retracted claims unless asked, and sees a status change at once', async () => {
      const a = person('a');
      const b = person('b');
      const f1 = facility('f1');
      const c1 = link(a, 'DETAINED_AT', f1, { key: 'a' });
      const c2 = link(b, 'DETAINED_AT', f1, { key: 'b', status: ClaimStatus.DISPUTED });
      await write([a, b, f1], [c1, c2]);
      const through = [path([a, f1, b], [c1, c2])];
      expect(await paths({ fromId: a.id, toId: b.id })).toEqual(through);
      expect(await paths({ fromId: a.id, toId: b.id, statuses: [ClaimStatus.ASSERTED] })).toEqual([]);

      await store.setClaimStatus({
        claimId: c1.claim.id,
        status: ClaimStatus.RETRACTED,
        reason: 'misread source',
        updatedAt: '2026-02-01T00:00:00.000Z',
      });
      expect(await paths({ fromId: a.id, toId: b.id })).toEqual([]);
      expect(await paths({ fromId: a.id, toId: b.id, statuses: [...LIVE, ClaimStatus.RETRACTED] })).toEqual(through);
    });

    it('reads claims written one by one as well as imported ones', async () => {
      const a = person('a');
      const b = person('b');
      const o = organization('o');
      for (const entity of [a, b, o]) await store.createEntity(entity);
      const c1 = link(a, 'MEMBER_OF', o, { key: 'a', credibilities: [5] });
      const c2 = link(b, 'MEMBER_OF', o, { key: 'b', period: '2015' });
      await store.assertClaim(c1);
      await store.assertClaim(c2);
      const expected = [path([a, o, b], [c1, c2])];
      expect(await paths({ fromId: a.id, toId: b.id, minCredibility: 5, during: parseEdtf('2015-03') })).toEqual(
        expected,
      );
      expect(await paths({ fromId: a.id, toId: b.id, minCredibility: 4 })).toEqual([]);
      expect(await paths({ fromId: a.id, toId: b.id, during: parseEdtf('2016') })).toEqual([]);
    });

    it('never repeats an entity, and a length reached only through a cycle does not hide a longer path', async () => {
      // a-b directly; a triangle a-x-y-a; a long way a-p-q-r-s-b; and a second claim between a and x.
      const [a, b, x, y, p, q, r, s] = ['a', 'b', 'x', 'y', 'p', 'q', 'r', 's'].map(person) as [
        EntityRecord,
        EntityRecord,
        EntityRecord,
        EntityRecord,
        EntityRecord,
        EntityRecord,
        EntityRecord,
        EntityRecord,
      ];
      const direct = link(a, 'RELATIVE_OF', b, { key: 'a' });
      const ax = link(a, 'RELATIVE_OF', x, { key: 'b' });
      const xa = link(x, 'SPOKE_TO', a, { key: 'c' });
      const xy = link(x, 'RELATIVE_OF', y, { key: 'd' });
      const ya = link(y, 'RELATIVE_OF', a, { key: 'e' });
      const long = [
        link(a, 'RELATIVE_OF', p, { key: 'f' }),
        link(q, 'RELATIVE_OF', p, { key: 'g' }),
        link(q, 'RELATIVE_OF', r, { key: 'h' }),
        link(r, 'RELATIVE_OF', s, { key: 'i' }),
        link(s, 'RELATIVE_OF', b, { key: 'j' }),
      ];
      await write([a, b, x, y, p, q, r, s], [direct, ax, xa, xy, ya, ...long]);
      // Walks a-x-a-b, a-x-y-a-b are 3 and 4 hops long; only simple paths count, so the second is 5 hops.
      expect(await paths({ fromId: a.id, toId: b.id, k: 2, maxHops: 6 })).toEqual([
        path([a, b], [direct]),
        path([a, p, q, r, s, b], long),
      ]);
      // Two claims between the same two entities are two paths.
      expect(await paths({ fromId: a.id, toId: x.id, maxHops: 1 })).toEqual([path([a, x], [ax]), path([a, x], [xa])]);
      expect(await paths({ fromId: a.id, toId: x.id, maxHops: 2 })).toEqual([
        path([a, x], [ax]),
        path([a, x], [xa]),
        path([a, y, x], [ya, xy]),
      ]);
    });

    it('with levels, walks only claims and entities of those levels, and counts only visible citations', async () => {
      const a = person('a');
      const b = person('b');
      const f1 = facility('f1');
      const f2 = { ...facility('f2'), access: AccessLevel.RESTRICTED };
      const c1 = link(a, 'DETAINED_AT', f1, { key: 'b' });
      const c2 = link(b, 'DETAINED_AT', f1, { key: 'c' });
      c2.claim.visibility = AccessLevel.RESTRICTED;
      c2.citations.forEach((x) => (x.visibility = AccessLevel.RESTRICTED));
      const c3 = link(a, 'DETAINED_AT', f2, { key: 'd' });
      const c4 = link(b, 'DETAINED_AT', f2, { key: 'e' });
      // A direct link whose only citation graded 1 is confidential; its public citation is graded 4.
      const direct = link(a, 'RELATIVE_OF', b, { key: 'a', credibilities: [1, 4] });
      direct.citations[0]!.visibility = AccessLevel.CONFIDENTIAL;
      await write([a, b, f1, f2], [c1, c2, c3, c4, direct]);

      const all = [path([a, b], [direct]), path([a, f1, b], [c1, c2]), path([a, f2, b], [c3, c4])];
      const PUBLIC = [AccessLevel.PUBLIC];
      const RESTRICTED = [AccessLevel.PUBLIC, AccessLevel.RESTRICTED];
      const EVERYTHING = [...RESTRICTED, AccessLevel.CONFIDENTIAL];
      expect(await paths({ fromId: a.id, toId: b.id })).toEqual(all);
      expect(await paths({ fromId: a.id, toId: b.id, levels: PUBLIC })).toEqual([all[0]]);
      expect(await paths({ fromId: a.id, toId: b.id, levels: RESTRICTED })).toEqual(all);
      // Nor may a hidden entity be an end.
      expect(await paths({ fromId: a.id, toId: f2.id, levels: PUBLIC, maxHops: 1 })).toEqual([]);
      expect(await paths({ fromId: a.id, toId: f2.id, levels: RESTRICTED, maxHops: 1 })).toEqual([path([a, f2], [c3])]);
      expect(await paths({ fromId: a.id, toId: b.id, levels: RESTRICTED, minCredibility: 1 })).toEqual([]);
      expect(await paths({ fromId: a.id, toId: b.id, levels: EVERYTHING, minCredibility: 1 })).toEqual([all[0]]);
    });

    it('refuses a query outside the bounds of the port', async () => {
      const { e } = await prisonGraph();
      for (const bad of [{ maxHops: 7 }, { maxHops: 0 }, { k: 11 }, { k: 1.5 }]) {
        await expect(paths({ fromId: e.a.id, toId: e.b.id, ...bad })).rejects.toBeInstanceOf(BadUserInputError);
      }
    });
  });
}
