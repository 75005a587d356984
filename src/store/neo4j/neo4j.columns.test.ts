import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  QuantityQualifier,
  Reliability,
  SourceKind,
  type CitationRecord,
  type ClaimRecord,
  type EntityRecord,
  type SourceRecord,
} from '../../domain/model';
import { CITATION_COLUMNS, CLAIM_COLUMNS, ENTITY_COLUMNS, SOURCE_COLUMNS, propsOfColumns } from './cypher/columns';
import {
  citationProps,
  claimProps,
  entityProps,
  sourceProps,
  toCitation,
  toClaim,
  toEntity,
  toSource,
} from './neo4j.mapping';

const AT = '2026-01-01T00:00:00.000Z';
const period = { edtf: '2012/2014', earliest: '2012-01-01', latest: '2014-12-31' };

const claim: ClaimRecord = {
  id: 'clm_1',
  subjectId: 'fac_1',
  predicate: 'DEATH_COUNT',
  objectId: null,
  value: { type: 'QUANTITY', amount: 30, amountMax: 40, qualifier: QuantityQualifier.AT_LEAST, unit: 'people' },
  period,
  status: ClaimStatus.DISPUTED,
  statusReason: 'a second count',
  rank: ClaimRank.PREFERRED,
  rankReason: 'the later report',
  note: 'a note',
  access: AccessLevel.RESTRICTED,
  visibility: AccessLevel.RESTRICTED,
  textLevel: AccessLevel.CONFIDENTIAL,
  createdAt: AT,
  updatedAt: AT,
  version: 3,
};

const citation: CitationRecord = {
  id: 'cit_1',
  claimId: 'clm_1',
  sourceId: 'src_1',
  viaSourceId: 'src_2',
  locator: 'para. 4',
  excerpt: 'thirty died',
  reliability: Reliability.B,
  credibility: 2,
  mentions: ['per_1'],
  visibility: AccessLevel.RESTRICTED,
  excerptLevel: AccessLevel.CONFIDENTIAL,
  createdAt: AT,
};

const source: SourceRecord = {
  id: 'src_1',
  title: 'A report',
  kind: SourceKind.REPORT,
  publisher: 'A publisher',
  author: 'An author',
  date: period,
  url: 'https://example.org/report',
  language: 'en',
  contentHash: 'a'.repeat(64),
  derivedFromIds: ['src_0'],
  access: AccessLevel.RESTRICTED,
  createdAt: AT,
  updatedAt: AT,
  version: 2,
};

const entity: EntityRecord = {
  id: 'per_1',
  kind: EntityKind.PERSON,
  name: 'A Name',
  aliases: ['Another'],
  description: 'described',
  facilityType: null,
  placeType: null,
  latitude: 33.5,
  longitude: 36.3,
  eventType: null,
  date: period,
  access: AccessLevel.RESTRICTED,
  protection: AccessLevel.CONFIDENTIAL,
  pseudonym: 'Witness A',
  mergedInto: 'per_2',
  createdAt: AT,
  updatedAt: AT,
  version: 4,
};

/** The row a statement returns for props written as `props`: each column's value, null where absent. */
const rowOf = (props: Record<string, unknown>, columns: readonly string[]) => columns.map((c) => props[c] ?? null);

describe('records as rows of columns', () => {
  it('reads back every property a record is written with, for each kind', () => {
    expect(toClaim(propsOfColumns(rowOf(claimProps(claim), CLAIM_COLUMNS), CLAIM_COLUMNS))).toEqual(claim);
    expect(toCitation(propsOfColumns(rowOf(citationProps(citation), CITATION_COLUMNS), CITATION_COLUMNS))).toEqual(
      citation,
    );
    expect(
      toSource(propsOfColumns(rowOf(sourceProps(source), SOURCE_COLUMNS), SOURCE_COLUMNS), source.derivedFromIds),
    ).toEqual(source);
    expect(toEntity(propsOfColumns(rowOf(entityProps(entity), ENTITY_COLUMNS), ENTITY_COLUMNS))).toEqual(entity);
  });

  it('names every written property but the search keys, so that no new field is silently dropped', () => {
    expect([...CLAIM_COLUMNS].sort()).toEqual(Object.keys(claimProps(claim)).sort());
    expect([...CITATION_COLUMNS].sort()).toEqual(Object.keys(citationProps(citation)).sort());
    expect([...SOURCE_COLUMNS].sort()).toEqual(Object.keys(sourceProps(source)).sort());
    const searchKeys = ['nameKey', 'pseudonymKey', 'searchText'];
    expect([...ENTITY_COLUMNS].sort()).toEqual(
      Object.keys(entityProps(entity))
        .filter((k) => !searchKeys.includes(k))
        .sort(),
    );
  });

  it('refuses a row shorter than its columns', () => {
    expect(() => propsOfColumns(['clm_1'], CLAIM_COLUMNS)).toThrow(/24 column values/);
  });
});
