import { type AuditContext, GENESIS_HASH, flatAuditRecord, nextRecord } from '../../domain/audit';
import {
  type DocumentAttachment,
  DocumentFormat,
  type DocumentRecord,
  type DocumentSegment,
  segmentIdOf,
  segmentSearchText,
} from '../../domain/documents';
import { NotFoundError } from '../../domain/errors';
import type { SourceRecord } from '../../domain/model';
import { allTargetIds, sourceTargets } from '../audit-targets';
import { checkAttachment, sourceWithDocument } from '../documents';
import type { DocumentSearchQuery, Page, PageRequest } from '../store.port';
import { appendAuditQuery, lockAuditHeadQuery } from './cypher/audit';
import {
  createDocumentQuery,
  createSegmentsQueries,
  documentsOfSourcesQuery,
  searchSegmentsQuery,
  segmentLuceneQuery,
} from './cypher/documents';
import { updateSourceQuery } from './cypher/sources';
import { chainPointOf, readAuditState } from './neo4j.audit';
import type { QueryRunner } from './neo4j.gateway';
import { type Props, sourceProps, toProps } from './neo4j.mapping';

/*
 * The Neo4j side of the evidence vault (src/domain/documents.ts): the
 * document write with its audit record, and the reads of documents and their
 * text. The port's methods in neo4j.store.ts call these in one transaction each.
 */

/**
 * Writes the document, its segments and the source's new content hash and
 * version, and the audit record, in the caller's write transaction: the audit
 * head's lock first, the source as stored then, the checks, the writes, the
 * record (whose `after` lists the document's custody record, as the embedded
 * store's does).
 */
export async function attachDocumentIn(
  tx: QueryRunner,
  attachment: DocumentAttachment,
  context: AuditContext | undefined,
): Promise<SourceRecord> {
  checkAttachment(attachment);
  const { document, segments } = attachment;
  const [headRow] = await tx.run(lockAuditHeadQuery(GENESIS_HASH));
  const head = chainPointOf(headRow);
  const targets = sourceTargets({ id: document.sourceId });
  const before = await readAuditState(tx, targets);
  const current = before.sources[0];
  if (current === undefined) throw new NotFoundError('source', document.sourceId);
  const [held] = await tx.run(documentsOfSourcesQuery([current.id]));
  const heldIds = (Array.isArray(held?.items) ? held.items : []).map((p) => String(toProps(p).id));
  const next = sourceWithDocument(current, heldIds, attachment);
  await tx.run(updateSourceQuery(next.id, sourceProps(next), next.derivedFromIds));
  await tx.run(createDocumentQuery(documentProps(document)));
  for (const query of createSegmentsQueries(document.id, segments.map(segmentProps))) await tx.run(query);
  const after = { ...(await readAuditState(tx, targets)), documents: [structuredClone(document)] };
  const record = nextRecord(head, 'attachDocument', context, allTargetIds(targets), before, after);
  await tx.run(appendAuditQuery(flatAuditRecord(record)));
  return after.sources[0]!;
}

export async function searchSegmentsIn(
  tx: QueryRunner,
  query: DocumentSearchQuery,
  page: PageRequest,
): Promise<Page<DocumentSegment>> {
  const lucene = segmentLuceneQuery(query.alternatives);
  if (lucene === null) return { items: [], hasNextPage: false, totalCount: 0 };
  const [row] = await tx.run(searchSegmentsQuery(lucene, query.levels ?? null, page));
  const items = (Array.isArray(row?.items) ? row.items : []).map((p) => toSegment(toProps(p)));
  const first = Math.max(0, Math.floor(page.first));
  return {
    items: items.slice(0, first),
    hasNextPage: items.length > first,
    totalCount: typeof row?.total === 'number' ? row.total : 0,
  };
}

export function documentProps(d: DocumentRecord): Props {
  return {
    id: d.id,
    sourceId: d.sourceId,
    sha256: d.sha256,
    fileName: d.fileName,
    size: d.size,
    mediaType: d.mediaType,
    format: d.format,
    addedBySubject: d.addedBy.subject,
    addedByRole: d.addedBy.role,
    addedAt: d.addedAt,
    extraction: d.extraction === null ? null : JSON.stringify(d.extraction),
  };
}

function segmentProps(s: DocumentSegment): Props {
  return {
    id: segmentIdOf(s),
    documentId: s.documentId,
    sourceId: s.sourceId,
    ordinal: s.ordinal,
    page: s.page,
    paragraph: s.paragraph,
    text: s.text,
    searchText: segmentSearchText(s.text),
  };
}

export function toDocument(p: Props): DocumentRecord {
  const str = (key: string): string => String(p[key] ?? '');
  const extraction =
    typeof p.extraction === 'string' ? (JSON.parse(p.extraction) as DocumentRecord['extraction']) : null;
  const format = Object.values(DocumentFormat).find((f) => f === p.format) ?? DocumentFormat.OPAQUE;
  return {
    id: str('id'),
    sourceId: str('sourceId'),
    sha256: str('sha256'),
    fileName: str('fileName'),
    size: Number(p.size ?? 0),
    mediaType: str('mediaType'),
    format,
    addedBy: { subject: typeof p.addedBySubject === 'string' ? p.addedBySubject : null, role: str('addedByRole') },
    addedAt: str('addedAt'),
    extraction,
  };
}

export function toSegment(p: Props): DocumentSegment {
  return {
    documentId: String(p.documentId),
    sourceId: String(p.sourceId),
    ordinal: Number(p.ordinal),
    page: p.page === null || p.page === undefined ? null : Number(p.page),
    paragraph: Number(p.paragraph),
    text: String(p.text ?? ''),
  };
}
