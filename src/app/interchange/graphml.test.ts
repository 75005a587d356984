import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-graphml';
import { renderGraphml } from './graphml';
import { ARABIC, HOSTILE, PSEUDONYM, sampleGraph } from '../../../test/support/graph-snapshot.fixture';

/** What XML can hold of the hostile string: its control characters become U+FFFD. */
const HOSTILE_IN_XML = HOSTILE.replace('\u0000', '\uFFFD').replace('\u0007', '\uFFFD');

describe('GraphML', () => {
  const [file] = renderGraphml(sampleGraph());
  const xml = file!.bytes.toString('utf8');
  const graph = parse(MultiDirectedGraph, xml);

  it('is one file that a graph library reads back: every entity a node, every entity-to-entity claim an edge', () => {
    expect(file!.name).toBe('graph.graphml');
    expect(graph.order).toBe(5);
    expect(graph.size).toBe(3);
    expect(graph.getNodeAttributes('fac_prison')).toMatchObject({ kind: 'FACILITY', name: ARABIC, subtype: 'PRISON' });
    expect(graph.getNodeAttributes('plc_town')).toMatchObject({ latitude: 33.69, longitude: 36.37 });
    expect(graph.getEdgeAttributes('clm_detained')).toEqual({
      claim: 'clm_detained',
      predicate: 'DETAINED_AT',
      period: '2012/2014',
      status: 'DISPUTED',
      rank: 'NORMAL',
      citations: 2,
    });
    expect(graph.source('clm_detained')).toBe('per_witness');
    expect(graph.target('clm_detained')).toBe('fac_prison');
  });

  it('escapes hostile text, which reads back as it was', () => {
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0000');
    expect(xml).not.toContain('\u0007');
    expect(graph.getNodeAttribute('org_hostile', 'name')).toBe(HOSTILE_IN_XML);
  });

  it('shows a protected person under the pseudonym the profile reads', () => {
    expect(graph.getNodeAttributes('per_witness')).toMatchObject({ name: PSEUDONYM, protected: true });
  });
});
