import fs from 'node:fs';
import path from 'node:path';
import { parseEdtf } from '../../domain/edtf';
import { entityKindOfRecordType, idSpellingName, RecordType, recordTypeOf } from '../../domain/ids';
import {
  AccessLevel,
  CitationRecord,
  ClaimRank,
  ClaimStatus,
  ClaimWithCitations,
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
import { withLevels } from '../../policy/visibility';
import { findPredicate, ObjectType } from '../../domain/predicates';
import { projectRoot } from '../../domain/project';
import type { Bundle } from '../../store/store.port';

/** The seed case file as curated by hand (see seeds/README.md). */
export interface SeedFile {
  name: string;
  description: string;
  documents: Record<string, string>;
  sources: {
    id: string;
    title: string;
    kind: SourceKind;
    publisher: string | null;
    author: string | null;
    date: string | null;
    url: string | null;
    language: string | null;
    contentHash: string | null;
    derivedFrom: string[];
    access?: AccessLevel;
  }[];
  entities: {
    id: string;
    kind: EntityKind;
    name: string;
    aliases: string[];
    description: string | null;
    facilityType: FacilityType | null;
    placeType: PlaceType | null;
    latitude: number | null;
    longitude: number | null;
    eventType: EventType | null;
    date: string | null;
    /** Omitted: PUBLIC. */
    access?: AccessLevel;
    /** A protected person: the clearance needed to see who they are, and the name shown below it. */
    protection?: AccessLevel | null;
    pseudonym?: string | null;
  }[];
  claims: {
    id: string;
    subject: string;
    predicate: string;
    object: string | null;
    value: { amount: number; amountMax: number | null; qualifier: QuantityQualifier; unit: string } | null;
    text: string | null;
    period: string | null;
    note: string | null;
    access?: AccessLevel;
    citations: {
      id: string;
      source: string;
      via: string | null;
      locator: string;
      excerpt: string;
      reliability: Reliability;
      credibility: number;
    }[];
  }[];
}

export const SEED_FILE = path.join(projectRoot(), 'seeds', 'sednaya-2024.json');

/** Seed records get one fixed timestamp so that loading twice writes identical records. */
const SEED_RECORDED_AT = '2026-11-23T00:00:00.000Z';

export class SeedError extends Error {}

export function readSeedFile(file = SEED_FILE): SeedFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SeedFile;
}

function date(text: string | null, where: string): FuzzyDate | null {
  if (text === null) return null;
  try {
    return parseEdtf(text);
  } catch (error) {
    throw new SeedError(`${where}: ${(error as Error).message}`);
  }
}

/**
 * Turns the curated seed into store records, checking it against the same
 * rules the API enforces (vocabulary, kinds, at least one citation), so a
 * mistake in the seed fails loudly instead of loading a broken graph.
 */
export function seedBundle(seed: SeedFile = readSeedFile()): Bundle {
  const at = SEED_RECORDED_AT;
  const entities: EntityRecord[] = seed.entities.map((e) => {
    const type = recordTypeOf(e.id);
    if (!type || entityKindOfRecordType(type) !== e.kind)
      throw new SeedError(`entity ${e.id}: id prefix does not match kind ${e.kind}`);
    return {
      id: e.id,
      kind: e.kind,
      name: e.name,
      aliases: e.aliases,
      description: e.description,
      facilityType: e.facilityType,
      placeType: e.placeType,
      latitude: e.latitude,
      longitude: e.longitude,
      eventType: e.eventType,
      date: date(e.date, `entity ${e.id}`),
      access: e.access ?? AccessLevel.PUBLIC,
      protection: e.protection ?? null,
      pseudonym: e.pseudonym ?? null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  });
  const sources: SourceRecord[] = seed.sources.map((s) => {
    if (recordTypeOf(s.id) !== RecordType.SOURCE) throw new SeedError(`source ${s.id}: ids of sources start with src_`);
    return {
      id: s.id,
      title: s.title,
      kind: s.kind,
      publisher: s.publisher,
      author: s.author,
      date: date(s.date, `source ${s.id}`),
      url: s.url,
      language: s.language,
      contentHash: s.contentHash,
      derivedFromIds: [...s.derivedFrom].sort(),
      access: s.access ?? AccessLevel.PUBLIC,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  });
  const kinds = new Map(entities.map((e) => [e.id, e.kind]));
  const sourceIds = new Set(sources.map((s) => s.id));
  const claims: ClaimWithCitations[] = seed.claims.map((c) => {
    const where = `claim ${c.id}`;
    const definition = findPredicate(c.predicate);
    if (!definition) throw new SeedError(`${where}: unknown predicate ${c.predicate}`);
    const subjectKind = kinds.get(c.subject);
    if (!subjectKind || !definition.subjectKinds.includes(subjectKind))
      throw new SeedError(`${where}: subject ${c.subject} missing or of the wrong kind`);
    if (definition.objectType === ObjectType.ENTITY) {
      const objectKind = c.object ? kinds.get(c.object) : undefined;
      if (!objectKind || !definition.objectKinds.includes(objectKind))
        throw new SeedError(`${where}: object ${c.object} missing or of the wrong kind`);
    } else if (c.object !== null) {
      throw new SeedError(`${where}: ${c.predicate} takes a value, not an object`);
    }
    if ((definition.objectType === ObjectType.QUANTITY) !== (c.value !== null))
      throw new SeedError(`${where}: quantity mismatch`);
    if ((definition.objectType === ObjectType.TEXT) !== (c.text !== null))
      throw new SeedError(`${where}: text mismatch`);
    if (c.citations.length === 0) throw new SeedError(`${where}: no citation`);
    const citations: CitationRecord[] = c.citations.map((cit) => {
      for (const ref of [cit.source, cit.via]) {
        if (ref !== null && !sourceIds.has(ref))
          throw new SeedError(`${where}: citation ${cit.id} names missing source ${ref}`);
      }
      return {
        id: cit.id,
        claimId: c.id,
        sourceId: cit.source,
        viaSourceId: cit.via,
        locator: cit.locator,
        excerpt: cit.excerpt,
        reliability: cit.reliability,
        credibility: cit.credibility as Credibility,
        // Derived below, once every record is known.
        visibility: AccessLevel.PUBLIC,
        excerptLevel: AccessLevel.PUBLIC,
        mentions: [],
        createdAt: at,
      };
    });
    return {
      claim: {
        id: c.id,
        subjectId: c.subject,
        predicate: c.predicate,
        objectId: c.object,
        value:
          c.value !== null
            ? {
                type: 'QUANTITY',
                amount: c.value.amount,
                amountMax: c.value.amountMax,
                qualifier: c.value.qualifier,
                unit: c.value.unit,
              }
            : c.text !== null
              ? { type: 'TEXT', text: c.text }
              : null,
        period: date(c.period, where),
        status: ClaimStatus.ASSERTED,
        statusReason: null,
        rank: ClaimRank.NORMAL,
        rankReason: null,
        note: c.note,
        access: c.access ?? AccessLevel.PUBLIC,
        visibility: AccessLevel.PUBLIC,
        textLevel: AccessLevel.PUBLIC,
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
      citations: citations.sort((a, b) => (a.id < b.id ? -1 : 1)),
    };
  });
  const spelled = idSpellingName(
    [
      ...entities.map((e) => e.id),
      ...sources.map((s) => s.id),
      ...claims.flatMap((c) => [c.claim.id, ...c.citations.map((x) => x.id)]),
    ],
    entities.filter((e) => e.kind === EntityKind.PERSON).flatMap((e) => [e.name, ...e.aliases]),
    entities.filter((e) => e.kind !== EntityKind.PERSON).flatMap((e) => [e.name, ...e.aliases]),
  );
  if (spelled) {
    throw new SeedError(
      `id ${spelled.id} spells a word of the name "${spelled.name}"; give it an opaque id (ids outlive protection)`,
    );
  }
  const entityById = new Map(entities.map((e) => [e.id, e]));
  const sourceById = new Map(sources.map((s) => [s.id, s]));
  return { entities, sources, claims: claims.map((c) => withLevels(c, entityById, sourceById)) };
}
