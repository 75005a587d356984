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
  ClaimStatusChange,
  EntityFilter,
  EntityUpdate,
  Page,
  PageRequest,
  PathQuery,
  PathRecord,
  RecordVersions,
  SearchQuery,
  SourceFilter,
  SourceUpdate,
  Store,
  StoreCounts,
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
import { chainPointOf, readAuditState, toAuditRecord, writeAudited } from './neo4j.audit';
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

    await this.gateway.write((tx) =>
      writeAudited(tx, 'importBundle', bundleTargets(bundle), audit, async (before) => {
        await requireRefs(tx, refs);
        // A record the bundle leaves as it was keeps its version (importing twice is as once).
        const storedEntities = byId(before.entities);
        const storedSources = byId(before.sources);
        const storedClaims = byId(before.claims);
        const writes = [
          ...mergeEntitiesQueries(entities.map((e) => entityProps(versioned(storedEntities.get(e.id), e)))),
          ...mergeSourcesQueries(
            sources.map((s) => {
              // Read back, derivations come distinct and ordered by id: compare them so.
              const source = { ...s, derivedFromIds: [...new Set(s.derivedFromIds)].sort() };
              return {
                props: sourceProps(versioned(storedSources.get(s.id), source)),
                derivedFromIds: s.derivedFromIds,
              };
            }),
          ),
          ...mergeClaimsQueries(claims.map(({ claim }) => claimProps(versioned(storedClaims.get(claim.id), claim)))),
          ...mergeCitationsQueries(citations.map(citationProps)),
        ];
        for (const query of writes) await tx.run(query);
        // The statements are batched by kind, not yet by a row count: progress is reported once, at the end.
        options?.onProgress?.(total, total);
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
