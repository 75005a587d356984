import { type AuditState, canonicalJson } from '../../domain/audit';
import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../../domain/model';
import { versioned } from '../updates';
import {
  DEFAULT_IMPORT_BATCH_SIZE,
  createCitationsImportQuery,
  createClaimsQuery,
  createEntitiesQuery,
  createSourcesQuery,
  replaceCitationsQuery,
  replaceClaimsQuery,
  replaceDerivationsQuery,
  setCitationsQuery,
  setClaimsQuery,
  setEntitiesQuery,
  setSourcesQuery,
} from './cypher/import';
import { chunks, type CypherQuery } from './cypher/query';
import {
  type Props,
  citationProps,
  claimProps,
  entityProps,
  sourceProps,
  toCitation,
  toClaim,
  toEntity,
  toSource,
} from './neo4j.mapping';

/**
 * How a bundle is written on Neo4j, worked out in memory from the bundle and
 * the stored state of the records it names (read once, in the import's
 * transaction, for its audit record): which records are new, which change and
 * how, and what the audit record's `after` is. Nothing is read back after the
 * write: what a record is once written is what its properties map back to.
 */

/** The records of a bundle, one per id (the last wins), citations flattened. */
export interface ImportRows {
  entities: EntityRecord[];
  sources: SourceRecord[];
  claims: ClaimRecord[];
  citations: CitationRecord[];
}

export interface ImportStep {
  query: CypherQuery;
  /** Entities, sources or claims this step completes, for progress; 0 for edges and citations. */
  rows: number;
}

export interface ImportPlan {
  steps: ImportStep[];
  /** The named records as they stand after the import, each list ordered by id. */
  after: AuditState;
}

/** The batch size to use: the caller's, else the adapter's default; at least 1. */
export function importBatchSize(requested: number | undefined, fallback = DEFAULT_IMPORT_BATCH_SIZE): number {
  const size = requested ?? fallback;
  return Number.isInteger(size) && size >= 1 ? size : DEFAULT_IMPORT_BATCH_SIZE;
}

export function planImport(rows: ImportRows, before: AuditState, batchSize: number): ImportPlan {
  const entities = classify(
    rows.entities,
    byId(before.entities),
    (stored, e) => versioned(stored, e),
    (e) => toEntity(entityProps(e)),
    () => false,
  );
  const sources = classify(
    // Read back, derivations come distinct and ordered by id: compare and record them so.
    rows.sources.map((s) => ({ ...s, derivedFromIds: [...new Set(s.derivedFromIds)].sort() })),
    byId(before.sources),
    (stored, s) => versioned(stored, s),
    (s) => toSource(sourceProps(s), s.derivedFromIds),
    (stored, s) => canonicalJson(stored.derivedFromIds) !== canonicalJson(s.derivedFromIds),
  );
  const claims = classify(
    rows.claims,
    byId(before.claims),
    (stored, c) => versioned(stored, c),
    (c) => toClaim(claimProps(c)),
    (stored, c) => stored.subjectId !== c.subjectId || stored.objectId !== c.objectId,
  );
  const citations = classify(
    rows.citations,
    byId(before.citations),
    (_stored, c) => c,
    (c) => toCitation(citationProps(c)),
    (stored, c) =>
      stored.claimId !== c.claimId || stored.sourceId !== c.sourceId || stored.viaSourceId !== c.viaSourceId,
  );

  const steps: ImportStep[] = [];
  const add = (query: (rows: Props[]) => CypherQuery, records: Props[], counted: boolean): void => {
    for (const batch of chunks(records, batchSize))
      steps.push({ query: query(batch), rows: counted ? batch.length : 0 });
  };
  add(createEntitiesQuery, entities.created.map(entityProps), true);
  add(setEntitiesQuery, [...entities.changed, ...entities.relinked].map(entityProps), true);
  add(createSourcesQuery, sources.created.map(sourceProps), true);
  add(setSourcesQuery, [...sources.changed, ...sources.relinked].map(sourceProps), true);
  const derivations = [...sources.created, ...sources.relinked]
    .filter((s) => s.derivedFromIds.length > 0 || sources.relinked.includes(s))
    .map((s) => ({ id: s.id, derivedFromIds: s.derivedFromIds }));
  for (const batch of chunks(derivations, batchSize)) steps.push({ query: replaceDerivationsQuery(batch), rows: 0 });

  // Claims a batch at a time, each batch followed by its citations, so that progress means claims with their evidence.
  const citationsOf = new Map<string, { kind: 'created' | 'changed' | 'relinked'; props: Props }[]>();
  for (const kind of ['created', 'changed', 'relinked'] as const) {
    for (const c of citations[kind]) {
      const list = citationsOf.get(c.claimId) ?? [];
      list.push({ kind, props: citationProps(c) });
      citationsOf.set(c.claimId, list);
    }
  }
  const claimWrites = [
    ...claims.created.map((c) => ({ kind: 'created' as const, claim: c })),
    ...claims.changed.map((c) => ({ kind: 'changed' as const, claim: c })),
    ...claims.relinked.map((c) => ({ kind: 'relinked' as const, claim: c })),
  ];
  // Citations that change while their claim does not are written with the claims' last batch.
  const writtenClaims = new Set(claimWrites.map((w) => w.claim.id));
  const orphans = [...citationsOf].filter(([claimId]) => !writtenClaims.has(claimId)).flatMap(([, list]) => list);
  const claimBatches = chunks(claimWrites, batchSize);
  if (claimBatches.length === 0 && orphans.length > 0) claimBatches.push([]);
  claimBatches.forEach((batch, i) => {
    const of = (kind: 'created' | 'changed' | 'relinked') =>
      batch.filter((w) => w.kind === kind).map((w) => claimProps(w.claim));
    const created = of('created');
    const changed = of('changed');
    const relinked = of('relinked');
    if (created.length > 0) steps.push({ query: createClaimsQuery(created), rows: created.length });
    if (changed.length > 0) steps.push({ query: setClaimsQuery(changed), rows: changed.length });
    if (relinked.length > 0) steps.push({ query: replaceClaimsQuery(relinked), rows: relinked.length });
    const batchCitations = batch.flatMap((w) => citationsOf.get(w.claim.id) ?? []);
    if (i === claimBatches.length - 1) batchCitations.push(...orphans);
    const cited = (kind: 'created' | 'changed' | 'relinked') =>
      batchCitations.filter((c) => c.kind === kind).map((c) => c.props);
    add(createCitationsImportQuery, cited('created'), false);
    add(setCitationsQuery, cited('changed'), false);
    add(replaceCitationsQuery, cited('relinked'), false);
  });
  return {
    steps,
    after: {
      entities: entities.after,
      sources: sources.after,
      claims: claims.after,
      citations: citations.after,
    },
  };
}

interface Classified<T> {
  /** Not in the graph. */
  created: T[];
  /** In the graph, changed, links the same. */
  changed: T[];
  /** In the graph, links changed. */
  relinked: T[];
  unchanged: number;
  /** Every record as stored after, ordered by id. */
  after: T[];
}

/**
 * Sorts records into new, changed (links kept or not) and unchanged, with
 * their versions set, and works out each one's stored form after the import.
 */
function classify<T extends { id: string }>(
  records: readonly T[],
  stored: ReadonlyMap<string, T>,
  withVersion: (stored: T | undefined, record: T) => T,
  roundTrip: (record: T) => T,
  relinks: (stored: T, record: T) => boolean,
): Classified<T> {
  const out: Classified<T> = { created: [], changed: [], relinked: [], unchanged: 0, after: [] };
  for (const input of records) {
    const current = stored.get(input.id);
    const record = withVersion(current, input);
    const written = roundTrip(record);
    if (current === undefined) {
      out.created.push(record);
      out.after.push(written);
    } else if (canonicalJson(written) === canonicalJson(current)) {
      out.unchanged++;
      out.after.push(current);
    } else {
      (relinks(current, record) ? out.relinked : out.changed).push(record);
      out.after.push(written);
    }
  }
  out.after.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [r.id, r] as const));
}
