/**
 * The domain records shared by every layer. They are plain data: the store
 * port reads and writes them, services validate them, GraphQL types expose
 * them. Nothing here knows about Neo4j or GraphQL.
 */

export enum EntityKind {
  PERSON = 'PERSON',
  ORGANIZATION = 'ORGANIZATION',
  FACILITY = 'FACILITY',
  PLACE = 'PLACE',
  EVENT = 'EVENT',
}

export const ENTITY_KINDS: readonly EntityKind[] = Object.values(EntityKind);

export enum FacilityType {
  PRISON = 'PRISON',
  BRANCH = 'BRANCH',
  SECTION = 'SECTION',
  BUILDING = 'BUILDING',
  DETENTION_CENTRE = 'DETENTION_CENTRE',
  MILITARY_BASE = 'MILITARY_BASE',
  AIRPORT = 'AIRPORT',
  OTHER = 'OTHER',
}

export enum PlaceType {
  COUNTRY = 'COUNTRY',
  REGION = 'REGION',
  CITY = 'CITY',
  TOWN = 'TOWN',
  DISTRICT = 'DISTRICT',
  SITE = 'SITE',
  OTHER = 'OTHER',
}

export enum EventType {
  ARREST = 'ARREST',
  DETENTION = 'DETENTION',
  TRANSFER = 'TRANSFER',
  INTERROGATION = 'INTERROGATION',
  TORTURE = 'TORTURE',
  EXECUTION = 'EXECUTION',
  DEATH_IN_CUSTODY = 'DEATH_IN_CUSTODY',
  RELEASE = 'RELEASE',
  DISAPPEARANCE = 'DISAPPEARANCE',
  TRIAL = 'TRIAL',
  LIBERATION = 'LIBERATION',
  ESCAPE = 'ESCAPE',
  SEARCH_AND_RESCUE = 'SEARCH_AND_RESCUE',
  DOCUMENTATION = 'DOCUMENTATION',
  MILITARY_OPERATION = 'MILITARY_OPERATION',
  REGIME_CHANGE = 'REGIME_CHANGE',
  OTHER = 'OTHER',
}

export enum SourceKind {
  DOCUMENT = 'DOCUMENT',
  NEWS_ARTICLE = 'NEWS_ARTICLE',
  REPORT = 'REPORT',
  TESTIMONY = 'TESTIMONY',
  INTERVIEW = 'INTERVIEW',
  PHOTO_SET = 'PHOTO_SET',
  VIDEO = 'VIDEO',
  DATASET = 'DATASET',
  POST = 'POST',
  STATEMENT = 'STATEMENT',
}

export enum ClaimStatus {
  ASSERTED = 'ASSERTED',
  DISPUTED = 'DISPUTED',
  RETRACTED = 'RETRACTED',
}

/**
 * An analyst's ranking of a claim against others about the same thing: the
 * preferred figure for a report, or one kept but deprecated (with a reason).
 * Ranking never hides or deletes a claim.
 */
export enum ClaimRank {
  PREFERRED = 'PREFERRED',
  NORMAL = 'NORMAL',
  DEPRECATED = 'DEPRECATED',
}

/** Admiralty scale, source reliability: A (completely reliable) .. F (cannot be judged). */
export enum Reliability {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
  E = 'E',
  F = 'F',
}

/** Admiralty scale, information credibility: 1 (confirmed) .. 6 (cannot be judged). */
export type Credibility = 1 | 2 | 3 | 4 | 5 | 6;

/** How a reported number relates to the true figure ("more than 30,000", "up to 13,000"). */
export enum QuantityQualifier {
  EXACT = 'EXACT',
  ABOUT = 'ABOUT',
  AT_LEAST = 'AT_LEAST',
  MORE_THAN = 'MORE_THAN',
  UP_TO = 'UP_TO',
  /** "Rarely more than": usually this number or fewer, so not a bound on every case. */
  USUALLY_UP_TO = 'USUALLY_UP_TO',
}

/**
 * An uncertain date or period. `edtf` is the ISO 8601-2 (EDTF) text as given;
 * `earliest` and `latest` are the widest calendar bounds it implies
 * (YYYY-MM-DD), null where the period is open on that side.
 */
export interface FuzzyDate {
  edtf: string;
  earliest: string | null;
  latest: string | null;
}

export interface EntityRecord {
  id: string;
  kind: EntityKind;
  name: string;
  /** Other spellings, transliterations and names in Arabic script. */
  aliases: string[];
  description: string | null;
  /** FACILITY only. */
  facilityType: FacilityType | null;
  /** PLACE only. */
  placeType: PlaceType | null;
  /** PLACE only. */
  latitude: number | null;
  longitude: number | null;
  /** EVENT only. */
  eventType: EventType | null;
  /** EVENT only: when it happened. */
  date: FuzzyDate | null;
  /** Who may see the entity at all. */
  access: AccessLevel;
  /**
   * PERSON only: the clearance needed to see who this is. Below it the person
   * appears under `pseudonym`, without aliases or description. Null when not protected.
   */
  protection: AccessLevel | null;
  /** Stable name shown below the protection's clearance ("Witness W-4KQ7"). */
  pseudonym: string | null;
  /**
   * Set when a judgement merged this entity into another (src/domain/judgement.ts):
   * the survivor's id. Its claims then belong to the survivor, lists and search
   * leave it out, and its id resolves to the survivor. Absent otherwise.
   */
  mergedInto?: string;
  createdAt: string;
  updatedAt: string;
  /** See RecordVersion: 1 when created, one more with every change. */
  version: RecordVersion;
}

/**
 * How many states a record has had: 1 when it is created, one more with every
 * change to it (an edit, an access or protection change, a status or rank
 * change, a derived level worked out again). The store sets it, inside the
 * write's transaction; what a writer passes in is ignored. Records stored
 * before versions existed read as 1. A writer that read version N may ask the
 * store to refuse its write unless the record is still at N (expectedVersion).
 */
export type RecordVersion = number;

/** An entity with every optional field empty and public: what each writer (service, import, generator) starts from. */
export function newEntityRecord(
  record: Pick<EntityRecord, 'id' | 'kind' | 'name' | 'createdAt'> & Partial<EntityRecord>,
): EntityRecord {
  return {
    aliases: [],
    description: null,
    facilityType: null,
    placeType: null,
    latitude: null,
    longitude: null,
    eventType: null,
    date: null,
    access: AccessLevel.PUBLIC,
    protection: null,
    pseudonym: null,
    updatedAt: record.createdAt,
    version: 1,
    ...record,
  };
}

export interface SourceRecord {
  id: string;
  title: string;
  kind: SourceKind;
  publisher: string | null;
  author: string | null;
  date: FuzzyDate | null;
  url: string | null;
  /** BCP 47 tag, e.g. "en", "ar". */
  language: string | null;
  /** sha256 of the document's bytes, lowercase hex. */
  contentHash: string | null;
  /** Sources this one reports or repeats (a news article that reports an NGO report derives from it). */
  derivedFromIds: string[];
  /** Who may see the source, and so the citations of it. */
  access: AccessLevel;
  createdAt: string;
  updatedAt: string;
  version: RecordVersion;
}

export interface QuantityValue {
  type: 'QUANTITY';
  amount: number;
  /** Upper figure of a range ("between 5,000 and 13,000"), else null. */
  amountMax: number | null;
  qualifier: QuantityQualifier;
  unit: string;
}

export interface TextValue {
  type: 'TEXT';
  text: string;
}

export type ClaimValue = QuantityValue | TextValue;

export interface CitationRecord {
  id: string;
  claimId: string;
  /** The source that makes the statement. */
  sourceId: string;
  /**
   * The document in which the excerpt is read, when the statement reaches us
   * through another source (an NGO figure quoted in a news article). Null when
   * the excerpt is from `sourceId` itself.
   */
  viaSourceId: string | null;
  /** Where in the document: "para. 17", "p. 4", "00:12:31". Locators refer to the via source when there is one. */
  locator: string;
  /**
   * Exact words of the document, short. Null only in what a viewer is shown
   * below `excerptLevel` (the words may name a protected person); stores always hold them.
   */
  excerpt: string | null;
  reliability: Reliability;
  credibility: Credibility;
  /**
   * Protected people the excerpt names (ids): found when the citation is
   * written and when a person is protected, so that its words are withheld
   * below their protection even when the claim is about someone else.
   */
  mentions: string[];
  /** Derived (src/policy/visibility.ts): the clearance needed to see this citation. */
  visibility: AccessLevel;
  /** Derived: the clearance needed to read the excerpt. */
  excerptLevel: AccessLevel;
  createdAt: string;
}

export interface ClaimRecord {
  id: string;
  subjectId: string;
  predicate: string;
  /** Exactly one of objectId and value is set, as the predicate demands. */
  objectId: string | null;
  value: ClaimValue | null;
  /** When the statement holds; null when the sources give no time. */
  period: FuzzyDate | null;
  status: ClaimStatus;
  /** Why the claim was disputed or retracted. */
  statusReason: string | null;
  rank: ClaimRank;
  /** Why the claim was ranked as it is; null while it keeps the default NORMAL rank. */
  rankReason: string | null;
  /** Free-text note by the analyst who recorded the claim. */
  note: string | null;
  /** The level the analyst gave the claim itself. */
  access: AccessLevel;
  /** Derived (src/policy/visibility.ts): the clearance needed to see the claim, all things considered. */
  visibility: AccessLevel;
  /** Derived: the clearance needed to read the claim's free text and its excerpts (they may name a protected person). */
  textLevel: AccessLevel;
  createdAt: string;
  updatedAt: string;
  version: RecordVersion;
}

/** A claim together with its citations, as written in one transaction. */
export interface ClaimWithCitations {
  claim: ClaimRecord;
  citations: CitationRecord[];
}

/**
 * How widely a record may be read, lowest first. A viewer reads a record only
 * when their clearance is at least the record's level: the names of witnesses
 * and survivors must not leak to anyone below it.
 */
export enum AccessLevel {
  PUBLIC = 'PUBLIC',
  RESTRICTED = 'RESTRICTED',
  CONFIDENTIAL = 'CONFIDENTIAL',
}

/** Which way a claim runs from the entity asked about: OUTGOING when it is the claim's subject. */
export enum RelationDirection {
  OUTGOING = 'OUTGOING',
  INCOMING = 'INCOMING',
}

/** CERTAIN when two periods overlap however their uncertain dates are read; POSSIBLE when they only may. */
export enum PeriodOverlap {
  CERTAIN = 'CERTAIN',
  POSSIBLE = 'POSSIBLE',
}
