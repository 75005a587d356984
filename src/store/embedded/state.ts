import { MultiDirectedGraph } from 'graphology';
import type {
  AccessLevel,
  CitationRecord,
  ClaimRecord,
  ClaimStatus,
  ClaimWithCitations,
  EntityKind,
  EntityRecord,
  SourceKind,
  SourceRecord,
} from '../../domain/model';
import { entitySearchNames, normalizeText, searchKeys } from '../../domain/names';
import { BadUserInputError, ConflictError, NotFoundError } from '../../domain/errors';
import type { Bundle, StoreCounts } from '../store.port';
import type { Operation } from './journal';
import { type AuditRecord, type AuditState, type ChainPoint, CHAIN_START, emptyAuditState } from '../../domain/audit';
import {
  type AuditTargets,
  accessChangeTargets,
  assertClaimTargets,
  bundleTargets,
  claimTargets,
  entityTargets,
  exportTargets,
  judgementTargets,
  sourceTargets,
} from '../audit-targets';
import { copyCitation, copyClaim, copyEntity, copySource } from './records';
import { DocumentState } from './documents';
import type { DocumentAttachment } from '../../domain/documents';
import { checkAttachment, refuseHashesOverDocuments, refuseHashOverDocuments, sourceWithDocument } from '../documents';
import { checkShape } from './shape';
import { SortedIds, lowerBound } from './sorted-ids';
import { versionAfter, withAccessChange } from '../updates';
import { type JudgementRecord, copyJudgement } from '../../domain/judgement';
import { type JudgementWrite, MIN_BLOCK_WORD, refuseMergedEndpoint, splitTargets } from '../judgements';

/** Node attributes of the entity graph. */
export type EntityNodeAttributes = { kind: EntityKind };
/** Edge attributes of the entity graph: one edge per entity-to-entity claim, keyed by the claim id. */
export type ClaimEdgeAttributes = { predicate: string; status: ClaimStatus };
export type EntityGraph = MultiDirectedGraph<EntityNodeAttributes, ClaimEdgeAttributes>;

/** What the store derives from an entity's names with src/domain/names.ts. */
export interface EntitySearchData {
  /** normalizeText(name), for nameContains. */
  normalizedName: string;
  /** Distinct words of the entity's search keys, for searchEntityCandidates. */
  words: string[];
}

interface EntityRow extends EntitySearchData {
  record: EntityRecord;
  /** Scratch space of searchCandidates: the run that last reached the row, the token, the tokens matched. */
  searchRun: number;
  searchToken: number;
  searchHits: number;
}

/**
 * The embedded store's memory: the records, the entity graph and the
 * secondary indexes, with the rules a write must pass (`check`) and the way it
 * changes memory (`apply`). Both are synchronous. `apply` assumes `check`
 * passed; it never throws on a checked operation.
 *
 * Records held here are owned by the state: callers copy on the way in and out.
 */
export class MemoryState {
  readonly graph: EntityGraph = new MultiDirectedGraph<EntityNodeAttributes, ClaimEdgeAttributes>();

  readonly entities = new Map<string, EntityRow>();
  readonly sources = new Map<string, SourceRecord>();
  readonly claims = new Map<string, ClaimRecord>();
  readonly citations = new Map<string, CitationRecord>();

  readonly entityIds = new SortedIds();
  readonly entityIdsByKind = new Map<EntityKind, SortedIds>();
  readonly sourceIds = new SortedIds();
  readonly sourceIdsByKind = new Map<SourceKind, SortedIds>();
  readonly claimIds = new SortedIds();
  readonly claimsBySubject = new Map<string, SortedIds>();
  readonly claimsByObject = new Map<string, SortedIds>();
  readonly claimsByPredicate = new Map<string, SortedIds>();
  readonly claimsByStatus = new Map<string, SortedIds>();
  readonly citationsByClaim = new Map<string, SortedIds>();
  /** Citations by the source they cite and by the source they are read in (via). */
  readonly citationsBySource = new Map<string, SortedIds>();
  /** Claims by the sources their citations cite (directly or via), with how many of its citations do. */
  readonly claimsBySource = new Map<string, SortedIds>();
  private readonly claimSourceRefs = new Map<string, Map<string, number>>();
  /** Entities by search-key word, and the words in order for prefix lookups. */
  private readonly entitiesByWord = new Map<string, Set<EntityRow>>();
  private searchRun = 0;
  private readonly words = new SortedIds();

  /** Judgements (src/domain/judgement.ts), and the ids of those naming each record. */
  readonly judgements = new Map<string, JudgementRecord>();
  private readonly judgementsByRecord = new Map<string, SortedIds>();
  /** Entities merged into another: lists and search leave them out. */
  readonly mergedEntityIds = new Set<string>();

  /** Documents held by sources, with their text (src/domain/documents.ts). */
  readonly vault = new DocumentState();

  /** The audit trail in the order written (seq order, unless someone edited a seq by hand). */
  readonly auditRecords: AuditRecord[] = [];
  /** Audit records by each id in their targetIds, in the order written. */
  private readonly auditByTarget = new Map<string, AuditRecord[]>();

  /** Each entity's search data, by id. */
  *entitySearchEntries(): Iterable<[string, EntitySearchData]> {
    for (const [id, row] of this.entities) yield [id, { normalizedName: row.normalizedName, words: row.words }];
  }

  /** Every record held, merged entities too (what a snapshot holds). */
  storedCounts(): StoreCounts {
    return {
      entities: this.entities.size,
      sources: this.sources.size,
      claims: this.claims.size,
      citations: this.citations.size,
    };
  }

  counts(levels?: readonly AccessLevel[]): StoreCounts {
    // A merged entity counts as part of its survivor (which holds its claims), not on its own.
    if (levels === undefined) {
      const stored = this.storedCounts();
      return { ...stored, entities: stored.entities - this.mergedEntityIds.size };
    }
    const visible = new Set<string>(levels);
    const count = <T>(records: Iterable<T>, level: (r: T) => string) => {
      let n = 0;
      for (const r of records) if (visible.has(level(r))) n++;
      return n;
    };
    return {
      entities: count(
        [...this.entities.values()].filter((row) => row.record.mergedInto === undefined),
        (row) => row.record.access,
      ),
      sources: count(this.sources.values(), (s) => s.access),
      claims: count(this.claims.values(), (c) => c.visibility),
      citations: count(this.citations.values(), (c) => c.visibility),
    };
  }

  // ---------------------------------------------------------------- checks

  /** Throws the typed error that refuses `operation`, or returns when it may be applied. */
  check(operation: Operation): void {
    checkShape(operation);
    switch (operation.op) {
      case 'createEntity':
        if (this.entities.has(operation.data.id)) {
          throw new ConflictError(`An entity with id "${operation.data.id}" already exists.`);
        }
        return;
      case 'updateEntity':
        if (!this.entities.has(operation.data.id)) throw new NotFoundError('entity', operation.data.id);
        return;
      case 'createSource':
        if (this.sources.has(operation.data.id)) {
          throw new ConflictError(`A source with id "${operation.data.id}" already exists.`);
        }
        this.checkDerivation(operation.data);
        return;
      case 'updateSource':
        if (!this.sources.has(operation.data.id)) throw new NotFoundError('source', operation.data.id);
        this.checkDerivation(operation.data);
        refuseHashOverDocuments(operation.data, this.vault.ofSource(operation.data.id));
        return;
      case 'assertClaim':
        return this.checkAssertClaim(operation.data);
      case 'addCitations':
        return this.checkAddCitations(operation.data.claimId, operation.data.citations);
      case 'setClaimStatus':
      case 'setClaimRank':
        if (!this.claims.has(operation.data.claimId)) throw new NotFoundError('claim', operation.data.claimId);
        return;
      case 'applyAccessChange':
        for (const { id } of operation.data.entities) if (!this.entities.has(id)) throw new NotFoundError('entity', id);
        for (const { id } of operation.data.sources) if (!this.sources.has(id)) throw new NotFoundError('source', id);
        for (const { id } of operation.data.claims) if (!this.claims.has(id)) throw new NotFoundError('claim', id);
        for (const { id } of operation.data.citations) {
          if (!this.citations.has(id)) throw new NotFoundError('citation', id);
        }
        return;
      case 'importBundle':
        return this.checkBundle(operation.data);
      case 'attachDocument':
        this.attachedSource(operation.data);
        return;
      case 'recordExport':
        for (const id of operation.data.entityIds) if (!this.entities.has(id)) throw new NotFoundError('entity', id);
        for (const id of operation.data.claimIds) if (!this.claims.has(id)) throw new NotFoundError('claim', id);
        return;
      case 'mergeEntities':
      case 'judgeSameOrigin':
      case 'splitEntity':
      case 'undoSameOrigin':
        return this.checkJudgementWrite(operation.op, operation.data);
    }
  }

  /**
   * The adapter worked the write out from this state (src/store/judgements.ts);
   * a replayed entry must still fit it: a new judgement is new, an undone one
   * exists, and every record it writes exists.
   */
  private checkJudgementWrite(op: string, write: JudgementWrite): void {
    const { judgement } = write;
    const creates = op === 'mergeEntities' || op === 'judgeSameOrigin';
    if (creates && this.judgements.has(judgement.id)) {
      throw new ConflictError(`A judgement with id "${judgement.id}" already exists.`);
    }
    if (!creates && !this.judgements.has(judgement.id)) throw new NotFoundError('judgement', judgement.id);
    for (const e of write.entities) if (!this.entities.has(e.id)) throw new NotFoundError('entity', e.id);
    for (const c of write.claims) {
      if (!this.claims.has(c.id)) throw new NotFoundError('claim', c.id);
      if (!this.entities.has(c.subjectId)) throw new NotFoundError('entity', c.subjectId);
      if (c.objectId !== null && !this.entities.has(c.objectId)) throw new NotFoundError('entity', c.objectId);
    }
    if (op === 'judgeSameOrigin') {
      for (const id of judgement.recordIds) if (!this.sources.has(id)) throw new NotFoundError('source', id);
    }
  }

  /** The source as attaching this document leaves it; refuses what attachDocument refuses. */
  private attachedSource(attachment: DocumentAttachment): SourceRecord {
    checkAttachment(attachment);
    const source = this.sources.get(attachment.document.sourceId);
    if (!source) throw new NotFoundError('source', attachment.document.sourceId);
    return sourceWithDocument(source, this.vault.idsOfSource(source.id), attachment);
  }

  /** derivedFromIds: existing sources, not itself, no cycle through the store's derivations. */
  private checkDerivation(source: SourceRecord): void {
    source.derivedFromIds.forEach((parentId, i) => {
      if (parentId === source.id) {
        throw new BadUserInputError(`Source "${source.id}" cannot derive from itself.`, `derivedFromIds[${i}]`);
      }
      if (!this.sources.has(parentId)) throw new NotFoundError('source', parentId);
    });
    const derivedFrom = (id: string): readonly string[] =>
      id === source.id ? source.derivedFromIds : (this.sources.get(id)?.derivedFromIds ?? []);
    const cycle = findDerivationCycle([source.id], derivedFrom);
    if (cycle) throw derivationCycleError(cycle);
  }

  private checkAssertClaim({ claim, citations }: ClaimWithCitations): void {
    checkCitationsShape(claim.id, citations, 'citations');
    if (this.claims.has(claim.id)) throw new ConflictError(`A claim with id "${claim.id}" already exists.`);
    for (const citation of citations) {
      if (this.citations.has(citation.id)) {
        throw new ConflictError(`A citation with id "${citation.id}" already exists.`);
      }
    }
    const entityExists = (id: string): boolean => this.entities.has(id);
    const sourceExists = (id: string): boolean => this.sources.has(id);
    checkClaimReferences(claim, citations, entityExists, sourceExists);
    for (const id of claim.objectId === null ? [claim.subjectId] : [claim.subjectId, claim.objectId]) {
      const mergedInto = this.entities.get(id)!.record.mergedInto;
      refuseMergedEndpoint(mergedInto === undefined ? undefined : { id, mergedInto });
    }
  }

  private checkAddCitations(claimId: string, citations: readonly CitationRecord[]): void {
    if (!this.claims.has(claimId)) throw new NotFoundError('claim', claimId);
    checkCitationsShape(claimId, citations, 'citations', true);
    for (const citation of citations) {
      if (this.citations.has(citation.id)) {
        throw new ConflictError(`A citation with id "${citation.id}" already exists.`);
      }
      checkCitationSources(citation, (id) => this.sources.has(id));
    }
  }

  /** Every reference resolves within bundle ∪ store; upserts never move a citation to another claim. */
  private checkBundle(bundle: Bundle): void {
    const bundleEntities = uniqueById(bundle.entities, 'entities');
    const bundleSources = uniqueById(bundle.sources, 'sources');
    uniqueById(
      bundle.claims.map((c) => c.claim),
      'claims',
    );
    const entityExists = (id: string): boolean => bundleEntities.has(id) || this.entities.has(id);
    const sourceExists = (id: string): boolean => bundleSources.has(id) || this.sources.has(id);

    for (const [i, source] of bundle.sources.entries()) {
      source.derivedFromIds.forEach((parentId, j) => {
        if (parentId === source.id) {
          throw new BadUserInputError(
            `Source "${source.id}" cannot derive from itself.`,
            `sources[${i}].derivedFromIds[${j}]`,
          );
        }
        if (!sourceExists(parentId)) throw new NotFoundError('source', parentId);
      });
    }
    const derivedFrom = (id: string): readonly string[] =>
      (bundleSources.get(id) ?? this.sources.get(id))?.derivedFromIds ?? [];
    const cycle = findDerivationCycle([...bundleSources.keys()], derivedFrom);
    if (cycle) throw derivationCycleError(cycle);
    refuseHashesOverDocuments(bundle.sources, (id) => this.vault.ofSource(id));

    const citationIds = new Set<string>();
    for (const [i, { claim, citations }] of bundle.claims.entries()) {
      checkCitationsShape(claim.id, citations, `claims[${i}].citations`);
      citations.forEach((citation, j) => {
        if (citationIds.has(citation.id)) {
          throw new BadUserInputError(
            `Citation id "${citation.id}" appears more than once in the bundle.`,
            `claims[${i}].citations[${j}].id`,
          );
        }
        citationIds.add(citation.id);
        const stored = this.citations.get(citation.id);
        if (stored && stored.claimId !== claim.id) {
          throw new ConflictError(`Citation "${citation.id}" already belongs to claim "${stored.claimId}".`);
        }
      });
      checkClaimReferences(claim, citations, entityExists, sourceExists);
    }
  }

  // --------------------------------------------------------------- applies

  /**
   * Applies a checked operation: puts the records it leaves (changedRecords),
   * entities and sources before the claims whose edges join them.
   */
  apply(operation: Operation, versioned = true): void {
    const changed = this.changedRecords(operation, versioned);
    for (const entity of changed.entities) this.putEntity(entity);
    for (const source of changed.sources) this.putSource(source);
    for (const claim of changed.claims) this.putClaim(claim);
    for (const citation of changed.citations) this.putCitation(citation);
    if (operation.op === 'attachDocument') this.vault.put(operation.data);
    for (const judgement of changed.judgements ?? []) this.putJudgement(judgement);
  }

  /**
   * The records a checked operation leaves, as they will be stored once it is
   * applied, each list ordered by id: what apply() puts and what the audit
   * record calls `after`, from one computation so the two cannot disagree.
   * The records are new objects, never the state's.
   *
   * Versions are worked out here, from the records as stored: 1 for a new
   * record, one more for one the operation changes (versionAfter). Replaying a
   * journal entry written before versions (`versioned` false) leaves them as
   * stored, so that such records read as version 1 however often they changed.
   */
  changedRecords(operation: Operation, versioned = true): AuditState {
    const changed = this.changedContents(operation);
    const version = <T extends { id: string; version: number }>(records: T[], stored: (id: string) => T | undefined) =>
      records.map((record) => {
        const before = stored(record.id);
        return { ...record, version: versioned ? versionAfter(before, record) : (before?.version ?? 1) };
      });
    const records: AuditState = {
      entities: version(changed.entities, (id) => this.entities.get(id)?.record),
      sources: version(changed.sources, (id) => this.sources.get(id)),
      claims: version(changed.claims, (id) => this.claims.get(id)),
      citations: changed.citations,
    };
    if (changed.judgements !== undefined) {
      records.judgements = version(changed.judgements, (id) => this.judgements.get(id));
    }
    if (changed.documents !== undefined) records.documents = changed.documents;
    return records;
  }

  /** What changedRecords returns, versions aside. */
  private changedContents(operation: Operation): AuditState {
    const changed = emptyAuditState();
    switch (operation.op) {
      case 'createEntity':
      case 'updateEntity':
        changed.entities.push(operation.data);
        break;
      case 'createSource':
      case 'updateSource':
        changed.sources.push(operation.data);
        break;
      case 'assertClaim':
        changed.claims.push(operation.data.claim);
        changed.citations.push(...operation.data.citations);
        break;
      case 'addCitations': {
        const claim = this.claims.get(operation.data.claimId)!;
        // Journaled before access control (null): the claim keeps the level it has.
        const visibility = operation.data.claimVisibility;
        changed.claims.push(visibility === null ? { ...claim } : { ...claim, visibility });
        changed.citations.push(...operation.data.citations);
        break;
      }
      case 'setClaimStatus': {
        const { claimId, status, reason, updatedAt } = operation.data;
        changed.claims.push({ ...this.claims.get(claimId)!, status, statusReason: reason, updatedAt });
        break;
      }
      case 'setClaimRank': {
        const { claimId, rank, reason, updatedAt } = operation.data;
        changed.claims.push({ ...this.claims.get(claimId)!, rank, rankReason: reason, updatedAt });
        break;
      }
      case 'applyAccessChange': {
        const change = operation.data;
        // Keyed by id: a record named twice ends as the last entry says, as if applied in turn.
        const entities = new Map<string, EntityRecord>();
        for (const e of change.entities) {
          // A field left out keeps its value (entries journaled before fields could be left out give all three).
          entities.set(e.id, withAccessChange(entities.get(e.id) ?? this.entities.get(e.id)!.record, e));
        }
        const sources = new Map<string, SourceRecord>();
        for (const s of change.sources) sources.set(s.id, { ...this.sources.get(s.id)!, access: s.access });
        const claims = new Map<string, ClaimRecord>();
        for (const c of change.claims) {
          const claim = this.claims.get(c.id)!;
          claims.set(c.id, { ...claim, access: c.access, visibility: c.visibility, textLevel: c.textLevel });
        }
        const citations = new Map<string, CitationRecord>();
        for (const c of change.citations) {
          const citation = this.citations.get(c.id)!;
          citations.set(c.id, {
            ...citation,
            mentions: [...c.mentions],
            visibility: c.visibility,
            excerptLevel: c.excerptLevel,
          });
        }
        changed.entities.push(...entities.values());
        changed.sources.push(...sources.values());
        changed.claims.push(...claims.values());
        changed.citations.push(...citations.values());
        break;
      }
      case 'recordExport':
        // Nothing changes: the records it is about stand as they are.
        return this.recordsOf(exportTargets(operation.data));
      case 'importBundle':
        changed.entities.push(...operation.data.entities);
        changed.sources.push(...operation.data.sources);
        for (const { claim, citations } of operation.data.claims) {
          changed.claims.push(claim);
          changed.citations.push(...citations);
        }
        break;
      case 'attachDocument':
        changed.sources.push(this.attachedSource(operation.data));
        changed.documents = [structuredClone(operation.data.document)];
        break;
      case 'mergeEntities':
      case 'splitEntity':
      case 'judgeSameOrigin':
      case 'undoSameOrigin':
        changed.entities.push(...operation.data.entities.map(copyEntity));
        changed.claims.push(...operation.data.claims.map(copyClaim));
        changed.judgements = [copyJudgement(operation.data.judgement)];
        break;
    }
    for (const list of [changed.entities, changed.sources, changed.claims, changed.citations]) list.sort(byId);
    return changed;
  }

  /** Copies of the stored records with these ids, each list ordered by id; missing ones left out. */
  recordsOf(targets: AuditTargets): AuditState {
    const present = <T>(ids: readonly string[], get: (id: string) => T | undefined): T[] =>
      ids.flatMap((id) => {
        const record = get(id);
        return record === undefined ? [] : [record];
      });
    return {
      entities: present(targets.entityIds, (id) => {
        const row = this.entities.get(id);
        return row && copyEntity(row.record);
      }),
      sources: present(targets.sourceIds, (id) => {
        const source = this.sources.get(id);
        return source && copySource(source);
      }),
      claims: present(targets.claimIds, (id) => {
        const claim = this.claims.get(id);
        return claim && copyClaim(claim);
      }),
      citations: present(targets.citationIds, (id) => {
        const citation = this.citations.get(id);
        return citation && copyCitation(citation);
      }),
      ...(targets.judgementIds === undefined
        ? {}
        : {
            judgements: present(targets.judgementIds, (id) => {
              const judgement = this.judgements.get(id);
              return judgement && copyJudgement(judgement);
            }),
          }),
    };
  }

  /** Inserts or replaces a judgement. */
  putJudgement(judgement: JudgementRecord): void {
    if (!this.judgements.has(judgement.id)) {
      for (const id of judgement.recordIds) indexOf(this.judgementsByRecord, id).add(judgement.id);
    }
    this.judgements.set(judgement.id, judgement);
  }

  /** The judgements naming a record, ordered by id (the state's own: copy them). */
  judgementsOf(recordId: string): JudgementRecord[] {
    return (this.judgementsByRecord.get(recordId)?.items() ?? []).map((id) => this.judgements.get(id)!);
  }

  /**
   * Restores judgements from an audit record read from a snapshot, which keeps
   * them in its audit trail rather than in a section of their own: the state
   * of each is the `after` of the last record that wrote it.
   */
  restoreJudgements(record: AuditRecord): void {
    for (const judgement of record.after.judgements ?? []) this.putJudgement(copyJudgement(judgement));
  }

  /**
   * Entities of `kind` that pass `accept` and share a search-key word, by
   * word (sorted), at most `maxBlockSize` per block and `limit` blocks;
   * merged entities left out.
   */
  nameBlocks(
    kind: EntityKind,
    accept: (entity: EntityRecord) => boolean,
    maxBlockSize: number,
    limit: number,
  ): { word: string; entityIds: string[] }[] {
    const byWord = new Map<string, string[]>();
    for (const id of this.entityIdsByKind.get(kind)?.items() ?? []) {
      if (this.mergedEntityIds.has(id)) continue;
      const row = this.entities.get(id)!;
      if (!accept(row.record)) continue;
      for (const word of row.words) {
        if (word.length < MIN_BLOCK_WORD) continue;
        let ids = byWord.get(word);
        if (!ids) byWord.set(word, (ids = []));
        if (ids.length <= maxBlockSize) ids.push(id);
      }
    }
    const blocks: { word: string; entityIds: string[] }[] = [];
    for (const word of [...byWord.keys()].sort()) {
      const ids = byWord.get(word)!;
      if (ids.length < 2 || ids.length > maxBlockSize) continue;
      blocks.push({ word, entityIds: ids });
      if (blocks.length >= limit) break;
    }
    return blocks;
  }

  // ------------------------------------------------------------ audit trail

  /** Keeps a record as given (hashes are never recomputed: an edited record must stay detectable). */
  appendAudit(record: AuditRecord): void {
    this.auditRecords.push(record);
    for (const id of new Set(record.targetIds)) {
      let list = this.auditByTarget.get(id);
      if (!list) {
        list = [];
        this.auditByTarget.set(id, list);
      }
      list.push(record);
    }
  }

  /** The last record's seq and hash. */
  auditHead(): ChainPoint {
    const last = this.auditRecords.at(-1);
    return last === undefined ? CHAIN_START : { seq: last.seq, hash: last.hash };
  }

  /** Up to `limit` records with seq above `afterSeq`, in the order written. */
  auditAfter(afterSeq: number, limit: number): AuditRecord[] {
    const records = this.auditRecords;
    // Records are written in seq order; search for the first one past afterSeq.
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (records[mid]!.seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return records.slice(lo, lo + Math.max(0, Math.floor(limit)));
  }

  auditOf(targetId: string): readonly AuditRecord[] {
    return this.auditByTarget.get(targetId) ?? [];
  }

  /** Inserts or replaces an entity. */
  putEntity(entity: EntityRecord, search: EntitySearchData = entitySearchData(entity)): void {
    const old = this.entities.get(entity.id);
    if (old) {
      if (old.record.kind !== entity.kind) {
        this.entityIdsByKind.get(old.record.kind)?.delete(entity.id);
        indexOf(this.entityIdsByKind, entity.kind).add(entity.id);
      }
      for (const word of old.words) this.unindexWord(word, old);
      this.graph.replaceNodeAttributes(entity.id, { kind: entity.kind });
    } else {
      this.entityIds.add(entity.id);
      indexOf(this.entityIdsByKind, entity.kind).add(entity.id);
      this.graph.addNode(entity.id, { kind: entity.kind });
    }
    if (entity.mergedInto !== undefined) this.mergedEntityIds.add(entity.id);
    else this.mergedEntityIds.delete(entity.id);
    const row: EntityRow = {
      record: entity,
      normalizedName: search.normalizedName,
      words: search.words,
      searchRun: 0,
      searchToken: 0,
      searchHits: 0,
    };
    for (const word of search.words) this.indexWord(word, row);
    this.entities.set(entity.id, row);
  }

  /** Inserts or replaces a source. */
  putSource(source: SourceRecord): void {
    const old = this.sources.get(source.id);
    if (old) {
      if (old.kind !== source.kind) {
        this.sourceIdsByKind.get(old.kind)?.delete(source.id);
        indexOf(this.sourceIdsByKind, source.kind).add(source.id);
      }
    } else {
      this.sourceIds.add(source.id);
      indexOf(this.sourceIdsByKind, source.kind).add(source.id);
    }
    this.sources.set(source.id, source);
  }

  /** Inserts or replaces a claim, and its edge when its object is an entity. */
  putClaim(claim: ClaimRecord): void {
    const old = this.claims.get(claim.id);
    if (old) {
      moveIndexed(this.claimsBySubject, old.subjectId, claim.subjectId, claim.id);
      moveIndexed(this.claimsByObject, old.objectId, claim.objectId, claim.id);
      moveIndexed(this.claimsByPredicate, old.predicate, claim.predicate, claim.id);
      moveIndexed(this.claimsByStatus, old.status, claim.status, claim.id);
      if (this.graph.hasEdge(claim.id)) this.graph.dropEdge(claim.id);
    } else {
      this.claimIds.add(claim.id);
      indexOf(this.claimsBySubject, claim.subjectId).add(claim.id);
      if (claim.objectId !== null) indexOf(this.claimsByObject, claim.objectId).add(claim.id);
      indexOf(this.claimsByPredicate, claim.predicate).add(claim.id);
      indexOf(this.claimsByStatus, claim.status).add(claim.id);
    }
    if (claim.objectId !== null) {
      this.graph.addDirectedEdgeWithKey(claim.id, claim.subjectId, claim.objectId, {
        predicate: claim.predicate,
        status: claim.status,
      });
    }
    this.claims.set(claim.id, claim);
  }

  /** Inserts or replaces a citation (a replacement keeps its claim: checks refuse a move). */
  putCitation(citation: CitationRecord): void {
    const old = this.citations.get(citation.id);
    if (old) {
      for (const id of citedSources(old)) {
        this.citationsBySource.get(id)?.delete(citation.id);
        this.unrefClaimSource(id, old.claimId);
      }
    } else {
      indexOf(this.citationsByClaim, citation.claimId).add(citation.id);
    }
    for (const id of citedSources(citation)) {
      indexOf(this.citationsBySource, id).add(citation.id);
      this.refClaimSource(id, citation.claimId);
    }
    this.citations.set(citation.id, citation);
  }

  /** Whether one of the claim's citations cites the source, directly or via. */
  claimCitesSource(claimId: string, sourceId: string): boolean {
    return this.claimSourceRefs.get(sourceId)?.has(claimId) ?? false;
  }

  private refClaimSource(sourceId: string, claimId: string): void {
    let refs = this.claimSourceRefs.get(sourceId);
    if (!refs) {
      refs = new Map();
      this.claimSourceRefs.set(sourceId, refs);
    }
    const n = refs.get(claimId) ?? 0;
    refs.set(claimId, n + 1);
    if (n === 0) indexOf(this.claimsBySource, sourceId).add(claimId);
  }

  private unrefClaimSource(sourceId: string, claimId: string): void {
    const refs = this.claimSourceRefs.get(sourceId);
    const n = refs?.get(claimId);
    if (refs === undefined || n === undefined) return;
    if (n > 1) {
      refs.set(claimId, n - 1);
    } else {
      refs.delete(claimId);
      this.claimsBySource.get(sourceId)?.delete(claimId);
    }
  }

  // ----------------------------------------------------------------- search

  /**
   * Entities with a search-key word starting with one of the tokens that pass
   * `accept`, at most `limit` (the state's own records: copy them). When there
   * are more, those matching the most tokens come first, so that truncation
   * drops the weakest.
   */
  searchCandidates(
    tokens: readonly string[],
    accept: (entity: EntityRecord) => boolean,
    limit: number,
  ): EntityRecord[] {
    const unique = [...new Set(tokens)].filter((t) => t !== '');
    const out: EntityRecord[] = [];
    if (limit <= 0 || unique.length === 0) return out;
    const words = this.words.items();
    const run = ++this.searchRun;
    const touched: EntityRow[] = [];
    for (const [t, token] of unique.entries()) {
      for (let i = lowerBound(words, token); i < words.length && words[i]!.startsWith(token); i += 1) {
        for (const row of this.entitiesByWord.get(words[i]!)!) {
          if (row.searchRun !== run) {
            row.searchRun = run;
            row.searchToken = t;
            row.searchHits = 1;
            if (unique.length > 1) touched.push(row);
            else if (accept(row.record)) {
              // One token: every candidate is as good as another, stop at the limit.
              out.push(row.record);
              if (out.length >= limit) return out;
            }
          } else if (row.searchToken !== t) {
            row.searchToken = t;
            row.searchHits += 1;
          }
        }
      }
    }
    // Bucket by number of tokens matched (few distinct values), best first.
    const buckets: EntityRow[][] = unique.map(() => []);
    for (const row of touched) if (accept(row.record)) buckets[row.searchHits - 1]!.push(row);
    for (let n = buckets.length - 1; n >= 0; n -= 1) {
      for (const row of buckets[n]!) {
        out.push(row.record);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  private indexWord(word: string, row: EntityRow): void {
    let rows = this.entitiesByWord.get(word);
    if (!rows) {
      rows = new Set();
      this.entitiesByWord.set(word, rows);
      this.words.add(word);
    }
    rows.add(row);
  }

  private unindexWord(word: string, row: EntityRow): void {
    const rows = this.entitiesByWord.get(word);
    if (!rows) return;
    rows.delete(row);
    if (rows.size === 0) {
      this.entitiesByWord.delete(word);
      this.words.delete(word);
    }
  }
}
export function entitySearchData(entity: EntityRecord): EntitySearchData {
  const words = new Set<string>();
  for (const key of searchKeys(entitySearchNames(entity))) {
    for (const word of key.split(/\s+/)) if (word !== '') words.add(word);
  }
  return { normalizedName: normalizeText(entity.name), words: [...words] };
}

function indexOf<K>(index: Map<K, SortedIds>, key: K): SortedIds {
  let ids = index.get(key);
  if (!ids) {
    ids = new SortedIds();
    index.set(key, ids);
  }
  return ids;
}

function moveIndexed(index: Map<string, SortedIds>, from: string | null, to: string | null, id: string): void {
  if (from === to) return;
  if (from !== null) index.get(from)?.delete(id);
  if (to !== null) indexOf(index, to).add(id);
}

/** The sources a citation is found under: the one it cites and the one it is read in. */
export function citedSources(citation: CitationRecord): string[] {
  const via = citation.viaSourceId;
  return via !== null && via !== citation.sourceId ? [citation.sourceId, via] : [citation.sourceId];
}

/** At least one citation (unless `allowEmpty`), each naming this claim, ids distinct. */
function checkCitationsShape(
  claimId: string,
  citations: readonly CitationRecord[],
  field: string,
  allowEmpty = false,
): void {
  if (citations.length === 0 && !allowEmpty) {
    throw new BadUserInputError(`Claim "${claimId}" needs at least one citation.`, field);
  }
  const ids = new Set<string>();
  citations.forEach((citation, i) => {
    if (citation.claimId !== claimId) {
      throw new BadUserInputError(
        `Citation "${citation.id}" names claim "${citation.claimId}", not "${claimId}".`,
        `${field}[${i}].claimId`,
      );
    }
    if (ids.has(citation.id)) {
      throw new BadUserInputError(`Citation id "${citation.id}" appears more than once.`, `${field}[${i}].id`);
    }
    ids.add(citation.id);
  });
}

function checkClaimReferences(
  claim: ClaimRecord,
  citations: readonly CitationRecord[],
  entityExists: (id: string) => boolean,
  sourceExists: (id: string) => boolean,
): void {
  if (!entityExists(claim.subjectId)) throw new NotFoundError('entity', claim.subjectId);
  if (claim.objectId !== null && !entityExists(claim.objectId)) throw new NotFoundError('entity', claim.objectId);
  for (const citation of citations) checkCitationSources(citation, sourceExists);
}

function checkCitationSources(citation: CitationRecord, sourceExists: (id: string) => boolean): void {
  if (!sourceExists(citation.sourceId)) throw new NotFoundError('source', citation.sourceId);
  if (citation.viaSourceId !== null && !sourceExists(citation.viaSourceId)) {
    throw new NotFoundError('source', citation.viaSourceId);
  }
}

function uniqueById<T extends { id: string }>(records: readonly T[], field: string): Map<string, T> {
  const byId = new Map<string, T>();
  records.forEach((record, i) => {
    if (byId.has(record.id)) {
      throw new BadUserInputError(`Id "${record.id}" appears more than once in the bundle.`, `${field}[${i}].id`);
    }
    byId.set(record.id, record);
  });
  return byId;
}

/**
 * A cycle in the derivation graph reachable from `starts`, as the list of
 * source ids around it, or null. Iterative depth-first search (no recursion
 * limit on long chains).
 */
export function findDerivationCycle(
  starts: readonly string[],
  derivedFrom: (id: string) => readonly string[],
): string[] | null {
  const DONE = 2;
  const ON_PATH = 1;
  const state = new Map<string, number>();
  for (const start of starts) {
    if (state.get(start) === DONE) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, ON_PATH);
    while (path.length > 0) {
      const top = path.length - 1;
      const id = path[top]!;
      const parents = derivedFrom(id);
      const i = next[top]!;
      if (i >= parents.length) {
        state.set(id, DONE);
        path.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const parent = parents[i]!;
      const seen = state.get(parent);
      if (seen === ON_PATH) return [...path.slice(path.indexOf(parent)), parent];
      if (seen === DONE) continue;
      state.set(parent, ON_PATH);
      path.push(parent);
      next.push(0);
    }
  }
  return null;
}

function derivationCycleError(cycle: string[]): BadUserInputError {
  return new BadUserInputError(
    `Sources cannot derive from each other in a cycle: ${cycle.map((id) => `"${id}"`).join(' → ')}.`,
    'derivedFromIds',
  );
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The records an operation touches: what its audit record reads before and after. */
export function auditTargetsOf(operation: Operation): AuditTargets {
  switch (operation.op) {
    case 'createEntity':
    case 'updateEntity':
      return entityTargets(operation.data);
    case 'createSource':
    case 'updateSource':
      return sourceTargets(operation.data);
    case 'assertClaim':
      return assertClaimTargets(operation.data);
    case 'addCitations':
      return claimTargets(operation.data.claimId, operation.data.citations);
    case 'setClaimStatus':
    case 'setClaimRank':
      return claimTargets(operation.data.claimId);
    case 'applyAccessChange':
      return accessChangeTargets(operation.data);
    case 'importBundle':
      return bundleTargets(operation.data);
    case 'recordExport':
      return exportTargets(operation.data);
    case 'attachDocument':
      return sourceTargets({ id: operation.data.document.sourceId });
    case 'mergeEntities':
    case 'splitEntity':
    case 'judgeSameOrigin':
    case 'undoSameOrigin': {
      const { judgement } = operation.data;
      if (operation.op === 'judgeSameOrigin' || operation.op === 'undoSameOrigin') {
        return judgementTargets({ judgementId: judgement.id, sourceIds: judgement.recordIds });
      }
      return judgementTargets({ judgementId: judgement.id, ...splitTargets(judgement) });
    }
  }
}
