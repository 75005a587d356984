import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../domain/project';
import { parseCsvFiles } from './csv.parser';
import { hashedId, importFile } from './import.model';

const AT = '2026-01-01T00:00:00.000Z';
const EXAMPLES = path.join(projectRoot(), 'docs', 'examples', 'import');
const example = (name: string) => importFile(name, fs.readFileSync(path.join(EXAMPLES, name)));

describe('CSV parser', () => {
  it('reads the sample detainee list: per row a person, an arrest, a place and three cited claims', () => {
    const parsed = parseCsvFiles([example('detainees.csv')], example('detainees.mapping.yaml'), AT);
    expect(parsed.issues).toEqual([]);
    const person = parsed.entities.find((e) => e.record.name === 'Exemplar Qatrani')!;
    expect(person.record).toMatchObject({
      id: hashedId('per', ['example-detainee-list-2024', 'PERSON', '17']),
      kind: 'PERSON',
      aliases: ['Exemplar al-Qatrani'],
    });
    expect(person.origin).toMatchObject({ file: 'detainees.csv', line: 2, column: 'record_no' });
    // Fields the mapping does not give are unstated: a stored record keeps its own.
    expect(person.unstated).toEqual(expect.arrayContaining(['description', 'access', 'protection', 'pseudonym']));
    const arrest = parsed.entities.find((e) => e.record.kind === 'EVENT' && e.origin.line === 2)!;
    expect(arrest.record).toMatchObject({
      name: 'Arrest of detainee 17',
      eventType: 'ARREST',
      date: { edtf: '2012-03-04' },
    });
    expect(parsed.claims.map((c) => c.record.claim.predicate)).toEqual([
      'VICTIM_OF',
      'OCCURRED_AT',
      'DETAINED_AT',
      'VICTIM_OF',
      'OCCURRED_AT',
      'DETAINED_AT',
    ]);
    const detained = parsed.claims[2]!.record;
    expect(detained.claim).toMatchObject({
      subjectId: person.record.id,
      objectId: 'fac_ex_branch1',
      period: { edtf: '2012-03/2013' },
    });
    expect(detained.citations).toEqual([
      expect.objectContaining({ sourceId: 'src_ex_list1', locator: 'row 17', reliability: 'B', credibility: 3 }),
    ]);
  });

  it('gives the same ids for the same rows, whatever the run', () => {
    const a = parseCsvFiles([example('detainees.csv')], example('detainees.mapping.yaml'), AT);
    const b = parseCsvFiles([example('detainees.csv')], example('detainees.mapping.yaml'), '2027-01-01T00:00:00.000Z');
    expect(b.entities.map((e) => e.record.id)).toEqual(a.entities.map((e) => e.record.id));
    expect(b.claims.map((c) => c.record.citations[0]!.id)).toEqual(a.claims.map((c) => c.record.citations[0]!.id));
  });

  it('reports each bad cell at its line and column, the start line of a row with a line break in a cell', () => {
    const csv = [
      'record_no,name,aliases,arrest_date,arrest_place,facility_id,detention_period,source_id,locator,excerpt,reliability,credibility',
      '1,"Two\nLines",,2012,Damascus,fac_ex_branch1,2012,src_ex_list1,row 1,words,B,3',
      '2,,,not a date,Damascus,fac_ex_branch1,2012,src_ex_list1,row 2,words,Q,3',
    ].join('\n');
    const parsed = parseCsvFiles([importFile('bad.csv', csv)], example('detainees.mapping.yaml'), AT);
    expect(parsed.issues.map((i) => `${i.line}:${i.column}`)).toEqual(['4:name', '4:arrest_date', '4:reliability']);
    expect(parsed.entities.find((e) => e.record.kind === 'PERSON')!.origin.line).toBe(2);
  });

  it('reports a broken file at the line where it breaks, and a mapping error at its path', () => {
    const broken = parseCsvFiles([importFile('x.csv', 'a,b\n1,"2\n')], example('sources.mapping.yaml'), AT);
    expect(broken.issues).toEqual([
      expect.objectContaining({ file: 'x.csv', message: expect.stringMatching(/^Not valid CSV/) }),
    ]);
    const mapping = importFile('m.yaml', 'namespace: x\nentities:\n  - ref: p\n    kind: PERSN\n    key: [a]\n');
    const bad = parseCsvFiles([importFile('x.csv', 'a\n1\n')], mapping, AT);
    expect(bad.issues).toEqual([expect.objectContaining({ file: 'm.yaml', column: 'entities[0].kind' })]);
  });
});
