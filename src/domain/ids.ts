import { randomUUID } from 'node:crypto';
import { EntityKind } from './model';
import { keyedWords } from './names';

/**
 * Every id carries its record type as a prefix ("fac_sednaya"), so that
 * `node(id)` knows where to look and an id of the wrong kind is refused with a
 * clear message instead of a confusing miss.
 */
export enum RecordType {
  PERSON = 'PERSON',
  ORGANIZATION = 'ORGANIZATION',
  FACILITY = 'FACILITY',
  PLACE = 'PLACE',
  EVENT = 'EVENT',
  SOURCE = 'SOURCE',
  CLAIM = 'CLAIM',
  CITATION = 'CITATION',
}

const PREFIXES: Record<RecordType, string> = {
  [RecordType.PERSON]: 'per',
  [RecordType.ORGANIZATION]: 'org',
  [RecordType.FACILITY]: 'fac',
  [RecordType.PLACE]: 'plc',
  [RecordType.EVENT]: 'evt',
  [RecordType.SOURCE]: 'src',
  [RecordType.CLAIM]: 'clm',
  [RecordType.CITATION]: 'cit',
};

const BY_PREFIX = new Map(Object.entries(PREFIXES).map(([type, prefix]) => [prefix, type as RecordType]));

const ID_PATTERN = /^([a-z]{3})_[A-Za-z0-9_-]{1,120}$/;

/** The prefix that ids of this record type start with ("fac" for a facility). */
export function idPrefixOf(type: RecordType): string {
  return PREFIXES[type];
}

export function newId(type: RecordType): string {
  return `${PREFIXES[type]}_${randomUUID().replace(/-/g, '')}`;
}

/** The record type an id names, or null when it is not an Athar id. */
export function recordTypeOf(id: string): RecordType | null {
  const match = ID_PATTERN.exec(id);
  return match ? (BY_PREFIX.get(match[1]!) ?? null) : null;
}

export function entityKindOfRecordType(type: RecordType): EntityKind | null {
  switch (type) {
    case RecordType.PERSON:
      return EntityKind.PERSON;
    case RecordType.ORGANIZATION:
      return EntityKind.ORGANIZATION;
    case RecordType.FACILITY:
      return EntityKind.FACILITY;
    case RecordType.PLACE:
      return EntityKind.PLACE;
    case RecordType.EVENT:
      return EntityKind.EVENT;
    case RecordType.SOURCE:
    case RecordType.CLAIM:
    case RecordType.CITATION:
      return null;
  }
}

export function recordTypeOfEntityKind(kind: EntityKind): RecordType {
  switch (kind) {
    case EntityKind.PERSON:
      return RecordType.PERSON;
    case EntityKind.ORGANIZATION:
      return RecordType.ORGANIZATION;
    case EntityKind.FACILITY:
      return RecordType.FACILITY;
    case EntityKind.PLACE:
      return RecordType.PLACE;
    case EntityKind.EVENT:
      return RecordType.EVENT;
  }
}

/**
 * The first id that spells a word of one of the names, with that name; null
 * when none does. Ids are shown to everyone who may see a record, so an id
 * made from a person's name would outlive their protection: ids chosen
 * outside Athar (a seed, an import) are checked with this and refused.
 * Capitalised words of at least three letters count (and words of scripts
 * without case), compared by transliteration key.
 */
export function idSpellingName(
  ids: readonly string[],
  names: readonly string[],
  /** Names of places, organisations and events: a word they share ("Sednaya" in "former Sednaya guard") names them, not a person. */
  otherNames: readonly string[] = [],
): { id: string; name: string } | null {
  const others = new Set(otherNames.flatMap((n) => keyedWords(n).map((w) => w.key)));
  const nameKeys = new Map<string, string>();
  for (const name of names) {
    for (const word of keyedWords(name)) {
      // Proper names: capitalised words of three letters or more, or words of a script without case (Arabic).
      const written = name.slice(word.start, word.end).replace(/^(?:al|el|ad|an|ar|as|ash|at|az)[-\s]/i, '');
      if (/^(?:\p{Lu}|\p{Lo})\p{L}{2,}$/u.test(written) && !others.has(word.key)) {
        nameKeys.set(word.key, name);
      }
    }
  }
  for (const id of ids) {
    for (const token of id.split('_').slice(1)) {
      const name = keyedWords(token)
        .map((w) => nameKeys.get(w.key))
        .find((n) => n !== undefined);
      if (name !== undefined) return { id, name };
    }
  }
  return null;
}
