import { ACCESS_LEVELS, canRead, type Viewer } from './viewer';
import type { AuditRecord, AuditState } from '../domain/audit';
import { auditClearance } from './audit.policy';
import { InsufficientClearanceError } from '../domain/errors';
import {
  type AccessLevel,
  type CitationRecord,
  type ClaimRecord,
  type EntityRecord,
  type SourceRecord,
} from '../domain/model';
import { entitySearchNames, normalizeText } from '../domain/names';
import { Redactor, WITHHELD_NAME } from './redaction';
import type {
  ClaimFilter,
  ClaimRole,
  EntityClaimFilter,
  ClaimInclude,
  ClaimPage,
  ClaimsAlong,
  ProtectedPerson,
  EntityFilter,
  Page,
  PageRequest,
  PathQuery,
  PathRecord,
  PathsAlong,
  SearchQuery,
  SourceFilter,
  Statistics,
  StatisticsQuery,
  Store,
  StoreCounts,
  NameBlock,
  NameBlockQuery,
  DocumentSearchQuery,
} from '../store/store.port';
import type { JudgementRecord } from '../domain/judgement';
import { levelsUpTo, maxLevel } from './visibility';
import { StoreDecorator } from '../store/store.decorator';
import { currentConsistency } from '../store/consistency';
import type { DocumentRecord, DocumentSegment } from '../domain/documents';

/**
 * The store as one viewer may see it: the single place where the access
 * policy is applied to reads. Every service of a request is given this store
 * (and the DataLoaders over it), never the raw one, so no read path can skip
 * the policy:
 *
 * - lists, search, counts, paths and aggregates pass the viewer's levels down
 *   to the adapter, which filters in the query itself, so that page sizes,
 *   totals and cursors are computed over visible data only;
 * - batched reads are filtered here again (a hidden id reads as a missing
 *   one), and protected people are shown under their pseudonym;
 * - writes, and everything else it does not define, pass through
 *   (StoreDecorator): the services check roles before writing.
 */
export class ScopedStore extends StoreDecorator {
  private readonly levels;
  private redactorLoad: Promise<Redactor> | null = null;

  /**
   * `registry` is where the protected people are looked up: the present
   * store, even when `inner` reads the past, since protection is always today's.
   */
  constructor(
    inner: Store,
    private readonly viewer: Viewer,
    private readonly registry: Store = inner,
    private readonly redactors: RedactorCache = new RedactorCache(),
  ) {
    super(inner);
    this.levels = levelsUpTo(viewer.clearance);
  }

  // ------------------------------------------------------------ policy

  /**
   * The names this viewer may not read, as they stand for the reads of the
   * request so far: in a request (src/store/consistency.ts) the store checks
   * them against the states those reads saw, so that a person protected while
   * the request runs is withheld from every text read after; outside one
   * (the CLI, benchmarks), loaded once for the life of this scoped store.
   */
  private redactor(): Promise<Redactor> {
    if (currentConsistency() !== undefined) return this.redactors.redactorFor(this.registry, this.viewer);
    this.redactorLoad ??= this.redactors.redactorFor(this.registry, this.viewer);
    return this.redactorLoad;
  }

  /** The reads' values, then the redactor for what they read: never one checked before they came back. */
  private async redacting<T extends readonly unknown[]>(
    ...reads: { [K in keyof T]: Promise<T[K]> }
  ): Promise<[...T, Redactor]> {
    const values = (await Promise.all(reads)) as unknown as T;
    return [...values, await this.redactor()];
  }

  private entity(e: EntityRecord | null, r: Redactor): EntityRecord | null {
    if (e === null || !canRead(this.viewer, e.access)) return null;
    if (e.protection !== null && !canRead(this.viewer, e.protection)) return redactPerson(e);
    if (r.idle) return e;
    return {
      ...e,
      name: r.redact(e.name),
      aliases: e.aliases.map((a) => r.redact(a)).filter((a) => a !== WITHHELD_NAME),
      description: r.redactOrNull(e.description),
    };
  }

  private source(s: SourceRecord | null, r: Redactor): SourceRecord | null {
    if (s === null || !canRead(this.viewer, s.access)) return null;
    if (r.idle) return s;
    return {
      ...s,
      title: r.redact(s.title),
      publisher: r.redactOrNull(s.publisher),
      author: r.redactOrNull(s.author),
      url: r.redactOrNull(s.url),
    };
  }

  /** A visible claim, with the analyst's free text withheld where the excerpts are (it may name the protected person). */
  private claim(c: ClaimRecord | null, r: Redactor): ClaimRecord | null {
    if (c === null || !canRead(this.viewer, c.visibility) || !canRead(this.viewer, c.access)) return null;
    const seen = canRead(this.viewer, c.textLevel) ? c : { ...c, note: null, statusReason: null, rankReason: null };
    if (r.idle) return seen;
    return {
      ...seen,
      value: seen.value?.type === 'TEXT' ? { ...seen.value, text: r.redact(seen.value.text) } : seen.value,
      note: r.redactOrNull(seen.note),
      statusReason: r.redactOrNull(seen.statusReason),
      rankReason: r.redactOrNull(seen.rankReason),
    };
  }

  private citation(c: CitationRecord | null, r: Redactor): CitationRecord | null {
    if (c === null || !canRead(this.viewer, c.visibility)) return null;
    const excerpt = canRead(this.viewer, c.excerptLevel) ? r.redactOrNull(c.excerpt) : null;
    return { ...c, excerpt, locator: r.redact(c.locator) };
  }

  private entities(list: readonly (EntityRecord | null)[], r: Redactor): EntityRecord[] {
    return list.map((e) => this.entity(e, r)).filter((e): e is EntityRecord => e !== null);
  }

  private claims(list: readonly (ClaimRecord | null)[], r: Redactor): ClaimRecord[] {
    return list.map((c) => this.claim(c, r)).filter((c): c is ClaimRecord => c !== null);
  }

  private citations(list: readonly (CitationRecord | null)[], r: Redactor): CitationRecord[] {
    return list.map((c) => this.citation(c, r)).filter((c): c is CitationRecord => c !== null);
  }

  // ------------------------------------------------------------ batched reads

  override async getEntities(ids: readonly string[]): Promise<(EntityRecord | null)[]> {
    const [found, r] = await this.redacting(this.inner.getEntities(ids));
    return found.map((e) => this.entity(e, r));
  }

  override async getSources(ids: readonly string[]): Promise<(SourceRecord | null)[]> {
    const [found, r] = await this.redacting(this.inner.getSources(ids));
    return found.map((s) => this.source(s, r));
  }

  override async getClaims(ids: readonly string[]): Promise<(ClaimRecord | null)[]> {
    const [found, r] = await this.redacting(this.inner.getClaims(ids));
    return found.map((c) => this.claim(c, r));
  }

  override async getCitations(ids: readonly string[]): Promise<(CitationRecord | null)[]> {
    const [found, r] = await this.redacting(this.inner.getCitations(ids));
    return found.map((c) => this.citation(c, r));
  }

  override async getCitationsOfClaims(claimIds: readonly string[]): Promise<CitationRecord[][]> {
    const [lists, r] = await this.redacting(this.inner.getCitationsOfClaims(claimIds));
    return lists.map((list) => this.citations(list, r));
  }

  override async getCitationsOfSources(sourceIds: readonly string[]): Promise<CitationRecord[][]> {
    const [lists, r] = await this.redacting(this.inner.getCitationsOfSources(sourceIds));
    return lists.map((list) => this.citations(list, r));
  }

  override async getClaimsOfEntities(entityIds: readonly string[], role: ClaimRole): Promise<ClaimRecord[][]> {
    const [lists, r] = await this.redacting(this.inner.getClaimsOfEntities(entityIds, role));
    return lists.map((list) => this.claims(list, r));
  }

  override async listClaimsOfEntities(
    entityIds: readonly string[],
    filter: EntityClaimFilter,
    page: PageRequest,
    include?: ClaimInclude,
  ): Promise<ClaimPage[]> {
    // The store keeps only claims whose visibility and access this viewer reads, so totals count visible claims only.
    const [pages, r] = await this.redacting(
      this.inner.listClaimsOfEntities(entityIds, { ...filter, levels: this.levels }, page, include),
    );
    // The owner as getEntities gives it to this viewer: hidden, or under a pseudonym, alike.
    return pages.map((p) => ({
      ...p,
      ...this.along(p, r),
      ...(p.owner === undefined ? {} : { owner: this.entity(p.owner, r) }),
    }));
  }

  override async getClaimsAlong(claimIds: readonly string[], include: ClaimInclude): Promise<ClaimsAlong> {
    const [found, r] = await this.redacting(this.inner.getClaimsAlong(claimIds, include));
    return this.along(found, r);
  }

  /** Claims and what came along, as this viewer reads them: a claim hidden takes its citations with it. */
  private along(found: ClaimsAlong, r: Redactor): ClaimsAlong {
    const kept = found.items.flatMap((c, i) => {
      const claim = this.claim(c, r);
      return claim === null ? [] : [{ claim, citations: found.citations?.[i] ?? [] }];
    });
    return {
      items: kept.map((k) => k.claim),
      ...(found.citations ? { citations: kept.map((k) => this.citations(k.citations, r)) } : {}),
      ...(found.sources ? { sources: found.sources.flatMap((s) => this.source(s, r) ?? []) } : {}),
      ...(found.entities ? { entities: this.entities(found.entities, r) } : {}),
    };
  }

  override async getSourceLineage(sourceIds: readonly string[]): Promise<SourceRecord[]> {
    const [found, r] = await this.redacting(this.inner.getSourceLineage(sourceIds));
    return found.flatMap((s) => this.source(s, r) ?? []);
  }

  // ------------------------------------------------------------ lists, search, counts

  override async listEntities(filter: EntityFilter, page: PageRequest): Promise<Page<EntityRecord>> {
    const scoped = { ...filter, levels: this.levels };
    const r = await this.redactor();
    const needle = filter.nameContains === undefined ? '' : normalizeText(filter.nameContains);
    if (needle !== '' && !r.idle && r.touches(needle)) return this.listByWithheldText(scoped, needle, page, r);
    const result = await this.inner.listEntities(scoped, page);
    return { ...result, items: this.entities(result.items, r) };
  }

  /**
   * A name filter that may match withheld text: the store would match the
   * real names, so matching is redone here on what this viewer reads, over
   * at most WITHHELD_SCAN_LIMIT records (a search this rare need not be fast).
   */
  private async listByWithheldText(
    filter: EntityFilter,
    needle: string,
    page: PageRequest,
    r: Redactor,
  ): Promise<Page<EntityRecord>> {
    const matching: EntityRecord[] = [];
    let after: string | null = null;
    for (let scanned = 0; scanned < WITHHELD_SCAN_LIMIT; scanned += WITHHELD_SCAN_PAGE) {
      const batch: Page<EntityRecord> = await this.inner.listEntities(filter, { first: WITHHELD_SCAN_PAGE, after });
      for (const e of this.entities(batch.items, r)) {
        if (entitySearchNames(e).some((name) => normalizeText(name).includes(needle))) matching.push(e);
      }
      if (!batch.hasNextPage || batch.items.length === 0) break;
      after = batch.items[batch.items.length - 1]!.id;
    }
    const from = page.after === null ? 0 : matching.findIndex((e) => e.id > page.after!);
    const start = from < 0 ? matching.length : from;
    return {
      items: matching.slice(start, start + page.first),
      hasNextPage: start + page.first < matching.length,
      totalCount: matching.length,
    };
  }

  override async listSources(filter: SourceFilter, page: PageRequest): Promise<Page<SourceRecord>> {
    const [result, r] = await this.redacting(this.inner.listSources({ ...filter, levels: this.levels }, page));
    return {
      ...result,
      items: result.items.map((s) => this.source(s, r)).filter((s): s is SourceRecord => s !== null),
    };
  }

  override async listClaims(filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRecord>> {
    const [result, r] = await this.redacting(this.inner.listClaims({ ...filter, levels: this.levels }, page));
    return { ...result, items: this.claims(result.items, r) };
  }

  override async searchEntityCandidates(query: SearchQuery): Promise<EntityRecord[]> {
    // Records come back as this viewer reads them (pseudonyms, withheld
    // names); the search service scores what it is given, so a query on a
    // withheld name matches nothing.
    const [found, r] = await this.redacting(this.inner.searchEntityCandidates({ ...query, levels: this.levels }));
    return this.entities(found, r);
  }

  // ------------------------------------------------------------ documents

  /** Documents of the sources this viewer may see; their file names as any text (a name withheld). */
  override async getDocumentsOfSources(sourceIds: readonly string[]): Promise<DocumentRecord[][]> {
    const [lists, sources, r] = await this.redacting(
      this.inner.getDocumentsOfSources(sourceIds),
      this.inner.getSources(sourceIds),
    );
    return lists.map((list, i) => {
      const source = sources[i];
      if (!source || !canRead(this.viewer, source.access)) return [];
      return list.map((d) => ({ ...d, fileName: r.redact(d.fileName) }));
    });
  }

  /** The text of documents of sources this viewer may see, with withheld names replaced, as in excerpts. */
  override async getDocumentSegments(documentIds: readonly string[]): Promise<DocumentSegment[][]> {
    const [lists, r] = await this.redacting(this.inner.getDocumentSegments(documentIds));
    const sourceIds = [...new Set(lists.flatMap((list) => list.map((s) => s.sourceId)))];
    const sources = await this.inner.getSources(sourceIds);
    const visible = new Set(sources.filter((s) => s !== null && canRead(this.viewer, s.access)).map((s) => s!.id));
    return lists.map((list) =>
      list.filter((s) => visible.has(s.sourceId)).map((s) => (r.idle ? s : { ...s, text: r.redact(s.text) })),
    );
  }

  /**
   * Search over the documents of sources this viewer may see. A search that
   * may find a name withheld from them finds nothing at all (not a hit with
   * the name withheld): what a search finds must not tell them the name is there.
   */
  override async searchDocuments(query: DocumentSearchQuery, page: PageRequest): Promise<Page<DocumentSegment>> {
    const r = await this.redactor();
    if (r.mayFind(query.alternatives.flat())) return { items: [], hasNextPage: false, totalCount: 0 };
    const result = await this.inner.searchDocuments({ ...query, levels: this.levels }, page);
    return r.idle ? result : { ...result, items: result.items.map((s) => ({ ...s, text: r.redact(s.text) })) };
  }

  override counts(): Promise<StoreCounts> {
    return this.inner.counts(this.levels);
  }

  /** Paths only over claims and through entities the viewer may see: a hidden hop must not even show that a path exists. */
  override async findPathsAlong(query: PathQuery, include: ClaimInclude): Promise<PathsAlong> {
    const [found, r] = await this.redacting(this.inner.findPathsAlong({ ...query, levels: this.levels }, include));
    return { paths: found.paths, along: this.along(found.along, r) };
  }

  override findPaths(query: PathQuery): Promise<PathRecord[]> {
    return this.inner.findPaths({ ...query, levels: this.levels });
  }

  override statistics(query: StatisticsQuery): Promise<Statistics> {
    return this.inner.statistics({ ...query, levels: this.levels });
  }

  // ------------------------------------------------------------ judgements

  /** Blocks only of entities this viewer sees in full: a protected person below clearance is never compared. */
  override nameBlocks(query: NameBlockQuery): Promise<NameBlock[]> {
    return this.inner.nameBlocks({ ...query, levels: this.levels });
  }

  override async getJudgements(ids: readonly string[]): Promise<(JudgementRecord | null)[]> {
    const found = await this.inner.getJudgements(ids);
    const seen = await this.judgementsSeen(found.filter((j): j is JudgementRecord => j !== null));
    return found.map((j) => (j === null ? null : (seen.get(j.id) ?? null)));
  }

  override async getJudgementsOf(recordIds: readonly string[]): Promise<JudgementRecord[][]> {
    const lists = await this.inner.getJudgementsOf(recordIds);
    const seen = await this.judgementsSeen(lists.flat());
    return lists.map((list) => list.flatMap((j) => (seen.has(j.id) ? [seen.get(j.id)!] : [])));
  }

  /**
   * The judgements this viewer may know of, by id: those whose every record
   * they see in full (a judgement about a hidden record, or a protected person
   * below clearance, says that the record exists and what it is the same as),
   * with the reason's withheld names withheld.
   */
  private async judgementsSeen(judgements: readonly JudgementRecord[]): Promise<Map<string, JudgementRecord>> {
    const seen = new Map<string, JudgementRecord>();
    if (judgements.length === 0) return seen;
    const ids = [...new Set(judgements.flatMap((j) => j.recordIds))];
    const [entities, sources, r] = await this.redacting(this.inner.getEntities(ids), this.inner.getSources(ids));
    const visible = new Set<string>();
    ids.forEach((id, i) => {
      const e = entities[i];
      const s = sources[i];
      if (e && canRead(this.viewer, e.access) && (e.protection === null || canRead(this.viewer, e.protection))) {
        visible.add(id);
      }
      if (s && canRead(this.viewer, s.access)) visible.add(id);
    });
    for (const j of judgements) {
      if (!j.recordIds.every((id) => visible.has(id))) continue;
      seen.set(j.id, r.idle ? j : { ...j, reason: r.redact(j.reason), undoReason: r.redactOrNull(j.undoReason) });
    }
    return seen;
  }

  // ------------------------------------------------------------ audit trail

  /*
   * Audit records hold whole records as they were, real names included, and
   * their hashes cover every byte, so they cannot be redacted piecemeal: they
   * are refused outright to a viewer not cleared for everything they mention
   * (src/policy/audit.policy.ts), withheld names in their text included.
   */

  override async getAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return this.cleared(await this.inner.getAudit(afterSeq, limit));
  }

  override async getAuditOf(targetIds: readonly string[]): Promise<AuditRecord[][]> {
    const lists = await this.inner.getAuditOf(targetIds);
    await this.cleared(lists.flat());
    return lists;
  }

  private async cleared(records: AuditRecord[]): Promise<AuditRecord[]> {
    const [needed, r] = await this.redacting(auditClearance(this.inner, records));
    if (!canRead(this.viewer, needed)) {
      throw new InsufficientClearanceError('read these audit records', needed, this.viewer.clearance);
    }
    // The texts the records hold (states repeat from record to record: each distinct one is read once).
    const seen = new Set<string>();
    const named: AccessLevel[] = [];
    for (const a of records) {
      for (const text of [a.reason ?? '', ...auditTexts(a.before), ...auditTexts(a.after)]) {
        if (text === '' || seen.has(text)) continue;
        seen.add(text);
        const level = r.levelNeededFor(text);
        if (level !== null) named.push(level);
      }
    }
    const highest = maxLevel(needed, ...named);
    if (!canRead(this.viewer, highest)) {
      throw new InsufficientClearanceError('read these audit records', highest, this.viewer.clearance);
    }
    return records;
  }
}

/** The free text of an audit record's state: what may name someone. */
function auditTexts(state: AuditState): string[] {
  return [
    ...state.entities.flatMap((e) => [e.name, ...e.aliases, e.description ?? '']),
    ...state.sources.flatMap((s) => [s.title, s.publisher ?? '', s.author ?? '', s.url ?? '']),
    ...state.claims.flatMap((c) => [
      c.note ?? '',
      c.statusReason ?? '',
      c.rankReason ?? '',
      c.value?.type === 'TEXT' ? c.value.text : '',
    ]),
    ...state.citations.flatMap((c) => [c.excerpt ?? '', c.locator]),
  ];
}

/** Records a withheld-text name filter looks at, and how many per store call. */
const WITHHELD_SCAN_PAGE = 500;
const WITHHELD_SCAN_LIMIT = 5000;

/** The protected people whose names this viewer may not read: every one, whatever their access, paged from the store. */
/**
 * Redactors by the list of protected people they were built from (the store
 * hands out the same list while nothing changed) and the viewer's clearance:
 * building one costs as much as the people are many, so the requests of one
 * process share them. The composition root makes one per process; a scoped
 * store made without one keeps its own, for its own life.
 */
export class RedactorCache {
  private readonly byPeople = new WeakMap<readonly ProtectedPerson[], Map<AccessLevel, Redactor>>();

  /** The redactor for this viewer: the protected people whose protection the viewer may not read. */
  async redactorFor(store: Store, viewer: Viewer): Promise<Redactor> {
    if (levelsUpTo(viewer.clearance).length === ACCESS_LEVELS.length) return NOBODY_WITHHELD;
    const people = await store.protectedPeople();
    let byClearance = this.byPeople.get(people);
    if (byClearance === undefined) {
      byClearance = new Map();
      this.byPeople.set(people, byClearance);
    }
    let redactor = byClearance.get(viewer.clearance);
    if (redactor === undefined) {
      redactor = new Redactor(people.filter((p) => !canRead(viewer, p.protection)));
      byClearance.set(viewer.clearance, redactor);
    }
    return redactor;
  }
}

const NOBODY_WITHHELD = new Redactor([]);

/** A protected person as shown below the protection's clearance: the pseudonym and nothing that identifies. */
export function redactPerson(e: EntityRecord): EntityRecord {
  return {
    ...e,
    name: e.pseudonym ?? 'Protected person',
    aliases: [],
    description: null,
    latitude: null,
    longitude: null,
  };
}
