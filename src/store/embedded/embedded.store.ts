import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  AccessLevel,
  CitationRecord,
  ClaimRecord,
  ClaimWithCitations,
  EntityRecord,
  SourceRecord,
} from '../../domain/model';
import { EntityKind } from '../../domain/model';
import { normalizeText } from '../../domain/names';
import {
  type AuditContext,
  type AuditRecord,
  type AuditState,
  type ChainPoint,
  copyAuditRecord,
  nextRecord,
} from '../../domain/audit';
import { NotFoundError } from '../../domain/errors';
import { rankConflict, statusChangeConflict } from '../../domain/claim-status';
import { allTargetIds } from '../audit-targets';
import {
  type Bundle,
  type ClaimFilter,
  type ImportOptions,
  AccessChange,
  ClaimRankChange,
  ExportEvent,
  ClaimRole,
  EntityClaimFilter,
  type ClaimInclude,
  type ClaimPage,
  type ClaimsAlong,
  type ProtectedPerson,
  type ClaimStatusChange,
  type EntityFilter,
  type EntityUpdate,
  type Page,
  type PageRequest,
  type PathQuery,
  type PathRecord,
  type PathsAlong,
  type RecordVersions,
  type SearchQuery,
  type SourceFilter,
  type SourceUpdate,
  type Store,
  type StoreCounts,
  type EntityMerge,
  type JudgementUndo,
  type NameBlock,
  type NameBlockQuery,
  type SameOriginJudgement,
  type DocumentSearchQuery,
} from '../store.port';
import { editedEntity, editedSource, type RecordKind, requireBasis, requireComplete, requireVersion } from '../updates';
import { checkPathQuery, hopClaimIds } from '../paths';
import { type JudgementRecord, JudgementKind, copyJudgement } from '../../domain/judgement';
import {
  claimOverMerges,
  entitiesOverMerges,
  judgementToUndo,
  mergeWrites,
  sameOriginJudgement,
  splitTargets,
  splitWrites,
  undoneSameOrigin,
} from '../judgements';
import { DirectoryLock } from './lock';
import { findPathsIn } from './paths';
import { Journal, type Operation } from './journal';
import {
  copyBundle,
  copyCitation,
  copyClaim,
  copyClaimWithCitations,
  copyEntity,
  copyAccessChange,
  copyRankChange,
  copySource,
  copyStatusChange,
} from './records';
import { readSnapshot, writeSnapshot } from './snapshot';
import { readSegmentsFile, writeSegmentsFile } from './documents';
import type { DocumentAttachment, DocumentRecord, DocumentSegment } from '../../domain/documents';
import { SortedIds, upperBound } from './sorted-ids';
import { searchFingerprint } from './search-fingerprint';
import type { Statistics, StatisticsQuery } from '../statistics';
import { computeStatistics } from './statistics';
import { type EntityGraph, type EntitySearchData, MemoryState, auditTargetsOf } from './state';

export interface EmbeddedStoreOptions {
  /** Directory of the journal, snapshot and lock; created if missing. */
  dataDir: string;
  /** Journal entries between snapshots (default 5000). */
  snapshotEvery?: number;
}

export const JOURNAL_FILE = 'journal.ndjson';
export const SNAPSHOT_FILE = 'snapshot.json';
const DEFAULT_SNAPSHOT_EVERY = 5000;

/**
 * The store that needs no server: everything in memory (a graphology graph of
 * the entities and their entity-to-entity claims, maps and sorted indexes for
 * the rest), made durable by an append-only journal and periodic snapshots in
 * one data directory.
 *
 * A write is checked against memory, appended to the journal as one line and
 * fsynced, then applied to memory, all synchronously: Node runs one write at a
 * time to completion, so writes are serializable, and a write's promise
 * resolves only once it is on disk. A refused write changes nothing, in memory
 * or on disk. One process at a time owns a data directory (its LOCK file).
 */
export class EmbeddedStore implements Store {
  readonly dataDir: string;
  private readonly snapshotEvery: number;
  private state = new MemoryState();
  private journal: Journal | null = null;
  private lock: DirectoryLock | null = null;
  private seq = 0;
  private entriesSinceSnapshot = 0;
  private closed = false;
  /** The protected people as read at a state and audit head: every write moves the head (one audit record each). */
  private protectedRead: { state: MemoryState; head: string; people: readonly ProtectedPerson[] } | null = null;

  constructor(options: EmbeddedStoreOptions) {
    this.dataDir = path.resolve(options.dataDir);
    const every = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    if (!Number.isSafeInteger(every) || every < 1) {
      throw new Error(`snapshotEvery must be a positive integer, not ${String(options.snapshotEvery)}.`);
    }
    this.snapshotEvery = every;
  }

  /**
   * The entity graph: a node per entity (attribute `kind`), an edge per
   * entity-to-entity claim keyed by the claim id (attributes `predicate`,
   * `status`). Read-only for callers; valid after init().
   */
  get graph(): EntityGraph {
    return this.state.graph;
  }

  // ------------------------------------------------------------- lifecycle

  /** Opens the data directory (again, after close()); does nothing when open. */
  async unreadiness(): Promise<string | null> {
    if (this.journal) return null;
    // No path: /ready answers anyone who reaches the port.
    return `the embedded store is ${this.closed ? 'closed' : 'not initialised'}`;
  }

  async init(): Promise<void> {
    if (this.journal) return;
    fs.mkdirSync(this.dataDir, { recursive: true });
    const lock = DirectoryLock.acquire(this.dataDir);
    try {
      this.open();
    } catch (error) {
      this.state = new MemoryState();
      lock.release();
      throw error;
    }
    this.lock = lock;
    this.closed = false;
  }

  /** Loads the snapshot and replays the journal after it. */
  private open(): void {
    const state = new MemoryState();
    const snapshotFile = path.join(this.dataDir, SNAPSHOT_FILE);
    fs.rmSync(`${snapshotFile}.tmp`, { force: true }); // an interrupted snapshot; the journal still has it all
    // Records come straight from JSON.parse of a file this class wrote (and whose hash is checked): no copies.
    const orphan = (what: string, id: string): Error =>
      new Error(`The snapshot ${snapshotFile} holds ${what} "${id}" without what it refers to.`);
    let saved: Map<string, EntitySearchData> | null = null;
    const snapshotSeq =
      readSnapshot(snapshotFile, {
        search: (fingerprint) => {
          if (fingerprint !== searchFingerprint()) return null;
          const map = (saved = new Map<string, EntitySearchData>());
          return (id, data) => map.set(id, data);
        },
        entity: (r) => {
          const search = saved?.get(r.id);
          if (search) saved!.delete(r.id);
          state.putEntity(withVersion(r), search);
        },
        source: (r) => state.putSource(withVersion(r)),
        claim: (r) => {
          if (!state.entities.has(r.subjectId) || (r.objectId !== null && !state.entities.has(r.objectId))) {
            throw orphan('claim', r.id);
          }
          state.putClaim(withVersion(r));
        },
        citation: (r) => {
          if (!state.claims.has(r.claimId)) throw orphan('citation', r.id);
          state.putCitation(r);
        },
        audit: (r) => {
          state.appendAudit(r);
          state.restoreJudgements(r);
          // Documents live in the audit trail of a snapshot, their text in the data directory.
          for (const document of r.operation === 'attachDocument' ? (r.after.documents ?? []) : []) {
            state.vault.put({ document, segments: readSegmentsFile(this.dataDir, document.id) });
          }
        },
      }) ?? 0;

    const journalFile = path.join(this.dataDir, JOURNAL_FILE);
    let seq = snapshotSeq;
    let replayed = 0;
    const { journal, tail } = Journal.open(journalFile, ({ seq: lineSeq, operation, audit, versioned }, line) => {
      if (lineSeq <= snapshotSeq) return; // already in the snapshot (a crash between snapshot and truncation)
      if (lineSeq !== seq + 1) {
        throw new Error(
          `The journal ${journalFile} skips from entry ${seq} to ${lineSeq} at line ${line.number}. ` +
            'Restore the data directory from a backup.',
        );
      }
      const op = normalize(operation);
      try {
        state.check(op);
      } catch (error) {
        throw new Error(
          `The journal ${journalFile} has an entry that does not apply at line ${line.number} (${op.op}): ` +
            `${messageOf(error)}`,
          { cause: error },
        );
      }
      state.apply(op, versioned === true);
      // As journaled, never recomputed: an edited record must reach verification as edited.
      // Entries written before the audit trail have none.
      if (audit !== undefined) state.appendAudit(audit);
      seq = lineSeq;
      replayed += 1;
    });
    if (tail.dropped) {
      process.emitWarning(
        `Dropped an incomplete last entry (line ${tail.dropped.number}) of ${journalFile}: ` +
          'a write interrupted by a crash, never acknowledged.',
        { code: 'ATHAR_JOURNAL_TAIL' },
      );
    }
    this.state = state;
    this.journal = journal;
    this.seq = seq;
    this.entriesSinceSnapshot = replayed;
  }

  async close(): Promise<void> {
    if (!this.journal) {
      this.closed = true;
      return;
    }
    try {
      if (this.entriesSinceSnapshot > 0) this.trySnapshot();
    } finally {
      this.journal.close();
      this.journal = null;
      this.lock?.release();
      this.lock = null;
      this.closed = true;
      this.state = new MemoryState();
    }
  }

  /** Writes a snapshot now and empties the journal. */
  snapshot(): void {
    const journal = this.openJournal();
    const s = this.state;
    writeSnapshot(path.join(this.dataDir, SNAPSHOT_FILE), {
      seq: this.seq,
      counts: s.storedCounts(),
      search: { fingerprint: searchFingerprint(), entries: s.entitySearchEntries() },
      entities: mapIterable(s.entityIds.items(), (id) => s.entities.get(id)!.record),
      sources: mapIterable(s.sourceIds.items(), (id) => s.sources.get(id)!),
      claims: mapIterable(s.claimIds.items(), (id) => s.claims.get(id)!),
      citations: s.citations.values(),
      audit: s.auditRecords,
      auditCount: s.auditRecords.length,
    });
    journal.reset();
    this.entriesSinceSnapshot = 0;
  }

  /** A failed snapshot loses nothing (the journal still holds every entry): warn and carry on. */
  private trySnapshot(): void {
    try {
      this.snapshot();
    } catch (error) {
      this.entriesSinceSnapshot = 0; // retry after another snapshotEvery entries, not on every write
      process.emitWarning(
        `Could not write a snapshot of ${this.dataDir}; the journal keeps every write: ` + `${messageOf(error)}`,
        { code: 'ATHAR_SNAPSHOT_FAILED' },
      );
    }
  }

  private openJournal(): Journal {
    if (!this.journal) {
      throw new Error(`The embedded store at ${this.dataDir} is ${this.closed ? 'closed' : 'not initialised'}.`);
    }
    return this.journal;
  }

  private openState(): MemoryState {
    this.openJournal();
    return this.state;
  }

  /**
   * Checks, journals (fsynced) and applies one write with its audit record,
   * synchronously: no other write can run in between. The record goes in the
   * same journal line as the write, so the two are durable together or not
   * at all; its `after` is computed from the operation before it is applied
   * (MemoryState.changedRecords), so that nothing changes in memory until the
   * line is on disk. Returns (copies of) the records as the write left them.
   *
   * Updates read the stored record, check it (expected version, status rules,
   * the caller's own check) and build the operation synchronously before
   * calling this: nothing can run in between, so the check and the write are
   * one transaction, and the operation journaled is the record as it is written.
   */
  private write(operation: Operation, context: AuditContext | undefined): AuditState {
    const journal = this.openJournal();
    const state = this.state;
    state.check(operation);
    const targets = auditTargetsOf(operation);
    const after = state.changedRecords(operation);
    const audit = nextRecord(
      state.auditHead(),
      operation.op,
      context,
      allTargetIds(targets),
      state.recordsOf(targets),
      structuredClone(after),
    );
    journal.append({ seq: this.seq + 1, operation, audit, versioned: true });
    this.seq += 1;
    state.apply(operation);
    state.appendAudit(audit);
    this.entriesSinceSnapshot += 1;
    if (this.entriesSinceSnapshot >= this.snapshotEvery) this.trySnapshot();
    return structuredClone(after);
  }

  // ---------------------------------------------------------------- writes

  async createEntity(entity: EntityRecord, audit?: AuditContext): Promise<void> {
    this.write({ op: 'createEntity', data: copyEntity(entity) }, audit);
  }

  async updateEntity(update: EntityUpdate, audit?: AuditContext): Promise<EntityRecord> {
    const row = this.openState().entities.get(update.id);
    if (!row) throw new NotFoundError('entity', update.id);
    const next = copyEntity(editedEntity(copyEntity(row.record), update));
    return this.write({ op: 'updateEntity', data: next }, audit).entities[0]!;
  }

  async createSource(source: SourceRecord, audit?: AuditContext): Promise<void> {
    this.write({ op: 'createSource', data: copySource(source) }, audit);
  }

  async updateSource(update: SourceUpdate, audit?: AuditContext): Promise<SourceRecord> {
    const stored = this.openState().sources.get(update.id);
    if (!stored) throw new NotFoundError('source', update.id);
    const next = copySource(editedSource(copySource(stored), update));
    return this.write({ op: 'updateSource', data: next }, audit).sources[0]!;
  }

  async assertClaim(claim: ClaimWithCitations, audit?: AuditContext, basis?: RecordVersions): Promise<void> {
    const operation: Operation = { op: 'assertClaim', data: copyClaimWithCitations(claim) };
    this.openState().check(operation); // missing references first
    requireBasis(basis, (kind, id) => this.versionOf(kind, id));
    this.write(operation, audit);
  }

  async addCitations(
    claimId: string,
    citations: readonly CitationRecord[],
    claimVisibility: AccessLevel,
    audit?: AuditContext,
    basis?: RecordVersions,
  ): Promise<void> {
    const data = { claimId, citations: citations.map(copyCitation), claimVisibility };
    this.openState().check({ op: 'addCitations', data }); // refuses a missing claim, even with no citations
    if (data.citations.length === 0) return;
    requireBasis(basis, (kind, id) => this.versionOf(kind, id));
    this.write({ op: 'addCitations', data }, audit);
  }

  /** The stored version of a record, or null when there is none. */
  private versionOf(kind: RecordKind, id: string): number | null {
    const s = this.openState();
    const record =
      kind === 'entity' ? s.entities.get(id)?.record : kind === 'source' ? s.sources.get(id) : s.claims.get(id);
    return record?.version ?? null;
  }

  async setClaimStatus(change: ClaimStatusChange, audit?: AuditContext): Promise<ClaimRecord> {
    const claim = this.storedClaim(change.claimId, change.expectedVersion);
    const conflict = statusChangeConflict(claim, change.status);
    if (conflict) throw conflict;
    return this.write({ op: 'setClaimStatus', data: copyStatusChange(change) }, audit).claims[0]!;
  }

  async applyAccessChange(change: AccessChange, audit?: AuditContext): Promise<AuditState> {
    const s = this.openState();
    const operation: Operation = { op: 'applyAccessChange', data: copyAccessChange(change) };
    s.check(operation); // missing records first
    for (const e of change.entities) requireVersion('entity', s.entities.get(e.id)!.record, e.expectedVersion);
    for (const x of change.sources) requireVersion('source', s.sources.get(x.id)!, x.expectedVersion);
    for (const c of change.claims) requireVersion('claim', s.claims.get(c.id)!, c.expectedVersion);
    requireBasis(change.basis, (kind, id) => this.versionOf(kind, id));
    if (change.complete === true) {
      const claimIds = new Set(change.claims.map((c) => c.id));
      const citationIds = new Set(change.citations.map((c) => c.id));
      const dependent = [
        ...change.entities.flatMap((e) => [
          ...(s.claimsBySubject.get(e.id)?.items() ?? []),
          ...(s.claimsByObject.get(e.id)?.items() ?? []),
        ]),
        ...change.sources.flatMap((x) => s.claimsBySource.get(x.id)?.items() ?? []),
      ];
      const cited = change.claims.flatMap((c) => s.citationsByClaim.get(c.id)?.items() ?? []);
      requireComplete(
        [...new Set(dependent.filter((id) => !claimIds.has(id)))],
        cited.filter((id) => !citationIds.has(id)),
      );
    }
    if (change.scanned !== undefined) {
      const read = new Set(change.scanned.citationIds);
      const found = change.scanned.sourceIds.flatMap((id) => s.citationsBySource.get(id)?.items() ?? []);
      const added = found.filter((id) => !read.has(id));
      requireComplete([], added);
    }
    return this.write(operation, audit);
  }

  async setClaimRank(change: ClaimRankChange, audit?: AuditContext): Promise<ClaimRecord> {
    const claim = this.storedClaim(change.claimId, change.expectedVersion);
    const conflict = rankConflict(claim);
    if (conflict) throw conflict;
    return this.write({ op: 'setClaimRank', data: copyRankChange(change) }, audit).claims[0]!;
  }

  /** The stored claim (the state's own: read, never change it), at the expected version if one is given. */
  private storedClaim(id: string, expectedVersion: number | null | undefined): ClaimRecord {
    const claim = this.openState().claims.get(id);
    if (!claim) throw new NotFoundError('claim', id);
    requireVersion('claim', claim, expectedVersion);
    return claim;
  }

  async importBundle(bundle: Bundle, audit?: AuditContext, options?: ImportOptions): Promise<void> {
    const s = this.openState();
    const mergedIntoOf = (id: string) => s.entities.get(id)?.record.mergedInto;
    const data = copyBundle(bundle);
    // Merges stand (src/store/judgements.ts): worked out here, journaled as written.
    data.entities = entitiesOverMerges(data.entities, mergedIntoOf);
    data.claims = data.claims.map((c) => ({ ...c, claim: claimOverMerges(c.claim, mergedIntoOf) }));
    this.write({ op: 'importBundle', data }, audit);
    // One journal entry, written at once: progress is all or nothing here.
    const total = bundle.entities.length + bundle.sources.length + bundle.claims.length;
    options?.onProgress?.(total, total);
  }

  async recordExport(event: ExportEvent, audit?: AuditContext): Promise<void> {
    this.write({ op: 'recordExport', data: copyExportEvent(event) }, audit);
  }

  async attachDocument(attachment: DocumentAttachment, audit?: AuditContext): Promise<SourceRecord> {
    const operation: Operation = { op: 'attachDocument', data: structuredClone(attachment) };
    this.openState().check(operation);
    // The text first: a journal line is acknowledged only with its text on disk beside it.
    writeSegmentsFile(this.dataDir, attachment.document.id, attachment.segments);
    return this.write(operation, audit).sources[0]!;
  }

  async getDocumentsOfSources(sourceIds: readonly string[]): Promise<DocumentRecord[][]> {
    const s = this.openState();
    return sourceIds.map((id) => s.vault.ofSource(id));
  }

  async getDocumentSegments(documentIds: readonly string[]): Promise<DocumentSegment[][]> {
    const s = this.openState();
    return documentIds.map((id) => s.vault.segmentsOf(id));
  }

  async searchDocuments(query: DocumentSearchQuery, page: PageRequest): Promise<Page<DocumentSegment>> {
    const s = this.openState();
    const levels = query.levels != null ? new Set<string>(query.levels) : null;
    return s.vault.search(
      query.alternatives,
      (sourceId) => levels === null || levels.has(s.sources.get(sourceId)?.access ?? ''),
      page,
    );
  }

  // ------------------------------------------------------------ judgements

  async mergeEntities(merge: EntityMerge, audit?: AuditContext): Promise<AuditState> {
    const s = this.openState();
    const survivor = s.entities.get(merge.survivorId)?.record ?? null;
    const merged = s.entities.get(merge.mergedId)?.record ?? null;
    const claimsIn = (index: Map<string, SortedIds>) => loadAll(index.get(merge.mergedId), (id) => s.claims.get(id)!);
    // Read, checked and built synchronously: nothing can run in between (see write()).
    const data = mergeWrites(merge, survivor, merged, claimsIn(s.claimsBySubject), claimsIn(s.claimsByObject));
    return this.write({ op: 'mergeEntities', data }, audit);
  }

  async splitEntity(undo: JudgementUndo, audit?: AuditContext): Promise<AuditState> {
    const s = this.openState();
    const judgement = judgementToUndo(undo, s.judgements.get(undo.judgementId) ?? null, JudgementKind.SAME_ENTITY);
    const { entityIds, claimIds } = splitTargets(judgement);
    const entities = new Map(
      entityIds.flatMap((id) => {
        const row = s.entities.get(id);
        return row ? [[id, row.record] as const] : [];
      }),
    );
    const claims = new Map(
      claimIds.flatMap((id) => {
        const claim = s.claims.get(id);
        return claim ? [[id, claim] as const] : [];
      }),
    );
    const data = splitWrites(undo, judgement, entities, claims);
    return this.write({ op: 'splitEntity', data }, audit);
  }

  async judgeSameOrigin(judgement: SameOriginJudgement, audit?: AuditContext): Promise<JudgementRecord> {
    const s = this.openState();
    const found = new Set(judgement.sourceIds.filter((id) => s.sources.has(id)));
    const data = { judgement: sameOriginJudgement(judgement, found), entities: [], claims: [] };
    return this.write({ op: 'judgeSameOrigin', data }, audit).judgements![0]!;
  }

  async undoSameOrigin(undo: JudgementUndo, audit?: AuditContext): Promise<JudgementRecord> {
    const s = this.openState();
    const data = {
      judgement: undoneSameOrigin(undo, s.judgements.get(undo.judgementId) ?? null),
      entities: [],
      claims: [],
    };
    return this.write({ op: 'undoSameOrigin', data }, audit).judgements![0]!;
  }

  async getJudgements(ids: readonly string[]): Promise<(JudgementRecord | null)[]> {
    const s = this.openState();
    return ids.map((id) => {
      const judgement = s.judgements.get(id);
      return judgement ? copyJudgement(judgement) : null;
    });
  }

  async getJudgementsOf(recordIds: readonly string[]): Promise<JudgementRecord[][]> {
    const s = this.openState();
    return recordIds.map((id) => s.judgementsOf(id).map(copyJudgement));
  }

  async nameBlocks(query: NameBlockQuery): Promise<NameBlock[]> {
    const s = this.openState();
    const levels = query.levels != null ? new Set<string>(query.levels) : null;
    const accept = (e: EntityRecord) =>
      levels === null || (levels.has(e.access) && (e.protection === null || levels.has(e.protection)));
    return s.nameBlocks(query.kind, accept, Math.floor(query.maxBlockSize), Math.floor(query.limit));
  }

  // ------------------------------------------------------------ audit trail

  async getAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return this.openState().auditAfter(afterSeq, limit).map(copyAuditRecord);
  }

  async getAuditOf(targetIds: readonly string[]): Promise<AuditRecord[][]> {
    const s = this.openState();
    return targetIds.map((id) => s.auditOf(id).map(copyAuditRecord));
  }

  async auditHead(): Promise<ChainPoint> {
    return this.openState().auditHead();
  }

  // ---------------------------------------------------------- batched reads

  async getEntities(ids: readonly string[]): Promise<(EntityRecord | null)[]> {
    const s = this.openState();
    return ids.map((id) => {
      const row = s.entities.get(id);
      return row ? copyEntity(row.record) : null;
    });
  }

  async getSources(ids: readonly string[]): Promise<(SourceRecord | null)[]> {
    const s = this.openState();
    return ids.map((id) => {
      const source = s.sources.get(id);
      return source ? copySource(source) : null;
    });
  }

  async getClaims(ids: readonly string[]): Promise<(ClaimRecord | null)[]> {
    const s = this.openState();
    return ids.map((id) => {
      const claim = s.claims.get(id);
      return claim ? copyClaim(claim) : null;
    });
  }

  async getCitations(ids: readonly string[]): Promise<(CitationRecord | null)[]> {
    const s = this.openState();
    return ids.map((id) => {
      const citation = s.citations.get(id);
      return citation ? copyCitation(citation) : null;
    });
  }

  async getCitationsOfClaims(claimIds: readonly string[]): Promise<CitationRecord[][]> {
    const s = this.openState();
    return claimIds.map((id) => loadAll(s.citationsByClaim.get(id), (c) => copyCitation(s.citations.get(c)!)));
  }

  async getCitationsOfSources(sourceIds: readonly string[]): Promise<CitationRecord[][]> {
    const s = this.openState();
    return sourceIds.map((id) => loadAll(s.citationsBySource.get(id), (c) => copyCitation(s.citations.get(c)!)));
  }

  async getClaimsOfEntities(entityIds: readonly string[], role: ClaimRole): Promise<ClaimRecord[][]> {
    const s = this.openState();
    const index = role === ClaimRole.SUBJECT ? s.claimsBySubject : s.claimsByObject;
    return entityIds.map((id) => loadAll(index.get(id), (c) => copyClaim(s.claims.get(c)!)));
  }

  async protectedPeople(): Promise<readonly ProtectedPerson[]> {
    const s = this.openState();
    const head = s.auditHead();
    const key = `${head.seq}:${head.hash}`;
    const cached = this.protectedRead;
    if (cached !== null && cached.state === s && cached.head === key) return cached.people;
    const page = await this.listEntities(
      // Merged records too: excerpts may still spell a person as the merged record did.
      { kind: EntityKind.PERSON, protectedOnly: true, includeMerged: true },
      { first: Number.MAX_SAFE_INTEGER, after: null },
    );
    const people = Object.freeze(
      page.items.flatMap((p) =>
        p.protection === null
          ? []
          : [
              Object.freeze({
                id: p.id,
                name: p.name,
                aliases: Object.freeze([...p.aliases]) as string[],
                protection: p.protection,
              }),
            ],
      ),
    );
    this.protectedRead = { state: s, head: key, people };
    return people;
  }

  async getSourceLineage(sourceIds: readonly string[]): Promise<SourceRecord[]> {
    return lineageOf(this.openState(), sourceIds);
  }

  async listClaimsOfEntities(
    entityIds: readonly string[],
    filter: EntityClaimFilter,
    page: PageRequest,
    include: ClaimInclude = {},
  ): Promise<ClaimPage[]> {
    const s = this.openState();
    const predicates = filter.predicates != null ? new Set(filter.predicates) : null;
    const statuses = filter.statuses != null ? new Set<string>(filter.statuses) : null;
    const levels = filter.levels != null ? new Set<string>(filter.levels) : null;
    const match =
      predicates === null && statuses === null && levels === null
        ? null
        : (id: string): boolean => {
            const c = s.claims.get(id)!;
            return (
              (predicates === null || predicates.has(c.predicate)) &&
              (statuses === null || statuses.has(c.status)) &&
              (levels === null || (levels.has(c.visibility) && levels.has(c.access)))
            );
          };
    return entityIds.map((id): ClaimPage => {
      const asSubject = filter.role === ClaimRole.OBJECT ? [] : (s.claimsBySubject.get(id)?.items() ?? []);
      const asObject = filter.role === ClaimRole.SUBJECT ? [] : (s.claimsByObject.get(id)?.items() ?? []);
      const found = pageOfIds(mergeSorted(asSubject, asObject), match, page, (c) => copyClaim(s.claims.get(c)!));
      const owner = s.entities.get(id);
      return { ...found, ...claimsAlong(s, found.items, include), owner: owner ? copyEntity(owner.record) : null };
    });
  }

  async getClaimsAlong(claimIds: readonly string[], include: ClaimInclude): Promise<ClaimsAlong> {
    const s = this.openState();
    const items = [...new Set(claimIds)].flatMap((id) => (s.claims.has(id) ? [copyClaim(s.claims.get(id)!)] : []));
    return claimsAlong(s, items, include);
  }

  // -------------------------------------------------------- lists, search

  async listEntities(filter: EntityFilter, page: PageRequest): Promise<Page<EntityRecord>> {
    const s = this.openState();
    const candidates = filter.kind != null ? s.entityIdsByKind.get(filter.kind) : s.entityIds;
    const subtype = filter.subtype;
    const needle = filter.nameContains != null ? normalizeText(filter.nameContains) : null;
    const levels = filter.levels != null ? new Set<string>(filter.levels) : null;
    const protectedOnly = filter.protectedOnly === true;
    // Merged entities are left out (their ids resolve to the survivor); there are few, so usually nothing to test.
    const skipMerged = filter.includeMerged !== true && s.mergedEntityIds.size > 0;
    const match =
      subtype == null && needle === null && levels === null && !protectedOnly && !skipMerged
        ? null
        : (id: string): boolean => {
            const row = s.entities.get(id)!;
            const e = row.record;
            if (skipMerged && e.mergedInto !== undefined) return false;
            if (protectedOnly && e.protection === null) return false;
            if (levels !== null && !levels.has(e.access)) return false;
            if (subtype != null && e.facilityType !== subtype && e.placeType !== subtype && e.eventType !== subtype) {
              return false;
            }
            if (needle === null) return true;
            // Below a person's protection only the pseudonym may be matched.
            const hidden = levels !== null && e.protection !== null && !levels.has(e.protection);
            return hidden ? normalizeText(e.pseudonym ?? '').includes(needle) : row.normalizedName.includes(needle);
          };
    return pageOf(candidates, match, page, (id) => copyEntity(s.entities.get(id)!.record));
  }

  async listSources(filter: SourceFilter, page: PageRequest): Promise<Page<SourceRecord>> {
    const s = this.openState();
    const candidates = filter.kind != null ? s.sourceIdsByKind.get(filter.kind) : s.sourceIds;
    const levels = filter.levels != null ? new Set<string>(filter.levels) : null;
    const match = levels === null ? null : (id: string) => levels.has(s.sources.get(id)!.access);
    return pageOf(candidates, match, page, (id) => copySource(s.sources.get(id)!));
  }

  async listClaims(filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRecord>> {
    const s = this.openState();
    // Absent filter fields may come as null as well as undefined.
    const { subjectId, objectId, predicates, statuses, sourceId } = filter;

    if (predicates?.length === 0 || statuses?.length === 0) return { items: [], hasNextPage: false, totalCount: 0 };

    // Each condition, with its index when it has one (one predicate, one status). Walk the smallest
    // index (on a tie, an index rather than all claims: its condition then needs no test); test the rest.
    const conditions: { indexed: boolean; index?: SortedIds; test: (claim: ClaimRecord) => boolean }[] = [];
    if (subjectId != null) {
      const index = s.claimsBySubject.get(subjectId);
      conditions.push({ indexed: true, index, test: (c) => c.subjectId === subjectId });
    }
    if (objectId != null) {
      const index = s.claimsByObject.get(objectId);
      conditions.push({ indexed: true, index, test: (c) => c.objectId === objectId });
    }
    if (predicates != null) {
      const set = new Set(predicates);
      const index = predicates.length === 1 ? s.claimsByPredicate.get(predicates[0]!) : undefined;
      conditions.push({ indexed: predicates.length === 1, index, test: (c) => set.has(c.predicate) });
    }
    if (statuses != null) {
      const set = new Set<string>(statuses);
      const index = statuses.length === 1 ? s.claimsByStatus.get(statuses[0]!) : undefined;
      conditions.push({ indexed: statuses.length === 1, index, test: (c) => set.has(c.status) });
    }
    if (filter.levels != null) {
      const set = new Set<string>(filter.levels);
      conditions.push({ indexed: false, test: (c) => set.has(c.visibility) });
    }
    if (sourceId != null) {
      const index = s.claimsBySource.get(sourceId);
      conditions.push({ indexed: true, index, test: (c) => s.claimCitesSource(c.id, sourceId) });
    }
    let candidates = s.claimIds;
    let walked: (typeof conditions)[number] | null = null;
    for (const condition of conditions) {
      if (!condition.indexed) continue;
      if (condition.index === undefined) return { items: [], hasNextPage: false, totalCount: 0 };
      if (condition.index.size <= candidates.size) {
        candidates = condition.index;
        walked = condition;
      }
    }
    const tests = conditions.filter((c) => c !== walked).map((c) => c.test);
    const match =
      tests.length === 0
        ? null
        : (id: string): boolean => {
            const claim = s.claims.get(id)!;
            return tests.every((test) => test(claim));
          };
    return pageOf(candidates, match, page, (id) => copyClaim(s.claims.get(id)!));
  }

  async searchEntityCandidates(query: SearchQuery): Promise<EntityRecord[]> {
    const s = this.openState();
    const kinds = query.kinds != null ? new Set(query.kinds) : null;
    const levels = query.levels != null ? new Set<string>(query.levels) : null;
    const accept = (e: EntityRecord) =>
      (kinds === null || kinds.has(e.kind)) && (levels === null || levels.has(e.access)) && e.mergedInto === undefined;
    return s.searchCandidates(query.tokens, accept, Math.floor(query.limit)).map(copyEntity);
  }

  async counts(levels?: readonly AccessLevel[]): Promise<StoreCounts> {
    return this.openState().counts(levels);
  }

  async statistics(query: StatisticsQuery): Promise<Statistics> {
    return computeStatistics(this.openState(), query);
  }

  async findPaths(query: PathQuery): Promise<PathRecord[]> {
    checkPathQuery(query);
    // Paths hold only ids (strings), fresh arrays per call: nothing of the state's to copy.
    return findPathsIn(this.openState(), query);
  }

  async findPathsAlong(query: PathQuery, include: ClaimInclude): Promise<PathsAlong> {
    const paths = await this.findPaths(query);
    return { paths, along: await this.getClaimsAlong(hopClaimIds(paths), include) };
  }
}

/** A record read from a snapshot written before versions: version 1. */
function withVersion<T extends { version: number }>(record: T): T {
  if ((record as { version?: number }).version === undefined) record.version = 1;
  return record;
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error);
}

/** Operations read back from the journal, made into records the way fresh writes are. */
function normalize(operation: Operation): Operation {
  switch (operation.op) {
    case 'createEntity':
    case 'updateEntity':
      return { op: operation.op, data: copyEntity(operation.data) };
    case 'createSource':
    case 'updateSource':
      return { op: operation.op, data: copySource(operation.data) };
    case 'assertClaim':
      return { op: operation.op, data: copyClaimWithCitations(operation.data) };
    case 'addCitations':
      return {
        op: operation.op,
        data: {
          claimId: operation.data.claimId,
          citations: (operation.data.citations ?? []).map(copyCitation),
          // Journaled before access control: the claim keeps the level it has.
          claimVisibility: operation.data.claimVisibility ?? null,
        },
      };
    case 'setClaimStatus':
      return { op: operation.op, data: copyStatusChange(operation.data) };
    case 'setClaimRank':
      return { op: operation.op, data: copyRankChange(operation.data) };
    case 'applyAccessChange':
      return { op: operation.op, data: copyAccessChange(operation.data) };
    case 'importBundle':
      return { op: operation.op, data: copyBundle(operation.data) };
    case 'recordExport':
      return { op: operation.op, data: copyExportEvent(operation.data) };
    case 'attachDocument':
      return { op: operation.op, data: structuredClone(operation.data) };
    case 'mergeEntities':
    case 'splitEntity':
    case 'judgeSameOrigin':
    case 'undoSameOrigin':
      return {
        op: operation.op,
        data: {
          judgement: copyJudgement(operation.data.judgement),
          entities: (operation.data.entities ?? []).map(copyEntity),
          claims: (operation.data.claims ?? []).map(copyClaim),
        },
      };
  }
}

function copyExportEvent(event: ExportEvent): ExportEvent {
  return { entityIds: [...(event.entityIds ?? [])], claimIds: [...(event.claimIds ?? [])] };
}

function loadAll<T>(ids: SortedIds | undefined, load: (id: string) => T): T[] {
  return ids ? ids.items().map(load) : [];
}

/**
 * One keyset page of `candidates` (ascending ids) that pass `match`: the
 * first `first` after `after`, whether more follow, and how many pass in all.
 */
function pageOf<T>(
  candidates: Pick<SortedIds, 'items'> | undefined,
  match: ((id: string) => boolean) | null,
  request: PageRequest,
  load: (id: string) => T,
): Page<T> {
  if (candidates === undefined) return { items: [], hasNextPage: false, totalCount: 0 };
  const ids = candidates.items();
  const first = Math.max(0, Math.floor(request.first));
  const after = request.after ?? null;
  if (match === null) {
    const start = after === null ? 0 : upperBound(ids, after);
    return {
      items: ids.slice(start, start + first).map(load),
      hasNextPage: start + first < ids.length,
      totalCount: ids.length,
    };
  }
  const items: T[] = [];
  let hasNextPage = false;
  let totalCount = 0;
  for (const id of ids) {
    if (!match(id)) continue;
    totalCount += 1;
    if (after !== null && id <= after) continue;
    if (items.length < first) items.push(load(id));
    else hasNextPage = true;
  }
  return { items, hasNextPage, totalCount };
}

/** The sources named and every source they derive from, each once. */
function lineageOf(s: MemoryState, sourceIds: readonly string[]): SourceRecord[] {
  const found = new Map<string, SourceRecord>();
  const stack = [...sourceIds];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const source = found.has(id) ? undefined : s.sources.get(id);
    if (source === undefined) continue;
    found.set(id, copySource(source));
    stack.push(...source.derivedFromIds);
  }
  return [...found.values()];
}

/** The claims and what `include` asks read along with them (ClaimsAlong). */
function claimsAlong(s: MemoryState, items: ClaimRecord[], include: ClaimInclude): ClaimsAlong {
  if (!include.citations && !include.entities) return { items };
  const citations = items.map((c) => loadAll(s.citationsByClaim.get(c.id), (x) => copyCitation(s.citations.get(x)!)));
  const sourceIds = new Set(
    citations.flat().flatMap((x) => (x.viaSourceId ? [x.sourceId, x.viaSourceId] : [x.sourceId])),
  );
  const entityIds = new Set(items.flatMap((c) => (c.objectId ? [c.subjectId, c.objectId] : [c.subjectId])));
  return {
    items,
    ...(include.citations ? { citations } : {}),
    ...(include.citations && include.sources
      ? {
          sources: include.lineage
            ? lineageOf(s, [...sourceIds])
            : [...sourceIds].flatMap((x) => (s.sources.has(x) ? [copySource(s.sources.get(x)!)] : [])),
        }
      : {}),
    ...(include.entities
      ? { entities: [...entityIds].flatMap((x) => (s.entities.has(x) ? [copyEntity(s.entities.get(x)!.record)] : [])) }
      : {}),
  };
}

/** Two ascending id lists as one, without repeats. */
function mergeSorted(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      out.push(x!);
      i += 1;
    } else if (x === undefined || y < x) {
      out.push(y);
      j += 1;
    } else {
      out.push(x);
      i += 1;
      j += 1;
    }
  }
  return out;
}

/** pageOf over a list of ascending ids. */
function pageOfIds<T>(
  ids: readonly string[],
  match: ((id: string) => boolean) | null,
  request: PageRequest,
  load: (id: string) => T,
): Page<T> {
  return pageOf({ items: () => ids }, match, request, load);
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}
