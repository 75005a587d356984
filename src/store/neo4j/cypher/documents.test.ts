import {
  SEGMENT_BATCH_SIZE,
  createSegmentsQueries,
  documentSchemaQueries,
  searchSegmentsQuery,
  segmentLuceneQuery,
} from './documents';

describe('document Cypher', () => {
  it('asks Lucene for every word of one alternative as a prefix, escaped', () => {
    expect(segmentLuceneQuery([['sdnaya', 'prsn'], ['sednaya']])).toBe('(+sdnaya* +prsn*) OR (+sednaya*)');
    expect(segmentLuceneQuery([['a:b']])).toBe('(+a\\:b*)');
    expect(segmentLuceneQuery([[], ['']])).toBeNull();
  });

  it('passes every value as a parameter and pages one past the page size', () => {
    const query = searchSegmentsQuery('(+x*)', ['PUBLIC'], { first: 20, after: 'doc_a:0000001' });
    expect(query.cypher).not.toContain('doc_a');
    expect(query.params).toMatchObject({ query: '(+x*)', levels: ['PUBLIC'], after: 'doc_a:0000001', limit: 21 });
  });

  it('writes segments in batches', () => {
    const rows = Array.from({ length: SEGMENT_BATCH_SIZE + 1 }, (_, i) => ({ ordinal: i }));
    const queries = createSegmentsQueries('doc_a', rows);
    expect(queries.map((q) => (q.params.rows as unknown[]).length)).toEqual([SEGMENT_BATCH_SIZE, 1]);
    expect(documentSchemaQueries().every((q) => q.cypher.includes('IF NOT EXISTS'))).toBe(true);
  });
});
