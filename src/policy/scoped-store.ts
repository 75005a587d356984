import { ACCESS_LEVELS, canRead, type Viewer } from './viewer';
import type { AuditRecord, AuditState } from '../domain/audit';
import { auditClearance } from './audit.policy';
import { InsufficientClearanceError } from '../domain/errors';
import {
  EntityKind,
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
  EntityFilter,
  Page,
  PageRequest,
  PathQuery,
  PathRecord,
  SearchQuery,
  SourceFilter,
  Statistics,
  StatisticsQuery,
  Store,
  StoreCounts,
} from '../store/store.port';
import { levelsUpTo, maxLevel } from './visibility';
import { StoreDecorator } from '../store/store.decorator';

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
  ) {
    super(inner);
    this.levels = levelsUpTo(viewer.clearance);
  }

  // ------------------------------------------------------------ policy

  /** The names this viewer may not read, loaded once per request, on the first read that returns text. */
  private redactor(): Promise<Redactor> {
    this.redactorLoad ??= withheldPeople(this.registry, this.viewer).then((people) => new Redactor(people));
    return this.redactorLoad;
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
    const [found, r] = await Promise.all([this.inner.getEntities(ids), this.redactor()]);
    return found.map((e) => this.entity(e, r));
  }

  override async getSources(ids: readonly string[]): Promise<(SourceRecord | null)[]> {
    const [found, r] = await Promise.all([this.inner.getSources(ids), this.redactor()]);
    return found.map((s) => this.source(s, r));
  }

  override async getClaims(ids: readonly string[]): Promise<(ClaimRecord | null)[]> {
    const [found, r] = await Promise.all([this.inner.getClaims(ids), this.redactor()]);
    return found.map((c) => this.claim(c, r));
  }

  override async getCitations(ids: readonly string[]): Promise<(CitationRecord | null)[]> {
    const [found, r] = await Promise.all([this.inner.getCitations(ids), this.redactor()]);
    return found.map((c) => this.citation(c, r));
  }

  override async getCitationsOfClaims(claimIds: readonly string[]): Promise<CitationRecord[][]> {
    const [lists, r] = await Promise.all([this.inner.getCitationsOfClaims(claimIds), this.redactor()]);
    return lists.map((list) => this.citations(list, r));
  }

  override async getCitationsOfSources(sourceIds: readonly string[]): Promise<CitationRecord[][]> {
    const [lists, r] = await Promise.all([this.inner.getCitationsOfSources(sourceIds), this.redactor()]);
    return lists.map((list) => this.citations(list, r));
  }

  override async getClaimsOfEntities(entityIds: readonly string[], role: ClaimRole): Promise<ClaimRecord[][]> {
    const [lists, r] = await Promise.all([this.inner.getClaimsOfEntities(entityIds, role), this.redactor()]);
    return lists.map((list) => this.claims(list, r));
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
    const [result, r] = await Promise.all([
      this.inner.listSources({ ...filter, levels: this.levels }, page),
      this.redactor(),
    ]);
    return {
      ...result,
      items: result.items.map((s) => this.source(s, r)).filter((s): s is SourceRecord => s !== null),
    };
  }

  override async listClaims(filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRecord>> {
    const [result, r] = await Promise.all([
      this.inner.listClaims({ ...filter, levels: this.levels }, page),
      this.redactor(),
    ]);
    return { ...result, items: this.claims(result.items, r) };
  }

  override async searchEntityCandidates(query: SearchQuery): Promise<EntityRecord[]> {
    // Records come back as this viewer reads them (pseudonyms, withheld
    // names); the search service scores what it is given, so a query on a
    // withheld name matches nothing.
    const [found, r] = await Promise.all([
      this.inner.searchEntityCandidates({ ...query, levels: this.levels }),
      this.redactor(),
    ]);
    return this.entities(found, r);
  }

  override counts(): Promise<StoreCounts> {
    return this.inner.counts(this.levels);
  }

  /** Paths only over claims and through entities the viewer may see: a hidden hop must not even show that a path exists. */
  override findPaths(query: PathQuery): Promise<PathRecord[]> {
    return this.inner.findPaths({ ...query, levels: this.levels });
  }

  override statistics(query: StatisticsQuery): Promise<Statistics> {
    return this.inner.statistics({ ...query, levels: this.levels });
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
    const [needed, r] = await Promise.all([auditClearance(this.inner, records), this.redactor()]);
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
async function withheldPeople(store: Store, viewer: Viewer): Promise<EntityRecord[]> {
  if (levelsUpTo(viewer.clearance).length === ACCESS_LEVELS.length) return [];
  const people: EntityRecord[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<EntityRecord> = await store.listEntities(
      { kind: EntityKind.PERSON, protectedOnly: true },
      { first: WITHHELD_SCAN_PAGE, after },
    );
    people.push(...page.items.filter((p) => p.protection !== null && !canRead(viewer, p.protection)));
    if (!page.hasNextPage || page.items.length === 0) return people;
    after = page.items[page.items.length - 1]!.id;
  }
}

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
