import { randomUUID } from 'node:crypto';
import { EntityKind } from './model';

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
