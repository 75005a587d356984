import {
  AccessLevel,
  CitationRecord,
  ClaimRecord,
  ClaimWithCitations,
  EntityRecord,
  SourceRecord,
} from '../../domain/model';
import type { AuditContext, AuditRecord, ChainPoint } from '../../domain/audit';
import { normalizeText } from '../../domain/names';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import {
  Bundle,
  ClaimFilter,
  AccessChange,
  ClaimRankChange,
  ExportEvent,
  ClaimRole,
  ClaimStatusChange,
  EntityFilter,
  Page,
  PageRequest,
  PathQuery,
  PathRecord,
  SearchQuery,
  SourceFilter,
  Store,
  StoreCounts,
} from '../store.port';
import { checkPathQuery, comparePaths } from '../paths';
import {
  accessChangeTargets,
  bundleTargets,
  claimTargets,
  entityTargets,
  exportTargets,
  sourceTargets,
} from '../audit-targets';
import { auditHeadQuery, getAuditOfQuery, getAuditQuery } from './cypher/audit';
import {
  createCitationsQuery,
  getCitationsOfClaimsQuery,
  getCitationsOfSourcesQuery,
  getCitationsQuery,
  setCitationLevelsQuery,
} from './cypher/citations';
import type { CypherQuery } from './cypher/query';
import {
  createClaimQuery,
  getClaimsOfEntitiesQuery,
  getClaimsQuery,
  listClaimsQuery,
  setClaimLevelsQuery,
  setClaimRankQuery,
  setClaimVisibilityQuery,
  setClaimStatusQuery,
} from './cypher/claims';
import { countsQuery, visibleCountsQuery } from './cypher/counts';
import { statisticsQuery } from './cypher/statistics';
import { checkStatisticsQuery, type Statistics, type StatisticsQuery } from '../statistics';
import { toStatistics } from './neo4j.statistics';
import { findPathsQuery } from './cypher/paths';
import {
  createEntityQuery,
  getEntitiesQuery,
  listEntitiesQuery,
  setEntitiesQuery,
  updateEntityQuery,
} from './cypher/entities';
import { mergeCitationsQueries, mergeClaimsQueries, mergeEntitiesQueries, mergeSourcesQueries } from './cypher/import';
import { RefIds, derivationCycleQuery, missingRefsQuery, sourcesOnCycleQuery } from './cypher/refs';
import { awaitIndexesQuery, schemaQueries } from './cypher/schema';
import { luceneQuery, searchCandidatesQuery } from './cypher/search';
import {
  createSourceQuery,
  getSourcesQuery,
  listSourcesQuery,
  setSourceAccessQuery,
  updateSourceQuery,
} from './cypher/sources';
import { Neo4jConfig, Neo4jGateway, QueryRunner, Row } from './neo4j.gateway';
import { chainPointOf, toAuditRecord, writeAudited } from './neo4j.audit';
import {
  citationProps,
  claimProps,
  entityProps,
  sourceProps,
  toCitation,
  toClaim,
  toEntity,
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

  /** Opens a driver for `config` (connections are made lazily, on first use). */
  constructor(config: Neo4jConfig) {
    this.gateway = new Neo4jGateway(config);
  }

  async init(): Promise<void> {
    await this.gateway.schema(schemaQueries());
    await this.gateway.read((tx) => tx.run(awaitIndexesQuery(60)));
  }

  async close(): Promise<void> {
    await this.gateway.close();
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

  // ----------------------------------------------------------- lists, search

  async listEntities(filter: EntityFilter, page: PageRequest): Promise<Page<EntityRecord>> {
    const needle = filter.nameContains === undefined ? '' : normalizeText(filter.nameContains);
    const query = listEntitiesQuery(
      {
        kind: filter.kind ?? null,
        subtype: filter.subtype ?? null,
        nameNeedle: needle === '' ? null : needle,
        levels: filter.levels ?? null,
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
    const [row] = await this.gateway.read((tx) => tx.run(statisticsQuery(query)));
    return toStatistics(row, query);
  }

  async findPaths(query: PathQuery): Promise<PathRecord[]> {
    checkPathQuery(query);
    const rows = await this.gateway.read((tx) => tx.run(findPathsQuery(query)));
    // The statement already orders them; sorting again costs nothing and pins the port's order here.
    return rows
      .map((row) => ({ entityIds: stringsOf(row.entityIds), claimIds: stringsOf(row.claimIds) }))
      .sort(comparePaths);
  }

  // ------------------------------------------------------------------ writes

  async createEntity(entity: EntityRecord, audit?: AuditContext): Promise<void> {
    const props = entityProps(entity);
    await this.gateway.write((tx) =>
      writeAudited(tx, 'createEntity', entityTargets(entity), audit, () => tx.run(createEntityQuery(props))),
    );
  }

  async updateEntity(entity: EntityRecord, audit?: AuditContext): Promise<void> {
    const props = entityProps(entity);
    await this.gateway.write((tx) =>
      writeAudited(tx, 'updateEntity', entityTargets(entity), audit, async () => {
        const rows = await tx.run(updateEntityQuery(entity.id, props));
        if (rows.length === 0) throw new NotFoundError('entity', entity.id);
      }),
    );
  }

  async createSource(source: SourceRecord, audit?: AuditContext): Promise<void> {
    refuseSelfDerivation(source);
    const props = sourceProps(source);
    await this.gateway.write((tx) =>
      writeAudited(tx, 'createSource', sourceTargets(source), audit, async () => {
        await requireRefs(tx, { sourceIds: source.derivedFromIds });
        await tx.run(createSourceQuery(props, source.derivedFromIds));
      }),
    );
  }

  async updateSource(source: SourceRecord, audit?: AuditContext): Promise<void> {
    refuseSelfDerivation(source);
    const props = sourceProps(source);
    await this.gateway.write((tx) =>
      writeAudited(tx, 'updateSource', sourceTargets(source), audit, async () => {
        await requireRefs(tx, { sourceIds: [source.id, ...source.derivedFromIds] });
        const closing = await tx.run(derivationCycleQuery(source.id, source.derivedFromIds));
        if (closing.length > 0) {
          throw new BadUserInputError(
            `Source "${source.id}" cannot derive from "${String(closing[0]?.targetId)}", which derives from it.`,
            'derivedFromIds',
          );
        }
        await tx.run(updateSourceQuery(source.id, props, source.derivedFromIds));
      }),
    );
  }

  async assertClaim({ claim, citations }: ClaimWithCitations, audit?: AuditContext): Promise<void> {
    if (citations.length === 0) {
      throw new BadUserInputError('A claim needs at least one citation.', 'citations');
    }
    refuseForeignCitations(claim.id, citations);
    const props = claimProps(claim);
    const citationRows = citations.map(citationProps);
    await this.gateway.write((tx) =>
      writeAudited(tx, 'assertClaim', claimTargets(claim.id, citations), audit, async () => {
        await requireRefs(tx, { entityIds: entitiesOf(claim), sourceIds: sourcesOf(citations) });
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
  ): Promise<void> {
    refuseForeignCitations(claimId, citations);
    const citationRows = citations.map(citationProps);
    await this.gateway.write(async (tx) => {
      if (citationRows.length === 0) {
        // Nothing to write, so nothing to audit; a missing claim is still refused.
        await requireRefs(tx, { claimIds: [claimId] });
        return;
      }
      await writeAudited(tx, 'addCitations', claimTargets(claimId, citations), audit, async () => {
        await requireRefs(tx, { claimIds: [claimId], sourceIds: sourcesOf(citations) });
        await tx.run(createCitationsQuery(citationRows));
        await tx.run(setClaimVisibilityQuery(claimId, claimVisibility));
      });
    });
  }

  async applyAccessChange(change: AccessChange, audit?: AuditContext): Promise<void> {
    await this.gateway.write((tx) =>
      writeAudited(tx, 'applyAccessChange', accessChangeTargets(change), audit, async () => {
        // Every record must exist; a missing one aborts the transaction, so nothing is written.
        const expectAll = async (query: CypherQuery, ids: readonly string[], what: string) => {
          if (ids.length === 0) return;
          const found = new Set((await tx.run(query)).map((row) => String(row.id)));
          const missing = ids.find((id) => !found.has(id));
          if (missing !== undefined) throw new NotFoundError(what, missing);
        };
        const entityIds = change.entities.map((e) => e.id);
        const current = new Map(
          (await tx.run(getEntitiesQuery(entityIds))).map((row) => {
            const entity = toEntity(toProps(row.props));
            return [entity.id, entity] as const;
          }),
        );
        const missingEntity = entityIds.find((id) => !current.has(id));
        if (missingEntity !== undefined) throw new NotFoundError('entity', missingEntity);
        const entityRows = change.entities.map((e) => ({
          id: e.id,
          props: entityProps({
            ...current.get(e.id)!,
            access: e.access,
            protection: e.protection,
            pseudonym: e.pseudonym,
          }),
        }));
        await expectAll(setEntitiesQuery(entityRows), entityIds, 'entity');
        await expectAll(
          setSourceAccessQuery(change.sources),
          change.sources.map((s) => s.id),
          'source',
        );
        await expectAll(
          setClaimLevelsQuery(change.claims),
          change.claims.map((c) => c.id),
          'claim',
        );
        await expectAll(
          setCitationLevelsQuery(change.citations),
          change.citations.map((c) => c.id),
          'citation',
        );
      }),
    );
  }

  async setClaimStatus(change: ClaimStatusChange, audit?: AuditContext): Promise<void> {
    await this.gateway.write((tx) =>
      writeAudited(tx, 'setClaimStatus', claimTargets(change.claimId), audit, async () => {
        const rows = await tx.run(setClaimStatusQuery(change));
        if (rows.length === 0) throw new NotFoundError('claim', change.claimId);
      }),
    );
  }

  async setClaimRank(change: ClaimRankChange, audit?: AuditContext): Promise<void> {
    await this.gateway.write((tx) =>
      writeAudited(tx, 'setClaimRank', claimTargets(change.claimId), audit, async () => {
        const rows = await tx.run(setClaimRankQuery(change));
        if (rows.length === 0) throw new NotFoundError('claim', change.claimId);
      }),
    );
  }

  async importBundle(bundle: Bundle, audit?: AuditContext): Promise<void> {
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

    // References the bundle itself does not satisfy must already be in the graph.
    const entityIds = new Set(entities.map((e) => e.id));
    const sourceIds = new Set(sources.map((s) => s.id));
    const refs: RefIds = {
      entityIds: claims.flatMap(({ claim }) => entitiesOf(claim)).filter((id) => !entityIds.has(id)),
      sourceIds: [...sources.flatMap((s) => s.derivedFromIds), ...sourcesOf(citations)].filter(
        (id) => !sourceIds.has(id),
      ),
    };

    const writes = [
      ...mergeEntitiesQueries(entities.map(entityProps)),
      ...mergeSourcesQueries(sources.map((s) => ({ props: sourceProps(s), derivedFromIds: s.derivedFromIds }))),
      ...mergeClaimsQueries(claims.map(({ claim }) => claimProps(claim))),
      ...mergeCitationsQueries(citations.map(citationProps)),
    ];

    await this.gateway.write((tx) =>
      writeAudited(tx, 'importBundle', bundleTargets(bundle), audit, async () => {
        await requireRefs(tx, refs);
        for (const query of writes) await tx.run(query);
        if (sources.length > 0) {
          const onCycle = await tx.run(sourcesOnCycleQuery(sources.map((s) => s.id)));
          if (onCycle.length > 0) {
            throw new BadUserInputError(`Source "${String(onCycle[0]?.id)}" would derive from itself.`, 'sources');
          }
        }
      }),
    );
  }

  async recordExport(event: ExportEvent, audit?: AuditContext): Promise<void> {
    await this.gateway.write(async (tx) => {
      await requireRefs(tx, { entityIds: event.entityIds, claimIds: event.claimIds });
      // An export changes nothing: the record's before and after are the same records.
      await writeAudited(tx, 'recordExport', exportTargets(event), audit, async () => undefined);
    });
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
