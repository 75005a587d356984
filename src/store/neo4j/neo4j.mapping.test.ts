import {
  AccessLevel,
  CitationRecord,
  ClaimRecord,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  EntityRecord,
  EventType,
  QuantityQualifier,
  Reliability,
  SourceKind,
  SourceRecord,
} from '../../domain/model';
import { searchKeys } from '../../domain/names';
import {
  Props,
  citationProps,
  claimProps,
  entityProps,
  sourceProps,
  toCitation,
  toClaim,
  toEntity,
  toSource,
} from './neo4j.mapping';

const NOW = '2026-01-01T00:00:00.000Z';

/** What Neo4j gives back: a property set to null is not stored at all. */
function stored(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null));
}

const event: EntityRecord = {
  id: 'evt_1',
  kind: EntityKind.EVENT,
  name: 'Ṣaydnāyā liberation',
  aliases: ['تحرير صيدنايا'],
  description: null,
  facilityType: null,
  placeType: null,
  latitude: null,
  longitude: null,
  eventType: EventType.LIBERATION,
  date: { edtf: '2024-12-08', earliest: '2024-12-08', latest: '2024-12-08' },
  access: AccessLevel.PUBLIC,
  protection: null,
  pseudonym: null,
  createdAt: NOW,
  updatedAt: NOW,
  version: 1,
};

describe('neo4j mapping', () => {
  it('round-trips an entity, spreading its date and adding its search fields', () => {
    const props = entityProps(event);
    expect(props).toMatchObject({ dateEdtf: '2024-12-08', nameKey: 'saydnaya liberation' });
    expect(props.searchText).toBe(searchKeys([event.name, ...event.aliases]).join(' | '));
    expect(toEntity(stored(props))).toEqual(event);
    expect(toEntity(stored(entityProps({ ...event, date: null, aliases: [] })))).toEqual({
      ...event,
      date: null,
      aliases: [],
    });
  });

  it('round-trips a source, with derivedFromIds from the edges', () => {
    const source: SourceRecord = {
      id: 'src_1',
      title: 'Report',
      kind: SourceKind.REPORT,
      publisher: 'Amnesty International',
      author: null,
      date: { edtf: '2017', earliest: '2017-01-01', latest: '2017-12-31' },
      url: null,
      language: 'en',
      contentHash: null,
      derivedFromIds: ['src_0'],
      access: AccessLevel.PUBLIC,
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    };
    const props = sourceProps(source);
    expect(props).not.toHaveProperty('derivedFromIds');
    expect(toSource(stored(props), ['src_0'])).toEqual(source);
  });

  it('round-trips claims with a quantity, a text or an entity object', () => {
    const base: ClaimRecord = {
      id: 'clm_1',
      subjectId: 'fac_1',
      predicate: 'DEATH_COUNT',
      objectId: null,
      value: { type: 'QUANTITY', amount: 5000, amountMax: 13000, qualifier: QuantityQualifier.ABOUT, unit: 'people' },
      period: { edtf: '2011/2015', earliest: '2011-01-01', latest: '2015-12-31' },
      status: ClaimStatus.DISPUTED,
      statusReason: 'contradicted',
      rank: ClaimRank.DEPRECATED,
      rankReason: 'superseded by a later count',
      note: null,
      access: AccessLevel.PUBLIC,
      visibility: AccessLevel.PUBLIC,
      textLevel: AccessLevel.PUBLIC,
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    };
    const text: ClaimRecord = {
      ...base,
      predicate: 'DESCRIBED_AS',
      value: { type: 'TEXT', text: 'the human slaughterhouse' },
    };
    const relation: ClaimRecord = {
      ...base,
      predicate: 'DETAINED_AT',
      subjectId: 'per_1',
      objectId: 'fac_1',
      value: null,
      period: null,
    };
    for (const claim of [base, text, relation]) expect(toClaim(stored(claimProps(claim)))).toEqual(claim);
    expect(claimProps(text)).toMatchObject({
      valueType: 'TEXT',
      valueText: 'the human slaughterhouse',
      valueAmount: null,
    });
  });

  it('round-trips a citation', () => {
    const citation: CitationRecord = {
      id: 'cit_1',
      claimId: 'clm_1',
      sourceId: 'src_1',
      viaSourceId: null,
      locator: 'para. 1',
      excerpt: 'words',
      mentions: ['per_witness'],
      reliability: Reliability.B,
      credibility: 2,
      visibility: AccessLevel.PUBLIC,
      excerptLevel: AccessLevel.PUBLIC,
      createdAt: NOW,
    };
    expect(toCitation(stored(citationProps(citation)))).toEqual(citation);
    expect(toCitation(stored(citationProps({ ...citation, viaSourceId: 'src_2' })))).toEqual({
      ...citation,
      viaSourceId: 'src_2',
    });
  });

  it('refuses stored data of the wrong shape rather than inventing values', () => {
    expect(() => toEntity({ ...stored(entityProps(event)), kind: 'DRAGON' })).toThrow(/kind/);
    expect(() => toEntity({ ...stored(entityProps(event)), name: 42 })).toThrow(/name/);
  });
});
