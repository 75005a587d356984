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
import type { AuditContext, AuditOperation, AuditRecord, AuditState, ChainPoint } from '../domain/audit';
import type { Statistics, StatisticsQuery } from './statistics';
import type { DocumentAttachment, DocumentRecord, DocumentSegment } from '../domain/documents';
import type { JudgementRecord } from '../domain/judgement';

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
  /**
   * Whether the store can serve: it answers and what init creates is in
   * place. Null when ready, else why not (for operators: no record data).
   * Rejects (StoreUnavailableError) when the store does not answer.
   */
  unreadiness(): Promise<string | null>;
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
  /**
   * One page of each entity's claims that pass the filter (role, predicates,
   * statuses, levels: both the claim's visibility and access among them),
   * ordered by id after the keyset cursor, with the total that pass; one page
   * per key, in key order, in one round trip. A page costs what its rows cost,
   * not what the entity's whole neighbourhood does. `include` asks for what a
   * request will read of the page next (its citations, their sources, the
   * claims' entities), in the same round trip. Each page also brings its
   * entity (`owner`), as getEntities would give it, where the store reads it
   * at no extra turn.
   */
  listClaimsOfEntities(
    entityIds: readonly string[],
    filter: EntityClaimFilter,
    page: PageRequest,
    include?: ClaimInclude,
  ): Promise<ClaimPage[]>;
  /**
   * The sources named and every source they derive from, directly or
   * through others (each once, in no order), in one round trip: a claim's
   * evidence chain down to its origins.
   */
  getSourceLineage(sourceIds: readonly string[]): Promise<SourceRecord[]>;
  /**
   * The claims that exist among `claimIds` (in that order, each once) with
   * what `include` asks read along, in one round trip: the hops of a path
   * with their evidence.
   */
  getClaimsAlong(claimIds: readonly string[], include: ClaimInclude): Promise<ClaimsAlong>;

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
  /**
   * Every protected person (merged ones too: texts may spell them as the merged record did), for redaction
   * (src/policy/redaction.ts), which every request that reads text needs. An
   * adapter may answer from what it read before (the same list: callers must
   * not change it) only while the store provably holds no change committed
   * since, by any process.
   */
  protectedPeople(): Promise<readonly ProtectedPerson[]>;
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
   * As findPaths, with the hops' claims (each once, in the order the paths
   * first meet them) and what `include` asks read along, as getClaimsAlong
   * gives them: a connections answer in one round trip.
   */
  findPathsAlong(query: PathQuery, include: ClaimInclude): Promise<PathsAlong>;
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

  // Documents (src/domain/documents.ts, docs/evidence-vault.md)
  /** The documents each source holds, ordered by id. */
  getDocumentsOfSources(sourceIds: readonly string[]): Promise<DocumentRecord[][]>;
  /** Each document's text, segment by segment in document order; empty for an unknown or opaque document. */
  getDocumentSegments(documentIds: readonly string[]): Promise<DocumentSegment[][]>;
  /**
   * Segments of documents whose text matches (src/domain/documents.ts
   * segmentMatches: every word of one alternative starts a word of the
   * segment's search text), ordered by segment id (segmentIdOf), paged by
   * it. With `levels`, only documents of sources whose access is among them.
   */
  searchDocuments(query: DocumentSearchQuery, page: PageRequest): Promise<Page<DocumentSegment>>;

  // Entity resolution (src/domain/judgement.ts, docs/entity-resolution.md)
  getJudgements(ids: readonly string[]): Promise<(JudgementRecord | null)[]>;
  /** For each record id, the judgements that name it (held or undone), ordered by id. */
  getJudgementsOf(recordIds: readonly string[]): Promise<JudgementRecord[][]>;
  /**
   * Blocks for duplicate detection: groups of at least two entities of the
   * kind that share a word of their search keys (src/domain/names.ts
   * searchKeys, the words searchEntityCandidates looks up), at most
   * `maxBlockSize` each (a word more common than that is not a name worth
   * comparing on), ordered by word; merged entities left out. With `levels`,
   * only entities whose access is among them, and no protected person whose
   * protection is not: such a person is never compared.
   */
  nameBlocks(query: NameBlockQuery): Promise<NameBlock[]>;
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
  //
  // Versions (RecordVersion in src/domain/model.ts): the adapter sets the
  // `version` of every entity, source and claim it writes, in the write's
  // transaction: 1 for a new record, one more for a record the write changes,
  // unchanged for one it leaves as it was (an import of the same record, a
  // level worked out again to the same value). A `version` passed in is ignored.
  //
  // Updates are read, checked and written in one transaction, against the
  // record as stored when the transaction reads it, never against a copy the
  // caller read before: two writers never lose each other's changes, and an
  // `expectedVersion` the record no longer has refuses the write with a
  // VersionConflictError (CONFLICT), leaving everything as it was.
  createEntity(entity: EntityRecord, audit?: AuditContext): Promise<void>;
  /**
   * Edits an entity: the fields `update` gives take their new values, every
   * other field (access, protection and pseudonym among them: only
   * applyAccessChange sets those) keeps the value stored when the transaction
   * reads it. Returns the entity as stored after the edit.
   */
  updateEntity(update: EntityUpdate, audit?: AuditContext): Promise<EntityRecord>;
  createSource(source: SourceRecord, audit?: AuditContext): Promise<void>;
  /** Edits a source as updateEntity edits an entity (its access is set by applyAccessChange only). */
  updateSource(update: SourceUpdate, audit?: AuditContext): Promise<SourceRecord>;
  /**
   * Writes a claim and its citations (at least one) together. `basis`: the
   * versions of the records their derived levels were worked out from (the
   * parties, the people the excerpts name, the sources); refused with
   * StaleChangeError, nothing written, if one has changed since.
   */
  assertClaim(claim: ClaimWithCitations, audit?: AuditContext, basis?: RecordVersions): Promise<void>;
  /**
   * Adds citations to a claim and sets the claim's derived visibility
   * (src/policy/visibility.ts), which a new citation can widen. `basis` as for assertClaim.
   */
  addCitations(
    claimId: string,
    citations: readonly CitationRecord[],
    claimVisibility: AccessLevel,
    audit?: AuditContext,
    basis?: RecordVersions,
  ): Promise<void>;
  /**
   * Sets a claim's status, judged against its status as stored when the
   * transaction reads it (statusChangeConflict, src/domain/claim-status.ts): a
   * retracted claim stays retracted, and a claim is not set to the status it
   * has (ConflictError). Returns the claim as stored after.
   */
  setClaimStatus(change: ClaimStatusChange, audit?: AuditContext): Promise<ClaimRecord>;
  /** Sets a claim's rank; refuses a retracted claim (rankConflict) with ConflictError. Returns the claim as stored after. */
  setClaimRank(change: ClaimRankChange, audit?: AuditContext): Promise<ClaimRecord>;
  /**
   * Sets access levels and protection, and the derived levels of the claims
   * and citations that depend on them, in one transaction. Refuses the whole
   * change (NotFoundError) if any record named is missing, and, with nothing
   * written, if a record is not at its `expectedVersion` (VersionConflictError),
   * a record of the change's `basis` has changed, or a `complete` change leaves
   * out a claim or citation the store holds (StaleChangeError). Returns the
   * records it names as stored after.
   */
  applyAccessChange(change: AccessChange, audit?: AuditContext): Promise<AuditState>;
  /**
   * Upserts a whole bundle by id in one transaction (the seed case, imports):
   * running it twice leaves the store as after once (its audit trail aside).
   * `options` tunes the bulk path (batch size, progress); it never changes what is written.
   */
  importBundle(bundle: Bundle, audit?: AuditContext, options?: ImportOptions): Promise<void>;
  /**
   * Appends an audit record for an export, which changes nothing: the
   * records it is about stand unchanged as both before and after, and the
   * audit context's reason names the manifest. Refuses a missing entity or claim.
   */
  recordExport(event: ExportEvent, audit?: AuditContext): Promise<void>;
  /**
   * Writes a source's document (its custody record and its text) and, when
   * the source has no content hash yet, sets it to the document's sha256; the
   * source's `updatedAt` and version move on either way, so that writes
   * worked out before (a claim checked against no document) are refused as
   * stale. Refused, nothing written: a missing source (NotFoundError), a
   * source whose content hash differs from the document's (BadUserInputError
   * naming both), a source that already holds this document (ConflictError).
   * The audit record's `after` holds the source and the document record
   * (`documents`), never the text. Returns the source as stored after.
   */
  attachDocument(attachment: DocumentAttachment, audit?: AuditContext): Promise<SourceRecord>;
  /**
   * Makes one entity of two (docs/entity-resolution.md): writes a SAME_ENTITY
   * judgement, moves every claim whose subject or object is the merged entity
   * to the survivor (the judgement lists them), and sets the merged entity's
   * `mergedInto`. Checked in the transaction (src/store/judgements.ts
   * mergeWrites): both exist (NotFoundError), are at their expected versions,
   * of one kind, neither already merged, same access and protection. Returns
   * the records as stored after.
   */
  mergeEntities(merge: EntityMerge, audit?: AuditContext): Promise<AuditState>;
  /** Undoes a merge exactly (splitWrites): the moved claims go back, `mergedInto` is cleared, the judgement marked undone. */
  splitEntity(undo: JudgementUndo, audit?: AuditContext): Promise<AuditState>;
  /** Writes a SAME_ORIGIN judgement over two or more existing sources. Returns it as stored. */
  judgeSameOrigin(judgement: SameOriginJudgement, audit?: AuditContext): Promise<JudgementRecord>;
  /** Marks a SAME_ORIGIN judgement undone. Returns it as stored after. */
  undoSameOrigin(undo: JudgementUndo, audit?: AuditContext): Promise<JudgementRecord>;
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
  /** Only people under protection (at any level): what redaction must know of (src/policy/redaction.ts). */
  protectedOnly?: boolean;
  /** Also entities merged into another (mergedInto set), which lists leave out: for reading the past (src/policy/as-of-store.ts). */
  includeMerged?: boolean;
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

/** A protected person as redaction needs them: their names and the clearance that may read them. */
export interface ProtectedPerson {
  id: string;
  name: string;
  /** Frozen: one list serves many requests. */
  aliases: string[];
  protection: AccessLevel;
}

/** What listClaimsOfEntities reads along with a page. */
export interface ClaimInclude {
  /** Each claim's citations. */
  citations?: boolean;
  /** The sources those citations cite or were read in (with citations only). */
  sources?: boolean;
  /** With sources: every source those derive from too, however far up (an evidence trace's lineage). */
  lineage?: boolean;
  /** The entities the claims are about and relate to. */
  entities?: boolean;
}

/** Claims and what `include` asked for along with them. */
export interface ClaimsAlong {
  items: ClaimRecord[];
  /** With `citations`: each item's citations (as getCitationsOfClaims gives them), in item order. */
  citations?: CitationRecord[][];
  /** With `sources`: the sources of those citations (and with `lineage`, every one they derive from), each once. */
  sources?: SourceRecord[];
  /** With `entities`: the subjects and objects of the items, each once. */
  entities?: EntityRecord[];
}

/** A page of an entity's claims and what `include` asked for along with it. */
export type ClaimPage = Page<ClaimRecord> &
  ClaimsAlong & {
    /** The entity whose page it is, as getEntities gives it (null: none); absent when the store did not read it along. */
    owner?: EntityRecord | null;
  };

/** Which of an entity's claims listClaimsOfEntities pages. */
export interface EntityClaimFilter extends LevelFilter {
  /** The entity's role in the claim; omitted: either. */
  role?: ClaimRole;
  predicates?: string[];
  statuses?: ClaimStatus[];
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

/** Paths and their hops' claims, with what was asked read along (findPathsAlong). */
export interface PathsAlong {
  paths: PathRecord[];
  along: ClaimsAlong;
}

/**
 * What a writer that read a record at some version may ask of a write to it:
 * that it be refused (VersionConflictError, nothing written) unless the record
 * is still at that version when the write's transaction reads it.
 */
export interface VersionExpectation {
  expectedVersion?: number | null;
}

/** The fields of an entity an edit may change; access, protection and pseudonym are set by applyAccessChange. */
export const ENTITY_EDIT_FIELDS = [
  'name',
  'aliases',
  'description',
  'facilityType',
  'placeType',
  'latitude',
  'longitude',
  'eventType',
  'date',
] as const;
export type EntityEditField = (typeof ENTITY_EDIT_FIELDS)[number];

/** The fields of a source an edit may change; its access is set by applyAccessChange. */
export const SOURCE_EDIT_FIELDS = [
  'title',
  'kind',
  'publisher',
  'author',
  'date',
  'url',
  'language',
  'contentHash',
  'derivedFromIds',
] as const;
export type SourceEditField = (typeof SOURCE_EDIT_FIELDS)[number];

/**
 * An edit of an entity: the fields given (an EntityEditField; any other field
 * of an object passed in is ignored) and the time of the edit.
 */
export interface EntityUpdate extends Partial<Pick<EntityRecord, EntityEditField>>, VersionExpectation {
  id: string;
  updatedAt: string;
  /**
   * Called inside the transaction with the entity as stored and as the edit
   * would leave it; throws to refuse the edit, and nothing is written. Where a
   * service checks what depends on the stored record (the writer's clearance
   * for a protected person, fields that go together).
   */
  check?: (current: EntityRecord, next: EntityRecord) => void;
}

/** An edit of a source, as EntityUpdate is of an entity. */
export interface SourceUpdate extends Partial<Pick<SourceRecord, SourceEditField>>, VersionExpectation {
  id: string;
  updatedAt: string;
  check?: (current: SourceRecord, next: SourceRecord) => void;
}

export interface ClaimStatusChange extends VersionExpectation {
  claimId: string;
  status: ClaimStatus;
  reason: string;
  updatedAt: string;
}

export interface ClaimRankChange extends VersionExpectation {
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
  /** The fields given change; an absent one keeps its stored value. */
  entities: EntityAccessChange[];
  sources: ({ id: string; access: AccessLevel } & VersionExpectation)[];
  claims: ({ id: string; access: AccessLevel; visibility: AccessLevel; textLevel: AccessLevel } & VersionExpectation)[];
  citations: { id: string; mentions: string[]; visibility: AccessLevel; excerptLevel: AccessLevel }[];
  /**
   * The versions of the records the derived levels were worked out from, as
   * read then: if any has changed by the time the transaction reads it, the
   * levels may be wrong, and the change is refused with StaleChangeError.
   */
  basis?: RecordVersions;
  /**
   * The change names every claim about its entities, every claim citing its
   * sources and every citation of its claims: refused with StaleChangeError
   * if the store holds one it leaves out (written since it was worked out).
   */
  complete?: boolean;
  /**
   * The citations of these sources (directly or as the document read) were
   * read to find the excerpts that name a person being protected: refused
   * with StaleChangeError if the store holds one not among `citationIds`.
   */
  scanned?: { sourceIds: string[]; citationIds: string[] };
}

export interface EntityAccessChange extends VersionExpectation {
  id: string;
  access?: AccessLevel;
  protection?: AccessLevel | null;
  pseudonym?: string | null;
}

export interface RecordVersions {
  entities?: VersionRef[];
  sources?: VersionRef[];
  claims?: VersionRef[];
}

export interface VersionRef {
  id: string;
  version: number;
}

export interface StoreCounts {
  entities: number;
  sources: number;
  claims: number;
  citations: number;
}

/** A full-text search over document segments. */
export interface DocumentSearchQuery extends LevelFilter {
  /** src/domain/documents.ts documentSearchAlternatives of the query: one or two lists of words. */
  alternatives: string[][];
}

/** How a bulk write runs; what it writes is the same whatever these are. */
export interface ImportOptions {
  /** Rows (entities, sources or claims) written per statement; the adapter's default when absent. */
  batchSize?: number;
  /** Called after each batch with the rows written so far and the bundle's total rows. */
  onProgress?: (written: number, total: number) => void;
}

export interface Bundle {
  entities: EntityRecord[];
  sources: SourceRecord[];
  claims: ClaimWithCitations[];
}

/** Who judged, when and why: what every judgement write carries. */
export interface JudgementContext {
  /** The new judgement's id (newJudgementId), or for an undo the judgement undone. */
  judgementId: string;
  reason: string;
  actorSubject: string | null;
  actorRole: string;
  at: string;
}

export interface EntityMerge extends JudgementContext {
  survivorId: string;
  mergedId: string;
  survivorExpectedVersion?: number | null;
  mergedExpectedVersion?: number | null;
  /**
   * Called inside the transaction with both entities as stored; throws to
   * refuse the merge (the writer's clearance, what the service checks).
   */
  check?: (survivor: EntityRecord, merged: EntityRecord) => void;
}

/** An undo of a judgement: its id, who, when and why. */
export interface JudgementUndo extends JudgementContext {
  expectedVersion?: number | null;
  /** Called inside the transaction with the judgement as stored; throws to refuse. */
  check?: (judgement: JudgementRecord) => void;
}

export interface SameOriginJudgement extends JudgementContext {
  sourceIds: string[];
}

export interface NameBlockQuery extends LevelFilter {
  kind: EntityKind;
  /** Blocks with more entities than this are left out. */
  maxBlockSize: number;
  /** Most blocks returned. */
  limit: number;
}

export interface NameBlock {
  /** The shared word. */
  word: string;
  /** The entities sharing it, sorted. */
  entityIds: string[];
}
