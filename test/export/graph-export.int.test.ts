import { createHash } from 'node:crypto';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { GraphExportService, type GraphExport } from '../../src/app/interchange/graph-export.service';
import { GRAPH_FORMATS, GraphFormat } from '../../src/app/interchange/graph-formats';
import { createServices } from '../../src/main/compose';
import { seedBundle } from '../../src/main/seed/seed';
import { ExportProfile } from '../../src/policy/export-profiles';
import { startTestApi, type TestApi } from '../support/graphql';
import { openTestStore, type OpenedStore, STORE_KINDS } from '../support/stores';
import { VIEWERS } from '../support/viewers';

const WITNESS = 'per_w7k3q9';
const SEED = seedBundle();
const REAL_NAME = SEED.entities.find((e) => e.id === WITNESS)!.name;
const PSEUDONYM = SEED.entities.find((e) => e.id === WITNESS)!.pseudonym!;

/** The "done when" for graph exports: each format, as the public profile, withholds the protected witness. */
describe.each(STORE_KINDS)('graph export on the %s store', (kind) => {
  let opened: OpenedStore;
  let service: GraphExportService;
  let api: TestApi;

  beforeAll(async () => {
    opened = await openTestStore(kind);
    await opened.store.init();
    await opened.store.importBundle(SEED);
    service = exporter(VIEWERS.legal);
    api = await startTestApi(opened.store);
  });

  afterAll(async () => {
    await api?.stop();
    await opened?.cleanup();
  });

  function exporter(requester: typeof VIEWERS.legal): GraphExportService {
    return new GraphExportService(requester, {
      atharVersion: 'test',
      now: () => new Date(),
      servicesFor: (viewer, asOf) => createServices(opened.store, { maxPageSize: 100, viewer, asOf }),
    });
  }

  const text = (exported: GraphExport): string => exported.files.map((f) => f.bytes.toString('utf8')).join('\n');

  // The whole graph of the shared Neo4j database holds other tests' records; the seed's neighbourhood does not.
  const scopes =
    kind === 'embedded'
      ? [
          { label: 'whole graph', entityIds: null, depth: null },
          { label: 'subgraph', entityIds: ['fac_sednaya', WITNESS], depth: 2 },
        ]
      : [{ label: 'subgraph', entityIds: ['fac_sednaya', WITNESS], depth: 2 }];

  describe.each(scopes)('$label', (scope) => {
    it.each(GRAPH_FORMATS)('%s as the public profile never holds the witness’s real name', async (format) => {
      const exported = await service.export({ profile: ExportProfile.PUBLIC, format, ...scope });
      const all = text(exported);
      expect(all).not.toContain(REAL_NAME);
      expect(all).toContain(PSEUDONYM);
      expect(exported.manifest).toMatchObject({ profile: 'public', format, kind: 'graph', atharVersion: 'test' });
      expect(exported.manifest.files.map((f) => f.name)).toEqual(exported.files.map((f) => f.name));
      for (const [i, f] of exported.manifest.files.entries()) {
        expect(f.sha256).toBe(createHash('sha256').update(exported.files[i]!.bytes).digest('hex'));
      }
      expect(exported.manifest.counts.claims).toBeGreaterThan(0);
    });
  });

  it('GraphML and GEXF parse back with the exported nodes and edges', async () => {
    const request = { profile: ExportProfile.PUBLIC, entityIds: ['fac_sednaya'], depth: 2 };
    const graphml = await service.export({ ...request, format: GraphFormat.GRAPHML });
    const gexf = await service.export({ ...request, format: GraphFormat.GEXF });
    const a = parseGraphml(MultiDirectedGraph, graphml.files[0]!.bytes.toString('utf8'));
    const b = parseGexf(MultiDirectedGraph, gexf.files[0]!.bytes.toString('utf8'));
    expect(a.order).toBe(graphml.manifest.counts.entities);
    expect(b.order).toBe(a.order);
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBe(a.size);
    expect(a.hasNode('fac_sednaya')).toBe(true);
    a.forEachEdge((edge, attributes, source, target) => {
      expect(attributes.claim).toBe(edge);
      expect(typeof attributes.predicate).toBe('string');
      expect(attributes.citations).toBeGreaterThan(0);
      expect(a.hasNode(source) && a.hasNode(target)).toBe(true);
    });
    if (a.hasNode(WITNESS)) expect(a.getNodeAttribute(WITNESS, 'name')).toBe(PSEUDONYM);
  });

  it('shows the real name to the legal profile, and refuses a requester below the profile', async () => {
    const legal = await service.export({
      profile: ExportProfile.LEGAL,
      format: GraphFormat.CSV,
      entityIds: [WITNESS],
      depth: 1,
    });
    expect(text(legal)).toContain(REAL_NAME);
    await expect(
      exporter(VIEWERS.analyst).export({ profile: ExportProfile.PUBLIC, format: GraphFormat.CSV }),
    ).rejects.toThrow();
  });

  it('is the same bytes for the same profile, scope and time', async () => {
    const asOf = new Date();
    const request = {
      profile: ExportProfile.PUBLIC,
      format: GraphFormat.JSONLD,
      entityIds: ['fac_sednaya'],
      depth: 1,
      asOf,
    };
    const first = await service.export(request);
    const second = await service.export(request);
    expect(second.manifestSha256).toBe(first.manifestSha256);
  });

  it('is a GraphQL mutation for the legal team, refused below it', async () => {
    const mutation = `mutation($e: [String!]) { exportGraph(format: GRAPHML, profile: PUBLIC, entityIds: $e, depth: 1) {
      files { name sha256 bytes content } manifest manifestSha256 } }`;
    const made = await api.run(mutation, { e: [WITNESS] }, { viewer: VIEWERS.legal });
    expect(made.errors).toBeUndefined();
    const result = made.data!.exportGraph;
    expect(result.manifest).toMatchObject({ profile: 'public', format: 'graphml', scope: { entityIds: [WITNESS] } });
    const [file] = result.files;
    expect(file.name).toBe('graph.graphml');
    expect(file.sha256).toBe(createHash('sha256').update(file.content, 'utf8').digest('hex'));
    expect(file.content).not.toContain(REAL_NAME);
    const graph = parseGraphml(MultiDirectedGraph, file.content);
    expect(graph.getNodeAttribute(WITNESS, 'name')).toBe(PSEUDONYM);

    const refused = await api.run(mutation, { e: [WITNESS] }, { viewer: VIEWERS.analyst });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
