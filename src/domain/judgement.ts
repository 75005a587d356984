import { randomUUID } from 'node:crypto';

/*
 * Judgements: an analyst's recorded decision that records describe the same
 * thing. Two kinds: two entities are one (a merge, undone by a split), and
 * several sources are one origin seen through different documents (one
 * report quoted by two articles). A judgement is a record of its own, kept in
 * the store and named by the audit records of the writes that make and undo
 * it; it is never deleted: undoing it sets `undoneAt`.
 */

export enum JudgementKind {
  /** Two entity records are one: the merged one's claims now read as the survivor's. */
  SAME_ENTITY = 'SAME_ENTITY',
  /** Several source records are one origin: corroboration counts them once. */
  SAME_ORIGIN = 'SAME_ORIGIN',
}

export interface JudgementRecord {
  /** "jdg_" and 32 hex digits. */
  id: string;
  kind: JudgementKind;
  /**
   * SAME_ENTITY: [survivorId, mergedId]. SAME_ORIGIN: the sources, sorted.
   */
  recordIds: string[];
  /** SAME_ENTITY: the entity that absorbed the other; null for SAME_ORIGIN. */
  survivorId: string | null;
  /**
   * SAME_ENTITY: the claims whose subject, and those whose object, was the
   * merged entity when the merge was written (sorted): a split moves exactly
   * these back, so that claims written about the survivor since stay with it.
   */
  movedSubjectClaimIds: string[];
  movedObjectClaimIds: string[];
  reason: string;
  /** Who judged (the viewer's subject and role). */
  actorSubject: string | null;
  actorRole: string;
  createdAt: string;
  /** When, by whom and why the judgement was undone; null while it holds. */
  undoneAt: string | null;
  undoneBySubject: string | null;
  undoReason: string | null;
  updatedAt: string;
  version: number;
}

export const JUDGEMENT_ID_PREFIX = 'jdg_';

export function newJudgementId(): string {
  return `${JUDGEMENT_ID_PREFIX}${randomUUID().replace(/-/g, '')}`;
}

export function isJudgementId(id: string): boolean {
  return /^jdg_[A-Za-z0-9_-]{1,120}$/.test(id);
}

/** Whether the judgement still holds (it has not been undone). */
export function judgementHolds(j: Pick<JudgementRecord, 'undoneAt'>): boolean {
  return j.undoneAt === null;
}

/** A deep copy with every field present (records read back from older or hand-made JSON included). */
export function copyJudgement(j: JudgementRecord): JudgementRecord {
  return {
    id: j.id,
    kind: j.kind,
    recordIds: [...(j.recordIds ?? [])],
    survivorId: j.survivorId ?? null,
    movedSubjectClaimIds: [...(j.movedSubjectClaimIds ?? [])],
    movedObjectClaimIds: [...(j.movedObjectClaimIds ?? [])],
    reason: j.reason,
    actorSubject: j.actorSubject ?? null,
    actorRole: j.actorRole,
    createdAt: j.createdAt,
    undoneAt: j.undoneAt ?? null,
    undoneBySubject: j.undoneBySubject ?? null,
    undoReason: j.undoReason ?? null,
    updatedAt: j.updatedAt,
    version: j.version ?? 1,
  };
}

/** How many entities a chain of merges may be followed through before it is taken as broken. */
export const MAX_MERGE_CHAIN = 16;
