import type {
  CitationRecord,
  ClaimRecord,
  ClaimStatus,
  ClaimWithCitations,
  EntityKind,
  EntityRecord,
  SourceKind,
  SourceRecord,
} from '../domain/model';

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
 *   a NotFoundError / ConflictError / BadUserInputError from src/errors.ts.
 * - Lists are ordered by id and paged by keyset: `after` is the id of the last
 *   item of the previous page. An omitted filter field does not filter; an
 *   empty list (`predicates: []`) matches nothing.
 */
export interface Store {
  /** Creates constraints and indexes, opens files; idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;

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
  counts(): Promise<StoreCounts>;

  // Writes
  createEntity(entity: EntityRecord): Promise<void>;
  /** Replaces the stored record with the same id. */
  updateEntity(entity: EntityRecord): Promise<void>;
  createSource(source: SourceRecord): Promise<void>;
  updateSource(source: SourceRecord): Promise<void>;
  /** Writes a claim and its citations (at least one) together. */
  assertClaim(claim: ClaimWithCitations): Promise<void>;
  addCitations(claimId: string, citations: readonly CitationRecord[]): Promise<void>;
  setClaimStatus(change: ClaimStatusChange): Promise<void>;
  /**
   * Upserts a whole bundle by id in one transaction (the seed case, imports):
   * running it twice leaves the store as after once.
   */
  importBundle(bundle: Bundle): Promise<void>;
}

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

export interface EntityFilter {
  kind?: EntityKind;
  /** facilityType, placeType or eventType, matching the kind. */
  subtype?: string;
  /** Case- and diacritic-insensitive substring of the name (normalizeText). */
  nameContains?: string;
}

export interface SourceFilter {
  kind?: SourceKind;
}

export interface ClaimFilter {
  subjectId?: string;
  objectId?: string;
  predicates?: string[];
  statuses?: ClaimStatus[];
  /** Claims with a citation of this source (directly or via). */
  sourceId?: string;
}

export interface SearchQuery {
  /** Words of the query's transliteration key and normalized form (src/domain/names.ts searchTerms). */
  tokens: string[];
  kinds?: EntityKind[];
  /** Upper bound on candidates returned. */
  limit: number;
}

export interface ClaimStatusChange {
  claimId: string;
  status: ClaimStatus;
  reason: string;
  updatedAt: string;
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
