import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-gexf';
import { renderGexf } from './gexf';
import { ARABIC, HOSTILE, PSEUDONYM, sampleGraph } from '../../../test/support/graph-snapshot.fixture';

describe('GEXF', () => {
  const [file] = renderGexf(sampleGraph());
  const xml = file!.bytes.toString('utf8');
  const graph = parse(MultiDirectedGraph, xml);

  it('reads back with labels, typed attributes and claim ids as edge ids', () => {
    expect(file!.name).toBe('graph.gexf');
    expect(xml).toContain('xmlns="http://gexf.net/1.3"');
    expect(graph.order).toBe(5);
    expect(graph.size).toBe(3);
    expect(graph.getNodeAttributes('fac_prison')).toMatchObject({ label: ARABIC, kind: 'FACILITY' });
    expect(graph.getEdgeAttributes('clm_detained')).toMatchObject({
      label: 'DETAINED_AT',
      claim: 'clm_detained',
      period: '2012/2014',
      status: 'DISPUTED',
      citations: 2,
    });
  });

  it('escapes hostile text and keeps the pseudonym', () => {
    expect(xml).not.toContain('<script>');
    expect(graph.getNodeAttribute('org_hostile', 'label')).toBe(
      HOSTILE.replace('\u0000', '\uFFFD').replace('\u0007', '\uFFFD'),
    );
    expect(graph.getNodeAttributes('per_witness')).toMatchObject({ label: PSEUDONYM, protected: true });
  });
});
