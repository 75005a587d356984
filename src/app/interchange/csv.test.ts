import { csvField, renderCsv } from './csv';
import { ARABIC, HOSTILE, PSEUDONYM, sampleGraph } from '../../../test/support/graph-snapshot.fixture';
import { WITHHELD_NAME } from '../../policy/redaction';

/** A strict RFC 4180 reader: the rows of a file, each a list of fields. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quote');
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      field = end < 0 ? text.slice(i) : text.slice(i, i + end);
      if (/["\r\n]/.test(field)) throw new Error(`bare quote or line break in ${JSON.stringify(field)}`);
      i += field.length;
    }
    row.push(field);
    if (text.startsWith(',', i)) i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      if (i === text.length) return rows;
    } else throw new Error(`unexpected ${JSON.stringify(text.slice(i, i + 10))} at ${i}`);
  }
}

function records(name: string): Record<string, string>[] {
  const file = renderCsv(sampleGraph()).find((f) => f.name === name)!;
  const [header, ...rows] = readCsv(file.bytes.toString('utf8'));
  return rows.map((r) => {
    expect(r).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((h, i) => [h, r[i]!]));
  });
}

describe('CSV', () => {
  it('is four files, one per kind of record', () => {
    expect(renderCsv(sampleGraph()).map((f) => f.name)).toEqual([
      'entities.csv',
      'sources.csv',
      'claims.csv',
      'citations.csv',
    ]);
  });

  it('quotes as RFC 4180 asks: hostile text reads back whole, formulas defused', () => {
    const hostile = records('entities.csv').find((e) => e.id === 'org_hostile')!;
    expect(hostile.name).toBe(HOSTILE);
    expect(hostile.description).toBe(HOSTILE);
    const located = records('citations.csv').find((c) => c.id === 'cit_located_1')!;
    expect(located.locator).toBe("'=1+1");
    expect(csvField('=SUM(A1)', true)).toBe("'=SUM(A1)");
    expect(csvField(-36.5)).toBe('-36.5');
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField(null)).toBe('');
  });

  it('keeps Arabic text, pseudonyms and withheld names as the profile reads them', () => {
    const entities = records('entities.csv');
    expect(entities.find((e) => e.id === 'fac_prison')!.name).toBe(ARABIC);
    expect(entities.find((e) => e.id === 'per_witness')).toMatchObject({ name: PSEUDONYM, protected: 'true' });
    const excerpt = records('citations.csv').find((c) => c.id === 'cit_detained_1')!.excerpt;
    expect(excerpt).toBe(`${WITHHELD_NAME} was held there`);
  });

  it('links claims to their citations and citations to their claims and sources by id', () => {
    const claim = records('claims.csv').find((c) => c.id === 'clm_detained')!;
    expect(claim).toMatchObject({ subject_id: 'per_witness', object_id: 'fac_prison', period_edtf: '2012/2014' });
    expect(claim.citation_ids).toBe('cit_detained_1 cit_detained_2');
    const count = records('claims.csv').find((c) => c.id === 'clm_count')!;
    expect(count).toMatchObject({ value_amount: '10000', value_amount_max: '20000', value_qualifier: 'ABOUT' });
    expect(records('citations.csv').find((c) => c.id === 'cit_detained_1')).toMatchObject({
      claim_id: 'clm_detained',
      source_id: 'src_report',
      via_source_id: 'src_article',
    });
    expect(records('sources.csv').find((s) => s.id === 'src_article')!.derived_from_ids).toBe('src_report');
  });
});
