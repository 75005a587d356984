import {
  AccessLevel,
  CitationRecord,
  ClaimRecord,
  ClaimWithCitations,
  EntityRecord,
  SourceRecord,
} from '../../domain/model';
import type { AuditContext, AuditRecord, AuditState, ChainPoint } from '../../domain/audit';
import { normalizeText } from '../../domain/names';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import { rankConflict, statusChangeConflict } from '../../domain/claim-status';
import {
  Bundle,
  ClaimFilter,
  ImportOptions,
  AccessChange,
  ClaimRankChange,
  ExportEvent,
  ClaimRole,
  EntityClaimFilter,
  ClaimInclude,
  ClaimPage,
  ClaimsAlong,
  ProtectedPerson,
  ClaimStatusChange,
  EntityFilter,
  EntityUpdate,
  Page,
  PageRequest,
  PathQuery,
  PathRecord,
  PathsAlong,
  RecordVersions,
  SearchQuery,
  SourceFilter,
  SourceUpdate,
  Store,
  StoreCounts,
  EntityMerge,
  JudgementUndo,
  NameBlock,
  NameBlockQuery,
  SameOriginJudgement,
  DocumentSearchQuery,
} from '../store.port';
import {
  basisIds,
  editedEntity,
  editedSource,
  requireBasis,
  requireComplete,
  requireVersion,
  versioned,
  withAccessChange,
} from '../updates';
import { checkPathQuery, comparePaths } from '../paths';
import { type JudgementRecord, JudgementKind, MAX_MERGE_CHAIN } from '../../domain/judgement';
import {
  type JudgementWrite,
  judgementToUndo,
  mergeWrites,
  claimOverMerges,
  entitiesOverMerges,
  refuseMergedEndpoint,
  sameOriginJudgement,
  splitTargets,
  splitWrites,
  undoneSameOrigin,
} from '../judgements';
import {
  createJudgementQuery,
  getJudgementsOfQuery,
  getJudgementsQuery,
  mergedEntitiesQuery,
  nameBlocksQuery,
  repointClaimsQuery,
  setJudgementQuery,
} from './cypher/judgements';
import {
  accessChangeTargets,
  bundleTargets,
  claimTargets,
  entityTargets,
  exportTargets,
  judgementTargets,
  sourceTargets,
} from '../audit-targets';
import {
  auditHeadQuery,
  getAuditOfQuery,
  getAuditQuery,
  lockAuditHeadQuery,
  unlockAuditHeadQuery,
} from './cypher/audit';
import {
  createCitationsQuery,
  getCitationsOfClaimsQuery,
  getCitationsOfSourcesQuery,
  getCitationsQuery,
  setCitationLevelsQuery,
} from './cypher/citations';
import {
  accessDependentsQuery,
  citationIdsOfSourcesQuery,
  createClaimQuery,
  getClaimsOfEntitiesQuery,
  getClaimsQuery,
  listClaimsQuery,
  setClaimLevelsQuery,
  setClaimRankQuery,
  setClaimVisibilityQuery,
  setClaimStatusQuery,
} from './cypher/claims';
import { getClaimsAlongQuery, listClaimsOfEntitiesQuery, sourceLineageQuery } from './cypher/entity-claims';
import { protectedPeopleQuery, stampQuery } from './cypher/protected';
import { currentConsistency, type ConsistencyScope } from '../consistency';
import { CITATION_COLUMNS, CLAIM_COLUMNS, ENTITY_COLUMNS, SOURCE_COLUMNS, propsOfColumns } from './cypher/columns';
import { countsQuery, visibleCountsQuery } from './cypher/counts';
import { statisticsQuery } from './cypher/statistics';
import { checkStatisticsQuery, type Statistics, type StatisticsQuery } from '../statistics';
import { toStatistics } from './neo4j.statistics';
import { findPathsAlongQuery, findPathsQuery } from './cypher/paths';
import {
  createEntityQuery,
  getEntitiesQuery,
  listEntitiesQuery,
  setEntitiesQuery,
  updateEntityQuery,
} from './cypher/entities';
import { importBatchSize, planImport } from './neo4j.import';
import { refuseHashesOverDocuments, refuseHashOverDocuments } from '../documents';
import { statisticsFromCountsQuery } from './cypher/stat-counts';
import { levelMask } from './neo4j.stat-deltas';
import { rebuildStats, statsCurrent } from './neo4j.stat-counts';
import { GENESIS_HASH } from '../../domain/audit';
import { RefIds, derivationCycleQuery, missingRefsQuery, sourcesOnCycleQuery } from './cypher/refs';
import { awaitIndexesQuery, constraintNamesQuery, SCHEMA_CONSTRAINTS, schemaQueries } from './cypher/schema';
import { luceneQuery, searchCandidatesQuery } from './cypher/search';
import {
  createSourceQuery,
  getSourcesQuery,
  listSourcesQuery,
  setSourceAccessQuery,
  updateSourceQuery,
} from './cypher/sources';
import { Neo4jConfig, Neo4jGateway, QueryRunner, Row } from './neo4j.gateway';
import type { DocumentAttachment, DocumentRecord, DocumentSegment } from '../../domain/documents';
import { documentSchemaQueries, documentsOfSourcesQuery, segmentsOfDocumentsQuery } from './cypher/documents';
import { attachDocumentIn, searchSegmentsIn, toDocument, toSegment } from './neo4j.documents';
import { chainPointOf, readAuditState, toAuditRecord, writeAudited } from './neo4j.audit';
import {
  citationProps,
  claimProps,
  entityProps,
  judgementProps,
  sourceProps,
  toCitation,
  toClaim,
  toEntity,
  toJudgement,
  toProps,
  toSource,
} from './neo4j.mapping';

/**
 * The Store port on Neo4j. Every port call is one managed transaction of the
 * gateway; writes check their references inside that transaction before
 * writing, so a refused write leaves nothing behind.
 */
export class Neo4jStore implements Store {
  private readonly gateway: Neo4jGateway;
  private readonly importBatchSize: number | undefined;
  /** The protected people and the stamp of the state they were read at (protectedPeople). */
  private protectedRead: { stamp: string; people: readonly ProtectedPerson[] } | null = null;
  /** The list each request in flight redacts with, once checked: dropped with the request. */
  private readonly protectedOfRequest = new WeakMap<ConsistencyScope, readonly ProtectedPerson[]>();
  /** Each request's last check of the list, which its next one waits for. */
  private readonly protectionChecks = new WeakMap<ConsistencyScope, Promise<unknown>>();

  /** Opens a driver for `config` (connections are made lazily, on first use). */
  constructor(config: Neo4jConfig & { importBatchSize?: number }) {
    this.gateway = new Neo4jGateway(config);
    this.importBatchSize = config.importBatchSize;
  }

  async init(): Promise<void> {
    await this.gateway.schema([...schemaQueries(), ...documentSchemaQueries()]);
    await this.gateway.read((tx) => tx.run(awaitIndexesQuery(60)));
    // The dashboard's counts (neo4j.stat-counts.ts): built once, under the audit lock, if missing or outdated.
    if (!(await this.gateway.read(statsCurrent))) await this.rebuildStatistics(true);
  }

  /**
   * Counts the whole graph afresh into the dashboard's counts, under the
   * audit head's lock (writes wait meanwhile). init() does it when they are
   * missing; an operator does it after writing to the database other than
   * through Athar (a raw Cypher load), which the counts cannot know of.
   */
  async rebuildStatistics(onlyIfMissing = false): Promise<void> {
    await this.gateway.write(async (tx) => {
      await tx.run(lockAuditHeadQuery(GENESIS_HASH));
      if (!onlyIfMissing || !(await statsCurrent(tx))) await rebuildStats(tx);
      await tx.run(unlockAuditHeadQuery());
    });
  }

  async close(): Promise<void> {
    await this.gateway.close();
  }

  async unreadiness(): Promise<string | null> {
    const rows = await this.gateway.read((tx) => tx.run(constraintNamesQuery()));
    const present = new Set(rows.map((row) => String(row.name)));
    const missing = SCHEMA_CONSTRAINTS.filter((name) => !present.has(name));
    return missing.length === 0 ? null : `Neo4j answers, but constraints are missing: ${missing.join(', ')}`;
  }

  // ------------------------------------------------------------ batched reads

  async getEntities(ids: readonly string[]): Promise<(EntityRecord | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getEntitiesQuery(ids)));
    return inKeyOrder(
      ids,
      rows,
      (row) => toEntity(toProps(row.props)),
      () => null,
    );
  }

  async getSources(ids: readonly string[]): Promise<(SourceRecord | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getSourcesQuery(ids)));
    return inKeyOrder(
      ids,
      rows,
      (row) => sourceOf(row.source),
      () => null,
    );
  }

  async getClaims(ids: readonly string[]): Promise<(ClaimRecord | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getClaimsQuery(ids)));
    return inKeyOrder(
      ids,
      rows,
      (row) => toClaim(toProps(row.props)),
      () => null,
    );
  }

  async getCitations(ids: readonly string[]): Promise<(CitationRecord | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getCitationsQuery(ids)));
    return inKeyOrder(
      ids,
      rows,
      (row) => toCitation(toProps(row.props)),
      () => null,
    );
  }

  async getCitationsOfClaims(claimIds: readonly string[]): Promise<CitationRecord[][]> {
    if (claimIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getCitationsOfClaimsQuery(claimIds)));
    return inKeyOrder(
      claimIds,
      rows,
      (row) => listOf(row.items).map((p) => toCitation(toProps(p))),
      () => [],
    );
  }

  async getCitationsOfSources(sourceIds: readonly string[]): Promise<CitationRecord[][]> {
    if (sourceIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getCitationsOfSourcesQuery(sourceIds)));
    return inKeyOrder(
      sourceIds,
      rows,
      (row) => listOf(row.items).map((p) => toCitation(toProps(p))),
      () => [],
    );
  }

  async getClaimsOfEntities(entityIds: readonly string[], role: ClaimRole): Promise<ClaimRecord[][]> {
    if (entityIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getClaimsOfEntitiesQuery(entityIds, role)));
    return inKeyOrder(
      entityIds,
      rows,
      (row) => listOf(row.items).map((p) => toClaim(toProps(p))),
      () => [],
    );
  }

  /**
   * The protected people, current for what the request has read. In a
   * request (src/store/consistency.ts), the reads' stamps (bookmarks of the
   * states they saw) are compared with the stamp the list was read at: equal,
   * the list stands, at no round trip; else it is read again in a session
   * that waits for those states, so it is never older than a text it
   * redacts. Outside one, or before its first read, one tiny round trip asks
   * for the present stamp. Any commit, by any process, reads them again.
   */
  async protectedPeople(): Promise<readonly ProtectedPerson[]> {
    const scope = currentConsistency();
    if (scope === undefined) return this.protectedPeopleNow(undefined);
    // One check at a time per request: reads that come back together wait for one list, not one each.
    const previous = this.protectionChecks.get(scope) ?? Promise.resolve();
    const check = previous.then(
      () => this.checkProtectedPeople(scope),
      () => this.checkProtectedPeople(scope),
    );
    this.protectionChecks.set(scope, check);
    return check;
  }

  private async checkProtectedPeople(scope: ConsistencyScope): Promise<readonly ProtectedPerson[]> {
    if (scope.readAt.size === 0) {
      // No read yet: the present state's list, kept as the request's for the reads that find it current.
      const now = await this.protectedPeopleNow(scope);
      this.protectedOfRequest.set(scope, now);
      return now;
    }
    const unchecked = [...scope.readAt].filter((stamp) => !scope.protectionCheckedAt.has(stamp));
    const cached = this.protectedRead;
    let people: readonly ProtectedPerson[];
    if (unchecked.length === 0) {
      people = this.protectedOfRequest.get(scope) ?? (await this.readProtectedPeople(cached, [...scope.readAt])).people;
    } else if (cached !== null && unchecked.every((stamp) => stamp === cached.stamp)) {
      people = cached.people;
    } else {
      const read = await this.readProtectedPeople(cached, unchecked);
      if (read.stamp !== null) scope.protectionCheckedAt.add(read.stamp);
      people = read.people;
    }
    for (const stamp of unchecked) scope.protectionCheckedAt.add(stamp);
    this.protectedOfRequest.set(scope, people);
    return people;
  }

  /** The list for the present state: the cached one while the database's stamp is the one it was read at. */
  private async protectedPeopleNow(scope: ConsistencyScope | undefined): Promise<readonly ProtectedPerson[]> {
    const cached = this.protectedRead;
    if (cached !== null) {
      const { stamp } = await this.gateway.readStamped((tx) => tx.run(stampQuery()));
      if (stamp !== null && stamp === cached.stamp) {
        scope?.protectionCheckedAt.add(stamp);
        return cached.people;
      }
    }
    const read = await this.readProtectedPeople(cached, []);
    if (read.stamp !== null) scope?.protectionCheckedAt.add(read.stamp);
    return read.people;
  }

  /** Reads the list at a state at least as new as `atLeast`, and keeps it with its stamp. */
  private async readProtectedPeople(
    cached: { stamp: string; people: readonly ProtectedPerson[] } | null,
    atLeast: readonly string[],
  ): Promise<{ stamp: string | null; people: readonly ProtectedPerson[] }> {
    const { value: rows, stamp } = await this.gateway.readStampedAfter(atLeast, (tx) => tx.run(protectedPeopleQuery()));
    const read = rows.map(toProtectedPerson);
    // Unchanged (a write elsewhere in the graph): the same list, so that what was built from it (redactors) stands.
    const people = cached !== null && samePeople(cached.people, read) ? cached.people : frozenPeople(read);
    this.protectedRead = stamp === null ? null : { stamp, people };
    return { stamp, people };
  }

  async listClaimsOfEntities(
    entityIds: readonly string[],
    filter: EntityClaimFilter,
    page: PageRequest,
    include: ClaimInclude = {},
  ): Promise<ClaimPage[]> {
    if (entityIds.length === 0) return [];
    const wanted = {
      citations: include.citations === true,
      sources: include.citations === true && include.sources === true,
      entities: include.entities === true,
      lineage: include.lineage === true,
    };
    const query = listClaimsOfEntitiesQuery(
      entityIds,
      {
        role: filter.role ?? null,
        predicates: listOrNull(filter.predicates),
        statuses: listOrNull(filter.statuses),
        levels: filter.levels ?? null,
      },
      page,
      wanted,
    );
    const rows = gatherAlongByKey(await this.gateway.read((tx) => tx.run(query)));
    const empty = (): ClaimPage => ({
      items: [],
      hasNextPage: false,
      totalCount: 0,
      ...(wanted.citations ? { citations: [] } : {}),
      ...(wanted.sources ? { sources: [] } : {}),
      ...(wanted.entities ? { entities: [] } : {}),
    });
    return inKeyOrder(
      entityIds,
      rows,
      (row): ClaimPage => {
        const first = Math.max(0, Math.floor(page.first));
        return {
          ...claimsAlongOf(row, first, wanted),
          hasNextPage: listOf(row.items).length > first,
          totalCount: countOf(row.total),
          owner: row.owner == null ? null : toEntity(propsOfColumns(row.owner, ENTITY_COLUMNS)),
        };
      },
      empty,
    );
  }

  async getClaimsAlong(claimIds: readonly string[], include: ClaimInclude): Promise<ClaimsAlong> {
    const wanted = {
      citations: include.citations === true,
      sources: include.citations === true && include.sources === true,
      entities: include.entities === true,
      lineage: include.lineage === true,
    };
    if (claimIds.length === 0) {
      return claimsAlongOf({ items: [], sources: [], entities: [] }, 0, wanted);
    }
    const rows = await this.gateway.read((tx) => tx.run(getClaimsAlongQuery(claimIds, wanted)));
    return claimsAlongOf(gatherAlong(rows), claimIds.length, wanted);
  }

  async getSourceLineage(sourceIds: readonly string[]): Promise<SourceRecord[]> {
    if (sourceIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(sourceLineageQuery(sourceIds)));
    return rows.map((row) => sourceOfRow(row.source));
  }

  // ----------------------------------------------------------- lists, search

  async listEntities(filter: EntityFilter, page: PageRequest): Promise<Page<EntityRecord>> {
    const needle = filter.nameContains === undefined ? '' : normalizeText(filter.nameContains);
    const query = listEntitiesQuery(
      {
        kind: filter.kind ?? null,
        subtype: filter.subtype ?? null,
        nameNeedle: needle === '' ? null : needle,
        levels: filter.levels ?? null,
        protectedOnly: filter.protectedOnly === true,
        includeMerged: filter.includeMerged === true,
      },
      page,
    );
    const rows = await this.gateway.read((tx) => tx.run(query));
    return pageOf(rows, page, (item) => toEntity(toProps(item)));
  }

  async listSources(filter: SourceFilter, page: PageRequest): Promise<Page<SourceRecord>> {
    const rows = await this.gateway.read((tx) =>
      tx.run(listSourcesQuery({ kind: filter.kind ?? null, levels: filter.levels ?? null }, page)),
    );
    return pageOf(rows, page, sourceOf);
  }

  async listClaims(filter: ClaimFilter, page: PageRequest): Promise<Page<ClaimRecord>> {
    const query = listClaimsQuery(
      {
        subjectId: filter.subjectId ?? null,
        objectId: filter.objectId ?? null,
        predicates: listOrNull(filter.predicates),
        statuses: listOrNull(filter.statuses),
        sourceId: filter.sourceId ?? null,
        levels: filter.levels ?? null,
      },
      page,
    );
    const rows = await this.gateway.read((tx) => tx.run(query));
    return pageOf(rows, page, (item) => toClaim(toProps(item)));
  }

  async searchEntityCandidates(query: SearchQuery): Promise<EntityRecord[]> {
    const lucene = luceneQuery(query.tokens);
    if (lucene === null || query.limit <= 0) return [];
    const rows = await this.gateway.read((tx) =>
      tx.run(searchCandidatesQuery(lucene, listOrNull(query.kinds), query.limit, query.levels ?? null)),
    );
    return rows.map((row) => toEntity(toProps(row.props)));
  }

  async counts(levels?: readonly AccessLevel[]): Promise<StoreCounts> {
    const query = levels === undefined ? countsQuery() : visibleCountsQuery(levels);
    const [row] = await this.gateway.read((tx) => tx.run(query));
    return {
      entities: countOf(row?.entities),
      sources: countOf(row?.sources),
      claims: countOf(row?.claims),
      citations: countOf(row?.citations),
    };
  }

  async statistics(query: StatisticsQuery): Promise<Statistics> {
    checkStatisticsQuery(query);
    // The whole graph from the counts writes maintain (neo4j.stat-deltas.ts); a scope of a few entities by a scan.
    const statement =
      query.entityIds === undefined
        ? statisticsFromCountsQuery(query, levelMask(query.levels))
        : statisticsQuery(query);
    const [row] = await this.gateway.read((tx) => tx.run(statement));
    return toStatistics(row, query);
  }

  /**
   * The whole-graph dashboard from the maintained counts and from a full
   * scan, read in one transaction that holds the audit head's lock (so no
   * write lands between them): equal unless the counts have drifted. For
   * tests and operators; the scan is as slow as the graph is large.
   */
  async recountStatistics(query: StatisticsQuery): Promise<{ maintained: Statistics; recounted: Statistics }> {
    checkStatisticsQuery(query);
    const whole = { ...query, entityIds: undefined };
    return this.gateway.write(async (tx) => {
      await tx.run(lockAuditHeadQuery(GENESIS_HASH));
      const [maintained] = await tx.run(statisticsFromCountsQuery(whole, levelMask(whole.levels)));
      const [recounted] = await tx.run(statisticsQuery(whole));
      await tx.run(unlockAuditHeadQuery());
      return { maintained: toStatistics(maintained, whole), recounted: toStatistics(recounted, whole) };
    });
  }

  async findPaths(query: PathQuery): Promise<PathRecord[]> {
    checkPathQuery(query);
    const rows = await this.gateway.read((tx) => tx.run(findPathsQuery(query)));
    // The statement already orders them; sorting again costs nothing and pins the port's order here.
    return rows
      .map((row) => ({ entityIds: stringsOf(row.entityIds), claimIds: stringsOf(row.claimIds) }))
      .sort(comparePaths);
  }

  async findPathsAlong(query: PathQuery, include: ClaimInclude): Promise<PathsAlong> {
    checkPathQuery(query);
    const wanted = {
      citations: include.citations === true,
      sources: include.citations === true && include.sources === true,
      entities: include.entities === true,
      lineage: include.lineage === true,
    };
    const row = gatherAlong(await this.gateway.read((tx) => tx.run(findPathsAlongQuery(query, wanted))));
    const paths = listOf(row.paths)
      .map(toProps)
      .map((path) => ({ entityIds: stringsOf(path.entityIds), claimIds: stringsOf(path.claimIds) }))
      .sort(comparePaths);
    return { paths, along: claimsAlongOf(row, Number.MAX_SAFE_INTEGER, wanted) };
  }

  // ------------------------------------------------------------------ writes

  async createEntity(entity: EntityRecord, audit?: AuditContext): Promise<void> {
    const props = entityProps({ ...entity, version: 1 });
    await this.gateway.write((tx) =>
      writeAudited(tx, 'createEntity', entityTargets(entity), audit, () => tx.run(createEntityQuery(props))),
    );
  }

  async updateEntity(update: EntityUpdate, audit?: AuditContext): Promise<EntityRecord> {
    const { after } = await this.gateway.write((tx) =>
      writeAudited(tx, 'updateEntity', entityTargets(update), audit, async (before) => {
        const current = before.entities[0];
        if (current === undefined) throw new NotFoundError('entity', update.id);
        const next = editedEntity(current, update);
        await tx.run(updateEntityQuery(next.id, entityProps(next)));
      }),
    );
    return after.entities[0]!;
  }

  async createSource(source: SourceRecord, audit?: AuditContext): Promise<void> {
    refuseSelfDerivation(source);
    const props = sourceProps({ ...source, version: 1 });
    await this.gateway.write((tx) =>
      writeAudited(tx, 'createSource', sourceTargets(source), audit, async () => {
        await requireRefs(tx, { sourceIds: source.derivedFromIds });
        await tx.run(createSourceQuery(props, source.derivedFromIds));
      }),
    );
  }

  async updateSource(update: SourceUpdate, audit?: AuditContext): Promise<SourceRecord> {
    const { after } = await this.gateway.write((tx) =>
      writeAudited(tx, 'updateSource', sourceTargets(update), audit, async (before) => {
        const current = before.sources[0];
        if (current === undefined) throw new NotFoundError('source', update.id);
        const source = editedSource(current, update);
        refuseSelfDerivation(source);
        await requireRefs(tx, { sourceIds: source.derivedFromIds });
        const closing = await tx.run(derivationCycleQuery(source.id, source.derivedFromIds));
        if (closing.length > 0) {
          throw new BadUserInputError(
            `Source "${source.id}" cannot derive from "${String(closing[0]?.targetId)}", which derives from it.`,
            'derivedFromIds',
          );
        }
        if (source.contentHash !== current.contentHash) {
          // Read in this transaction, so a document attached since the service checked is seen.
          const [held] = await tx.run(documentsOfSourcesQuery([source.id]));
          refuseHashOverDocuments(
            source,
            listOf(held?.items).map((p) => toDocument(toProps(p))),
          );
        }
        await tx.run(updateSourceQuery(source.id, sourceProps(source), source.derivedFromIds));
      }),
    );
    return after.sources[0]!;
  }

  async assertClaim(
    { claim, citations }: ClaimWithCitations,
    audit?: AuditContext,
    basis?: RecordVersions,
  ): Promise<void> {
    if (citations.length === 0) {
      throw new BadUserInputError('A claim needs at least one citation.', 'citations');
    }
    refuseForeignCitations(claim.id, citations);
    const props = claimProps({ ...claim, version: 1 });
    const citationRows = citations.map(citationProps);
    await this.gateway.write((tx) =>
      writeAudited(tx, 'assertClaim', claimTargets(claim.id, citations), audit, async () => {
        await requireRefs(tx, { entityIds: entitiesOf(claim), sourceIds: sourcesOf(citations) });
        const [merged] = await tx.run(mergedEntitiesQuery(entitiesOf(claim)));
        refuseMergedEndpoint(merged && { id: String(merged.id), mergedInto: String(merged.mergedInto) });
        await requireBasisIn(tx, basis);
        await tx.run(createClaimQuery(props));
        await tx.run(createCitationsQuery(citationRows));
      }),
    );
  }

  async addCitations(
    claimId: string,
    citations: readonly CitationRecord[],
    claimVisibility: AccessLevel,
    audit?: AuditContext,
    basis?: RecordVersions,
  ): Promise<void> {
    refuseForeignCitations(claimId, citations);
    const citationRows = citations.map(citationProps);
    await this.gateway.write(async (tx) => {
      if (citationRows.length === 0) {
        // Nothing to write, so nothing to audit; a missing claim is still refused.
        await requireRefs(tx, { claimIds: [claimId] });
        return;
      }
      await writeAudited(tx, 'addCitations', claimTargets(claimId, citations), audit, async (before) => {
        await requireRefs(tx, { claimIds: [claimId], sourceIds: sourcesOf(citations) });
        await requireBasisIn(tx, basis);
        const claim = before.claims.find((c) => c.id === claimId)!;
        await tx.run(createCitationsQuery(citationRows));
        const { version } = versioned(claim, { ...claim, visibility: claimVisibility });
        await tx.run(setClaimVisibilityQuery(claimId, claimVisibility, version));
      });
    });
  }

  async applyAccessChange(change: AccessChange, audit?: AuditContext): Promise<AuditState> {
    const { after } = await this.gateway.write((tx) =>
      writeAudited(tx, 'applyAccessChange', accessChangeTargets(change), audit, async (before) => {
        // Every record must exist, be at its expected version, and the change must still hold
        // (basis, completeness): checked on the records as read in this transaction, before anything
        // is written; a refusal aborts the transaction, so nothing is written.
        const entities = byId(before.entities);
        const sources = byId(before.sources);
        const claims = byId(before.claims);
        const citations = byId(before.citations);
        const existing = <T>(found: Map<string, T>, id: string, what: string): T => {
          const record = found.get(id);
          if (record === undefined) throw new NotFoundError(what, id);
          return record;
        };
        // Applied in turn: an entity named twice ends as its last entry says.
        const entitiesAfter = new Map<string, EntityRecord>();
        for (const e of change.entities) {
          const current = existing(entities, e.id, 'entity');
          requireVersion('entity', current, e.expectedVersion);
          const next = withAccessChange(entitiesAfter.get(e.id) ?? current, e);
          entitiesAfter.set(e.id, versioned(current, next));
        }
        const sourceRows = change.sources.map((s) => {
          const current = existing(sources, s.id, 'source');
          requireVersion('source', current, s.expectedVersion);
          const { version } = versioned(current, { ...current, access: s.access });
          return { id: s.id, access: s.access, version };
        });
        const claimRows = change.claims.map((c) => {
          const current = existing(claims, c.id, 'claim');
          requireVersion('claim', current, c.expectedVersion);
          const levels = { access: c.access, visibility: c.visibility, textLevel: c.textLevel };
          const { version } = versioned(current, { ...current, ...levels });
          return { id: c.id, ...levels, version };
        });
        for (const c of change.citations) existing(citations, c.id, 'citation');
        await requireBasisIn(tx, change.basis);
        if (change.complete === true) {
          const [row] = await tx.run(
            accessDependentsQuery(
              change.entities.map((e) => e.id),
              change.sources.map((s) => s.id),
              change.claims.map((c) => c.id),
            ),
          );
          const claimIds = new Set(change.claims.map((c) => c.id));
          const citationIds = new Set(change.citations.map((c) => c.id));
          requireComplete(
            stringsOf(row?.claims).filter((id) => !claimIds.has(id)),
            stringsOf(row?.citations).filter((id) => !citationIds.has(id)),
          );
        }
        if (change.scanned !== undefined && change.scanned.sourceIds.length > 0) {
          const [row] = await tx.run(citationIdsOfSourcesQuery(change.scanned.sourceIds));
          const read = new Set(change.scanned.citationIds);
          const added = stringsOf(row?.citations).filter((id) => !read.has(id));
          requireComplete([], added);
        }
        const entityRows = [...entitiesAfter.values()].map((e) => ({ id: e.id, props: entityProps(e) }));
        if (entityRows.length > 0) await tx.run(setEntitiesQuery(entityRows));
        if (sourceRows.length > 0) await tx.run(setSourceAccessQuery(sourceRows));
        if (claimRows.length > 0) await tx.run(setClaimLevelsQuery(claimRows));
        if (change.citations.length > 0) await tx.run(setCitationLevelsQuery(change.citations));
      }),
    );
    return after;
  }

  async setClaimStatus(change: ClaimStatusChange, audit?: AuditContext): Promise<ClaimRecord> {
    const { after } = await this.gateway.write((tx) =>
      writeAudited(tx, 'setClaimStatus', claimTargets(change.claimId), audit, async (before) => {
        const claim = before.claims[0];
        if (claim === undefined) throw new NotFoundError('claim', change.claimId);
        requireVersion('claim', claim, change.expectedVersion);
        const conflict = statusChangeConflict(claim, change.status);
        if (conflict) throw conflict;
        const next = { ...claim, status: change.status, statusReason: change.reason, updatedAt: change.updatedAt };
        await tx.run(setClaimStatusQuery(change, versioned(claim, next).version));
      }),
    );
    return after.claims[0]!;
  }

  async setClaimRank(change: ClaimRankChange, audit?: AuditContext): Promise<ClaimRecord> {
    const { after } = await this.gateway.write((tx) =>
      writeAudited(tx, 'setClaimRank', claimTargets(change.claimId), audit, async (before) => {
        const claim = before.claims[0];
        if (claim === undefined) throw new NotFoundError('claim', change.claimId);
        requireVersion('claim', claim, change.expectedVersion);
        const conflict = rankConflict(claim);
        if (conflict) throw conflict;
        const next = { ...claim, rank: change.rank, rankReason: change.reason, updatedAt: change.updatedAt };
        await tx.run(setClaimRankQuery(change, versioned(claim, next).version));
      }),
    );
    return after.claims[0]!;
  }

  async importBundle(bundle: Bundle, audit?: AuditContext, options?: ImportOptions): Promise<void> {
    const entities = lastById(bundle.entities);
    const sources = lastById(bundle.sources);
    const claims = lastById(bundle.claims.map((c) => ({ ...c, id: c.claim.id })));
    claims.forEach(({ claim, citations }, i) => {
      if (citations.length === 0) {
        throw new BadUserInputError(`Claim "${claim.id}" needs at least one citation.`, `claims[${i}].citations`);
      }
      refuseForeignCitations(claim.id, citations);
    });
    sources.forEach(refuseSelfDerivation);
    const citations = lastById(claims.flatMap((c) => c.citations));
    const total = entities.length + sources.length + claims.length;

    // References the bundle itself does not satisfy must already be in the graph.
    const entityIds = new Set(entities.map((e) => e.id));
    const sourceIds = new Set(sources.map((s) => s.id));
    const refs: RefIds = {
      entityIds: claims.flatMap(({ claim }) => entitiesOf(claim)).filter((id) => !entityIds.has(id)),
      sourceIds: [...sources.flatMap((s) => s.derivedFromIds), ...sourcesOf(citations)].filter(
        (id) => !sourceIds.has(id),
      ),
    };

    const rows = { entities, sources, claims: claims.map((c) => c.claim), citations };
    const batchSize = importBatchSize(options?.batchSize, this.importBatchSize);
    await this.gateway.write((tx) =>
      writeAudited(
        tx,
        'importBundle',
        bundleTargets(bundle),
        audit,
        async (before) => {
          await requireRefs(tx, refs);
          const stored = new Set(before.sources.map((s) => s.id));
          const holders = sources.filter((s) => stored.has(s.id)).map((s) => s.id);
          if (holders.length > 0) {
            const held = new Map(
              (await tx.run(documentsOfSourcesQuery(holders))).map((row) => [
                String(row.id),
                listOf(row.items).map((p) => toDocument(toProps(p))),
              ]),
            );
            refuseHashesOverDocuments(sources, (id) => held.get(id) ?? []);
          }
          // Merges stand (src/store/judgements.ts): merged records stay merged, their claims go to the survivor.
          const merges = await mergesAmong(tx, [...entityIds, ...rows.claims.flatMap(entitiesOf)]);
          const mergedIntoOf = (id: string) => merges.get(id);
          const merged = {
            ...rows,
            entities: entitiesOverMerges(rows.entities, mergedIntoOf),
            claims: rows.claims.map((c) => claimOverMerges(c, mergedIntoOf)),
          };
          // New records are created, changed ones set, unchanged ones (importing twice is as once) left alone.
          const plan = planImport(merged, before, batchSize);
          let written = 0;
          for (const step of plan.steps) {
            await tx.run(step.query);
            if (step.rows === 0) continue;
            written += step.rows;
            options?.onProgress?.(written, total);
          }
          if (written < total) options?.onProgress?.(total, total);
          if (sources.length > 0) {
            const onCycle = await tx.run(sourcesOnCycleQuery(sources.map((s) => s.id)));
            if (onCycle.length > 0) {
              throw new BadUserInputError(`Source "${String(onCycle[0]?.id)}" would derive from itself.`, 'sources');
            }
          }
          return plan.after;
        },
        // What was written is known: the audit record's after is not read back.
        { after: (after) => after },
      ),
    );
  }

  async recordExport(event: ExportEvent, audit?: AuditContext): Promise<void> {
    await this.gateway.write(async (tx) => {
      await requireRefs(tx, { entityIds: event.entityIds, claimIds: event.claimIds });
      // An export changes nothing: the record's before and after are the same records.
      await writeAudited(tx, 'recordExport', exportTargets(event), audit, async () => undefined);
    });
  }

  // ---------------------------------------------------------------- judgements

  async mergeEntities(merge: EntityMerge, audit?: AuditContext): Promise<AuditState> {
    const { after } = await this.gateway.write((tx) => {
      // The merged entity's claims are read after the audit lock: none can be added before the merge moves them.
      const touched = async () => {
        const [subject, object] = await Promise.all(
          [ClaimRole.SUBJECT, ClaimRole.OBJECT].map(async (role) => {
            const rows = await tx.run(getClaimsOfEntitiesQuery([merge.mergedId], role));
            return rows.flatMap((row) => listOf(row.items).map((p) => String(toProps(p).id)));
          }),
        );
        return judgementTargets({
          judgementId: merge.judgementId,
          entityIds: [merge.survivorId, merge.mergedId],
          claimIds: [...subject!, ...object!],
        });
      };
      return writeAudited(tx, 'mergeEntities', touched, audit, async (before) => {
        const entities = byId(before.entities);
        const write = mergeWrites(
          merge,
          entities.get(merge.survivorId) ?? null,
          entities.get(merge.mergedId) ?? null,
          before.claims.filter((c) => c.subjectId === merge.mergedId),
          before.claims.filter((c) => c.objectId === merge.mergedId),
        );
        await this.writeJudgement(tx, write, true);
      });
    });
    return after;
  }

  async splitEntity(undo: JudgementUndo, audit?: AuditContext): Promise<AuditState> {
    const { after } = await this.gateway.write((tx) => {
      const touched = async () => {
        const judgement = judgementToUndo(undo, await readJudgement(tx, undo.judgementId), JudgementKind.SAME_ENTITY);
        return judgementTargets({ judgementId: judgement.id, ...splitTargets(judgement) });
      };
      return writeAudited(tx, 'splitEntity', touched, audit, async (before) => {
        const judgement = judgementToUndo(undo, before.judgements?.[0] ?? null, JudgementKind.SAME_ENTITY);
        const write = splitWrites(undo, judgement, byId(before.entities), byId(before.claims));
        await this.writeJudgement(tx, write, false);
      });
    });
    return after;
  }

  async judgeSameOrigin(judgement: SameOriginJudgement, audit?: AuditContext): Promise<JudgementRecord> {
    const targets = judgementTargets({ judgementId: judgement.judgementId, sourceIds: judgement.sourceIds });
    const { after } = await this.gateway.write((tx) =>
      writeAudited(tx, 'judgeSameOrigin', targets, audit, async (before) => {
        const record = sameOriginJudgement(judgement, new Set(before.sources.map((x) => x.id)));
        await this.writeJudgement(tx, { judgement: record, entities: [], claims: [] }, true);
      }),
    );
    return after.judgements![0]!;
  }

  async undoSameOrigin(undo: JudgementUndo, audit?: AuditContext): Promise<JudgementRecord> {
    const { after } = await this.gateway.write((tx) => {
      const touched = async () => {
        const stored = await readJudgement(tx, undo.judgementId);
        const judgement = judgementToUndo(undo, stored, JudgementKind.SAME_ORIGIN);
        return judgementTargets({ judgementId: judgement.id, sourceIds: judgement.recordIds });
      };
      return writeAudited(tx, 'undoSameOrigin', touched, audit, async (before) => {
        const record = undoneSameOrigin(undo, before.judgements?.[0] ?? null);
        await this.writeJudgement(tx, { judgement: record, entities: [], claims: [] }, false);
      });
    });
    return after.judgements![0]!;
  }

  /** Writes what a judgement write leaves (src/store/judgements.ts): the judgement, entities, moved claims. */
  private async writeJudgement(tx: QueryRunner, write: JudgementWrite, create: boolean): Promise<void> {
    const props = judgementProps(write.judgement);
    await tx.run(create ? createJudgementQuery(props) : setJudgementQuery(write.judgement.id, props));
    for (const entity of write.entities) await tx.run(updateEntityQuery(entity.id, entityProps(entity)));
    if (write.claims.length > 0) {
      await tx.run(repointClaimsQuery(write.claims.map((c) => ({ id: c.id, props: claimProps(c) }))));
    }
  }

  async getJudgements(ids: readonly string[]): Promise<(JudgementRecord | null)[]> {
    if (ids.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getJudgementsQuery(ids)));
    return inKeyOrder(
      ids,
      rows,
      (row) => toJudgement(toProps(row.props)),
      () => null,
    );
  }

  async getJudgementsOf(recordIds: readonly string[]): Promise<JudgementRecord[][]> {
    if (recordIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getJudgementsOfQuery(recordIds)));
    return inKeyOrder(
      recordIds,
      rows,
      (row) => listOf(row.items).map((p) => toJudgement(toProps(p))),
      () => [],
    );
  }

  async nameBlocks(query: NameBlockQuery): Promise<NameBlock[]> {
    if (query.limit <= 0) return [];
    const rows = await this.gateway.read((tx) =>
      tx.run(nameBlocksQuery(query.kind, query.levels ?? null, query.maxBlockSize, query.limit)),
    );
    return rows.map((row) => ({ word: String(row.word), entityIds: stringsOf(row.ids) }));
  }

  // ------------------------------------------------------------------ documents

  async attachDocument(attachment: DocumentAttachment, audit?: AuditContext): Promise<SourceRecord> {
    return this.gateway.write((tx) => attachDocumentIn(tx, attachment, audit));
  }

  async getDocumentsOfSources(sourceIds: readonly string[]): Promise<DocumentRecord[][]> {
    if (sourceIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(documentsOfSourcesQuery(sourceIds)));
    return inKeyOrder(
      sourceIds,
      rows,
      (row) => listOf(row.items).map((p) => toDocument(toProps(p))),
      () => [],
    );
  }

  async getDocumentSegments(documentIds: readonly string[]): Promise<DocumentSegment[][]> {
    if (documentIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(segmentsOfDocumentsQuery(documentIds)));
    return inKeyOrder(
      documentIds,
      rows,
      (row) => listOf(row.items).map((p) => toSegment(toProps(p))),
      () => [],
    );
  }

  async searchDocuments(query: DocumentSearchQuery, page: PageRequest): Promise<Page<DocumentSegment>> {
    return this.gateway.read((tx) => searchSegmentsIn(tx, query, page));
  }

  // --------------------------------------------------------------- audit trail

  async getAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    if (limit <= 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getAuditQuery(afterSeq, limit)));
    return rows.map((row) => toAuditRecord(row.props));
  }

  async getAuditOf(targetIds: readonly string[]): Promise<AuditRecord[][]> {
    if (targetIds.length === 0) return [];
    const rows = await this.gateway.read((tx) => tx.run(getAuditOfQuery(targetIds)));
    return inKeyOrder(
      targetIds,
      rows,
      (row) => listOf(row.items).map(toAuditRecord),
      () => [],
    );
  }

  async auditHead(): Promise<ChainPoint> {
    const [row] = await this.gateway.read((tx) => tx.run(auditHeadQuery()));
    return chainPointOf(row);
  }
}

// ------------------------------------------------------------------- helpers

/** Refuses (StaleChangeError) a write whose basis has moved on, reading the versions in the caller's transaction. */
async function requireBasisIn(tx: QueryRunner, basis: RecordVersions | undefined): Promise<void> {
  if (basis === undefined) return;
  const stored = await readAuditState(tx, { ...basisIds(basis), citationIds: [] });
  const versions = new Map(
    [...stored.entities, ...stored.sources, ...stored.claims].map((r) => [r.id, r.version] as const),
  );
  requireBasis(basis, (_kind, id) => versions.get(id) ?? null);
}

function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [r.id, r] as const));
}

/** Throws NotFoundError for the first referenced id that does not exist. */
async function requireRefs(tx: QueryRunner, refs: RefIds): Promise<void> {
  const total = (refs.entityIds?.length ?? 0) + (refs.sourceIds?.length ?? 0) + (refs.claimIds?.length ?? 0);
  if (total === 0) return;
  const [row] = await tx.run(missingRefsQuery(refs));
  const first = (value: unknown): string | undefined => stringsOf(value)[0];
  const entity = first(row?.entities);
  if (entity !== undefined) throw new NotFoundError('entity', entity);
  const source = first(row?.sources);
  if (source !== undefined) throw new NotFoundError('source', source);
  const claim = first(row?.claims);
  if (claim !== undefined) throw new NotFoundError('claim', claim);
}

function entitiesOf(claim: ClaimRecord): string[] {
  return claim.objectId === null ? [claim.subjectId] : [claim.subjectId, claim.objectId];
}

function sourcesOf(citations: readonly CitationRecord[]): string[] {
  return citations.flatMap((c) => (c.viaSourceId === null ? [c.sourceId] : [c.sourceId, c.viaSourceId]));
}

function refuseSelfDerivation(source: SourceRecord): void {
  if (source.derivedFromIds.includes(source.id)) {
    throw new BadUserInputError(`Source "${source.id}" cannot derive from itself.`, 'derivedFromIds');
  }
}

function refuseForeignCitations(claimId: string, citations: readonly CitationRecord[]): void {
  citations.forEach((c, i) => {
    if (c.claimId !== claimId) {
      throw new BadUserInputError(
        `Citation "${c.id}" belongs to claim "${c.claimId}", not "${claimId}".`,
        `citations[${i}].claimId`,
      );
    }
  });
}

/** The records of a list, one per id (the last wins), in first-seen order. */
function lastById<T extends { id: string }>(records: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const r of records) byId.set(r.id, r);
  return [...byId.values()];
}

/** An absent list filter does not filter; an empty one matches nothing (as in the embedded store). */
function listOrNull<T>(list: readonly T[] | undefined): T[] | null {
  return list === undefined ? null : [...list];
}

/**
 * One result per key, in key order. Each position gets its own freshly built
 * record, so callers may mutate what they receive.
 */
/** The same list may answer many requests: frozen, so that none can change it for the others. */
function frozenPeople(people: ProtectedPerson[]): readonly ProtectedPerson[] {
  for (const p of people) {
    Object.freeze(p.aliases);
    Object.freeze(p);
  }
  return Object.freeze(people);
}

/** The claims of a row of listClaimsOfEntitiesQuery or getClaimsAlongQuery (the first `first`) and what came along. */
function claimsAlongOf(
  row: Row,
  first: number,
  wanted: { citations: boolean; sources: boolean; entities: boolean },
): ClaimsAlong {
  const shown = listOf(row.items).map(toProps).slice(0, first);
  return {
    items: shown.map((item) => toClaim(propsOfColumns(item.claim, CLAIM_COLUMNS))),
    ...(wanted.citations
      ? {
          citations: shown.map((item) =>
            listOf(item.citations).map((p) => toCitation(propsOfColumns(p, CITATION_COLUMNS))),
          ),
        }
      : {}),
    ...(wanted.sources ? { sources: listOf(row.sources).map(sourceOfRow) } : {}),
    ...(wanted.entities
      ? { entities: listOf(row.entities).map((p) => toEntity(propsOfColumns(p, ENTITY_COLUMNS))) }
      : {}),
  };
}

function samePeople(a: readonly ProtectedPerson[], b: readonly ProtectedPerson[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      return (
        p.id === q.id &&
        p.name === q.name &&
        p.protection === q.protection &&
        p.aliases.length === q.aliases.length &&
        p.aliases.every((alias, j) => alias === q.aliases[j])
      );
    })
  );
}

function toProtectedPerson(row: Row): ProtectedPerson {
  return {
    id: String(row.id),
    name: String(row.name),
    aliases: stringsOf(row.aliases),
    protection: row.protection as AccessLevel,
  };
}

function inKeyOrder<T, M extends T | null>(
  keys: readonly string[],
  rows: readonly Row[],
  build: (row: Row) => T,
  missing: () => M,
): (T | M)[] {
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    if (typeof row.id === 'string') byKey.set(row.id, row);
  }
  return keys.map((key) => {
    const row = byKey.get(key);
    return row === undefined ? missing() : build(row);
  });
}

function pageOf<T>(rows: readonly Row[], page: PageRequest, build: (item: unknown) => T): Page<T> {
  const row = rows[0];
  const items = listOf(row?.items);
  const first = Math.max(0, Math.floor(page.first));
  return {
    items: items.slice(0, first).map(build),
    hasNextPage: items.length > first,
    totalCount: countOf(row?.total),
  };
}

/**
 * The rows of one head (cypher/entity-claims.ts claimsAlongRows) put back
 * together: the head's fields, then `items`, `sources` and `entities`.
 */
function gatherAlong(rows: readonly Row[]): Row {
  let head: Row = {};
  const items: unknown[] = [];
  const sources: unknown[] = [];
  const entities: unknown[] = [];
  for (const { row } of rows) {
    const part = toProps(row);
    if (part.head != null) head = toProps(part.head);
    else if (part.items != null) items.push(...listOf(part.items));
    else if (part.sources != null) sources.push(...listOf(part.sources));
    else if (part.entities != null) entities.push(...listOf(part.entities));
  }
  return { ...head, items, sources, entities };
}

/** As gatherAlong, for rows keyed by `id`: one gathered row per id, in the order the ids first come. */
function gatherAlongByKey(rows: readonly Row[]): Row[] {
  const byId = new Map<unknown, Row[]>();
  for (const row of rows) {
    const group = byId.get(row.id);
    if (group === undefined) byId.set(row.id, [row]);
    else group.push(row);
  }
  return [...byId].map(([id, group]) => ({ id, ...gatherAlong(group) }));
}

/** A source row (cypher/entity-claims.ts): its columns, then the ids it derives from. */
function sourceOfRow(value: unknown): SourceRecord {
  const values = listOf(value);
  return toSource(propsOfColumns(values, SOURCE_COLUMNS), stringsOf(values[SOURCE_COLUMNS.length]));
}

function sourceOf(value: unknown): SourceRecord {
  const projected = toProps(value);
  return toSource(toProps(projected.props), stringsOf(projected.derivedFromIds));
}

function listOf(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('Expected a list in a query result.');
  return value;
}

function stringsOf(value: unknown): string[] {
  return listOf(value).map((v) => {
    if (typeof v !== 'string') throw new Error('Expected a list of strings in a query result.');
    return v;
  });
}

function countOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return 0;
  throw new Error('Expected a number in a query result.');
}

/** The stored judgement with this id, or null. */
async function readJudgement(tx: QueryRunner, id: string): Promise<JudgementRecord | null> {
  const [row] = await tx.run(getJudgementsQuery([id]));
  return row === undefined ? null : toJudgement(toProps(row.props));
}

/** The stored `mergedInto` of the merged entities among `ids`, and of those they were merged into, by id. */
async function mergesAmong(tx: QueryRunner, ids: readonly string[]): Promise<Map<string, string>> {
  const merges = new Map<string, string>();
  let frontier = [...new Set(ids)];
  for (let hop = 0; frontier.length > 0 && hop < MAX_MERGE_CHAIN; hop++) {
    const rows = await tx.run(mergedEntitiesQuery(frontier));
    frontier = [];
    for (const row of rows) {
      const survivor = String(row.mergedInto);
      merges.set(String(row.id), survivor);
      if (!merges.has(survivor)) frontier.push(survivor);
    }
  }
  return merges;
}
