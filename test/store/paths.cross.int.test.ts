import { edtfBoundsOverlap, parseEdtf } from '../../src/domain/edtf';
import {
  AccessLevel,
  ClaimStatus,
  ClaimWithCitations,
  Credibility,
  EntityKind,
  EntityRecord,
  FuzzyDate,
} from '../../src/domain/model';
import { comparePaths } from '../../src/store/paths';
import type { PathQuery, PathRecord, Store } from '../../src/store/store.port';
import { Fixtures } from '../support/fixtures';
import { openTestStore, OpenedStore } from '../support/stores';

/**
 * One random graph, written to both stores, and many random path queries:
 * the embedded store, Neo4j and a brute-force enumeration of every simple
 * path must give the very same answers. Ties are common in such a graph, so
 * this holds the adapters to the port's tie order, not just to lengths.
 */

/** Small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// PATHS_SEED=<n> replays another graph.
const SEED = Number(process.env.PATHS_SEED ?? 20241208);
const PREDICATES = ['DETAINED_AT', 'RELATIVE_OF', 'SPOKE_TO', 'MEMBER_OF'];
const PERIODS = [null, '1981/2024', '2011/2013', '2012', '2015/..', '../1990', '2019-05'];
const LEVELS = [AccessLevel.PUBLIC, AccessLevel.PUBLIC, AccessLevel.RESTRICTED, AccessLevel.CONFIDENTIAL];
const STATUSES = [
  ClaimStatus.ASSERTED,
  ClaimStatus.ASSERTED,
  ClaimStatus.ASSERTED,
  ClaimStatus.DISPUTED,
  ClaimStatus.RETRACTED,
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

/** Every simple path, filtered, sorted and cut as the port says. */
function bruteForce(
  entities: ReadonlyMap<string, EntityRecord>,
  claims: readonly ClaimWithCitations[],
  q: PathQuery,
): PathRecord[] {
  const visible = (level: AccessLevel): boolean => q.levels === undefined || q.levels.includes(level);
  const passes = ({ claim, citations }: ClaimWithCitations): boolean =>
    q.statuses.includes(claim.status) &&
    (q.predicates === undefined || q.predicates.includes(claim.predicate)) &&
    visible(claim.visibility) &&
    (q.minCredibility === undefined ||
      citations.some((c) => c.credibility <= q.minCredibility! && visible(c.visibility))) &&
    (q.during === undefined || claim.period === null || edtfBoundsOverlap(claim.period, q.during) !== 'NONE');
  const edges = claims.filter(passes).map((c) => c.claim);
  const found: PathRecord[] = [];
  const walk = (at: string, entityIds: string[], claimIds: string[]): void => {
    if (at === q.toId && claimIds.length > 0) {
      found.push({ entityIds: [...entityIds], claimIds: [...claimIds] });
      return;
    }
    if (claimIds.length === q.maxHops) return;
    for (const e of edges) {
      const other = e.subjectId === at ? e.objectId! : e.objectId === at ? e.subjectId : null;
      if (other === null || entityIds.includes(other) || !visible(entities.get(other)!.access)) continue;
      walk(other, [...entityIds, other], [...claimIds, e.id]);
    }
  };
  if (q.fromId !== q.toId && visible(entities.get(q.fromId)!.access)) walk(q.fromId, [q.fromId], []);
  return found.sort(comparePaths).slice(0, q.k);
}

describe('findPaths: embedded, Neo4j and brute force agree on a random graph', () => {
  let embedded: OpenedStore;
  let neo4j: OpenedStore;
  const f = new Fixtures();
  const next = random(SEED);
  const entities: EntityRecord[] = [];
  const claims: ClaimWithCitations[] = [];

  beforeAll(async () => {
    [embedded, neo4j] = await Promise.all([openTestStore('embedded'), openTestStore('neo4j')]);
    await Promise.all([embedded.store.init(), neo4j.store.init()]);

    const source = f.source();
    for (let i = 0; i < 24; i += 1) {
      const access = next() < 0.8 ? AccessLevel.PUBLIC : AccessLevel.RESTRICTED;
      entities.push(f.entity({ id: f.id('per', `n${i}_`), kind: EntityKind.PERSON, access }));
    }
    for (let i = 0; i < 60; i += 1) {
      const subject = pick(next, entities);
      const object = pick(next, entities);
      if (subject === object) continue;
      const period = pick(next, PERIODS);
      // Claim ids drawn at random too, so that tie order is not the order of writing.
      const made = f.relationClaim(subject.id, pick(next, PREDICATES), object.id, source.id, {
        id: f.id('clm', `${Math.floor(next() * 1000)}_`),
        period: period === null ? null : parseEdtf(period),
        status: pick(next, STATUSES),
        visibility: pick(next, LEVELS),
      });
      const credibilities = Array.from(
        { length: 1 + Math.floor(next() * 2) },
        () => (1 + Math.floor(next() * 6)) as Credibility,
      );
      claims.push({
        claim: made.claim,
        citations: credibilities.map((credibility) =>
          f.citation(made.claim.id, source.id, { credibility, visibility: pick(next, LEVELS) }),
        ),
      });
    }
    const bundle = { entities, sources: [source], claims };
    await Promise.all([embedded.store.importBundle(bundle), neo4j.store.importBundle(bundle)]);
  });

  afterAll(async () => {
    await Promise.all([embedded?.cleanup(), neo4j?.cleanup()]);
  });

  it('on 60 random queries', async () => {
    const queries: PathQuery[] = [];
    for (let i = 0; i < 60; i += 1) {
      const during: FuzzyDate | null =
        next() < 0.3 ? parseEdtf(pick(next, ['1985', '2012-06', '2016/2020', '..2000'])) : null;
      queries.push({
        fromId: pick(next, entities).id,
        toId: pick(next, entities).id,
        maxHops: 1 + Math.floor(next() * 6),
        k: 1 + Math.floor(next() * 10),
        statuses: next() < 0.8 ? [ClaimStatus.ASSERTED, ClaimStatus.DISPUTED] : [ClaimStatus.ASSERTED],
        ...(next() < 0.3 ? { predicates: [pick(next, PREDICATES), pick(next, PREDICATES)] } : {}),
        ...(next() < 0.3 ? { minCredibility: (2 + Math.floor(next() * 4)) as Credibility } : {}),
        ...(during ? { during: { earliest: during.earliest, latest: during.latest } } : {}),
        ...(next() < 0.4
          ? { levels: next() < 0.5 ? [AccessLevel.PUBLIC] : [AccessLevel.PUBLIC, AccessLevel.RESTRICTED] }
          : {}),
      });
    }
    const answers = async (store: Store) => {
      const out: PathRecord[][] = [];
      for (const q of queries) out.push(await store.findPaths(q));
      return out;
    };
    const byId = new Map(entities.map((e) => [e.id, e]));
    const expected = queries.map((q) => bruteForce(byId, claims, q));
    const [fromEmbedded, fromNeo4j] = await Promise.all([answers(embedded.store), answers(neo4j.store)]);
    expect(fromEmbedded).toEqual(expected);
    expect(fromNeo4j).toEqual(expected);
    // The random graph must actually exercise ties and longer paths, or the comparison proves little.
    expect(expected.filter((paths) => paths.length > 1).length).toBeGreaterThan(2);
    expect(expected.some((paths) => paths.some((p) => p.claimIds.length >= 3))).toBe(true);
  });
});
