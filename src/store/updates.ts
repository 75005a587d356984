import { canonicalJson } from '../domain/audit';
import { StaleChangeError, VersionConflictError } from '../domain/errors';
import type { EntityRecord, RecordVersion, SourceRecord } from '../domain/model';
import {
  ENTITY_EDIT_FIELDS,
  SOURCE_EDIT_FIELDS,
  type EntityAccessChange,
  type EntityUpdate,
  type RecordVersions,
  type SourceUpdate,
  type VersionRef,
} from './store.port';

/*
 * How both adapters turn an update into the record it leaves, inside their
 * write transaction and from the record as stored then. Keeping this in one
 * place is what makes the two adapters agree on what an update changes and on
 * the version it gives.
 */

/** Refuses (VersionConflictError) when an expected version is given and the stored record is at another. */
export function requireVersion(
  what: string,
  record: { id: string; version: RecordVersion },
  expected: number | null | undefined,
): void {
  if (expected !== null && expected !== undefined && expected !== record.version) {
    throw new VersionConflictError(what, record.id, expected, record.version);
  }
}

/**
 * The version a record has once `next` is stored in place of `current`: 1
 * for a new record, the same when nothing else differs, one more otherwise.
 */
export function versionAfter<T extends { version: RecordVersion }>(
  current: T | null | undefined,
  next: T,
): RecordVersion {
  if (current === null || current === undefined) return 1;
  return canonicalJson({ ...current, version: 0 }) === canonicalJson({ ...next, version: 0 })
    ? current.version
    : current.version + 1;
}

/** `next` with the version it gets in place of `current`. */
export function versioned<T extends { version: RecordVersion }>(current: T | null | undefined, next: T): T {
  return { ...next, version: versionAfter(current, next) };
}

/**
 * The stored entity with the edit's fields (and nothing else) changed, its
 * version checked and moved on; the edit's own check runs on both.
 */
export function editedEntity(current: EntityRecord, update: EntityUpdate): EntityRecord {
  requireVersion('entity', current, update.expectedVersion);
  const next: EntityRecord = { ...current, ...givenFields(update, ENTITY_EDIT_FIELDS), updatedAt: update.updatedAt };
  update.check?.(current, next);
  return versioned(current, next);
}

/** The stored source with the edit's fields changed (derivedFromIds distinct and sorted, as read back), versioned. */
export function editedSource(current: SourceRecord, update: SourceUpdate): SourceRecord {
  requireVersion('source', current, update.expectedVersion);
  const next: SourceRecord = { ...current, ...givenFields(update, SOURCE_EDIT_FIELDS), updatedAt: update.updatedAt };
  next.derivedFromIds = [...new Set(next.derivedFromIds)].sort();
  update.check?.(current, next);
  return versioned(current, next);
}

/** The entity with the fields an access change gives changed (a field left out keeps its value); version untouched. */
export function withAccessChange(entity: EntityRecord, change: EntityAccessChange): EntityRecord {
  const next: EntityRecord = { ...entity };
  if (change.access !== undefined) next.access = change.access;
  if (change.protection !== undefined) next.protection = change.protection;
  if (change.pseudonym !== undefined) next.pseudonym = change.pseudonym;
  return next;
}

/** The fields of `update` among `fields` that it gives (undefined means "not given"; null clears). */
function givenFields<U extends object, K extends keyof U>(update: U, fields: readonly K[]): Partial<Pick<U, K>> {
  const given: Partial<Pick<U, K>> = {};
  for (const field of fields) {
    if (update[field] !== undefined) given[field] = update[field];
  }
  return given;
}

export type RecordKind = 'entity' | 'source' | 'claim';

/**
 * Refuses a change worked out from records that have moved on since (their
 * version differs or they are gone): `current` gives the stored version of
 * each record of the basis, null when there is none.
 */
export function requireBasis(
  basis: RecordVersions | undefined,
  current: (kind: RecordKind, id: string) => RecordVersion | null,
): void {
  if (basis === undefined) return;
  const lists: [RecordKind, VersionRef[] | undefined][] = [
    ['entity', basis.entities],
    ['source', basis.sources],
    ['claim', basis.claims],
  ];
  for (const [kind, refs] of lists) {
    for (const ref of refs ?? []) {
      const version = current(kind, ref.id);
      if (version !== ref.version) {
        throw new StaleChangeError(
          `The ${kind} "${ref.id}" changed (version ${ref.version} to ${version ?? 'none'}) while this access change was being worked out.`,
        );
      }
    }
  }
}

/** Refuses a `complete` access change that leaves out claims or citations the store holds. */
export function requireComplete(missingClaimIds: readonly string[], missingCitationIds: readonly string[]): void {
  const missing = [
    ...missingClaimIds.map((id) => `claim "${id}"`),
    ...missingCitationIds.map((id) => `citation "${id}"`),
  ];
  if (missing.length > 0) {
    throw new StaleChangeError(
      `The ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''} was written while this access change was being worked out, which does not account for it.`,
    );
  }
}

/** All ids of a basis, by kind. */
export function basisIds(basis: RecordVersions | undefined): {
  entityIds: string[];
  sourceIds: string[];
  claimIds: string[];
} {
  return {
    entityIds: (basis?.entities ?? []).map((r) => r.id),
    sourceIds: (basis?.sources ?? []).map((r) => r.id),
    claimIds: (basis?.claims ?? []).map((r) => r.id),
  };
}
