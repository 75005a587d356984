import { seedBundle } from '../../src/main/seed/seed';
import { startTestApi, TestApi } from '../support/graphql';
import { countingStore, openTestStore, OpenedStore, STORE_KINDS } from '../support/stores';

const PILOT = 'per_0a71bf49fb93';
const SAFI = 'per_f0a6cbc33a5e';
const SEDNAYA = 'fac_sednaya';
const PILOT_HELD = 'clm_pilot_detained_at_sednaya';
const PILOT_RELEASED = 'clm_pilot_released_from_sednaya';
const SAFI_HELD = 'clm_d0b00031a8e1';

const CONNECTIONS = `
  query Connections(
    $from: ID!
    $to: ID!
    $maxHops: Int
    $first: Int
    $predicates: [String!]
    $minCredibility: Int
    $during: String
    $statuses: [ClaimStatus!]
  ) {
    connections(
      from: $from
      to: $to
      maxHops: $maxHops
      first: $first
      predicates: $predicates
      minCredibility: $minCredibility
      during: $during
      statuses: $statuses
    ) {
      length
      entities { id name }
      hops {
        from { id name }
        to { id name }
        direction
        predicate
        overlap
        claim {
          id
          status
          period { edtf }
          citations { locator excerpt credibility source { id title } via { id title } }
        }
      }
    }
  }`;

describe.each(STORE_KINDS)('GraphQL connections on the %s store', (kind) => {
  let opened: OpenedStore;
  let api: TestApi;
  let counted: ReturnType<typeof countingStore>;

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(seedBundle());
    counted = countingStore(opened.store);
    api = await startTestApi(counted.store);
  });

  afterAll(async () => {
    await api.stop();
    await opened.cleanup();
  });

  async function connections(variables: Record<string, unknown>) {
    const result = await api.run(CONNECTIONS, variables);
    return { paths: (result.data?.connections ?? null) as any[] | null, errors: result.errors };
  }

  /** Claim ids of each path: the Neo4j database is shared, so tests look for the seed's own paths among others. */
  const claimIdsOf = (paths: any[]) => paths.map((p) => (p.hops as any[]).map((h) => h.claim.id));

  it('links the pilot to Safi al-Yassin through Sednaya, each hop with its claim and citations', async () => {
    const { paths, errors } = await connections({ from: PILOT, to: SAFI });
    expect(errors).toBeUndefined();
    // Shortest first: both held at Sednaya, then the pilot released from it and Safi held there.
    expect(claimIdsOf(paths!).slice(0, 2)).toEqual([
      [PILOT_HELD, SAFI_HELD],
      [PILOT_RELEASED, SAFI_HELD],
    ]);
    const [first] = paths!;
    expect(first.length).toBe(2);
    expect(first.entities.map((e: any) => e.id)).toEqual([PILOT, SEDNAYA, SAFI]);
    expect(first.entities[1].name).toBe('Sednaya Prison');
    const [out, back] = first.hops;
    // The pilot is the subject of the first claim; Safi, at the far end, is the subject of the second.
    expect(out).toMatchObject({
      from: { id: PILOT },
      to: { id: SEDNAYA },
      direction: 'OUTGOING',
      predicate: 'DETAINED_AT',
      overlap: null,
      claim: { id: PILOT_HELD, status: 'ASSERTED', period: { edtf: '/2024-12-08' } },
    });
    expect(back).toMatchObject({
      from: { id: SEDNAYA, name: 'Sednaya Prison' },
      to: { id: SAFI, name: 'Safi al-Yassin' },
      direction: 'INCOMING',
      predicate: 'DETAINED_AT',
      claim: { id: SAFI_HELD, period: null },
    });
    expect(out.claim.citations[0]).toMatchObject({ locator: 'para. 20', credibility: 3 });
    expect(out.claim.citations[0].excerpt).toContain('pilot jailed in 1981');
    expect(back.claim.citations[0]).toMatchObject({ locator: 'para. 22' });
    expect(back.claim.citations[0].excerpt).toContain('Safi al-Yassin');
    for (const path of paths!) {
      expect(path.hops).toHaveLength(path.length);
      expect(path.entities).toHaveLength(path.length + 1);
      for (const hop of path.hops) expect(hop.claim.citations.length).toBeGreaterThan(0);
    }
  });

  it('gives the same answer on every call, and walks the path backwards from the other end', async () => {
    const a = await connections({ from: PILOT, to: SAFI, first: 10 });
    const b = await connections({ from: PILOT, to: SAFI, first: 10 });
    expect(b.paths).toEqual(a.paths);
    const reverse = await connections({ from: SAFI, to: PILOT, predicates: ['DETAINED_AT'] });
    expect(claimIdsOf(reverse.paths!)).toContainEqual([SAFI_HELD, PILOT_HELD]);
    const seedPath = reverse.paths!.find((p) => p.hops[0].claim.id === SAFI_HELD && p.hops[1].claim.id === PILOT_HELD);
    expect(seedPath.hops.map((h: any) => h.direction)).toEqual(['OUTGOING', 'INCOMING']);
  });

  it('filters by predicate, credibility and period, saying how each claim meets the period', async () => {
    const held = await connections({ from: PILOT, to: SAFI, predicates: ['DETAINED_AT'] });
    expect(claimIdsOf(held.paths!)).toContainEqual([PILOT_HELD, SAFI_HELD]);
    expect(claimIdsOf(held.paths!)).not.toContainEqual([PILOT_RELEASED, SAFI_HELD]);

    // The pilot's claims are graded 3: asking for 2 or better leaves them out.
    const credible = await connections({ from: PILOT, to: SAFI, minCredibility: 2, maxHops: 2 });
    expect(credible.errors).toBeUndefined();
    expect(claimIdsOf(credible.paths!).flat()).not.toContain(PILOT_HELD);
    const fair = await connections({ from: PILOT, to: SAFI, minCredibility: 3, maxHops: 2 });
    expect(claimIdsOf(fair.paths!)).toContainEqual([PILOT_HELD, SAFI_HELD]);

    const in1990 = await connections({ from: PILOT, to: SAFI, during: '1990', predicates: ['DETAINED_AT'] });
    const path = in1990.paths!.find((p) => p.hops[0].claim.id === PILOT_HELD);
    // The pilot's stay ends on 2024-12-08 but its start is unknown; Safi's has no date: both only possibly in 1990.
    expect(path.hops.map((h: any) => h.overlap)).toEqual(['POSSIBLE', 'POSSIBLE']);
    // After his release on 2024-12-08 the pilot's stay cannot hold.
    const in2025 = await connections({ from: PILOT, to: SAFI, during: '2025' });
    expect(claimIdsOf(in2025.paths!).flat()).not.toContain(PILOT_HELD);
  });

  it('refuses bad input with BAD_USER_INPUT and a message that says what to fix', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ maxHops: 7 }, 'maxHops', /maxHops must be a whole number from 1 to 6; got 7/],
      [{ maxHops: 0 }, 'maxHops', /from 1 to 6/],
      [{ first: 11 }, 'first', /first must be a whole number from 1 to 10/],
      [{ minCredibility: 7 }, 'minCredibility', /from 1 to 6/],
      [{ predicates: ['HELD_BY_ALIENS'] }, 'predicates[0]', /Unknown predicate "HELD_BY_ALIENS"/],
      [{ predicates: ['DETAINED_AT', 'DEATH_COUNT'] }, 'predicates[1]', /DEATH_COUNT .* no path/],
      [{ during: '1990-13' }, 'during', /not a valid EDTF date/],
      [{ statuses: [] }, 'statuses', /at least one status/],
      [{ from: 'src_article_000' }, 'from', /not an entity id/],
      [{ to: PILOT }, 'to', /same entity/],
    ];
    for (const [variables, field, message] of cases) {
      const { paths, errors } = await connections({ from: PILOT, to: SAFI, ...variables });
      expect(paths).toBeNull();
      expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
      expect(errors?.[0]?.message).toMatch(message);
    }
  });

  it('answers NOT_FOUND for an entity that does not exist', async () => {
    const { paths, errors } = await connections({ from: PILOT, to: 'per_nobody_at_all' });
    expect(paths).toBeNull();
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', id: 'per_nobody_at_all' } });
  });

  it('costs a fixed number of store calls, however many paths and hops it returns', async () => {
    const callsFor = async (variables: Record<string, unknown>) => {
      counted.calls.length = 0;
      const { paths, errors } = await connections(variables);
      expect(errors).toBeUndefined();
      return { paths: paths!, calls: [...counted.calls] };
    };
    const small = await callsFor({ from: PILOT, to: SAFI, first: 1, maxHops: 2 });
    // Ten paths of three and four hops, through Sednaya, Syria and the events of December 2024.
    const large = await callsFor({ from: PILOT, to: 'org_syrian_rebels', first: 10, maxHops: 4 });
    expect(small.paths).toHaveLength(1);
    expect(large.paths).toHaveLength(10);
    expect(large.paths.flatMap((p) => p.hops).length).toBeGreaterThanOrEqual(30);
    for (const { calls } of [small, large]) {
      expect(calls.filter((c) => c === 'findPathsAlong')).toHaveLength(1);
      expect(calls.filter((c) => c === 'findPaths' || c === 'getClaimsAlong')).toEqual([]);
      // The two ends, and the path search with the hops' claims, their citations, sources and entities, at once;
      // and once per request the protected people whose names are withheld from this viewer.
      expect(calls.filter((c) => c === 'protectedPeople')).toHaveLength(1);
      expect(calls.length).toBeLessThanOrEqual(7);
      for (const method of new Set(calls)) expect(calls.filter((c) => c === method).length).toBeLessThanOrEqual(2);
    }
  });
});
