import { EntityKind, type ClaimRecord, type EntityRecord, type SourceRecord } from '../../domain/model';
import { citationsByClaim, subtypeOf, type GraphSnapshot } from './graph-snapshot';
import { utf8File, type RenderedFile } from './rendered-file';

/** One FollowTheMoney entity: every property is a list of strings. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

const ENTITY_SCHEMA: Record<EntityKind, string> = {
  [EntityKind.PERSON]: 'Person',
  [EntityKind.ORGANIZATION]: 'Organization',
  [EntityKind.FACILITY]: 'Address',
  [EntityKind.PLACE]: 'Address',
  [EntityKind.EVENT]: 'Event',
};

/**
 * Claims between two entities that FtM has an interval schema for: the
 * schema, the property naming the subject, the one naming the object, and a
 * role or relationship to record. Every other entity-to-entity claim is an
 * UnknownLink (subject, object, role = predicate); a claim with a value is a
 * Note on its subject.
 */
const LINKS: Record<string, { schema: string; from: string; to: string; extra?: Record<string, string> }> = {
  MEMBER_OF: { schema: 'Membership', from: 'member', to: 'organization' },
  LEADER_OF: { schema: 'Membership', from: 'member', to: 'organization', extra: { role: 'leader' } },
  RELATIVE_OF: { schema: 'Family', from: 'person', to: 'relative', extra: { relationship: 'relative' } },
  SPOKE_TO: { schema: 'Associate', from: 'person', to: 'associate', extra: { relationship: 'spoke to' } },
};

/**
 * FollowTheMoney entities, one JSON object a line (the `ftm` tools' and
 * Aleph's import format). The mapping is documented in docs/interchange.md.
 */
export function renderFtm(snapshot: GraphSnapshot): RenderedFile[] {
  const lines = ftmEntities(snapshot).map((e) => JSON.stringify(e));
  return [utf8File('entities.ftm.json', lines.map((l) => `${l}\n`).join(''))];
}

export function ftmEntities(snapshot: GraphSnapshot): FtmEntity[] {
  const sources = new Map(snapshot.sources.map((s) => [s.id, s]));
  const kinds = new Map(snapshot.entities.map((e) => [e.id, e.kind]));
  const citations = citationsByClaim(snapshot);
  const out: FtmEntity[] = [...snapshot.entities.map(entityOf), ...snapshot.sources.map(documentOf)];
  for (const claim of snapshot.claims) {
    if (!kinds.has(claim.subjectId)) continue;
    if (claim.objectId !== null && !kinds.has(claim.objectId)) continue;
    const cited = (citations.get(claim.id) ?? [])
      .map((c) => sources.get(c.sourceId))
      .filter((s): s is SourceRecord => s !== undefined);
    out.push(claimOf(claim, kinds, cited));
  }
  return out;
}

function entityOf(e: EntityRecord): FtmEntity {
  const schema = ENTITY_SCHEMA[e.kind];
  const p: Record<string, string[]> = { name: [e.name] };
  if (schema === 'Address') p['full'] = [e.name];
  if (e.aliases.length > 0) p['alias'] = [...e.aliases];
  if (e.description) p['description'] = [e.description];
  const subtype = subtypeOf(e);
  if (subtype) p['summary'] = [subtype];
  if (e.latitude !== null && e.longitude !== null) {
    p['latitude'] = [String(e.latitude)];
    p['longitude'] = [String(e.longitude)];
  }
  if (e.date) dates(p, e.date);
  return { id: e.id, schema, properties: clean(p) };
}

function documentOf(s: SourceRecord): FtmEntity {
  const p: Record<string, string[]> = { title: [s.title], name: [s.title], summary: [s.kind] };
  if (s.publisher) p['publisher'] = [s.publisher];
  if (s.author) p['author'] = [s.author];
  if (s.date) p['date'] = [s.date.earliest ?? s.date.edtf];
  if (s.url) p['sourceUrl'] = [s.url];
  if (s.language) p['language'] = [s.language];
  if (s.contentHash) p['contentHash'] = [s.contentHash];
  return { id: s.id, schema: 'Document', properties: clean(p) };
}

function claimOf(claim: ClaimRecord, kinds: Map<string, EntityKind>, cited: SourceRecord[]): FtmEntity {
  const p: Record<string, string[]> = {};
  let schema: string;
  const link = LINKS[claim.predicate];
  const personLink =
    link && (link.schema !== 'Membership' || kinds.get(claim.objectId ?? '') === EntityKind.ORGANIZATION);
  if (claim.objectId !== null && link && personLink) {
    schema = link.schema;
    p[link.from] = [claim.subjectId];
    p[link.to] = [claim.objectId];
    for (const [k, v] of Object.entries(link.extra ?? {})) p[k] = [v];
  } else if (claim.objectId !== null) {
    schema = 'UnknownLink';
    p['subject'] = [claim.subjectId];
    p['object'] = [claim.objectId];
    p['role'] = [claim.predicate];
  } else {
    schema = 'Note';
    p['entity'] = [claim.subjectId];
    p['name'] = [claim.predicate];
    p['description'] = [`${claim.predicate}: ${valueText(claim)}`];
  }
  if (schema !== 'Note' && claim.period) dates(p, claim.period);
  if (schema === 'Note' && claim.period) p['description'] = [`${p['description']![0]} (${claim.period.edtf})`];
  p['summary'] = [[claim.status, claim.rank !== 'NORMAL' ? claim.rank : null].filter(Boolean).join(', ')];
  if (claim.note) p['notes'] = [claim.note];
  if (schema !== 'Note') p['recordId'] = [claim.id];
  p['proof'] = cited.map((s) => s.id);
  p['sourceUrl'] = cited.flatMap((s) => (s.url ? [s.url] : []));
  p['publisher'] = cited.flatMap((s) => (s.publisher ? [s.publisher] : []));
  return { id: claim.id, schema, properties: clean(p) };
}

function valueText(claim: ClaimRecord): string {
  const v = claim.value;
  if (!v) return '';
  if (v.type === 'TEXT') return v.text;
  const range = v.amountMax !== null ? `${v.amount}–${v.amountMax}` : String(v.amount);
  return `${v.qualifier === 'EXACT' ? '' : `${v.qualifier.toLowerCase().replace('_', ' ')} `}${range} ${v.unit}`.trim();
}

/** EDTF bounds as FtM dates: the earliest and latest calendar days the period allows. */
function dates(
  p: Record<string, string[]>,
  date: { edtf: string; earliest: string | null; latest: string | null },
): void {
  if (date.earliest && date.earliest === date.latest) p['date'] = [date.earliest];
  else {
    if (date.earliest) p['startDate'] = [date.earliest];
    if (date.latest) p['endDate'] = [date.latest];
  }
}

/** Drops empty lists and repeated values; FtM properties are sets. */
function clean(p: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(p)) {
    const values = [...new Set(v.filter((x) => x !== ''))];
    if (values.length > 0) out[k] = values;
  }
  return out;
}
