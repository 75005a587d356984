import { parseBundleFiles } from './bundle.parser';
import { importFile } from './import.model';

const AT = '2026-01-01T00:00:00.000Z';

describe('bundle parser', () => {
  it('reads records, works dates out again from their EDTF text, and leaves what is missing unstated', () => {
    const text = [
      '{"format":"athar-bundle","schemaVersion":1,',
      '"entities":[',
      '{"id":"evt_x1","kind":"EVENT","name":"Raid","date":{"edtf":"2014","earliest":"1900-01-01","latest":null}}',
      '],"sources":[],"claims":[]}',
    ].join('\n');
    const parsed = parseBundleFiles([importFile('b.json', text)], AT);
    expect(parsed.issues).toEqual([]);
    const [draft] = parsed.entities;
    expect(draft!.record.date).toEqual({ edtf: '2014', earliest: '2014-01-01', latest: '2014-12-31' });
    expect(draft!.origin).toMatchObject({ file: 'b.json', line: 3 });
    expect(draft!.unstated).toEqual(expect.arrayContaining(['description', 'access', 'protection', 'pseudonym']));
  });

  it('reports each bad field at its record’s line and JSON path', () => {
    const text = [
      '{"format":"athar-bundle","schemaVersion":1,"entities":[',
      '{"id":"per_x1","kind":"PERSONA","name":"A"},',
      '{"id":"per_x2","kind":"PERSON"}',
      '],"claims":[',
      '{"claim":{"id":"clm_x1","subjectId":"per_x1","predicate":"MEMBER_OF","objectId":"org_x"},"citations":[{"id":"cit_x","sourceId":"src_x","locator":"p. 1","excerpt":"w","reliability":"Z","credibility":9}]}',
      ']}',
    ].join('\n');
    const parsed = parseBundleFiles([importFile('b.json', text)], AT);
    expect(parsed.issues.map((i) => `${i.line}:${i.column}`)).toEqual([
      '2:entities[0].kind',
      '3:entities[1].name',
      '5:claims[0].citations[0].reliability',
      '5:claims[0].citations[0].credibility',
    ]);
  });

  it('refuses a file that is not a bundle, and says what writes one', () => {
    const parsed = parseBundleFiles([importFile('x.json', '{"entities":[]}')], AT);
    expect(parsed.issues[0]!.message).toMatch(/athar export graph --format bundle/);
    const broken = '{"format":"athar-bundle","entities":[\n{"id":"per_a"},\n{"id" "per_b"}\n]}';
    expect(parseBundleFiles([importFile('x.json', broken)], AT).issues[0]).toMatchObject({ line: 3 });
  });
});
