import { randomUUID } from 'node:crypto';
import {
  AccessLevel,
  CitationRecord,
  ClaimRecord,
  ClaimRank,
  ClaimStatus,
  ClaimWithCitations,
  EntityKind,
  EntityRecord,
  QuantityQualifier,
  Reliability,
  SourceKind,
  SourceRecord,
  newEntityRecord,
} from '../../src/domain/model';
import { idPrefixOf, recordTypeOfEntityKind } from '../../src/domain/ids';

const NOW = '2026-01-01T00:00:00.000Z';

/**
 * Record builders for store tests. Each test run gets its own id namespace so
 * that tests sharing one Neo4j database never see each other's records.
 */
export class Fixtures {
  readonly run = randomUUID().slice(0, 8);
  private n = 0;

  id(prefix: string, label = ''): string {
    this.n += 1;
    return `${prefix}_t${this.run}_${label}${this.n}`;
  }

  entity(overrides: Partial<EntityRecord> = {}): EntityRecord {
    // The id's prefix names the kind, as everywhere ("fac_…" for a facility): the API refuses an id of another kind.
    const prefix = idPrefixOf(recordTypeOfEntityKind(overrides.kind ?? EntityKind.PERSON));
    return newEntityRecord({
      id: this.id(prefix),
      kind: EntityKind.PERSON,
      name: `Person ${this.run} ${this.n}`,
      createdAt: NOW,
      ...overrides,
    });
  }

  source(overrides: Partial<SourceRecord> = {}): SourceRecord {
    return {
      id: this.id('src'),
      title: `Report ${this.run} ${this.n}`,
      kind: SourceKind.REPORT,
      publisher: null,
      author: null,
      date: null,
      url: null,
      language: 'en',
      contentHash: null,
      derivedFromIds: [],
      access: AccessLevel.PUBLIC,
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
      ...overrides,
    };
  }

  citation(claimId: string, sourceId: string, overrides: Partial<CitationRecord> = {}): CitationRecord {
    return {
      id: this.id('cit'),
      claimId,
      sourceId,
      viaSourceId: null,
      locator: 'para. 1',
      excerpt: 'an exact excerpt',
      reliability: Reliability.B,
      credibility: 2,
      mentions: [],
      visibility: AccessLevel.PUBLIC,
      excerptLevel: AccessLevel.PUBLIC,
      createdAt: NOW,
      ...overrides,
    };
  }

  relationClaim(
    subjectId: string,
    predicate: string,
    objectId: string,
    sourceId: string,
    overrides: Partial<ClaimRecord> = {},
  ): ClaimWithCitations {
    const claim: ClaimRecord = {
      id: this.id('clm'),
      subjectId,
      predicate,
      objectId,
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
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
      ...overrides,
    };
    return { claim, citations: [this.citation(claim.id, sourceId)] };
  }

  quantityClaim(subjectId: string, predicate: string, amount: number, sourceId: string): ClaimWithCitations {
    const claim: ClaimRecord = {
      id: this.id('clm'),
      subjectId,
      predicate,
      objectId: null,
      value: { type: 'QUANTITY', amount, amountMax: null, qualifier: QuantityQualifier.MORE_THAN, unit: 'people' },
      period: { edtf: '2011/2013', earliest: '2011-01-01', latest: '2013-12-31' },
      status: ClaimStatus.ASSERTED,
      statusReason: null,
      rank: ClaimRank.NORMAL,
      rankReason: null,
      note: null,
      access: AccessLevel.PUBLIC,
      visibility: AccessLevel.PUBLIC,
      textLevel: AccessLevel.PUBLIC,
      createdAt: NOW,
      updatedAt: NOW,
      version: 1,
    };
    return { claim, citations: [this.citation(claim.id, sourceId)] };
  }
}
