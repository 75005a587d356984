import { BadUserInputError, ConflictError, NotFoundError } from '../domain/errors';
import { type JudgementRecord, JudgementKind, MAX_MERGE_CHAIN } from '../domain/judgement';
import { EntityKind, type ClaimRecord, type EntityRecord } from '../domain/model';
import type { EntityMerge, JudgementContext, JudgementUndo, SameOriginJudgement } from './store.port';
import { requireVersion, versioned } from './updates';

/*
 * What a judgement write leaves, worked out by both adapters inside their
 * write transaction from the records as stored then, so that the two agree on
 * what a merge moves, what a split puts back, and on every version.
 */

/** The records a judgement write stores: every one of them versioned against the stored record. */
export interface JudgementWrite {
  judgement: JudgementRecord;
  entities: EntityRecord[];
  claims: ClaimRecord[];
}

/** Words of search keys shorter than this ("al", "el") are too common to block duplicates on (both adapters). */
export const MIN_BLOCK_WORD = 3;

/** Entity kinds that may be merged: the records duplicate detection compares. */
export const MERGEABLE_KINDS: readonly EntityKind[] = [
  EntityKind.PERSON,
  EntityKind.ORGANIZATION,
  EntityKind.FACILITY,
  EntityKind.PLACE,
];

function newJudgement(
  context: JudgementContext,
  kind: JudgementKind,
  fields: Partial<JudgementRecord>,
): JudgementRecord {
  return {
    id: context.judgementId,
    kind,
    recordIds: [],
    survivorId: null,
    movedSubjectClaimIds: [],
    movedObjectClaimIds: [],
    reason: context.reason,
    actorSubject: context.actorSubject,
    actorRole: context.actorRole,
    createdAt: context.at,
    undoneAt: null,
    undoneBySubject: null,
    undoReason: null,
    updatedAt: context.at,
    version: 1,
    ...fields,
  };
}

/**
 * A merge: the survivor and the merged entity as stored, and the claims whose
 * subject (`subjectClaims`) or object (`objectClaims`) is the merged entity.
 */
export function mergeWrites(
  merge: EntityMerge,
  survivor: EntityRecord | null,
  merged: EntityRecord | null,
  subjectClaims: readonly ClaimRecord[],
  objectClaims: readonly ClaimRecord[],
): JudgementWrite {
  if (merge.survivorId === merge.mergedId) {
    throw new BadUserInputError('An entity cannot be merged into itself: name two different entities.', 'mergedId');
  }
  if (survivor === null) throw new NotFoundError('entity', merge.survivorId);
  if (merged === null) throw new NotFoundError('entity', merge.mergedId);
  // The caller's check first: it refuses records the writer may not see before anything says more of them.
  merge.check?.(survivor, merged);
  requireVersion('entity', survivor, merge.survivorExpectedVersion);
  requireVersion('entity', merged, merge.mergedExpectedVersion);
  if (survivor.kind !== merged.kind) {
    throw new BadUserInputError(
      `A ${survivor.kind} and a ${merged.kind} cannot be one entity: merge records of the same kind.`,
      'mergedId',
    );
  }
  if (!MERGEABLE_KINDS.includes(survivor.kind)) {
    throw new BadUserInputError(
      `Only people, organisations, facilities and places are merged, not ${survivor.kind} records.`,
      'mergedId',
    );
  }
  if (merged.mergedInto !== undefined) {
    throw new ConflictError(`Entity "${merged.id}" was already merged into another entity; split that first.`);
  }
  if (survivor.mergedInto !== undefined) {
    throw new ConflictError(
      `Entity "${survivor.id}" was itself merged into another entity: merge into that one, or split it first.`,
    );
  }
  if (survivor.access !== merged.access || survivor.protection !== merged.protection) {
    // Moving claims between records of different levels would show one record's claims under the other's.
    throw new ConflictError(
      'The two entities have different access levels or protection: give them the same (an access change) before merging.',
    );
  }
  const at = merge.at;
  const moved = new Map<string, ClaimRecord>();
  for (const c of subjectClaims) moved.set(c.id, { ...c, subjectId: survivor.id, updatedAt: at });
  for (const c of objectClaims) {
    const base = moved.get(c.id) ?? c;
    moved.set(c.id, { ...base, objectId: survivor.id, updatedAt: at });
  }
  const stored = new Map([...subjectClaims, ...objectClaims].map((c) => [c.id, c]));
  const claims = [...moved.values()].map((c) => versioned(stored.get(c.id), c)).sort(byId);
  const entities = [
    versioned(survivor, { ...survivor, updatedAt: at }),
    versioned(merged, { ...merged, mergedInto: survivor.id, updatedAt: at }),
  ].sort(byId);
  const judgement = newJudgement(merge, JudgementKind.SAME_ENTITY, {
    recordIds: [survivor.id, merged.id],
    survivorId: survivor.id,
    movedSubjectClaimIds: subjectClaims.map((c) => c.id).sort(),
    movedObjectClaimIds: objectClaims.map((c) => c.id).sort(),
  });
  return { judgement, entities, claims };
}

/** The judgement an undo names, checked: it exists, is of `kind`, holds, and is at the expected version. */
export function judgementToUndo(
  undo: JudgementUndo,
  stored: JudgementRecord | null,
  kind: JudgementKind,
): JudgementRecord {
  if (stored === null) throw new NotFoundError('judgement', undo.judgementId);
  if (stored.kind !== kind) {
    throw new BadUserInputError(
      kind === JudgementKind.SAME_ENTITY
        ? `Judgement "${stored.id}" is not a merge of entities; undo it with undoSameOrigin.`
        : `Judgement "${stored.id}" is not a same-origin judgement; undo a merge with splitEntity.`,
      'judgementId',
    );
  }
  undo.check?.(stored);
  requireVersion('judgement', stored, undo.expectedVersion);
  if (stored.undoneAt !== null) throw new ConflictError(`Judgement "${stored.id}" was already undone.`);
  return stored;
}

function undone(judgement: JudgementRecord, undo: JudgementUndo): JudgementRecord {
  return versioned(judgement, {
    ...judgement,
    undoneAt: undo.at,
    undoneBySubject: undo.actorSubject,
    undoReason: undo.reason,
    updatedAt: undo.at,
  });
}

/** The ids a split reads: the two entities and the claims the merge moved. */
export function splitTargets(judgement: JudgementRecord): { entityIds: string[]; claimIds: string[] } {
  return {
    entityIds: [...judgement.recordIds],
    claimIds: [...new Set([...judgement.movedSubjectClaimIds, ...judgement.movedObjectClaimIds])].sort(),
  };
}

/**
 * A split: the merge judgement (checked by judgementToUndo), both entities and
 * the claims it moved, as stored. Claims go back to the merged entity only
 * where they still point at the survivor (none can be repointed in between:
 * only merges move claims, and a survivor merged again is refused here).
 */
export function splitWrites(
  undo: JudgementUndo,
  judgement: JudgementRecord,
  entities: ReadonlyMap<string, EntityRecord>,
  claims: ReadonlyMap<string, ClaimRecord>,
): JudgementWrite {
  const survivorId = judgement.survivorId ?? '';
  const mergedId = judgement.recordIds.find((id) => id !== survivorId) ?? '';
  const survivor = entities.get(survivorId);
  const merged = entities.get(mergedId);
  if (survivor === undefined) throw new NotFoundError('entity', survivorId);
  if (merged === undefined) throw new NotFoundError('entity', mergedId);
  if (survivor.mergedInto !== undefined) {
    throw new ConflictError(
      `Entity "${survivor.id}" was merged into another entity since: split that merge first (the latest first).`,
    );
  }
  if (merged.mergedInto !== survivor.id) {
    throw new ConflictError(`Entity "${merged.id}" is not merged into "${survivor.id}" any more.`);
  }
  if (survivor.access !== merged.access || survivor.protection !== merged.protection) {
    // The claims' derived levels were worked out for the survivor's levels: they must fit the record they go back to.
    throw new ConflictError(
      'The two entities have different access levels or protection since the merge: give them the same before splitting.',
    );
  }
  const at = undo.at;
  const back = new Map<string, ClaimRecord>();
  for (const id of judgement.movedSubjectClaimIds) {
    const c = claims.get(id);
    if (c !== undefined && c.subjectId === survivor.id) back.set(id, { ...c, subjectId: merged.id, updatedAt: at });
  }
  for (const id of judgement.movedObjectClaimIds) {
    const c = back.get(id) ?? claims.get(id);
    if (c !== undefined && c.objectId === survivor.id) back.set(id, { ...c, objectId: merged.id, updatedAt: at });
  }
  const restored: EntityRecord = { ...merged, updatedAt: at };
  delete restored.mergedInto;
  return {
    judgement: undone(judgement, undo),
    entities: [versioned(survivor, { ...survivor, updatedAt: at }), versioned(merged, restored)].sort(byId),
    claims: [...back.values()].map((c) => versioned(claims.get(c.id), c)).sort(byId),
  };
}

/** A same-origin judgement over existing sources (`found`: the stored ids among them). */
export function sameOriginJudgement(judgement: SameOriginJudgement, found: ReadonlySet<string>): JudgementRecord {
  const ids = [...new Set(judgement.sourceIds)].sort();
  if (ids.length < 2) {
    throw new BadUserInputError('Name at least two different sources that are one origin.', 'sourceIds');
  }
  for (const id of ids) if (!found.has(id)) throw new NotFoundError('source', id);
  return newJudgement(judgement, JudgementKind.SAME_ORIGIN, { recordIds: ids });
}

/** A same-origin judgement marked undone. */
export function undoneSameOrigin(undo: JudgementUndo, stored: JudgementRecord | null): JudgementRecord {
  return undone(judgementToUndo(undo, stored, JudgementKind.SAME_ORIGIN), undo);
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Refuses a claim about an entity merged into another: it would sit on a record no list shows. */
export function refuseMergedEndpoint(merged: { id: string; mergedInto: string } | undefined): void {
  if (merged !== undefined) {
    throw new ConflictError(
      `Entity "${merged.id}" was merged into "${merged.mergedInto}": write the claim about "${merged.mergedInto}".`,
    );
  }
}

/**
 * What an import writes over a graph with merges (both adapters, inside the
 * import's transaction): an entity keeps the `mergedInto` it has (imports do
 * not set it, so re-importing a merged record leaves it merged), and a claim
 * about a merged entity is about the entity it was merged into, so that
 * importing a file again after a merge leaves its claims with the survivor.
 * `mergedIntoOf` gives the stored `mergedInto` of an id.
 */
export function entitiesOverMerges(
  entities: readonly EntityRecord[],
  mergedIntoOf: (id: string) => string | undefined,
): EntityRecord[] {
  return entities.map((e) => {
    const survivor = mergedIntoOf(e.id);
    return survivor === undefined ? e : { ...e, mergedInto: survivor };
  });
}

export function claimOverMerges(claim: ClaimRecord, mergedIntoOf: (id: string) => string | undefined): ClaimRecord {
  const resolve = (id: string): string => {
    let current = id;
    for (let hop = 0; hop < MAX_MERGE_CHAIN; hop++) {
      const next = mergedIntoOf(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  };
  const subjectId = resolve(claim.subjectId);
  const objectId = claim.objectId === null ? null : resolve(claim.objectId);
  return subjectId === claim.subjectId && objectId === claim.objectId ? claim : { ...claim, subjectId, objectId };
}
