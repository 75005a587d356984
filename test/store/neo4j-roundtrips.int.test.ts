import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { AccessLevel, EntityKind, FacilityType, type ClaimWithCitations } from '../../src/domain/model';
import { Role, type Viewer } from '../../src/policy/viewer';
import { Neo4jStore } from '../../src/store/neo4j/neo4j.store';
import { withConsistency } from '../../src/store/consistency';
import { Fixtures } from '../support/fixtures';
import { startTestApi, type TestApi } from '../support/graphql';
import { neo4jTestConfig } from '../support/neo4j-env';

/**
 * Bolt round trips per GraphQL request, counted on the wire: a TCP proxy
 * between the driver and Neo4j counts, per connection, the turns in which the
 * client writes again after the server has answered (pipelined messages in
 * one turn count once, however TCP splits them). A request whose store reads
 * follow the GraphQL levels costs one turn per level, whatever the number of
 * claims an entity has.
 */
class TurnCounter {
  turns = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      this.sockets.add(client).add(upstream);
      let serverSpokeLast = true;
      client.on('data', (chunk) => {
        if (serverSpokeLast) this.turns += 1;
        serverSpokeLast = false;
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        serverSpokeLast = true;
        client.write(chunk);
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const LEGAL: Viewer = Object.freeze({
  role: Role.LEGAL,
  clearance: AccessLevel.CONFIDENTIAL,
  subject: 'rt',
  via: 'cli',
});
const PUBLIC: Viewer = Object.freeze({
  role: Role.PUBLIC,
  clearance: AccessLevel.PUBLIC,
  subject: null,
  via: 'anonymous',
});

const CLAIMS_WITH_CITATIONS = `query ($id: ID!) {
  entity(id: $id) {
    name
    claims(first: 100) {
      totalCount
      edges { node { id predicate period { edtf } citations { locator excerpt source { title } } } }
    }
  }
}`;

const HUB_CLAIMS = 2100;

describe('Bolt round trips per GraphQL request (Neo4j, counted on the wire)', () => {
  const f = new Fixtures();
  const person = f.entity({ name: `Rtperson ${f.run}` });
  const hub = f.entity({
    id: f.id('fac'),
    kind: EntityKind.FACILITY,
    name: `Rthub ${f.run}`,
    facilityType: FacilityType.PRISON,
  });
  const report = f.source();
  const article = f.source({ derivedFromIds: [report.id] });
  // A chain two derivations deep: blog repeats article, which repeats report.
  const blog = f.source({ derivedFromIds: [article.id] });
  let proxy: TurnCounter;
  let store: Neo4jStore;
  let api: TestApi;

  beforeAll(async () => {
    const config = neo4jTestConfig();
    const target = new URL(config.uri);
    proxy = new TurnCounter({ host: target.hostname, port: Number(target.port || 7687) });
    const port = await proxy.listen();
    store = new Neo4jStore({
      uri: `bolt://127.0.0.1:${port}`,
      ...(config.password ? { user: config.user, password: config.password } : {}),
      database: config.database,
    });
    await store.init();
    const detainees = Array.from({ length: HUB_CLAIMS }, () => f.entity());
    const claims: ClaimWithCitations[] = detainees.map((d) => f.relationClaim(d.id, 'DETAINED_AT', hub.id, article.id));
    for (let i = 0; i < 5; i++) claims.push(f.relationClaim(person.id, 'DETAINED_AT', hub.id, blog.id));
    await store.importBundle({ entities: [person, hub, ...detainees], sources: [report, article, blog], claims });
    api = await startTestApi(store);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await store?.close();
    await proxy?.close();
  });

  /**
   * The turns one request takes once the pool is warm (the first run opens connections: handshakes are turns),
   * run as the HTTP layer runs a request: in its own consistency scope (src/store/consistency.ts).
   */
  async function turnsOf(query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<number> {
    const run = () => withConsistency([], () => api.run(query, variables, { viewer }));
    const first = await run();
    expect(first.errors).toBeUndefined();
    const before = proxy.turns;
    const again = await run();
    expect(again.errors).toBeUndefined();
    return proxy.turns - before;
  }

  it('gives a person and a hub facility with 2,000+ claims the same count for a page of claims with citations', async () => {
    const ofPerson = await turnsOf(CLAIMS_WITH_CITATIONS, { id: person.id }, LEGAL);
    const ofHub = await turnsOf(CLAIMS_WITH_CITATIONS, { id: hub.id }, LEGAL);
    expect(ofHub).toBe(ofPerson);
    // The page with the citations and sources asked for, and the entity itself along with it: one turn.
    expect(ofPerson).toBe(1);

    // A facility's detainees, with their names and the claims' citations: one turn too, whatever their number.
    const detainees = `query ($id: ID!) { entity(id: $id) { name ... on Facility { detainees { entity { name }
        claim { period { edtf } citations { locator excerpt source { title } } } } } } }`;
    expect(await turnsOf(detainees, { id: hub.id }, LEGAL)).toBe(1);

    // The page is the hub's: 100 of its claims, counted in full.
    const page = await api.run<{ entity: { claims: { totalCount: number; edges: unknown[] } } }>(
      CLAIMS_WITH_CITATIONS,
      { id: hub.id },
      { viewer: LEGAL },
    );
    expect(page.data?.entity.claims.totalCount).toBe(HUB_CLAIMS + 5);
    expect(page.data?.entity.claims.edges).toHaveLength(100);
  });

  it('costs the public viewer no more turns than a cleared one: protection is checked against the reads made', async () => {
    const ofPerson = await turnsOf(CLAIMS_WITH_CITATIONS, { id: person.id }, PUBLIC);
    const ofHub = await turnsOf(CLAIMS_WITH_CITATIONS, { id: hub.id }, PUBLIC);
    // Nothing was committed since the protected people were read: the stamp the read returns says so.
    expect(ofPerson).toBe(1);
    expect(ofHub).toBe(1);
  });

  it('reads the protected people again, in one more turn, when something was committed since', async () => {
    await turnsOf(CLAIMS_WITH_CITATIONS, { id: person.id }, PUBLIC);
    await store.createEntity(f.entity());
    const run = () => withConsistency([], () => api.run(CLAIMS_WITH_CITATIONS, { id: person.id }, { viewer: PUBLIC }));
    const before = proxy.turns;
    expect((await run()).errors).toBeUndefined();
    expect(proxy.turns - before).toBe(2);
    const after = proxy.turns;
    expect((await run()).errors).toBeUndefined();
    expect(proxy.turns - after).toBe(1);
  });

  it('keeps deeper queries bounded by their depth, not by the number of records', async () => {
    // [query, its depth in levels of records, the entity asked about]
    const levels: [string, number, string][] = [
      ['query ($id: ID!) { entity(id: $id) { name } }', 1, hub.id],
      ['query ($id: ID!) { entity(id: $id) { claims(first: 100) { edges { node { id } } } } }', 2, hub.id],
      [
        'query ($id: ID!) { entity(id: $id) { claims(first: 100) { edges { node { id citations { locator } } } } } }',
        3,
        hub.id,
      ],
      [
        `query ($id: ID!) { entity(id: $id) { claims(first: 100) { edges { node { id
            citations { locator source { title citations { locator } } } } } } } }`,
        4,
        person.id,
      ],
      [
        `query ($id: ID!) { entity(id: $id) { ... on Facility { detainees { entity { name }
            claim { period { edtf } citations { locator excerpt source { title } } } } } } }`,
        4,
        hub.id,
      ],
    ];
    for (const [query, depth, id] of levels) {
      const turns = await turnsOf(query, { id }, LEGAL);
      expect({ query, turns: turns <= depth }).toEqual({ query, turns: true });
    }
  });

  it('reads an evidence trace down its derivation chain in a bounded number of turns', async () => {
    const claimId = (await store.listClaimsOfEntities([person.id], {}, { first: 1, after: null }))[0]!.items[0]!.id;
    const query = `query ($id: ID!) { trace(claimId: $id) { claim { id } citations { citation { locator source { title } }
          origins { id } } sources { id } } }`;
    const turns = await turnsOf(query, { id: claimId }, LEGAL);
    // The claim, its citations and the whole lineage of their sources in one statement: however deep the
    // derivations go.
    expect(turns).toBe(1);
    const trace = await api.run<{ trace: { citations: { origins: { id: string }[] }[]; sources: { id: string }[] } }>(
      query,
      { id: claimId },
      { viewer: LEGAL },
    );
    expect(trace.data?.trace.citations[0]!.origins).toEqual([{ id: report.id }]);
    expect(trace.data?.trace.sources.map((s) => s.id).sort()).toEqual([report.id, article.id, blog.id].sort());
  });
});
