import type { GraphSnapshot } from '../../src/app/interchange/graph-snapshot';
import {
  AccessLevel,
  ClaimRank,
  ClaimStatus,
  EntityKind,
  FacilityType,
  newEntityRecord,
  PlaceType,
  QuantityQualifier,
  Reliability,
  SourceKind,
  type CitationRecord,
  type ClaimRecord,
  type SourceRecord,
} from '../../src/domain/model';
import { WITHHELD_NAME } from '../../src/policy/redaction';

export const HOSTILE = `<script>alert("x")</script> & 'quotes' ]]> =HYPERLINK("http://evil") , "a""b"\r\nnext\u0000\u0007`;
export const ARABIC = 'سجن صيدنايا';
export const PSEUDONYM = 'Witness W-TEST01';
const AT = '2025-01-01T00:00:00.000Z';

function claim(c: Partial<ClaimRecord> & Pick<ClaimRecord, 'id' | 'subjectId' | 'predicate'>): ClaimRecord {
  return {
    objectId: null,
    value: null,
    period: null,
    status: ClaimStatus.ASSERTED,
    statusReason: null,
    rank: ClaimRank.NORMAL,
    rankReason: null,
    note: null,
    access: AccessLevel.PUBLIC,
    visibility: AccessLevel.PUBLIC,
    textLevel: AccessLevel.PUBLIC,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...c,
  };
}

function citation(c: Partial<CitationRecord> & Pick<CitationRecord, 'id' | 'claimId' | 'sourceId'>): CitationRecord {
  return {
    viaSourceId: null,
    locator: 'p. 1',
    excerpt: 'an excerpt',
    reliability: Reliability.B,
    credibility: 2,
    mentions: [],
    visibility: AccessLevel.PUBLIC,
    excerptLevel: AccessLevel.PUBLIC,
    createdAt: AT,
    ...c,
  };
}

function source(s: Partial<SourceRecord> & Pick<SourceRecord, 'id' | 'title'>): SourceRecord {
  return {
    kind: SourceKind.REPORT,
    publisher: null,
    author: null,
    date: null,
    url: null,
    language: null,
    contentHash: null,
    derivedFromIds: [],
    access: AccessLevel.PUBLIC,
    createdAt: AT,
    updatedAt: AT,
    version: 1,
    ...s,
  };
}

/** A small graph as the public profile reads it: a protected witness under a pseudonym, hostile and Arabic text. */
export function sampleGraph(): GraphSnapshot {
  return {
    atharVersion: '9.9.9',
    asOf: AT,
    profile: 'public',
    scope: { entityIds: null, depth: null, truncated: false },
    entities: [
      newEntityRecord({
        id: 'fac_prison',
        kind: EntityKind.FACILITY,
        name: ARABIC,
        createdAt: AT,
        facilityType: FacilityType.PRISON,
        aliases: ['Sednaya'],
      }),
      newEntityRecord({
        id: 'org_hostile',
        kind: EntityKind.ORGANIZATION,
        name: HOSTILE,
        createdAt: AT,
        description: HOSTILE,
      }),
      newEntityRecord({
        id: 'per_witness',
        kind: EntityKind.PERSON,
        name: PSEUDONYM,
        createdAt: AT,
        protection: AccessLevel.RESTRICTED,
        pseudonym: PSEUDONYM,
      }),
      newEntityRecord({ id: 'per_guard', kind: EntityKind.PERSON, name: 'A guard', createdAt: AT }),
      newEntityRecord({
        id: 'plc_town',
        kind: EntityKind.PLACE,
        name: 'Saydnaya',
        createdAt: AT,
        placeType: PlaceType.TOWN,
        latitude: 33.69,
        longitude: 36.37,
      }),
    ],
    sources: [
      source({
        id: 'src_article',
        title: `Article ${ARABIC}`,
        kind: SourceKind.NEWS_ARTICLE,
        publisher: 'The Paper',
        url: 'https://example.org/a?x=1&y=2',
        derivedFromIds: ['src_report'],
      }),
      source({
        id: 'src_report',
        title: HOSTILE,
        publisher: 'An NGO',
        date: { edtf: '2017-02', earliest: '2017-02-01', latest: '2017-02-28' },
      }),
    ],
    claims: [
      claim({
        id: 'clm_detained',
        subjectId: 'per_witness',
        predicate: 'DETAINED_AT',
        objectId: 'fac_prison',
        period: { edtf: '2012/2014', earliest: '2012-01-01', latest: '2014-12-31' },
        status: ClaimStatus.DISPUTED,
      }),
      claim({ id: 'clm_located', subjectId: 'fac_prison', predicate: 'LOCATED_IN', objectId: 'plc_town' }),
      claim({
        id: 'clm_member',
        subjectId: 'per_guard',
        predicate: 'MEMBER_OF',
        objectId: 'org_hostile',
        note: HOSTILE,
      }),
      claim({
        id: 'clm_count',
        subjectId: 'fac_prison',
        predicate: 'DETAINEE_COUNT',
        value: {
          type: 'QUANTITY',
          amount: 10000,
          amountMax: 20000,
          qualifier: QuantityQualifier.ABOUT,
          unit: 'people',
        },
        period: { edtf: '2015', earliest: '2015-01-01', latest: '2015-12-31' },
      }),
      claim({
        id: 'clm_text',
        subjectId: 'fac_prison',
        predicate: 'CONDITION',
        value: { type: 'TEXT', text: `${WITHHELD_NAME} said ${ARABIC}` },
      }),
    ],
    citations: [
      citation({
        id: 'cit_detained_1',
        claimId: 'clm_detained',
        sourceId: 'src_report',
        viaSourceId: 'src_article',
        excerpt: `${WITHHELD_NAME} was held there`,
      }),
      citation({ id: 'cit_detained_2', claimId: 'clm_detained', sourceId: 'src_article', excerpt: null }),
      citation({
        id: 'cit_located_1',
        claimId: 'clm_located',
        sourceId: 'src_article',
        excerpt: HOSTILE,
        locator: '=1+1',
      }),
      citation({ id: 'cit_member_1', claimId: 'clm_member', sourceId: 'src_report' }),
      citation({ id: 'cit_count_1', claimId: 'clm_count', sourceId: 'src_report' }),
    ],
  };
}
