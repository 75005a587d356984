import { canRead, type Viewer } from '../../policy/viewer';
import { entityKindOfRecordType, RecordType, recordTypeOf } from '../../domain/ids';
import { AccessLevel, EntityKind, type ClaimRecord, type EntityRecord, type SourceRecord } from '../../domain/model';
import { BadUserInputError, InsufficientClearanceError, NotFoundError, StaleChangeError } from '../../domain/errors';
import { requiredText } from '../validate';
import {
  ClaimRole,
  type AccessChange,
  type EntityAccessChange,
  type Store,
  type VersionRef,
} from '../../store/store.port';
import { names } from '../../policy/mentions';
import { newPseudonym, requireAdmin, requireClearanceFor } from '../../policy/permissions';
import { withLevels } from '../../policy/visibility';
import { auditContextOf, type AuditState } from '../../domain/audit';

export interface AccessChangeResult {
  id: string;
  access: AccessLevel;
  protection: AccessLevel | null;
  /** Claims whose derived visibility was worked out again. */
  claimsRecomputed: number;
  /** The record's version after the change. */
  version: number;
}

/**
 * How many times a change is worked out again when what it was worked out
 * from changed before it could be written (StaleChangeError), before the
 * CONFLICT reaches the client.
 */
const MAX_ATTEMPTS = 5;

/** Which fields of an entity a change sets. */
type EntityAccessField = 'access' | 'protection' | 'pseudonym';

/** The record a change is about, the version the client expects it at, and which entity fields it sets. */
interface Target {
  id: string;
  expectedVersion: number | null | undefined;
  entityFields?: readonly EntityAccessField[];
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

  /**
   * Sets who may see an entity, source or claim. Nobody sets a level above
   * their own clearance, nor changes one they could not read (FORBIDDEN). The
   * record's own access is the only field of it written; the levels of what
   * depends on it follow in the same transaction, refused and worked out again
   * if anything they were worked out from changed meanwhile. With
   * `expectedVersion`, refused (CONFLICT) unless the record is still at it.
   */
  async setAccess(
    id: string,
    level: AccessLevel,
    reasonInput: string,
    expectedVersion?: number | null,
  ): Promise<AccessChangeResult> {
    requireAdmin(this.viewer, 'change who may see a record');
    const reason = requiredText(reasonInput, 'reason', 1000);
    requireClearanceFor(this.viewer, level, 'access');
    const type = recordTypeOf(id);
    const target: Target = { id, expectedVersion, entityFields: ['access'] };
    if (type === RecordType.SOURCE) {
      return this.retrying(async () => {
        const [source] = await this.store.getSources([id]);
        if (!source) throw new NotFoundError('source', id);
        this.requireCleared(source.access, `change the access of ${id}`);
        const { count, after } = await this.apply({ sources: [{ ...source, access: level }] }, reason, target);
        const stored = after.sources.find((s) => s.id === id)!;
        return { id, access: stored.access, protection: null, claimsRecomputed: count, version: stored.version };
      });
    }
    if (type === RecordType.CLAIM) {
      return this.retrying(async () => {
        const [claim] = await this.store.getClaims([id]);
        if (!claim) throw new NotFoundError('claim', id);
        this.requireCleared(claim.access, `change the access of ${id}`);
        const { count, after } = await this.apply({ claims: [{ ...claim, access: level }] }, reason, target);
        const stored = after.claims.find((c) => c.id === id)!;
        return { id, access: stored.access, protection: null, claimsRecomputed: count, version: stored.version };
      });
    }
    if (type !== null && entityKindOfRecordType(type) !== null) {
      return this.retrying(async () => {
        const entity = await this.entity(id);
        this.requireCleared(entity.access, `change the access of ${id}`);
        const { count, after } = await this.apply({ entities: [{ ...entity, access: level }] }, reason, target);
        return this.entityResult(after, id, count);
      });
    }
    throw new BadUserInputError(`"${id}" is not the id of an entity, source or claim.`, 'id');
  }

  /**
   * Protects a person (or lifts the protection, with `null`); the pseudonym,
   * once given, is kept. Only the protection and pseudonym are written: an
   * edit of the person made meanwhile is kept, and can never lower them.
   */
  async protectPerson(
    id: string,
    protection: AccessLevel | null,
    reasonInput: string,
    expectedVersion?: number | null,
  ): Promise<AccessChangeResult> {
    requireAdmin(this.viewer, 'protect a person');
    const reason = requiredText(reasonInput, 'reason', 1000);
    if (protection !== null) requireClearanceFor(this.viewer, protection, 'protection');
    return this.retrying(async () => {
      const entity = await this.entity(id);
      if (entity.kind !== EntityKind.PERSON) {
        throw new BadUserInputError(`Only people can be protected; ${id} is a ${entity.kind.toLowerCase()}.`, 'id');
      }
      this.requireCleared(entity.access, `change the protection of ${id}`);
      if (entity.protection !== null) this.requireCleared(entity.protection, `change the protection of ${id}`);
      const changed: EntityRecord = { ...entity, protection, pseudonym: entity.pseudonym ?? newPseudonym() };
      const { mentions, scanned } = await this.mentionsOf(entity);
      const { count, after } = await this.apply({ entities: [changed], mentions, scanned }, reason, {
        id,
        expectedVersion,
        entityFields: ['protection', 'pseudonym'],
      });
      return this.entityResult(after, id, count);
    });
  }

  private entityResult(after: AuditState, id: string, count: number): AccessChangeResult {
    const stored = after.entities.find((e) => e.id === id)!;
    return {
      id,
      access: stored.access,
      protection: stored.protection,
      claimsRecomputed: count,
      version: stored.version,
    };
  }

  /** Refuses (FORBIDDEN) to change a record whose current level is above this viewer's clearance. */
  private requireCleared(level: AccessLevel, action: string): void {
    if (!canRead(this.viewer, level)) throw new InsufficientClearanceError(action, level, this.viewer.clearance);
  }

  /**
   * Runs `attempt` (read, work out, write) again while the store refuses it
   * because what it was worked out from changed meanwhile, a few times.
   */
  private async retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof StaleChangeError) || i >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Citations whose words name the person, among those of the documents
   * their own claims cite (where they are most likely to be named again):
   * each maps to the person's id, to be added to the citation's mentions.
   * `scanned` says what was read, so that the store can refuse the change if
   * a citation was added to those documents meanwhile.
   */
  private async mentionsOf(
    person: EntityRecord,
  ): Promise<{ mentions: Map<string, string>; scanned: { sourceIds: string[]; citationIds: string[] } }> {
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
    return { mentions: found, scanned: { sourceIds: documents, citationIds: inDocuments.map((c) => c.id) } };
  }

  private async entity(id: string): Promise<EntityRecord> {
    const [entity] = await this.store.getEntities([id]);
    if (!entity) throw new NotFoundError('entity', id);
    return entity;
  }

  /**
   * Writes the changed records with the derived levels of every claim that
   * depends on them: claims about a changed entity, claims citing a changed
   * source, a changed claim. The store writes it only if every record read
   * here is still at the version read (basis) and no claim or citation was
   * added meanwhile (complete); otherwise StaleChangeError, and the caller
   * works it out again. Returns how many claims were recomputed, and the
   * records as the change left them.
   */
  private async apply(
    changed: {
      entities?: EntityRecord[];
      sources?: SourceRecord[];
      claims?: ClaimRecord[];
      /** Citation id -> a protected person its excerpt names, to add to its mentions. */
      mentions?: Map<string, string>;
      /** The documents whose citations were read to find those mentions, and the citations read. */
      scanned?: { sourceIds: string[]; citationIds: string[] };
    },
    reason: string,
    target: Target,
  ): Promise<{ count: number; after: AuditState }> {
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
    const expected = (id: string) => (id === target.id ? { expectedVersion: target.expectedVersion } : {});
    const fields = target.entityFields ?? [];
    const versions = (records: Iterable<{ id: string; version: number }>): VersionRef[] =>
      [...records].map((r) => ({ id: r.id, version: r.version }));
    const change: AccessChange = {
      reason,
      updatedAt,
      entities: entities.map((e) => {
        const write: EntityAccessChange = { id: e.id, ...expected(e.id) };
        if (fields.includes('access')) write.access = e.access;
        if (fields.includes('protection')) write.protection = e.protection;
        if (fields.includes('pseudonym')) write.pseudonym = e.pseudonym;
        return write;
      }),
      sources: sources.map((s) => ({ id: s.id, access: s.access, ...expected(s.id) })),
      claims: [],
      citations: [],
      // Everything the levels below were worked out from, at the version read.
      basis: {
        entities: versions([...entities, ...entityById.values()]),
        sources: versions([...sources, ...sourceById.values()]),
        claims: versions([...claims, ...loaded.flatMap((c) => (c === null ? [] : [c]))]),
      },
      complete: true,
      ...(changed.scanned ? { scanned: changed.scanned } : {}),
    };
    affected.forEach((claim, i) => {
      const leveled = withLevels({ claim, citations: citations[i]! }, entityById, sourceById);
      change.claims.push({
        id: claim.id,
        access: claim.access,
        visibility: leveled.claim.visibility,
        textLevel: leveled.claim.textLevel,
        ...expected(claim.id),
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
    const after = await this.store.applyAccessChange(change, auditContextOf(this.viewer, reason, updatedAt));
    return { count: affected.length, after };
  }
}
