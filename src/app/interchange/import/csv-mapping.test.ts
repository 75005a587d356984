import { readMapping } from './csv-mapping';
import { parseCsvFiles } from './csv.parser';
import { importFile } from './import.model';

const AT = '2026-01-01T00:00:00.000Z';

describe('CSV mapping: when-equals, map and join', () => {
  const entities = `
namespace: t
entities:
  - ref: person
    kind: PERSON
    id: id
    when: { column: kind, equals: person }
    fields:
      name: name
      protection: { column: protected, map: { 'true': CONFIDENTIAL, 'false': '' } }
  - ref: place
    kind: PLACE
    id: id
    when: { column: kind, equals: PLACE }
    fields:
      name: name
`;

  it("makes a template's record only from rows whose cell holds its value; map reads a cell as another", () => {
    const csv =
      'id,kind,name,protected\nper_a,PERSON,Ardavel Oskuni,true\nper_b,PERSON,Bexarin Tolu,false\nplc_c,PLACE,Cedra,false\n';
    const parsed = parseCsvFiles([importFile('e.csv', csv)], importFile('m.yaml', entities), AT);
    expect(parsed.issues).toEqual([]);
    expect(parsed.entities.map((e) => [e.record.id, e.record.kind, e.record.protection])).toEqual([
      ['per_a', 'PERSON', 'CONFIDENTIAL'],
      ['per_b', 'PERSON', null],
      ['plc_c', 'PLACE', null],
    ]);
  });

  it('reports a malformed when, map or join at its path in the mapping', () => {
    const { issues } = readMapping(
      importFile(
        'm.yaml',
        `
namespace: t
join: { file: claims.csv }
entities:
  - ref: person
    kind: PERSON
    id: id
    when: { column: kind }
    fields:
      name: { column: name, map: [a] }
`,
      ),
    );
    expect(issues.map((i) => i.column)).toEqual(['entities[0].fields.name.map', 'entities[0].when', 'join']);
  });

  const claims = `
namespace: t
join: { file: claims.csv, key: id, on: claim_id, prefix: 'claim.' }
entities:
  - { ref: subject, kind: PERSON, id: claim.subject_id }
  - { ref: object, kind: ORGANIZATION, id: claim.object_id }
sources:
  - { ref: source, id: source_id }
claims:
  - id: claim.id
    subject: subject
    predicate: { column: claim.predicate }
    object: object
    status: claim.status
    statusReason: claim.status_reason
    citation: { id: id, source: source, locator: locator, excerpt: excerpt }
`;
  const claimsCsv =
    'id,subject_id,predicate,object_id,status,status_reason\nclm_1,per_a,MEMBER_OF,org_b,DISPUTED,Denied\n';

  it('joins each row to the row of the joined file its key names; that file is not read as rows', () => {
    const citations = 'id,claim_id,source_id,locator,excerpt\ncit_1,clm_1,src_s,p. 1,one\ncit_2,clm_1,src_s,p. 2,two\n';
    const parsed = parseCsvFiles(
      [importFile('citations.csv', citations), importFile('dir/claims.csv', claimsCsv)],
      importFile('m.yaml', claims),
      AT,
    );
    expect(parsed.issues).toEqual([]);
    expect(parsed.claims.map((c) => c.record.citations[0]!.id)).toEqual(['cit_1', 'cit_2']);
    expect(parsed.claims[0]!.record.claim).toMatchObject({
      id: 'clm_1',
      subjectId: 'per_a',
      predicate: 'MEMBER_OF',
      objectId: 'org_b',
      status: 'DISPUTED',
      statusReason: 'Denied',
    });
  });

  it('a joined file not imported, or a key naming no row, is an issue', () => {
    const citations = 'id,claim_id,source_id,locator,excerpt\ncit_1,clm_9,src_s,p. 1,one\n';
    const without = parseCsvFiles([importFile('citations.csv', citations)], importFile('m.yaml', claims), AT);
    expect(without.issues).toEqual([
      {
        file: 'm.yaml',
        line: null,
        column: 'join.file',
        message: 'The mapping joins claims.csv, which is not among the files imported: give it beside the others.',
      },
    ]);
    const unknown = parseCsvFiles(
      [importFile('citations.csv', citations), importFile('claims.csv', claimsCsv)],
      importFile('m.yaml', claims),
      AT,
    );
    expect(unknown.issues).toEqual([
      {
        file: 'citations.csv',
        line: 2,
        column: 'claim_id',
        message: 'claim_id "clm_9" names no row of claims.csv: give the row it joins.',
      },
    ]);
    expect(unknown.claims).toEqual([]);
  });
});
