import {
  AccessLevel,
  type CitationRecord,
  ClaimRank,
  type ClaimRecord,
  type ClaimValue,
  type ClaimWithCitations,
  type EntityRecord,
  type FuzzyDate,
  type SourceRecord,
} from '../../domain/model';
import type { AccessChange, Bundle, ClaimRankChange, ClaimStatusChange } from '../store.port';

/*
 * Field-by-field copies of the records. The store keeps its own copies of what
 * it is given and hands out fresh copies on every read, so no caller can reach
 * its memory. Listing the fields (rather than structuredClone) also drops
 * stray properties before they reach the journal, turns a missing nullable
 * field into null, and makes the compiler flag this file when a record gains a
 * required field.
 */

export function copyFuzzyDate(d: FuzzyDate | null | undefined): FuzzyDate | null {
  return d ? { edtf: d.edtf, earliest: d.earliest ?? null, latest: d.latest ?? null } : null;
}

export function copyEntity(e: EntityRecord): EntityRecord {
  return {
    id: e.id,
    kind: e.kind,
    name: e.name,
    aliases: [...(e.aliases ?? [])],
    description: e.description ?? null,
    facilityType: e.facilityType ?? null,
    placeType: e.placeType ?? null,
    latitude: e.latitude ?? null,
    longitude: e.longitude ?? null,
    eventType: e.eventType ?? null,
    date: copyFuzzyDate(e.date),
    // Records journaled before access control carry no level: everything was public then.
    access: e.access ?? AccessLevel.PUBLIC,
    protection: e.protection ?? null,
    pseudonym: e.pseudonym ?? null,
    // Only a merged entity has the field (an absent field and a null one would hash differently).
    ...(typeof e.mergedInto === 'string' ? { mergedInto: e.mergedInto } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    // Records journaled or snapshotted before versions carry none: they read as version 1.
    version: e.version ?? 1,
  };
}

export function copySource(s: SourceRecord): SourceRecord {
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    publisher: s.publisher ?? null,
    author: s.author ?? null,
    date: copyFuzzyDate(s.date),
    url: s.url ?? null,
    language: s.language ?? null,
    contentHash: s.contentHash ?? null,
    derivedFromIds: [...(s.derivedFromIds ?? [])],
    access: s.access ?? AccessLevel.PUBLIC,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    version: s.version ?? 1,
  };
}

export function copyValue(v: ClaimValue | null | undefined): ClaimValue | null {
  if (!v) return null;
  switch (v.type) {
    case 'QUANTITY':
      return {
        type: 'QUANTITY',
        amount: v.amount,
        amountMax: v.amountMax ?? null,
        qualifier: v.qualifier,
        unit: v.unit,
      };
    case 'TEXT':
      return { type: 'TEXT', text: v.text };
  }
}

export function copyClaim(c: ClaimRecord): ClaimRecord {
  return {
    id: c.id,
    subjectId: c.subjectId,
    predicate: c.predicate,
    objectId: c.objectId ?? null,
    value: copyValue(c.value),
    period: copyFuzzyDate(c.period),
    status: c.status,
    statusReason: c.statusReason ?? null,
    // Journals and snapshots written before ranking existed carry no rank.
    rank: c.rank ?? ClaimRank.NORMAL,
    rankReason: c.rankReason ?? null,
    note: c.note ?? null,
    access: c.access ?? AccessLevel.PUBLIC,
    visibility: c.visibility ?? AccessLevel.PUBLIC,
    textLevel: c.textLevel ?? AccessLevel.PUBLIC,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    version: c.version ?? 1,
  };
}

export function copyCitation(c: CitationRecord): CitationRecord {
  return {
    id: c.id,
    claimId: c.claimId,
    sourceId: c.sourceId,
    viaSourceId: c.viaSourceId ?? null,
    locator: c.locator,
    excerpt: c.excerpt,
    reliability: c.reliability,
    credibility: c.credibility,
    mentions: [...(c.mentions ?? [])],
    visibility: c.visibility ?? AccessLevel.PUBLIC,
    excerptLevel: c.excerptLevel ?? AccessLevel.PUBLIC,
    createdAt: c.createdAt,
  };
}

export function copyClaimWithCitations(c: ClaimWithCitations): ClaimWithCitations {
  return { claim: copyClaim(c.claim), citations: (c.citations ?? []).map(copyCitation) };
}

export function copyStatusChange(c: ClaimStatusChange): ClaimStatusChange {
  return { claimId: c.claimId, status: c.status, reason: c.reason, updatedAt: c.updatedAt };
}

export function copyRankChange(c: ClaimRankChange): ClaimRankChange {
  return { claimId: c.claimId, rank: c.rank, reason: c.reason, updatedAt: c.updatedAt };
}

/**
 * What an access change journals: the records' new values only (expected
 * versions, basis and completeness are checked before it is journaled). An
 * entity field left out keeps its stored value; entries journaled before
 * fields could be left out give all three.
 */
export function copyAccessChange(c: AccessChange): AccessChange {
  return {
    reason: c.reason,
    updatedAt: c.updatedAt,
    entities: (c.entities ?? []).map((e) => ({
      id: e.id,
      ...(e.access !== undefined ? { access: e.access } : {}),
      ...(e.protection !== undefined ? { protection: e.protection } : {}),
      ...(e.pseudonym !== undefined ? { pseudonym: e.pseudonym } : {}),
    })),
    sources: (c.sources ?? []).map((s) => ({ id: s.id, access: s.access })),
    claims: (c.claims ?? []).map((x) => ({
      id: x.id,
      access: x.access,
      visibility: x.visibility,
      textLevel: x.textLevel,
    })),
    citations: (c.citations ?? []).map((x) => ({
      id: x.id,
      mentions: [...(x.mentions ?? [])],
      visibility: x.visibility,
      excerptLevel: x.excerptLevel,
    })),
  };
}

export function copyBundle(b: Bundle): Bundle {
  return {
    entities: (b.entities ?? []).map(copyEntity),
    sources: (b.sources ?? []).map(copySource),
    claims: (b.claims ?? []).map(copyClaimWithCitations),
  };
}
