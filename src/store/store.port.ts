import type {
  AccessLevel,
  CitationRecord,
  ClaimRank,
  ClaimRecord,
  ClaimStatus,
  ClaimWithCitations,
  Credibility,
  EntityKind,
  EntityRecord,
  SourceKind,
  SourceRecord,
} from '../domain/model';
import type { DateBounds } from '../domain/edtf';
import type { AuditContext, AuditOperation, AuditRecord, ChainPoint } from '../domain/audit';
import type { Statistics, StatisticsQuery } from './statistics';

export type { FacilityStatistics, KeyCount, Statistics, StatisticsQuery, YearCount, YearSeries } from './statistics';

/**
 * The narrow port between the services and a graph store. Two adapters
 * implement it (Neo4j and embedded) and one contract suite
 * (test/contract/store.contract.ts) holds both to the same behaviour.
 *
 * Rules every adapter keeps:
 * - Batched reads take a list of keys and return one result per key, in key
 *   order: `null` (or an empty list) for a missing key. One call is one store
 *   round trip, whatever the number of keys.
 * - Every write is atomic: it either happens completely or not at all, and an
 *   acknowledged write is durable.
 * - Writes refuse what would break the graph's invariant (an edge without a
 *   claim, a claim without a citation, a reference to a missing record) with
 *   a NotFoundError / ConflictError / BadUserInputError from src/domain/errors.ts.
 * - Lists are ordered by id and paged by keyset: `after` is the id of the last
 *   item of the previous page. An omitted filter field does not filter; an
 *   empty list (`predicates: []`) matches nothing.
 */
export interface Store extends StoreReader, StoreWriter, AuditLog {
  /** Creates constraints and indexes, opens files; idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
}

/** What the graph holds: batched reads, lists, search, paths and aggregates. */
export interface StoreReader {
  // Batched reads
  getEntities(ids: readonly string[]): Promise<(EntityRecord | null)[]>;
  getSources(ids: readonly string[]): Promise<(SourceRecord | null)[]>;
  getClaims(ids: readonly string[]): Promise<(ClaimRecord | null)[]>;
  getCitations(ids: readonly string[]): Promise<(CitationRecord | null)[]>;
  /** Citations of each claim, ordered by id. */
  getCitationsOfClaims(claimIds: readonly string[]): Promise<CitationRecord[][]>;
  /** Citations that cite each source, directly or as the document read (via), ordered by id. */
  getCitationsOfSources(sourceIds: readonly string[]): Promise<CitationRecord[][]>;
  /** Claims in which each entity takes the given role, ordered by id. */
  getClaimsOfEntities(entityIds: readonly string[], role: ClaimRole): Promise<ClaimRecord[][]>;

  // Lists and search
  listEntities(filter: EntityFilter, page: PageRequest): Promise<Page<EntityRecord>>;
  listSources(filter: SourceFilter, page: PageRequest): Promise<Page<SourceRecord>>;
  listClaims(filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRecord>>;
  /**
   * Candidate entities for a name search: every entity one of whose search
   * keys (src/domain/names.ts) contains a word starting with one of the
   * tokens. The service ranks them; adapters only need to not miss any.
   */
  searchEntityCandidates(query: SearchQuery): Promise<EntityRecord[]>;
  /** Counts of records; with `levels`, of those a viewer with these levels may see (entities, sources, claims and citations by their own or derived level). */
  counts(levels?: readonly AccessLevel[]): Promise<StoreCounts>;
  /**
   * The first `k` simple paths (no entity twice) from one entity to another
   * over entity-to-entity claims that pass the query's filters, each claim
   * walked in either direction. Ordered shortest first, then by the claim ids
   * compared hop by hop, so both adapters give the same paths for the same
   * data. An unknown entity has no paths. One call is one round trip.
   */
  findPaths(query: PathQuery): Promise<PathRecord[]>;
  /**
   * Dashboard aggregates, computed in the store in a bounded number of round
   * trips, whatever the size of the graph: entities by kind, events by type,
   * claims by status and predicate, facilities by detainees, and claims and
   * events by year. Retracted claims count only by status. A fuzzy date counts
   * as certain in a year only when both its bounds lie in it, else as possible
   * in each year its bounds overlap; open bounds are never certain and reach
   * the window's start or `openEndYear`. The full rules are in ./statistics.ts.
   * Refuses a year window wider than MAX_STATISTICS_YEARS with BadUserInputError.
   */
  statistics(query: StatisticsQuery): Promise<Statistics>;
}

/**
 * Changes to the graph, one method per audit operation (AUDIT_OPERATIONS in
 * src/domain/audit.ts names them; the check below keeps the two in step).
 */
export interface StoreWriter {
  //
  // Every write appends exactly one audit record (src/domain/audit.ts) in the
  // same transaction as the change: `audit` says who and why (absent: the
  // SYSTEM actor, no reason). The adapter reads the touched records before and
  // after the change itself. A refused write appends nothing; so does an
  // addCitations with no citations, which writes nothing.
  createEntity(entity: EntityRecord, audit?: AuditContext): Promise<void>;
  /** Replaces the stored record with the same id. */
  updateEntity(entity: EntityRecord, audit?: AuditContext): Promise<void>;
  createSource(source: SourceRecord, audit?: AuditContext): Promise<void>;
  updateSource(source: SourceRecord, audit?: AuditContext): Promise<void>;
  /** Writes a claim and its citations (at least one) together. */
  assertClaim(claim: ClaimWithCitations, audit?: AuditContext): Promise<void>;
  /** Adds citations to a claim and sets the claim's derived visibility (src/policy/visibility.ts), which a new citation can widen. */
  addCitations(
    claimId: string,
    citations: readonly CitationRecord[],
    claimVisibility: AccessLevel,
    audit?: AuditContext,
  ): Promise<void>;
  setClaimStatus(change: ClaimStatusChange, audit?: AuditContext): Promise<void>;
  setClaimRank(change: ClaimRankChange, audit?: AuditContext): Promise<void>;
  /**
   * Sets access levels and protection, and the derived levels of the claims
   * and citations that depend on them, in one transaction. Refuses the whole
   * change (NotFoundError) if any record named is missing.
   */
  applyAccessChange(change: AccessChange, audit?: AuditContext): Promise<void>;
  /**
   * Upserts a whole bundle by id in one transaction (the seed case, imports):
   * running it twice leaves the store as after once (its audit trail aside).
   */
  importBundle(bundle: Bundle, audit?: AuditContext): Promise<void>;
  /**
   * Appends an audit record for an export, which changes nothing: the
   * records it is about stand unchanged as both before and after, and the
   * audit context's reason names the manifest. Refuses a missing entity or claim.
   */
  recordExport(event: ExportEvent, audit?: AuditContext): Promise<void>;
}

/** The audit trail: records are never updated or deleted. */
export interface AuditLog {
  /** Up to `limit` records with seq > `afterSeq`, in seq order: the chain, a page at a time. */
  getAudit(afterSeq: number, limit: number): Promise<AuditRecord[]>;
  /** For each id, the records whose targetIds include it, in seq order. */
  getAuditOf(targetIds: readonly string[]): Promise<AuditRecord[][]>;
  /** The last record's seq and hash; CHAIN_START before the first. */
  auditHead(): Promise<ChainPoint>;
}

/** Fails to compile unless every write of the port is an audit operation and every audit operation a write. */
export type WritesAreAuditOperations = [keyof StoreWriter] extends [AuditOperation]
  ? [AuditOperation] extends [keyof StoreWriter]
    ? true
    : never
  : never;
export const WRITES_ARE_AUDIT_OPERATIONS: WritesAreAuditOperations = true;

export enum ClaimRole {
  SUBJECT = 'SUBJECT',
  OBJECT = 'OBJECT',
}

export interface PageRequest {
  /** Page size, already capped by the service. */
  first: number;
  /** Id of the last item of the previous page, or null for the first page. */
  after: string | null;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * Every list, search and aggregate takes the levels its viewer may read
 * (src/policy/scoped-store.ts passes them); omitted, nothing is filtered, for
 * internal use. Entities are filtered by `access`, sources by `access`, claims
 * by their derived `visibility`, so that totals count only what can be seen.
 */
export interface LevelFilter {
  levels?: readonly AccessLevel[];
}

export interface EntityFilter extends LevelFilter {
  kind?: EntityKind;
  /** facilityType, placeType or eventType, matching the kind. */
  subtype?: string;
  /**
   * Case- and diacritic-insensitive substring of the name (normalizeText). A
   * protected person whose protection is not among `levels` matches on the
   * pseudonym only: the real name must not be findable below its clearance.
   */
  nameContains?: string;
}

export interface SourceFilter extends LevelFilter {
  kind?: SourceKind;
}

export interface ClaimFilter extends LevelFilter {
  subjectId?: string;
  objectId?: string;
  predicates?: string[];
  statuses?: ClaimStatus[];
  /** Claims with a citation of this source (directly or via). */
  sourceId?: string;
}

export interface SearchQuery extends LevelFilter {
  /** Words of the query's transliteration key and normalized form (src/domain/names.ts searchTerms). */
  tokens: string[];
  kinds?: EntityKind[];
  /** Upper bound on candidates returned. */
  limit: number;
}

/** Bounds of findPaths: path search grows with the hops allowed, so both stay small. */
export const MAX_PATH_HOPS = 6;
export const MAX_PATHS = 10;

export interface PathQuery extends LevelFilter {
  fromId: string;
  toId: string;
  /** Longest path, in claims walked: 1..MAX_PATH_HOPS. */
  maxHops: number;
  /** Most paths returned: 1..MAX_PATHS. */
  k: number;
  /** Claims with one of these predicates; omitted: any predicate. */
  predicates?: string[];
  /** Claims with one of these statuses (the service leaves RETRACTED out unless asked). */
  statuses: ClaimStatus[];
  /** Claims with at least one citation this credible or better (1 = confirmed .. 6); omitted: any. */
  minCredibility?: Credibility;
  /** Claims whose period may overlap these bounds; a claim without a period may. Omitted: any. */
  during?: DateBounds;
  /*
   * With `levels` (LevelFilter): only claims whose visibility, and entities
   * whose access, is among them; every entity on a path, ends included.
   */
}

/**
 * One path: the entities from `fromId` to `toId`, and between each two the
 * id of the claim that links them (`claimIds[i]` joins `entityIds[i]` and
 * `entityIds[i + 1]`, as subject and object or the other way round).
 */
export interface PathRecord {
  entityIds: string[];
  claimIds: string[];
}

export interface ClaimStatusChange {
  claimId: string;
  status: ClaimStatus;
  reason: string;
  updatedAt: string;
}

export interface ClaimRankChange {
  claimId: string;
  rank: ClaimRank;
  reason: string;
  updatedAt: string;
}

export interface ExportEvent {
  /** The entity a case file is about, if any. */
  entityIds: string[];
  /** The claims of a case file built from a list of claims. */
  claimIds: string[];
}

export interface AccessChange {
  /** Why: kept with the change for the audit trail. */
  reason: string;
  updatedAt: string;
  entities: { id: string; access: AccessLevel; protection: AccessLevel | null; pseudonym: string | null }[];
  sources: { id: string; access: AccessLevel }[];
  claims: { id: string; access: AccessLevel; visibility: AccessLevel; textLevel: AccessLevel }[];
  citations: { id: string; mentions: string[]; visibility: AccessLevel; excerptLevel: AccessLevel }[];
}

export interface StoreCounts {
  entities: number;
  sources: number;
  claims: number;
  citations: number;
}

export interface Bundle {
  entities: EntityRecord[];
  sources: SourceRecord[];
  claims: ClaimWithCitations[];
}
