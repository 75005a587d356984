import type { AuditRecord } from '../domain/audit';
import { StoreDecorator } from '../store/store.decorator';
import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../domain/model';
import type {
  ClaimFilter,
  ClaimRole,
  ClaimsAlong,
  EntityClaimFilter,
  EntityFilter,
  ExportEvent,
  Page,
  PathQuery,
  PathsAlong,
  PageRequest,
  SearchQuery,
  SourceFilter,
  Store,
  DocumentSearchQuery,
} from '../store/store.port';
import { ConflictError } from '../domain/errors';
import type { AuditContext } from '../domain/audit';
import type { JudgementRecord } from '../domain/judgement';
import { ClaimRole as ClaimRoleValue } from '../store/store.port';
import { claimPageOf } from '../store/claim-pages';
import { hopClaimIds } from '../store/paths';
import type { DocumentRecord, DocumentSegment } from '../domain/documents';

/**
 * The graph as it stood at a past time, read from the present one and its
 * audit trail. Nothing is ever deleted, so what existed then is what exists
 * now and was created by then; what was changed since is read back from the
 * last audit record at or before that time that holds it.
 *
 * Access levels and protection are always today's: a person protected since
 * must not be exposed by asking about a time before, and the viewer's scope
 * (src/policy/scoped-store.ts) is applied on top of this store.
 *
 * Reads of single records and of an entity's claims are exact. Lists, search,
 * paths and aggregates filter by creation time only (an edit made since shows
 * its present text), and totals may count records changed since: those
 * queries are not used where a past state must be exact (case files):
 * counts, paths and aggregates are today's (StoreDecorator passes them on).
 */
export class AsOfStore extends StoreDecorator {
  private readonly at: string;

  constructor(inner: Store, asOf: Date) {
    // The past is read-only: every write but recordExport is refused.
    super(inner, () =>
      Promise.reject(new ConflictError('The graph as it stood in the past is read-only; write without asOf.')),
    );
    this.at = asOf.toISOString();
  }

  private existed(record: { createdAt: string }): boolean {
    return record.createdAt <= this.at;
  }

  // Documents never change once attached: as of a time, those attached by then.

  override async getDocumentsOfSources(sourceIds: readonly string[]): Promise<DocumentRecord[][]> {
    const lists = await this.inner.getDocumentsOfSources(sourceIds);
    return lists.map((list) => list.filter((d) => d.addedAt <= this.at));
  }

  override async getDocumentSegments(documentIds: readonly string[]): Promise<DocumentSegment[][]> {
    const lists = await this.inner.getDocumentSegments(documentIds);
    const attached = await this.attachedDocumentIds(lists.flat().map((s) => s.sourceId));
    return lists.map((list) => list.filter((s) => attached.has(s.documentId)));
  }

  /** Hits in documents attached since are left out (the total may still count them, as other lists' do). */
  override async searchDocuments(query: DocumentSearchQuery, page: PageRequest): Promise<Page<DocumentSegment>> {
    const result = await this.inner.searchDocuments(query, page);
    const attached = await this.attachedDocumentIds(result.items.map((s) => s.sourceId));
    return { ...result, items: result.items.filter((s) => attached.has(s.documentId)) };
  }

  private async attachedDocumentIds(sourceIds: readonly string[]): Promise<Set<string>> {
    const distinct = [...new Set(sourceIds)];
    const lists = distinct.length === 0 ? [] : await this.getDocumentsOfSources(distinct);
    return new Set(lists.flat().map((d) => d.id));
  }

  /** The state at `at` of records changed since, from the audit trail; today's levels kept. */
  private async past<T extends { id: string; createdAt: string }>(
    records: (T | null)[],
    changedSince: (r: T) => boolean,
    stateOf: (record: AuditRecord, id: string) => T | undefined,
    keepLevels: (past: T, now: T) => T,
  ): Promise<(T | null)[]> {
    const existing = records.map((r) => (r !== null && this.existed(r) ? r : null));
    const changed = existing.filter((r): r is T => r !== null && changedSince(r));
    if (changed.length === 0) return existing;
    const histories = await this.inner.getAuditOf(changed.map((r) => r.id));
    const pastById = new Map<string, T>();
    changed.forEach((record, i) => {
      const upTo = histories[i]!.filter((a) => a.at <= this.at);
      for (let j = upTo.length - 1; j >= 0; j--) {
        const state = stateOf(upTo[j]!, record.id);
        if (state) {
          pastById.set(record.id, keepLevels(state, record));
          return;
        }
      }
      // No record of it before `at` (it came in before the trail began): today's state is all there is.
    });
    return existing.map((r) => (r === null ? null : (pastById.get(r.id) ?? r)));
  }

  private entitiesAt(records: (EntityRecord | null)[]): Promise<(EntityRecord | null)[]> {
    return this.past(
      records,
      (e) => e.updatedAt > this.at,
      (a, id) => a.after.entities.find((e) => e.id === id),
      (past, now) => ({
        ...past,
        access: now.access,
        protection: now.protection,
        pseudonym: now.pseudonym,
        version: pastVersion(past),
      }),
    );
  }

  private sourcesAt(records: (SourceRecord | null)[]): Promise<(SourceRecord | null)[]> {
    return this.past(
      records,
      (s) => s.updatedAt > this.at,
      (a, id) => a.after.sources.find((s) => s.id === id),
      (past, now) => ({ ...past, access: now.access, version: pastVersion(past) }),
    );
  }

  private claimsAt(records: (ClaimRecord | null)[]): Promise<(ClaimRecord | null)[]> {
    return this.past(
      records,
      (c) => c.updatedAt > this.at,
      (a, id) => a.after.claims.find((c) => c.id === id),
      (past, now) => ({
        ...past,
        access: now.access,
        visibility: now.visibility,
        textLevel: now.textLevel,
        version: pastVersion(past),
      }),
    );
  }

  private citationsAt(list: CitationRecord[]): CitationRecord[] {
    // Citations are never edited: only whether one existed yet matters.
    return list.filter((c) => this.existed(c));
  }

  // ------------------------------------------------------------ batched reads

  override async getEntities(ids: readonly string[]): Promise<(EntityRecord | null)[]> {
    return this.entitiesAt(await this.inner.getEntities(ids));
  }

  override async getSources(ids: readonly string[]): Promise<(SourceRecord | null)[]> {
    return this.sourcesAt(await this.inner.getSources(ids));
  }

  override async getClaims(ids: readonly string[]): Promise<(ClaimRecord | null)[]> {
    return this.claimsAt(await this.inner.getClaims(ids));
  }

  override async getCitations(ids: readonly string[]): Promise<(CitationRecord | null)[]> {
    return (await this.inner.getCitations(ids)).map((c) => (c !== null && this.existed(c) ? c : null));
  }

  override async getCitationsOfClaims(claimIds: readonly string[]): Promise<CitationRecord[][]> {
    return (await this.inner.getCitationsOfClaims(claimIds)).map((list) => this.citationsAt(list));
  }

  override async getCitationsOfSources(sourceIds: readonly string[]): Promise<CitationRecord[][]> {
    return (await this.inner.getCitationsOfSources(sourceIds)).map((list) => this.citationsAt(list));
  }

  override async getClaimsOfEntities(entityIds: readonly string[], role: ClaimRole): Promise<ClaimRecord[][]> {
    const [lists, judgements] = await Promise.all([
      this.inner.getClaimsOfEntities(entityIds, role),
      this.inner.getJudgementsOf(entityIds),
    ]);
    // Claims a merge or split made since moved between entities: each entity's list is
    // worked out again from where its claims stood then (the judgements name what they moved).
    const movedSince = judgements.map((list) =>
      list
        .filter((j) => j.createdAt > this.at || (j.undoneAt !== null && j.undoneAt > this.at))
        .flatMap((j) => [...j.movedSubjectClaimIds, ...j.movedObjectClaimIds]),
    );
    const listed = new Set(lists.flat().map((c) => c.id));
    const moved = [...new Set(movedSince.flat())].filter((id) => !listed.has(id));
    const extra = moved.length === 0 ? [] : await this.inner.getClaims(moved);
    const extraById = new Map(extra.flatMap((c) => (c === null ? [] : [[c.id, c] as const])));
    // One audit read for all the lists' changed claims, not one per entity.
    const flat = [...lists.flat(), ...extraById.values()];
    const past = await this.claimsAt(flat);
    const byId = new Map(past.flatMap((c) => (c === null ? [] : [[c.id, c] as const])));
    const endpoint = (c: ClaimRecord) => (role === ClaimRoleValue.SUBJECT ? c.subjectId : c.objectId);
    return lists.map((list, i) => {
      if (movedSince[i]!.length === 0 && judgements[i]!.length === 0) {
        return list.flatMap((c) => (byId.has(c.id) ? [byId.get(c.id)!] : []));
      }
      const ids = [...new Set([...list.map((c) => c.id), ...movedSince[i]!])].sort();
      return ids.flatMap((id) => {
        const c = byId.get(id);
        return c !== undefined && endpoint(c) === entityIds[i] ? [c] : [];
      });
    });
  }

  /** The claims as they stood; nothing is read along (the caller's loaders read the past). */
  override async getClaimsAlong(claimIds: readonly string[]): Promise<ClaimsAlong> {
    const found = await this.getClaims([...new Set(claimIds)]);
    return { items: found.flatMap((c) => (c === null ? [] : [c])) };
  }

  /** The paths over the present links (as findPaths), their claims as they stood; nothing read along. */
  override async findPathsAlong(query: PathQuery): Promise<PathsAlong> {
    const paths = await this.findPaths(query);
    return { paths, along: await this.getClaimsAlong(hopClaimIds(paths)) };
  }

  /** The sources as they stood, walked one derivation level at a time (the past is read rarely). */
  override async getSourceLineage(sourceIds: readonly string[]): Promise<SourceRecord[]> {
    const found = new Map<string, SourceRecord>();
    let frontier = [...new Set(sourceIds)];
    while (frontier.length > 0) {
      const next = new Set<string>();
      for (const source of await this.getSources(frontier)) {
        if (source === null || found.has(source.id)) continue;
        found.set(source.id, source);
        for (const parent of source.derivedFromIds) if (!found.has(parent)) next.add(parent);
      }
      frontier = [...next];
    }
    return [...found.values()];
  }

  /**
   * The past has no index to page in: the entity's claims as they stood, paged
   * in memory. Nothing is read along (`include`): the caller's loaders read the past.
   */
  override async listClaimsOfEntities(
    entityIds: readonly string[],
    filter: EntityClaimFilter,
    page: PageRequest,
  ): Promise<Page<ClaimRecord>[]> {
    const [asSubject, asObject] = await Promise.all([
      filter.role === ClaimRoleValue.OBJECT
        ? entityIds.map(() => [])
        : this.getClaimsOfEntities(entityIds, ClaimRoleValue.SUBJECT),
      filter.role === ClaimRoleValue.SUBJECT
        ? entityIds.map(() => [])
        : this.getClaimsOfEntities(entityIds, ClaimRoleValue.OBJECT),
    ]);
    return entityIds.map((_, i) => claimPageOf([...asSubject[i]!, ...asObject[i]!], filter, page));
  }

  // ------------------------------------------------------------ judgements

  override async getJudgements(ids: readonly string[]): Promise<(JudgementRecord | null)[]> {
    return (await this.inner.getJudgements(ids)).map((j) => (j === null ? null : this.judgementAt(j)));
  }

  override async getJudgementsOf(recordIds: readonly string[]): Promise<JudgementRecord[][]> {
    return (await this.inner.getJudgementsOf(recordIds)).map((list) =>
      list.flatMap((j) => {
        const past = this.judgementAt(j);
        return past === null ? [] : [past];
      }),
    );
  }

  /** A judgement as it stood then: none before it was made, still holding before it was undone. */
  private judgementAt(j: JudgementRecord): JudgementRecord | null {
    if (!this.existed(j)) return null;
    if (j.undoneAt === null || j.undoneAt <= this.at) return j;
    return { ...j, undoneAt: null, undoneBySubject: null, undoReason: null, updatedAt: j.createdAt, version: 1 };
  }

  // ------------------------------------------------------------ lists, search, aggregates

  override async listEntities(filter: EntityFilter, page: PageRequest): Promise<Page<EntityRecord>> {
    // Entities merged since were separate then: listed, unless they were merged already.
    const result = await this.inner.listEntities({ ...filter, includeMerged: true }, page);
    const items = await this.entitiesAt(result.items);
    const then = (e: EntityRecord | null): e is EntityRecord =>
      e !== null && (filter.includeMerged === true || e.mergedInto === undefined);
    return { ...result, items: items.filter(then) };
  }

  override async listSources(filter: SourceFilter, page: PageRequest): Promise<Page<SourceRecord>> {
    const result = await this.inner.listSources(filter, page);
    const items = await this.sourcesAt(result.items);
    return { ...result, items: items.filter((s): s is SourceRecord => s !== null) };
  }

  override async listClaims(filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRecord>> {
    const result = await this.inner.listClaims(filter, page);
    const items = await this.claimsAt(result.items);
    return { ...result, items: items.filter((c): c is ClaimRecord => c !== null) };
  }

  override async searchEntityCandidates(query: SearchQuery): Promise<EntityRecord[]> {
    const found = await this.entitiesAt(await this.inner.searchEntityCandidates(query));
    return found.filter((e): e is EntityRecord => e !== null);
  }

  /** An export of the past is recorded now, like any other. */
  override recordExport(event: ExportEvent, audit?: AuditContext): Promise<void> {
    return this.inner.recordExport(event, audit);
  }
}

/** The version a record had then; audit records written before versions hold none: version 1. */
function pastVersion(record: { version?: number }): number {
  return record.version ?? 1;
}
