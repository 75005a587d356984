import { ftmEntities, renderFtm } from './ftm';
import { ARABIC, HOSTILE, PSEUDONYM, sampleGraph } from '../../../test/support/graph-snapshot.fixture';

describe('FollowTheMoney', () => {
  const entities = ftmEntities(sampleGraph());
  const byId = new Map(entities.map((e) => [e.id, e]));

  it('is JSON lines, one entity a line, every property a list of strings', () => {
    const [file] = renderFtm(sampleGraph());
    const lines = file!.bytes.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(entities.length);
    for (const line of lines) {
      const e = JSON.parse(line) as { id: string; schema: string; properties: Record<string, unknown> };
      expect(typeof e.id).toBe('string');
      for (const values of Object.values(e.properties)) {
        expect(Array.isArray(values) && values.every((v) => typeof v === 'string')).toBe(true);
      }
    }
    expect(JSON.parse(lines.find((l) => l.includes('org_hostile'))!).properties.name).toEqual([HOSTILE]);
  });

  it('maps kinds to schemata', () => {
    expect(byId.get('per_witness')).toEqual({ id: 'per_witness', schema: 'Person', properties: { name: [PSEUDONYM] } });
    expect(byId.get('org_hostile')!.schema).toBe('Organization');
    expect(byId.get('fac_prison')).toMatchObject({ schema: 'Address', properties: { name: [ARABIC], full: [ARABIC] } });
    expect(byId.get('plc_town')!.properties).toMatchObject({ latitude: ['33.69'], longitude: ['36.37'] });
    expect(byId.get('src_report')).toMatchObject({
      schema: 'Document',
      properties: { publisher: ['An NGO'], date: ['2017-02-01'] },
    });
  });

  it('makes claims intervals with their provenance, or notes', () => {
    expect(byId.get('clm_member')).toMatchObject({
      schema: 'Membership',
      properties: {
        member: ['per_guard'],
        organization: ['org_hostile'],
        proof: ['src_report'],
        recordId: ['clm_member'],
      },
    });
    expect(byId.get('clm_detained')).toMatchObject({
      schema: 'UnknownLink',
      properties: {
        subject: ['per_witness'],
        object: ['fac_prison'],
        role: ['DETAINED_AT'],
        startDate: ['2012-01-01'],
        endDate: ['2014-12-31'],
        summary: ['DISPUTED'],
        proof: ['src_report', 'src_article'],
        sourceUrl: ['https://example.org/a?x=1&y=2'],
      },
    });
    expect(byId.get('clm_count')).toMatchObject({
      schema: 'Note',
      properties: { entity: ['fac_prison'], description: ['DETAINEE_COUNT: about 10000–20000 people (2015)'] },
    });
  });
});
