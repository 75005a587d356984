import { canRead, type Viewer } from './viewer';
import type { AuditRecord } from '../domain/audit';
import { auditClearance } from './audit.policy';
import { InsufficientClearanceError } from '../domain/errors';
import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../domain/model';
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
import { levelsUpTo } from './visibility';
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

  constructor(
    inner: Store,
    private readonly viewer: Viewer,
  ) {
    super(inner);
    this.levels = levelsUpTo(viewer.clearance);
  }

  // ------------------------------------------------------------ policy

  private entity(e: EntityRecord | null): EntityRecord | null {
    if (e === null || !canRead(this.viewer, e.access)) return null;
    if (e.protection === null || canRead(this.viewer, e.protection)) return e;
    return redactPerson(e);
  }

  private source(s: SourceRecord | null): SourceRecord | null {
    return s !== null && canRead(this.viewer, s.access) ? s : null;
  }

  private claim(c: ClaimRecord | null): ClaimRecord | null {
    if (c === null || !canRead(this.viewer, c.visibility) || !canRead(this.viewer, c.access)) return null;
    return c;
  }

  private citation(c: CitationRecord | null): CitationRecord | null {
    if (c === null || !canRead(this.viewer, c.visibility)) return null;
    return canRead(this.viewer, c.excerptLevel) ? c : { ...c, excerpt: null };
  }

  private citations(list: CitationRecord[]): CitationRecord[] {
    return list.flatMap((c) => {
      const seen = this.citation(c);
      return seen === null ? [] : [seen];
    });
  }

  // ------------------------------------------------------------ batched reads

  override async getEntities(ids: readonly string[]): Promise<(EntityRecord | null)[]> {
    return (await this.inner.getEntities(ids)).map((e) => this.entity(e));
  }

  override async getSources(ids: readonly string[]): Promise<(SourceRecord | null)[]> {
    return (await this.inner.getSources(ids)).map((s) => this.source(s));
  }

  override async getClaims(ids: readonly string[]): Promise<(ClaimRecord | null)[]> {
    return this.claims(await this.inner.getClaims(ids));
  }

  override async getCitations(ids: readonly string[]): Promise<(CitationRecord | null)[]> {
    return (await this.inner.getCitations(ids)).map((c) => this.citation(c));
  }

  override async getCitationsOfClaims(claimIds: readonly string[]): Promise<CitationRecord[][]> {
    return (await this.inner.getCitationsOfClaims(claimIds)).map((list) => this.citations(list));
  }

  override async getCitationsOfSources(sourceIds: readonly string[]): Promise<CitationRecord[][]> {
    return (await this.inner.getCitationsOfSources(sourceIds)).map((list) => this.citations(list));
  }

  override async getClaimsOfEntities(entityIds: readonly string[], role: ClaimRole): Promise<ClaimRecord[][]> {
    const lists = await this.inner.getClaimsOfEntities(entityIds, role);
    return lists.map((list) => this.claims(list).filter((c): c is ClaimRecord => c !== null));
  }

  // ------------------------------------------------------------ lists, search, counts

  override async listEntities(filter: EntityFilter, page: PageRequest): Promise<Page<EntityRecord>> {
    const result = await this.inner.listEntities({ ...filter, levels: this.levels }, page);
    return { ...result, items: result.items.map((e) => this.entity(e)).filter((e): e is EntityRecord => e !== null) };
  }

  override async listSources(filter: SourceFilter, page: PageRequest): Promise<Page<SourceRecord>> {
    const result = await this.inner.listSources({ ...filter, levels: this.levels }, page);
    return { ...result, items: result.items.filter((s) => this.source(s) !== null) };
  }

  override async listClaims(filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRecord>> {
    const result = await this.inner.listClaims({ ...filter, levels: this.levels }, page);
    return { ...result, items: this.claims(result.items).filter((c): c is ClaimRecord => c !== null) };
  }

  override async searchEntityCandidates(query: SearchQuery): Promise<EntityRecord[]> {
    // Protected people come back under their pseudonym; the search service
    // scores what it is given, so a query on the real name no longer matches.
    const found = await this.inner.searchEntityCandidates({ ...query, levels: this.levels });
    return found.map((e) => this.entity(e)).filter((e): e is EntityRecord => e !== null);
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
   * Audit records hold whole records as they were, real names included, so
   * they cannot be redacted piecemeal: they are refused outright to a viewer
   * not cleared for everything they mention (src/policy/audit.policy.ts).
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
    const needed = await auditClearance(this.inner, records);
    if (!canRead(this.viewer, needed)) {
      throw new InsufficientClearanceError('read these audit records', needed, this.viewer.clearance);
    }
    return records;
  }

  /** Visible claims, with the analyst's free text withheld where the excerpts are (it may name the protected person). */
  private claims(list: readonly (ClaimRecord | null)[]): (ClaimRecord | null)[] {
    return list.map((c) => {
      const seen = this.claim(c);
      if (seen === null || canRead(this.viewer, seen.textLevel)) return seen;
      return { ...seen, note: null, statusReason: null, rankReason: null };
    });
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
