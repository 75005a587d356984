import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../domain/project';
import { parseFtmFiles } from './ftm.parser';
import { hashedId, importFile } from './import.model';

const AT = '2026-01-01T00:00:00.000Z';
const SAMPLE = importFile(
  'sample.ftm.json',
  fs.readFileSync(path.join(projectRoot(), 'docs', 'examples', 'import', 'sample.ftm.json')),
);

describe('FtM parser', () => {
  const parsed = parseFtmFiles([SAMPLE], AT);

  it('makes entities and sources of things and documents, with ids hashed from FtM ids', () => {
    expect(parsed.issues).toEqual([]);
    const byName = new Map(parsed.entities.map((e) => [e.record.name, e.record]));
    expect(byName.get('Darvel Ostrakin')).toMatchObject({
      id: hashedId('per', ['ftm', 'ex-person-1']),
      kind: 'PERSON',
      aliases: ['D. Ostrakin'],
    });
    expect(byName.get('Example Hill Prison')).toMatchObject({ kind: 'FACILITY', facilityType: 'PRISON' });
    expect(byName.get('Example City')).toMatchObject({
      kind: 'PLACE',
      placeType: 'CITY',
      latitude: 33.5,
      longitude: 36.3,
    });
    expect(byName.get('Raid on Example City market')).toMatchObject({
      kind: 'EVENT',
      eventType: 'ARREST',
      date: { edtf: '2012-06-01' },
    });
    expect(parsed.sources.map((s) => s.record.title)).toEqual([
      'Directorate staff list (leaked)',
      'https://example.org/news/2016/directorate',
    ]);
  });

  it('makes claims of interval schemata, cited by their proof or sourceUrl; skips what Athar has no record for', () => {
    const claims = parsed.claims.map((c) => c.record);
    expect(claims.map((c) => c.claim.predicate)).toEqual(['MEMBER_OF', 'MEMBER_OF', 'OPERATED_BY']);
    expect(claims[0]!.claim.period).toMatchObject({ edtf: '2010/2014' });
    expect(claims[0]!.citations[0]).toMatchObject({
      sourceId: hashedId('src', ['ftm', 'ex-doc-1']),
      excerpt: 'Ostrakin, D. - officer, 2010-2014',
    });
    expect(claims[1]!.citations[0]!.sourceId).toBe(
      hashedId('src', ['ftm-url', 'https://example.org/news/2016/directorate']),
    );
    expect(claims[2]!.claim).toMatchObject({
      subjectId: hashedId('fac', ['ftm', 'ex-prison-1']),
      objectId: hashedId('org', ['ftm', 'ex-org-1']),
    });
    expect(parsed.skipped).toEqual({ 'schema Sanction: Athar has no record for it': 1 });
  });

  it('an interval without proof or sourceUrl is an issue at its line: no edge without a citation', () => {
    const text = '{"id":"m","schema":"Membership","properties":{"member":["a"],"organization":["b"]}}\n\n{oops\n';
    const bad = parseFtmFiles([importFile('x.ftm.json', text)], AT);
    expect(bad.issues.map((i) => [i.line, i.column]).sort()).toEqual([
      [1, 'proof'],
      [3, null],
    ]);
    expect(bad.claims).toEqual([]);
  });
});
