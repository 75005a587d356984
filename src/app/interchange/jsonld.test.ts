import { renderJsonLd } from './jsonld';
import { PSEUDONYM, sampleGraph } from '../../../test/support/graph-snapshot.fixture';
import { WITHHELD_NAME } from '../../policy/redaction';

type Node = Record<string, unknown> & { '@id': string; '@type': string[] };

describe('JSON-LD with PROV-O', () => {
  const [file] = renderJsonLd(sampleGraph());
  const doc = JSON.parse(file!.bytes.toString('utf8')) as { '@context': Record<string, unknown>; '@graph': Node[] };
  const node = (id: string): Node => doc['@graph'].find((n) => n['@id'] === `rec:${id}`)!;

  it('declares PROV-O and gives every record an id', () => {
    expect(doc['@context'].prov).toBe('http://www.w3.org/ns/prov#');
    expect(doc['@graph']).toHaveLength(5 + 2 + 5 + 5);
  });

  it('derives claims from their citations, citations from sources, sources from what they report', () => {
    expect(node('clm_detained')).toMatchObject({
      '@type': ['prov:Entity', 'athar:Claim'],
      subject: 'rec:per_witness',
      object: 'rec:fac_prison',
      wasDerivedFrom: ['rec:cit_detained_1', 'rec:cit_detained_2'],
    });
    expect(node('cit_detained_1')).toMatchObject({
      hadPrimarySource: 'rec:src_report',
      wasDerivedFrom: ['rec:src_report', 'rec:src_article'],
      excerpt: `${WITHHELD_NAME} was held there`,
    });
    expect(node('cit_detained_2').excerpt).toBeUndefined();
    expect(node('src_article').wasDerivedFrom).toEqual(['rec:src_report']);
    expect(node('per_witness')).toMatchObject({ '@type': ['schema:Person', 'athar:Entity'], name: PSEUDONYM });
  });
});
