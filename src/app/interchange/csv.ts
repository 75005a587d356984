import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../../domain/model';
import { subtypeOf, type GraphSnapshot } from './graph-snapshot';
import { utf8File, type RenderedFile } from './rendered-file';

type Cell = string | number | boolean | null;

interface Column<T> {
  name: string;
  /** Text cells are guarded against spreadsheet formulas; numbers and ids are not. */
  text?: boolean;
  value(record: T): Cell;
}

const ENTITY_COLUMNS: readonly Column<EntityRecord>[] = [
  { name: 'id', value: (e) => e.id },
  { name: 'kind', value: (e) => e.kind },
  { name: 'name', text: true, value: (e) => e.name },
  { name: 'aliases', text: true, value: (e) => e.aliases.join(' | ') },
  { name: 'subtype', value: (e) => subtypeOf(e) },
  { name: 'description', text: true, value: (e) => e.description },
  { name: 'date_edtf', text: true, value: (e) => e.date?.edtf ?? null },
  { name: 'latitude', value: (e) => e.latitude },
  { name: 'longitude', value: (e) => e.longitude },
  { name: 'access', value: (e) => e.access },
  { name: 'protected', value: (e) => e.protection !== null },
];

const SOURCE_COLUMNS: readonly Column<SourceRecord>[] = [
  { name: 'id', value: (s) => s.id },
  { name: 'kind', value: (s) => s.kind },
  { name: 'title', text: true, value: (s) => s.title },
  { name: 'publisher', text: true, value: (s) => s.publisher },
  { name: 'author', text: true, value: (s) => s.author },
  { name: 'date_edtf', text: true, value: (s) => s.date?.edtf ?? null },
  { name: 'url', text: true, value: (s) => s.url },
  { name: 'language', value: (s) => s.language },
  { name: 'content_sha256', value: (s) => s.contentHash },
  { name: 'derived_from_ids', value: (s) => s.derivedFromIds.join(' ') },
  { name: 'access', value: (s) => s.access },
];

const CLAIM_COLUMNS: readonly Column<ClaimRecord & { citationIds: string[] }>[] = [
  { name: 'id', value: (c) => c.id },
  { name: 'subject_id', value: (c) => c.subjectId },
  { name: 'predicate', value: (c) => c.predicate },
  { name: 'object_id', value: (c) => c.objectId },
  { name: 'value_text', text: true, value: (c) => (c.value?.type === 'TEXT' ? c.value.text : null) },
  { name: 'value_amount', value: (c) => (c.value?.type === 'QUANTITY' ? c.value.amount : null) },
  { name: 'value_amount_max', value: (c) => (c.value?.type === 'QUANTITY' ? c.value.amountMax : null) },
  { name: 'value_qualifier', value: (c) => (c.value?.type === 'QUANTITY' ? c.value.qualifier : null) },
  { name: 'value_unit', text: true, value: (c) => (c.value?.type === 'QUANTITY' ? c.value.unit : null) },
  { name: 'period_edtf', text: true, value: (c) => c.period?.edtf ?? null },
  { name: 'period_earliest', value: (c) => c.period?.earliest ?? null },
  { name: 'period_latest', value: (c) => c.period?.latest ?? null },
  { name: 'status', value: (c) => c.status },
  { name: 'status_reason', text: true, value: (c) => c.statusReason },
  { name: 'rank', value: (c) => c.rank },
  { name: 'rank_reason', text: true, value: (c) => c.rankReason },
  { name: 'note', text: true, value: (c) => c.note },
  { name: 'access', value: (c) => c.access },
  { name: 'citation_ids', value: (c) => c.citationIds.join(' ') },
];

const CITATION_COLUMNS: readonly Column<CitationRecord>[] = [
  { name: 'id', value: (c) => c.id },
  { name: 'claim_id', value: (c) => c.claimId },
  { name: 'source_id', value: (c) => c.sourceId },
  { name: 'via_source_id', value: (c) => c.viaSourceId },
  { name: 'locator', text: true, value: (c) => c.locator },
  { name: 'excerpt', text: true, value: (c) => c.excerpt },
  { name: 'reliability', value: (c) => c.reliability },
  { name: 'credibility', value: (c) => c.credibility },
];

/**
 * Four RFC 4180 files, one per kind of record, UTF-8 with CRLF line ends.
 * Claims list their citation ids; citations name their claim and sources.
 * Empty cells are nulls.
 */
export function renderCsv(snapshot: GraphSnapshot): RenderedFile[] {
  const citationIds = new Map<string, string[]>();
  for (const c of snapshot.citations) citationIds.set(c.claimId, [...(citationIds.get(c.claimId) ?? []), c.id]);
  return [
    utf8File('entities.csv', table(ENTITY_COLUMNS, snapshot.entities)),
    utf8File('sources.csv', table(SOURCE_COLUMNS, snapshot.sources)),
    utf8File(
      'claims.csv',
      table(
        CLAIM_COLUMNS,
        snapshot.claims.map((c) => ({ ...c, citationIds: citationIds.get(c.id) ?? [] })),
      ),
    ),
    utf8File('citations.csv', table(CITATION_COLUMNS, snapshot.citations)),
  ];
}

function table<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row), c.text === true)).join(','));
  return lines.map((l) => `${l}\r\n`).join('');
}

/**
 * One RFC 4180 field: quoted when it holds a comma, quote or line break,
 * quotes doubled. Text that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or CR) gets a leading apostrophe (OWASP's advice).
 */
export function csvField(value: Cell, text = false): string {
  if (value === null) return '';
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
