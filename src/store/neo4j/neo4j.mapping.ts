import {
  AccessLevel,
  CitationRecord,
  ClaimRecord,
  ClaimRank,
  ClaimStatus,
  ClaimValue,
  Credibility,
  EntityKind,
  EntityRecord,
  EventType,
  FacilityType,
  FuzzyDate,
  PlaceType,
  QuantityQualifier,
  Reliability,
  SourceKind,
  SourceRecord,
} from '../../domain/model';
import { entitySearchNames, normalizeText, searchKeys } from '../../domain/names';
import { type JudgementRecord, JudgementKind } from '../../domain/judgement';

/**
 * Domain records <-> node properties. Neo4j properties are flat and cannot
 * hold maps, so fuzzy dates and claim values are spread over several
 * properties; a null property is simply absent from the node.
 */

export type Props = Record<string, unknown>;

/** Separates the search keys of one entity in its `searchText` (never part of a word). */
export const SEARCH_KEY_SEPARATOR = ' | ';

// ---------------------------------------------------------------- to the graph

function dateProps(prefix: string, date: FuzzyDate | null): Props {
  return {
    [`${prefix}Edtf`]: date?.edtf ?? null,
    [`${prefix}Earliest`]: date?.earliest ?? null,
    [`${prefix}Latest`]: date?.latest ?? null,
  };
}

export function entityProps(e: EntityRecord): Props {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    aliases: [...e.aliases],
    description: e.description,
    facilityType: e.facilityType,
    placeType: e.placeType,
    latitude: e.latitude,
    longitude: e.longitude,
    eventType: e.eventType,
    ...dateProps('date', e.date),
    access: e.access,
    protection: e.protection,
    pseudonym: e.pseudonym,
    // Absent (null) unless merged: lists filter on `mergedInto IS NULL`.
    mergedInto: e.mergedInto ?? null,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    version: e.version,
    nameKey: normalizeText(e.name),
    pseudonymKey: e.pseudonym === null ? null : normalizeText(e.pseudonym),
    searchText: searchKeys(entitySearchNames(e)).join(SEARCH_KEY_SEPARATOR),
  };
}

/** Source properties; `derivedFromIds` live on DERIVED_FROM relationships, not here. */
export function sourceProps(s: SourceRecord): Props {
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    publisher: s.publisher,
    author: s.author,
    ...dateProps('date', s.date),
    url: s.url,
    language: s.language,
    contentHash: s.contentHash,
    access: s.access,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    version: s.version,
  };
}

export function claimProps(c: ClaimRecord): Props {
  const v = c.value;
  return {
    id: c.id,
    subjectId: c.subjectId,
    predicate: c.predicate,
    objectId: c.objectId,
    valueType: v?.type ?? null,
    valueAmount: v?.type === 'QUANTITY' ? v.amount : null,
    valueAmountMax: v?.type === 'QUANTITY' ? v.amountMax : null,
    valueQualifier: v?.type === 'QUANTITY' ? v.qualifier : null,
    valueUnit: v?.type === 'QUANTITY' ? v.unit : null,
    valueText: v?.type === 'TEXT' ? v.text : null,
    ...dateProps('period', c.period),
    status: c.status,
    statusReason: c.statusReason,
    rank: c.rank,
    rankReason: c.rankReason,
    note: c.note,
    access: c.access,
    visibility: c.visibility,
    textLevel: c.textLevel,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version,
  };
}

export function citationProps(c: CitationRecord): Props {
  return {
    id: c.id,
    claimId: c.claimId,
    sourceId: c.sourceId,
    viaSourceId: c.viaSourceId,
    locator: c.locator,
    excerpt: c.excerpt,
    reliability: c.reliability,
    credibility: c.credibility,
    mentions: [...c.mentions],
    visibility: c.visibility,
    excerptLevel: c.excerptLevel,
    createdAt: c.createdAt,
  };
}

// -------------------------------------------------------------- from the graph

/** A node that does not have the shape we wrote: a bug or a foreign write, never a user error. */
class StoredRecordError extends Error {
  constructor(what: string, key: string) {
    super(`Stored ${what} has an invalid "${key}" property.`);
    this.name = 'StoredRecordError';
  }
}

class Reader {
  constructor(
    readonly what: string,
    private readonly props: Props,
  ) {}

  str(key: string): string {
    const v = this.props[key];
    if (typeof v !== 'string') throw new StoredRecordError(this.what, key);
    return v;
  }

  strOrNull(key: string): string | null {
    const v = this.props[key];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'string') throw new StoredRecordError(this.what, key);
    return v;
  }

  num(key: string): number {
    const v = this.props[key];
    if (typeof v !== 'number') throw new StoredRecordError(this.what, key);
    return v;
  }

  numOrNull(key: string): number | null {
    const v = this.props[key];
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number') throw new StoredRecordError(this.what, key);
    return v;
  }

  /** A list of strings; an absent property reads as an empty list. */
  strList(key: string): string[] {
    const v = this.props[key];
    if (v === null || v === undefined) return [];
    if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
      throw new StoredRecordError(this.what, key);
    }
    return [...v];
  }

  enumOf<T extends string>(key: string, values: Record<string, T>): T {
    const v = this.str(key);
    if (!(Object.values(values) as string[]).includes(v)) throw new StoredRecordError(this.what, key);
    return v as T;
  }

  enumOrNull<T extends string>(key: string, values: Record<string, T>): T | null {
    return this.strOrNull(key) === null ? null : this.enumOf(key, values);
  }

  date(prefix: string): FuzzyDate | null {
    const edtf = this.strOrNull(`${prefix}Edtf`);
    if (edtf === null) return null;
    return { edtf, earliest: this.strOrNull(`${prefix}Earliest`), latest: this.strOrNull(`${prefix}Latest`) };
  }
}

export function toProps(value: unknown): Props {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('Expected a map of node properties.');
  }
  return value as Props;
}

export function toEntity(props: Props): EntityRecord {
  const r = new Reader('entity', props);
  return {
    id: r.str('id'),
    kind: r.enumOf('kind', EntityKind),
    name: r.str('name'),
    aliases: r.strList('aliases'),
    description: r.strOrNull('description'),
    facilityType: r.enumOrNull('facilityType', FacilityType),
    placeType: r.enumOrNull('placeType', PlaceType),
    latitude: r.numOrNull('latitude'),
    longitude: r.numOrNull('longitude'),
    eventType: r.enumOrNull('eventType', EventType),
    date: r.date('date'),
    access: level(r, 'access'),
    protection: r.enumOrNull('protection', AccessLevel),
    pseudonym: r.strOrNull('pseudonym'),
    ...mergedInto(r),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    version: version(r),
  };
}

/** Only a merged entity has the field, as the embedded store keeps it. */
function mergedInto(r: Reader): { mergedInto?: string } {
  const survivor = r.strOrNull('mergedInto');
  return survivor === null ? {} : { mergedInto: survivor };
}

/** Judgement properties: flat already (lists of strings). */
export function judgementProps(j: JudgementRecord): Props {
  return {
    id: j.id,
    kind: j.kind,
    recordIds: [...j.recordIds],
    survivorId: j.survivorId,
    movedSubjectClaimIds: [...j.movedSubjectClaimIds],
    movedObjectClaimIds: [...j.movedObjectClaimIds],
    reason: j.reason,
    actorSubject: j.actorSubject,
    actorRole: j.actorRole,
    createdAt: j.createdAt,
    undoneAt: j.undoneAt,
    undoneBySubject: j.undoneBySubject,
    undoReason: j.undoReason,
    updatedAt: j.updatedAt,
    version: j.version,
  };
}

export function toJudgement(props: Props): JudgementRecord {
  const r = new Reader('judgement', props);
  return {
    id: r.str('id'),
    kind: r.enumOf('kind', JudgementKind),
    recordIds: r.strList('recordIds'),
    survivorId: r.strOrNull('survivorId'),
    movedSubjectClaimIds: r.strList('movedSubjectClaimIds'),
    movedObjectClaimIds: r.strList('movedObjectClaimIds'),
    reason: r.str('reason'),
    actorSubject: r.strOrNull('actorSubject'),
    actorRole: r.str('actorRole'),
    createdAt: r.str('createdAt'),
    undoneAt: r.strOrNull('undoneAt'),
    undoneBySubject: r.strOrNull('undoneBySubject'),
    undoReason: r.strOrNull('undoReason'),
    updatedAt: r.str('updatedAt'),
    version: version(r),
  };
}

/** Nodes written before records had versions have none: they read as version 1. */
function version(r: Reader): number {
  const v = r.numOrNull('version');
  if (v !== null && (!Number.isSafeInteger(v) || v < 1)) throw new StoredRecordError(r.what, 'version');
  return v ?? 1;
}

/** Records written before access control had no level: everything was public then. */
function level(r: Reader, key: string): AccessLevel {
  return r.enumOrNull(key, AccessLevel) ?? AccessLevel.PUBLIC;
}

export function toSource(props: Props, derivedFromIds: readonly string[]): SourceRecord {
  const r = new Reader('source', props);
  return {
    id: r.str('id'),
    title: r.str('title'),
    kind: r.enumOf('kind', SourceKind),
    publisher: r.strOrNull('publisher'),
    author: r.strOrNull('author'),
    date: r.date('date'),
    url: r.strOrNull('url'),
    language: r.strOrNull('language'),
    contentHash: r.strOrNull('contentHash'),
    derivedFromIds: [...derivedFromIds],
    access: level(r, 'access'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    version: version(r),
  };
}

function claimValue(r: Reader): ClaimValue | null {
  const type = r.strOrNull('valueType');
  if (type === null) return null;
  if (type === 'QUANTITY') {
    return {
      type: 'QUANTITY',
      amount: r.num('valueAmount'),
      amountMax: r.numOrNull('valueAmountMax'),
      qualifier: r.enumOf('valueQualifier', QuantityQualifier),
      unit: r.str('valueUnit'),
    };
  }
  if (type === 'TEXT') return { type: 'TEXT', text: r.str('valueText') };
  throw new StoredRecordError('claim', 'valueType');
}

export function toClaim(props: Props): ClaimRecord {
  const r = new Reader('claim', props);
  return {
    id: r.str('id'),
    subjectId: r.str('subjectId'),
    predicate: r.str('predicate'),
    objectId: r.strOrNull('objectId'),
    value: claimValue(r),
    period: r.date('period'),
    status: r.enumOf('status', ClaimStatus),
    statusReason: r.strOrNull('statusReason'),
    // Claims stored before ranking existed have no rank property.
    rank: props.rank == null ? ClaimRank.NORMAL : r.enumOf('rank', ClaimRank),
    rankReason: r.strOrNull('rankReason'),
    note: r.strOrNull('note'),
    access: level(r, 'access'),
    visibility: level(r, 'visibility'),
    textLevel: level(r, 'textLevel'),
    createdAt: r.str('createdAt'),
    updatedAt: r.str('updatedAt'),
    version: version(r),
  };
}

export function toCitation(props: Props): CitationRecord {
  const r = new Reader('citation', props);
  const credibility = r.num('credibility');
  if (![1, 2, 3, 4, 5, 6].includes(credibility)) throw new StoredRecordError('citation', 'credibility');
  return {
    id: r.str('id'),
    claimId: r.str('claimId'),
    sourceId: r.str('sourceId'),
    viaSourceId: r.strOrNull('viaSourceId'),
    locator: r.str('locator'),
    excerpt: r.str('excerpt'),
    reliability: r.enumOf('reliability', Reliability),
    credibility: credibility as Credibility,
    // Citations written before mentions were tracked have none.
    mentions: props.mentions == null ? [] : r.strList('mentions'),
    visibility: level(r, 'visibility'),
    excerptLevel: level(r, 'excerptLevel'),
    createdAt: r.str('createdAt'),
  };
}
