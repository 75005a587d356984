import DataLoader from 'dataloader';
import { auditContextOf } from '../../domain/audit';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import { entityKindOfRecordType, RecordType, recordTypeOf } from '../../domain/ids';
import {
  type JudgementRecord,
  JudgementKind,
  isJudgementId,
  judgementHolds,
  newJudgementId,
} from '../../domain/judgement';
import type { EntityKind, EntityRecord } from '../../domain/model';
import { requireEditable, requireWriter } from '../../policy/permissions';
import { canRead, type Viewer } from '../../policy/viewer';
import { MERGEABLE_KINDS, MIN_BLOCK_WORD } from '../../store/judgements';
import { searchTerms } from '../../domain/names';
import { ClaimRole, type JudgementContext, type Store } from '../../store/store.port';
import { numberInRange, requiredText } from '../validate';
import { type EntityProfile, type MatchReason, scorePair } from './scoring';

export interface DuplicateCandidate {
  a: EntityRecord;
  b: EntityRecord;
  score: number;
  reasons: MatchReason[];
}

export interface MergeOutcome {
  judgement: JudgementRecord;
  survivor: EntityRecord;
}

export interface SplitOutcome {
  judgement: JudgementRecord;
  survivor: EntityRecord;
  restored: EntityRecord;
}

/** A merge note on a survivor: a record merged into it, and the judgement that did it. */
export interface MergeNote {
  mergedId: string;
  judgement: JudgementRecord;
}

/** Most candidates one call returns, and the default. */
export const MAX_CANDIDATES = 100;
export const DEFAULT_CANDIDATES = 20;
export const DEFAULT_MIN_SCORE = 0.5;
/**
 * Bounds of candidate generation, whatever the size of the graph: a name word
 * shared by more entities than MAX_BLOCK_SIZE is too common to compare on
 * ("muhammad", "branch"), and at most MAX_BLOCKS blocks and MAX_PAIRS pairs are scored.
 */
export const MAX_BLOCK_SIZE = 40;
export const MAX_BLOCKS = 2000;
export const MAX_PAIRS = 5000;
const MAX_REASON = 2000;

/**
 * Entity resolution (docs/entity-resolution.md): finding likely duplicates,
 * and the judgements that make one entity of two (and undo it) or one origin
 * of several sources. Reads go through the viewer's scoped store, so a
 * candidate, a judgement or a note about a record the viewer may not see is
 * never shown; writes need a writer's role and are checked again inside the
 * store's transaction.
 */
export class ResolutionService {
  /** The judgements of each record, batched per request (entities of a list ask one by one). */
  private readonly judgementsOfRecord: DataLoader<string, JudgementRecord[]>;

  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer,
    private readonly now: () => Date,
  ) {
    this.judgementsOfRecord = new DataLoader((ids) => this.store.getJudgementsOf(ids));
  }

  // ------------------------------------------------------------ candidates

  /**
   * Likely duplicate pairs, best first (`a` the lower id). With `of`, only
   * pairs with that entity, as `a`, its candidates found by name search (as
   * searchEntityCandidates finds them); else every pair within the store's name blocks.
   */
  async duplicateCandidates(
    kind: EntityKind | null | undefined,
    first: number | null | undefined,
    minScore: number | null | undefined,
    of?: string | null,
  ): Promise<DuplicateCandidate[]> {
    const limit = first ?? DEFAULT_CANDIDATES;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CANDIDATES) {
      throw new BadUserInputError(`first must be a whole number from 1 to ${MAX_CANDIDATES}.`, 'first');
    }
    const floor = numberInRange(minScore ?? DEFAULT_MIN_SCORE, 'minScore', 0, 1) ?? DEFAULT_MIN_SCORE;
    if (kind != null && !MERGEABLE_KINDS.includes(kind)) {
      throw new BadUserInputError(
        `Duplicates are looked for among people, organisations, facilities and places, not ${kind}.`,
        'kind',
      );
    }
    const kinds = kind != null ? [kind] : MERGEABLE_KINDS;

    // Blocks: entities sharing a word of their name keys, found by the store. Pairs only within a block.
    const pairs = of != null ? await this.pairsWith(of, kinds) : new Map<string, [string, string]>();
    for (const k of of != null ? [] : kinds) {
      const blocks = await this.store.nameBlocks({ kind: k, maxBlockSize: MAX_BLOCK_SIZE, limit: MAX_BLOCKS });
      for (const block of blocks) {
        const ids = block.entityIds;
        for (let i = 0; i < ids.length && pairs.size < MAX_PAIRS; i++) {
          for (let j = i + 1; j < ids.length && pairs.size < MAX_PAIRS; j++) {
            pairs.set(`${ids[i]}|${ids[j]}`, [ids[i]!, ids[j]!]);
          }
        }
      }
    }
    if (pairs.size === 0) return [];

    const profiles = await this.profiles([...new Set([...pairs.values()].flat())]);
    const labels = await this.labels([...profiles.values()]);
    const label = (id: string) => labels.get(id) ?? 'a record';
    const scored: DuplicateCandidate[] = [];
    for (const [aId, bId] of pairs.values()) {
      const a = profiles.get(aId);
      const b = profiles.get(bId);
      if (a === undefined || b === undefined) continue;
      const { score, reasons } = scorePair(a, b, label);
      if (score >= floor && score > 0) scored.push({ a: a.entity, b: b.entity, score, reasons });
    }
    scored.sort((x, y) => y.score - x.score || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : x.b.id < y.b.id ? -1 : 1));
    return scored.slice(0, limit);
  }

  /**
   * Pairs of one entity with those whose search keys have a word starting
   * with a word of its names (name search's candidates), word by word, leaving
   * out words shared by more than MAX_BLOCK_SIZE records, as blocks do.
   */
  private async pairsWith(id: string, kinds: readonly EntityKind[]): Promise<Map<string, [string, string]>> {
    const [entity] = await this.store.getEntities([id]);
    if (!entity) throw new NotFoundError('entity', id);
    const pairs = new Map<string, [string, string]>();
    // Never compared below clearance: a protected person is seen by pseudonym only.
    if (!kinds.includes(entity.kind) || (entity.protection !== null && !canRead(this.viewer, entity.protection))) {
      return pairs;
    }
    const tokens = [...new Set([entity.name, ...entity.aliases].flatMap((n) => searchTerms(n).tokens))].filter(
      (t) => t.length >= MIN_BLOCK_WORD,
    );
    if (tokens.length === 0) return pairs;
    // One search per word, as blocks are made: a word more common than a block may be says nothing.
    const perToken = await Promise.all(
      tokens.map((token) =>
        this.store.searchEntityCandidates({ tokens: [token], kinds: [entity.kind], limit: MAX_BLOCK_SIZE + 1 }),
      ),
    );
    const found = perToken.filter((list) => list.length <= MAX_BLOCK_SIZE).flat();
    for (const other of found) {
      if (other.id === id) continue;
      // The record asked about first: `a` of every candidate.
      pairs.set(`${id}|${other.id}`, [id, other.id]);
    }
    return pairs;
  }

  /** Each entity as the viewer reads it, with its visible claims and the sources they cite: four batched reads. */
  private async profiles(ids: string[]): Promise<Map<string, EntityProfile>> {
    const [entities, asSubject, asObject] = await Promise.all([
      this.store.getEntities(ids),
      this.store.getClaimsOfEntities(ids, ClaimRole.SUBJECT),
      this.store.getClaimsOfEntities(ids, ClaimRole.OBJECT),
    ]);
    const claimIds = [...new Set([...asSubject.flat(), ...asObject.flat()].map((c) => c.id))];
    const citations = claimIds.length === 0 ? [] : await this.store.getCitationsOfClaims(claimIds);
    const sourcesOfClaim = new Map(
      claimIds.map((id, i) => [
        id,
        citations[i]!.flatMap((c) => (c.viaSourceId ? [c.sourceId, c.viaSourceId] : [c.sourceId])),
      ]),
    );
    const out = new Map<string, EntityProfile>();
    ids.forEach((id, i) => {
      const entity = entities[i];
      // Only records seen in full: a protected person below clearance is never compared, even by pseudonym.
      if (!entity || (entity.protection !== null && !canRead(this.viewer, entity.protection))) return;
      if (entity.mergedInto !== undefined) return;
      const claims = [...asSubject[i]!, ...asObject[i]!];
      out.set(id, {
        entity,
        claims,
        sourceIds: new Set(claims.flatMap((c) => sourcesOfClaim.get(c.id) ?? [])),
      });
    });
    return out;
  }

  /** Names of the entities and sources reasons may mention, as the viewer reads them. */
  private async labels(profiles: EntityProfile[]): Promise<Map<string, string>> {
    const entityIds = new Set<string>();
    const sourceIds = new Set<string>();
    for (const p of profiles) {
      for (const c of p.claims) {
        entityIds.add(c.subjectId);
        if (c.objectId !== null) entityIds.add(c.objectId);
      }
      for (const id of p.sourceIds) sourceIds.add(id);
    }
    const [entities, sources] = await Promise.all([
      this.store.getEntities([...entityIds]),
      this.store.getSources([...sourceIds]),
    ]);
    const labels = new Map<string, string>();
    for (const e of entities) if (e) labels.set(e.id, e.name);
    for (const s of sources) if (s) labels.set(s.id, `"${s.title}"`);
    return labels;
  }

  // ------------------------------------------------------------ merge and split

  async merge(
    survivorId: string,
    mergedId: string,
    reason: string,
    expected: { survivor?: number | null; merged?: number | null } = {},
  ): Promise<MergeOutcome> {
    requireWriter(this.viewer, 'merge entities');
    const why = requiredText(reason, 'reason', MAX_REASON);
    this.entityId(survivorId, 'survivorId');
    this.entityId(mergedId, 'mergedId');
    if (survivorId === mergedId) {
      throw new BadUserInputError('An entity cannot be merged into itself: name two different entities.', 'mergedId');
    }
    // Records the writer may not see are unknown ids, here and again inside the transaction.
    const [survivor, merged] = await this.store.getEntities([survivorId, mergedId]);
    if (!survivor) throw new NotFoundError('entity', survivorId);
    if (!merged) throw new NotFoundError('entity', mergedId);
    const context = this.judgementContext(newJudgementId(), why);
    await this.store.mergeEntities(
      {
        ...context,
        survivorId,
        mergedId,
        survivorExpectedVersion: expected.survivor ?? null,
        mergedExpectedVersion: expected.merged ?? null,
        check: (s, m) => {
          for (const e of [s, m]) {
            if (!canRead(this.viewer, e.access)) throw new NotFoundError('entity', e.id);
            requireEditable(this.viewer, e, 'merge this entity');
          }
        },
      },
      auditContextOf(this.viewer, why, context.at),
    );
    const [judgement] = await this.store.getJudgements([context.judgementId]);
    const [after] = await this.store.getEntities([survivorId]);
    return { judgement: judgement!, survivor: after! };
  }

  async split(judgementId: string, reason: string, expectedVersion?: number | null): Promise<SplitOutcome> {
    requireWriter(this.viewer, 'split entities');
    const why = requiredText(reason, 'reason', MAX_REASON);
    const judgement = await this.visibleJudgement(judgementId);
    if (judgement.kind !== JudgementKind.SAME_ENTITY) {
      throw new BadUserInputError(
        `Judgement "${judgementId}" is not a merge of entities; undo it with undoSameOrigin.`,
        'judgementId',
      );
    }
    const at = this.now().toISOString();
    await this.store.splitEntity(
      {
        ...this.judgementContext(judgementId, why, at),
        expectedVersion: expectedVersion ?? null,
      },
      auditContextOf(this.viewer, why, at),
    );
    const [after] = await this.store.getJudgements([judgementId]);
    const mergedId = judgement.recordIds.find((id) => id !== judgement.survivorId)!;
    const [survivor, restored] = await this.store.getEntities([judgement.survivorId!, mergedId]);
    return { judgement: after!, survivor: survivor!, restored: restored! };
  }

  // ------------------------------------------------------------ source origins

  async judgeSameOrigin(sourceIds: readonly string[], reason: string): Promise<JudgementRecord> {
    requireWriter(this.viewer, 'judge sources to be one origin');
    const why = requiredText(reason, 'reason', MAX_REASON);
    const ids = [...new Set(sourceIds)];
    ids.forEach((id, i) => {
      if (recordTypeOf(id) !== RecordType.SOURCE) {
        throw new BadUserInputError(`"${id}" is not a source id (source ids look like src_...).`, `sourceIds[${i}]`);
      }
    });
    if (ids.length < 2 || ids.length > 20) {
      throw new BadUserInputError('Name from 2 to 20 different sources that are one origin.', 'sourceIds');
    }
    const found = await this.store.getSources(ids);
    ids.forEach((id, i) => {
      if (!found[i]) throw new NotFoundError('source', id);
    });
    const context = this.judgementContext(newJudgementId(), why);
    const judgement = await this.store.judgeSameOrigin(
      { ...context, sourceIds: ids },
      auditContextOf(this.viewer, why, context.at),
    );
    return (await this.store.getJudgements([judgement.id]))[0] ?? judgement;
  }

  async undoSameOrigin(judgementId: string, reason: string): Promise<JudgementRecord> {
    requireWriter(this.viewer, 'undo a same-origin judgement');
    const why = requiredText(reason, 'reason', MAX_REASON);
    const judgement = await this.visibleJudgement(judgementId);
    if (judgement.kind !== JudgementKind.SAME_ORIGIN) {
      throw new BadUserInputError(
        `Judgement "${judgementId}" is not a same-origin judgement; undo a merge with splitEntity.`,
        'judgementId',
      );
    }
    const at = this.now().toISOString();
    await this.store.undoSameOrigin(this.judgementContext(judgementId, why, at), auditContextOf(this.viewer, why, at));
    return (await this.store.getJudgements([judgementId]))[0]!;
  }

  // ------------------------------------------------------------ reads

  /** The judgement, if the viewer may know of it (they see every record it names). */
  async judgement(id: string): Promise<JudgementRecord | null> {
    if (!isJudgementId(id)) return null;
    return (await this.store.getJudgements([id]))[0] ?? null;
  }

  /** The judgements naming each record that the viewer may know of, held or undone. */
  async judgementsOf(recordIds: readonly string[]): Promise<JudgementRecord[][]> {
    return Promise.all(recordIds.map((id) => this.judgementsOfRecord.load(id)));
  }

  /** Records merged into each entity (merges that hold) that the viewer may know of. */
  async mergedInto(entityIds: readonly string[]): Promise<MergeNote[][]> {
    const lists = await this.judgementsOf(entityIds);
    return lists.map((list, i) =>
      list
        .filter((j) => j.kind === JudgementKind.SAME_ENTITY && judgementHolds(j) && j.survivorId === entityIds[i])
        .map((j) => ({ mergedId: j.recordIds.find((id) => id !== j.survivorId)!, judgement: j })),
    );
  }

  /** The held same-origin judgements naming each source that the viewer may know of. */
  async sameOriginJudgements(sourceIds: readonly string[]): Promise<JudgementRecord[]> {
    if (sourceIds.length === 0) return [];
    const lists = await this.store.getJudgementsOf(sourceIds);
    const byId = new Map<string, JudgementRecord>();
    for (const j of lists.flat()) if (j.kind === JudgementKind.SAME_ORIGIN && judgementHolds(j)) byId.set(j.id, j);
    return [...byId.values()];
  }

  // ------------------------------------------------------------ helpers

  private entityId(id: string, field: string): void {
    const type = recordTypeOf(id);
    if (type === null || entityKindOfRecordType(type) === null) {
      throw new BadUserInputError(`"${id}" is not an entity id (ids look like per_... or fac_...).`, field);
    }
  }

  private async visibleJudgement(id: string): Promise<JudgementRecord> {
    if (!isJudgementId(id)) {
      throw new BadUserInputError(`"${id}" is not a judgement id (judgement ids look like jdg_...).`, 'judgementId');
    }
    const [judgement] = await this.store.getJudgements([id]);
    if (!judgement) throw new NotFoundError('judgement', id);
    return judgement;
  }

  private judgementContext(judgementId: string, reason: string, at = this.now().toISOString()): JudgementContext {
    return { judgementId, reason, actorSubject: this.viewer.subject, actorRole: this.viewer.role, at };
  }
}
