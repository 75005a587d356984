import type { CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../../domain/model';
import { citationsByClaim, subtypeOf, type GraphSnapshot } from './graph-snapshot';
import { utf8File, type RenderedFile } from './rendered-file';

/** Where Athar's own terms live; record ids are resolved against `athar:id/`. */
export const ATHAR_VOCAB = 'https://athar.example/ns#';

const CONTEXT = {
  prov: 'http://www.w3.org/ns/prov#',
  schema: 'https://schema.org/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  athar: ATHAR_VOCAB,
  rec: 'urn:athar:',
  name: 'schema:name',
  alternateName: 'schema:alternateName',
  description: 'schema:description',
  url: { '@id': 'schema:url', '@type': '@id' },
  publisher: 'schema:publisher',
  author: 'schema:author',
  inLanguage: 'schema:inLanguage',
  wasDerivedFrom: { '@id': 'prov:wasDerivedFrom', '@type': '@id' },
  hadPrimarySource: { '@id': 'prov:hadPrimarySource', '@type': '@id' },
  value: 'prov:value',
  subject: { '@id': 'athar:subject', '@type': '@id' },
  predicate: 'athar:predicate',
  object: { '@id': 'athar:object', '@type': '@id' },
  period: 'athar:periodEdtf',
  status: 'athar:status',
  rank: 'athar:rank',
  kind: 'athar:kind',
  access: 'athar:access',
  locator: 'athar:locator',
  excerpt: 'athar:excerpt',
  reliability: 'athar:reliability',
  credibility: 'athar:credibility',
  contentSha256: 'athar:contentSha256',
  date: 'athar:dateEdtf',
};

/**
 * JSON-LD with W3C PROV-O: each claim is a prov:Entity derived from its
 * citations; each citation is a prov:Entity derived from the source that
 * makes the statement (prov:hadPrimarySource) and from the document it is
 * read in when that differs; each source is a prov:Entity derived from the
 * sources it reports. Entities of the graph are schema.org things.
 */
export function renderJsonLd(snapshot: GraphSnapshot): RenderedFile[] {
  const citations = citationsByClaim(snapshot);
  const document = {
    '@context': CONTEXT,
    '@id': `rec:export/${snapshot.profile}/${snapshot.asOf}`,
    '@type': 'prov:Bundle',
    'prov:generatedAtTime': { '@value': snapshot.asOf, '@type': 'xsd:dateTime' },
    'athar:profile': snapshot.profile,
    'athar:version': snapshot.atharVersion,
    '@graph': [
      ...snapshot.entities.map(entityNode),
      ...snapshot.sources.map(sourceNode),
      ...snapshot.claims.map((c) => claimNode(c, citations.get(c.id) ?? [])),
      ...snapshot.citations.map(citationNode),
    ],
  };
  return [utf8File('graph.jsonld', JSON.stringify(document, null, 2) + '\n')];
}

const SCHEMA_TYPES: Record<string, string> = {
  PERSON: 'schema:Person',
  ORGANIZATION: 'schema:Organization',
  FACILITY: 'schema:Place',
  PLACE: 'schema:Place',
  EVENT: 'schema:Event',
};

function ref(id: string): string {
  return `rec:${id}`;
}

function entityNode(e: EntityRecord): Record<string, unknown> {
  return compact({
    '@id': ref(e.id),
    '@type': [SCHEMA_TYPES[e.kind], 'athar:Entity'],
    kind: e.kind,
    name: e.name,
    alternateName: e.aliases.length > 0 ? e.aliases : null,
    description: e.description,
    'athar:subtype': subtypeOf(e),
    date: e.date?.edtf ?? null,
    'schema:latitude': e.latitude,
    'schema:longitude': e.longitude,
    access: e.access,
  });
}

function sourceNode(s: SourceRecord): Record<string, unknown> {
  return compact({
    '@id': ref(s.id),
    '@type': ['prov:Entity', 'athar:Source'],
    kind: s.kind,
    name: s.title,
    publisher: s.publisher,
    author: s.author,
    date: s.date?.edtf ?? null,
    url: s.url,
    inLanguage: s.language,
    contentSha256: s.contentHash,
    wasDerivedFrom: s.derivedFromIds.length > 0 ? s.derivedFromIds.map(ref) : null,
    access: s.access,
  });
}

function claimNode(c: ClaimRecord, citations: CitationRecord[]): Record<string, unknown> {
  const v = c.value;
  return compact({
    '@id': ref(c.id),
    '@type': ['prov:Entity', 'athar:Claim'],
    subject: ref(c.subjectId),
    predicate: c.predicate,
    object: c.objectId ? ref(c.objectId) : null,
    value: v === null ? null : v.type === 'TEXT' ? v.text : null,
    'athar:amount': v?.type === 'QUANTITY' ? v.amount : null,
    'athar:amountMax': v?.type === 'QUANTITY' ? v.amountMax : null,
    'athar:qualifier': v?.type === 'QUANTITY' ? v.qualifier : null,
    'athar:unit': v?.type === 'QUANTITY' ? v.unit : null,
    period: c.period?.edtf ?? null,
    status: c.status,
    'athar:statusReason': c.statusReason,
    rank: c.rank,
    'athar:note': c.note,
    access: c.access,
    wasDerivedFrom: citations.map((x) => ref(x.id)),
  });
}

function citationNode(c: CitationRecord): Record<string, unknown> {
  return compact({
    '@id': ref(c.id),
    '@type': ['prov:Entity', 'athar:Citation'],
    'athar:claim': { '@id': ref(c.claimId) },
    hadPrimarySource: ref(c.sourceId),
    wasDerivedFrom: c.viaSourceId ? [ref(c.sourceId), ref(c.viaSourceId)] : [ref(c.sourceId)],
    locator: c.locator,
    excerpt: c.excerpt,
    reliability: c.reliability,
    credibility: c.credibility,
  });
}

/** Drops null fields and empty lists: JSON-LD has no null statements. */
function compact(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(node).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}
