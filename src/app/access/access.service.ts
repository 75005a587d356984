import type { Viewer } from '../../policy/viewer';
import { entityKindOfRecordType, RecordType, recordTypeOf } from '../../domain/ids';
import { AccessLevel, EntityKind, type ClaimRecord, type EntityRecord, type SourceRecord } from '../../domain/model';
import { BadUserInputError, NotFoundError } from '../../domain/errors';
import { requiredText } from '../validate';
import { ClaimRole, type AccessChange, type Store } from '../../store/store.port';
import { names } from '../../policy/mentions';
import { newPseudonym, requireAdmin } from '../../policy/permissions';
import { withLevels } from '../../policy/visibility';
import { auditContextOf } from '../../domain/audit';

export interface AccessChangeResult {
  id: string;
  access: AccessLevel;
  protection: AccessLevel | null;
  /** Claims whose derived visibility was worked out again. */
  claimsRecomputed: number;
}

/**
 * Changes who may see what: ADMIN only. A change to one record changes the
 * derived levels of every claim and citation that depends on it, so they are
 * worked out again here and written in the same transaction as the change.
 *
 * Reads go to the store unscoped: an admin's change must account for every
 * record, whatever any viewer sees.
 */
export class AccessService {
  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer,
    private readonly now: () => Date,
  ) {}

  async setAccess(id: string, level: AccessLevel, reasonInput: string): Promise<AccessChangeResult> {
    requireAdmin(this.viewer, 'change who may see a record');
    const reason = requiredText(reasonInput, 'reason', 1000);
    const type = recordTypeOf(id);
    if (type === RecordType.SOURCE) {
      const [source] = await this.store.getSources([id]);
      if (!source) throw new NotFoundError('source', id);
      const changed = { ...source, access: level };
      const count = await this.apply({ sources: [changed] }, reason);
      return { id, access: level, protection: null, claimsRecomputed: count };
    }
    if (type === RecordType.CLAIM) {
      const [claim] = await this.store.getClaims([id]);
      if (!claim) throw new NotFoundError('claim', id);
      const count = await this.apply({ claims: [{ ...claim, access: level }] }, reason);
      return { id, access: level, protection: null, claimsRecomputed: count };
    }
    if (type !== null && entityKindOfRecordType(type) !== null) {
      const entity = await this.entity(id);
      const count = await this.apply({ entities: [{ ...entity, access: level }] }, reason);
      return { id, access: level, protection: entity.protection, claimsRecomputed: count };
    }
    throw new BadUserInputError(`"${id}" is not the id of an entity, source or claim.`, 'id');
  }

  /** Protects a person (or lifts the protection, with `null`); the pseudonym, once given, is kept. */
  async protectPerson(id: string, protection: AccessLevel | null, reasonInput: string): Promise<AccessChangeResult> {
    requireAdmin(this.viewer, 'protect a person');
    const reason = requiredText(reasonInput, 'reason', 1000);
    const entity = await this.entity(id);
    if (entity.kind !== EntityKind.PERSON) {
      throw new BadUserInputError(`Only people can be protected; ${id} is a ${entity.kind.toLowerCase()}.`, 'id');
    }
    const changed: EntityRecord = { ...entity, protection, pseudonym: entity.pseudonym ?? newPseudonym() };
    const count = await this.apply({ entities: [changed], mentions: await this.mentionsOf(entity) }, reason);
    return { id, access: entity.access, protection, claimsRecomputed: count };
  }

  /**
   * Citations whose words name the person, among those of the documents
   * their own claims cite (where they are most likely to be named again):
   * each maps to the person's id, to be added to the citation's mentions.
   */
  private async mentionsOf(person: EntityRecord): Promise<Map<string, string>> {
    const [asSubject, asObject] = await Promise.all([
      this.store.getClaimsOfEntities([person.id], ClaimRole.SUBJECT),
      this.store.getClaimsOfEntities([person.id], ClaimRole.OBJECT),
    ]);
    const own = [...asSubject.flat(), ...asObject.flat()].map((c) => c.id);
    const ownCitations = (await this.store.getCitationsOfClaims(own)).flat();
    const documents = [
      ...new Set(ownCitations.flatMap((c) => (c.viaSourceId ? [c.sourceId, c.viaSourceId] : [c.sourceId]))),
    ];
    const inDocuments = (await this.store.getCitationsOfSources(documents)).flat();
    const found = new Map<string, string>();
    for (const c of inDocuments) {
      if (c.excerpt !== null && names(c.excerpt, person)) found.set(c.id, person.id);
    }
    return found;
  }

  private async entity(id: string): Promise<EntityRecord> {
    const [entity] = await this.store.getEntities([id]);
    if (!entity) throw new NotFoundError('entity', id);
    return entity;
  }

  /**
   * Writes the changed records with the derived levels of every claim that
   * depends on them: claims about a changed entity, claims citing a changed
   * source, a changed claim. Returns how many claims were recomputed.
   */
  private async apply(
    changed: {
      entities?: EntityRecord[];
      sources?: SourceRecord[];
      claims?: ClaimRecord[];
      /** Citation id -> a protected person its excerpt names, to add to its mentions. */
      mentions?: Map<string, string>;
    },
    reason: string,
  ): Promise<number> {
    const mentions = changed.mentions ?? new Map<string, string>();
    const entities = changed.entities ?? [];
    const sources = changed.sources ?? [];
    const claims = changed.claims ?? [];
    const entityIds = entities.map((e) => e.id);
    const [asSubject, asObject, citing, mentioning] = await Promise.all([
      this.store.getClaimsOfEntities(entityIds, ClaimRole.SUBJECT),
      this.store.getClaimsOfEntities(entityIds, ClaimRole.OBJECT),
      this.store.getCitationsOfSources(sources.map((s) => s.id)),
      this.store.getCitations([...mentions.keys()]),
    ]);
    const claimIds = new Set([
      ...claims.map((c) => c.id),
      ...mentioning.flatMap((c) => (c === null ? [] : [c.claimId])),
      ...asSubject.flat().map((c) => c.id),
      ...asObject.flat().map((c) => c.id),
      ...citing.flat().map((c) => c.claimId),
    ]);
    const ids = [...claimIds].sort();
    const overrides = new Map(claims.map((c) => [c.id, c]));
    const loaded = await this.store.getClaims(ids);
    const affected = loaded.flatMap((c) => (c === null ? [] : [overrides.get(c.id) ?? c]));
    const citations = (await this.store.getCitationsOfClaims(affected.map((c) => c.id))).map((list) =>
      list.map((c) => {
        const added = mentions.get(c.id);
        return added === undefined || c.mentions.includes(added)
          ? c
          : { ...c, mentions: [...c.mentions, added].sort() };
      }),
    );

    // Parties, and the people the excerpts name: both decide who may read what.
    const partyIds = [
      ...new Set([
        ...affected.flatMap((c) => (c.objectId ? [c.subjectId, c.objectId] : [c.subjectId])),
        ...citations.flat().flatMap((c) => c.mentions),
      ]),
    ];
    const sourceIds = [
      ...new Set(citations.flat().flatMap((c) => (c.viaSourceId ? [c.sourceId, c.viaSourceId] : [c.sourceId]))),
    ];
    const [parties, cited] = await Promise.all([this.store.getEntities(partyIds), this.store.getSources(sourceIds)]);
    const entityById = new Map(parties.flatMap((e) => (e === null ? [] : [[e.id, e] as const])));
    for (const e of entities) entityById.set(e.id, e);
    const sourceById = new Map(cited.flatMap((s) => (s === null ? [] : [[s.id, s] as const])));
    for (const s of sources) sourceById.set(s.id, s);

    const updatedAt = this.now().toISOString();
    const change: AccessChange = {
      reason,
      updatedAt,
      entities: entities.map((e) => ({ id: e.id, access: e.access, protection: e.protection, pseudonym: e.pseudonym })),
      sources: sources.map((s) => ({ id: s.id, access: s.access })),
      claims: [],
      citations: [],
    };
    affected.forEach((claim, i) => {
      const leveled = withLevels({ claim, citations: citations[i]! }, entityById, sourceById);
      change.claims.push({
        id: claim.id,
        access: claim.access,
        visibility: leveled.claim.visibility,
        textLevel: leveled.claim.textLevel,
      });
      for (const c of leveled.citations) {
        change.citations.push({
          id: c.id,
          mentions: c.mentions,
          visibility: c.visibility,
          excerptLevel: c.excerptLevel,
        });
      }
    });
    await this.store.applyAccessChange(change, auditContextOf(this.viewer, reason, updatedAt));
    return affected.length;
  }
}
