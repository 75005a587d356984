import { entityKindOfRecordType, newId, RecordType, recordTypeOf } from '../../domain/ids';
import {
  AccessLevel,
  CitationRecord,
  ClaimRank,
  ClaimRecord,
  ClaimStatus,
  ClaimValue,
  Credibility,
  EntityRecord,
  QuantityQualifier,
  Reliability,
  SourceRecord,
} from '../../domain/model';
import { findPredicate, ObjectType, PREDICATES } from '../../domain/predicates';
import { creationLevel, requireWriter } from '../../policy/permissions';
import type { MentionFinder } from '../../policy/mentions';
import { minLevel, withLevels } from '../../policy/visibility';
import type { Viewer } from '../../policy/viewer';
import { BadUserInputError, NotFoundError, StaleChangeError } from '../../domain/errors';
import type { EntityService } from '../entities/entity.service';
import type { Loaders } from '../loaders';
import { Connection, pageRequest, toConnection } from '../paging';
import { fuzzyDate, optionalText, requiredText } from '../validate';
import type { SourceService } from '../sources/source.service';
import { ClaimRole } from '../../store/store.port';
import type {
  ClaimFilter,
  ClaimInclude,
  ClaimPage,
  PathQuery,
  PathRecord,
  ClaimsAlong,
  EntityClaimFilter,
  PageRequest,
  RecordVersions,
  Store,
  VersionRef,
} from '../../store/store.port';
import { auditContextOf } from '../../domain/audit';

export interface CitationInput {
  sourceId: string;
  viaSourceId?: string | null;
  locator: string;
  excerpt: string;
  reliability: Reliability;
  credibility: number;
}

export interface QuantityInput {
  amount: number;
  amountMax?: number | null;
  qualifier?: QuantityQualifier | null;
  unit: string;
}

export interface AssertClaimInput {
  subjectId: string;
  predicate: string;
  objectId?: string | null;
  quantity?: QuantityInput | null;
  text?: string | null;
  period?: string | null;
  note?: string | null;
  /** Who may see the claim itself; its parties and sources may restrict it further. */
  access?: AccessLevel | null;
  citations: CitationInput[];
}

export enum ClaimSide {
  SUBJECT = 'SUBJECT',
  OBJECT = 'OBJECT',
  ANY = 'ANY',
}

export interface EntityClaimsFilter {
  side: ClaimSide;
  predicates?: string[] | null;
  statuses?: ClaimStatus[] | null;
}

/** Checks new citations' excerpts against their documents; throws to refuse. `fieldOf(i)` names citation i's input. */
export type ExcerptCheck = (citations: readonly CitationRecord[], fieldOf: (index: number) => string) => Promise<void>;

/** Every claim of an entity, as one page: allOfEntity's callers (case files, timelines) need them all. */
const ALL_CLAIMS: PageRequest = { first: Number.MAX_SAFE_INTEGER, after: null };

export const MAX_EXCERPT = 1000;
export const MAX_CITATIONS = 50;
/** Attempts at a write whose levels went stale before it could be made (StaleChangeError). */
const MAX_ATTEMPTS = 5;

function requireClaimId(id: string, field: string): void {
  if (recordTypeOf(id) !== RecordType.CLAIM)
    throw new BadUserInputError(`"${id}" is not a claim id (claim ids start with clm_).`, field);
}

export class ClaimService {
  constructor(
    private readonly store: Store,
    private readonly loaders: Loaders,
    private readonly entities: EntityService,
    private readonly sources: SourceService,
    private readonly viewer: Viewer,
    private readonly now: () => Date,
    private readonly maxPageSize: number,
    private readonly findMentions: MentionFinder,
    /**
     * Refuses new citations whose excerpt is not at their locator in the
     * document their source holds (src/app/documents/document.service.ts),
     * before anything is written; absent: excerpts are not checked.
     */
    private readonly requireExcerpts?: ExcerptCheck,
  ) {}

  async find(id: string): Promise<ClaimRecord | null> {
    return this.loaders.claim.load(id);
  }

  async get(id: string, field = 'id'): Promise<ClaimRecord> {
    requireClaimId(id, field);
    const claim = await this.find(id);
    if (!claim) throw new NotFoundError('claim', id);
    return claim;
  }

  /** As get, with what `include` asks read along in the same store call (an evidence trace's citations and lineage). */
  async getAlong(id: string, field: string, include: ClaimInclude): Promise<ClaimRecord> {
    requireClaimId(id, field);
    const [claim] = await this.findAlong([id], include);
    if (!claim) throw new NotFoundError('claim', id);
    return claim;
  }

  async findCitation(id: string): Promise<CitationRecord | null> {
    return this.loaders.citation.load(id);
  }

  citationsOf(claimId: string): Promise<CitationRecord[]> {
    return this.loaders.citationsOfClaim.load(claimId);
  }

  citationsOfSource(sourceId: string): Promise<CitationRecord[]> {
    return this.loaders.citationsOfSource.load(sourceId);
  }

  async list(
    filter: ClaimFilter,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Connection<ClaimRecord>> {
    if (filter.predicates) filter.predicates.forEach((p, i) => this.predicate(p, `predicates[${i}]`));
    const request = pageRequest(first, after, this.maxPageSize);
    const page = await this.store.listClaims(filter, request);
    page.items.forEach((c) => this.loaders.claim.prime(c.id, c));
    return toConnection(page, request);
  }

  /** An entity's claims, as subject, object or either; batched across entities by the loaders. */
  async ofEntity(
    entityId: string,
    filter: EntityClaimsFilter,
    first: number | null | undefined,
    after: string | null | undefined,
    include?: ClaimInclude,
  ): Promise<Connection<ClaimRecord>> {
    const request = pageRequest(first, after, this.maxPageSize);
    const page = await this.loaders.claimPages(this.entityClaimFilter(filter), request, include).load(entityId);
    this.primeFrom(page);
    this.primeOwner(entityId, page);
    return toConnection(page, request);
  }

  /**
   * Every claim of an entity matching the filter, ordered by id: filtered in
   * the store, in one page, with what `include` asks read along.
   */
  async allOfEntity(entityId: string, filter: EntityClaimsFilter, include?: ClaimInclude): Promise<ClaimRecord[]> {
    const page = await this.loaders.claimPages(this.entityClaimFilter(filter), ALL_CLAIMS, include).load(entityId);
    this.primeFrom(page);
    this.primeOwner(entityId, page);
    return page.items;
  }

  /**
   * Paths with their hops' claims and what `include` asks read along, in one
   * store round trip; a hop's claim not returned is one this viewer may not see.
   */
  async findPathsAlong(
    query: PathQuery,
    include: ClaimInclude,
  ): Promise<{ paths: PathRecord[]; claims: ClaimRecord[] }> {
    const { paths, along } = await this.store.findPathsAlong(query, include);
    this.primeFrom(along, include.lineage === true);
    const found = new Set(along.items.map((c) => c.id));
    for (const id of paths.flatMap((p) => p.claimIds)) if (!found.has(id)) this.loaders.claim.prime(id, null);
    return { paths, claims: along.items };
  }

  /** Claims by id with what `include` asks read along, in one store round trip. */
  async findAlong(ids: readonly string[], include: ClaimInclude): Promise<ClaimRecord[]> {
    if (ids.length === 0) return [];
    const found = await this.store.getClaimsAlong(ids, include);
    this.primeFrom(found, include.lineage === true);
    for (const id of ids) this.loaders.claim.prime(id, found.items.find((c) => c.id === id) ?? null);
    return found.items;
  }

  /**
   * Hands what a page read along to the request's loaders, so that the
   * fields resolved next (citations, their sources, the claims' entities)
   * cost no more round trips. A record the page names but did not return is
   * one this viewer may not see: the loader would read it as null too.
   */
  /** The entity the page brought along, for the request's entity loader (the field above it may be waiting). */
  private primeOwner(entityId: string, page: ClaimPage): void {
    if (page.owner !== undefined) this.loaders.entity.prime(entityId, page.owner);
  }

  private primeFrom(page: ClaimsAlong, lineage = false): void {
    page.items.forEach((c) => this.loaders.claim.prime(c.id, c));
    if (page.citations) {
      page.items.forEach((c, i) => this.loaders.citationsOfClaim.prime(c.id, page.citations![i] ?? []));
    }
    if (page.sources && page.citations) {
      const found = new Map(page.sources.map((s) => [s.id, s]));
      page.sources.forEach((s) => this.loaders.source.prime(s.id, s));
      const named = page.citations.flat().flatMap((x) => (x.viaSourceId ? [x.sourceId, x.viaSourceId] : [x.sourceId]));
      // With the lineage read, a parent not returned is one this viewer may not see, as a cited source is.
      const parents = lineage ? page.sources.flatMap((s) => s.derivedFromIds) : [];
      for (const id of [...named, ...parents]) if (!found.has(id)) this.loaders.source.prime(id, null);
    }
    if (page.entities) {
      const found = new Map(page.entities.map((e) => [e.id, e]));
      for (const c of page.items) {
        for (const id of c.objectId ? [c.subjectId, c.objectId] : [c.subjectId]) {
          this.loaders.entity.prime(id, found.get(id) ?? null);
        }
      }
    }
  }

  /**
   * The store's filter for an entity's claims. An empty list of predicates or
   * statuses filters nothing here (the API's omitted-or-empty), unlike the store's.
   */
  private entityClaimFilter(filter: EntityClaimsFilter): EntityClaimFilter {
    if (filter.predicates) filter.predicates.forEach((p, i) => this.predicate(p, `predicates[${i}]`));
    return {
      ...(filter.side === ClaimSide.SUBJECT ? { role: ClaimRole.SUBJECT } : {}),
      ...(filter.side === ClaimSide.OBJECT ? { role: ClaimRole.OBJECT } : {}),
      ...(filter.predicates?.length ? { predicates: [...new Set(filter.predicates)].sort() } : {}),
      ...(filter.statuses?.length ? { statuses: [...new Set(filter.statuses)].sort() } : {}),
    };
  }

  /**
   * Records a claim with its citations. Their levels are worked out from the
   * parties, the people the excerpts name and the sources, as read here; the
   * store refuses the write if any of those changed before it (a person
   * protected meanwhile), and the claim is worked out again.
   */
  assert(input: AssertClaimInput): Promise<ClaimRecord> {
    return this.retrying(() => this.assertOnce(input));
  }

  private async assertOnce(input: AssertClaimInput): Promise<ClaimRecord> {
    requireWriter(this.viewer, 'record a claim');
    const definition = this.predicate(input.predicate, 'predicate');
    const subject = await this.entity(input.subjectId, 'subjectId');
    if (!definition.subjectKinds.includes(subject.kind)) {
      throw new BadUserInputError(
        `${definition.name} needs a subject that is a ${list(definition.subjectKinds)}; ${subject.id} is a ${subject.kind.toLowerCase()}.`,
        'subjectId',
      );
    }
    let object: EntityRecord | null = null;
    let value: ClaimValue | null = null;
    const given = [input.objectId, input.quantity, input.text].filter((v) => v !== undefined && v !== null).length;
    if (given !== 1) {
      throw new BadUserInputError(
        `${definition.name} takes ${describeObject(definition.objectType)}; give exactly one of objectId, quantity and text.`,
        'objectId',
      );
    }
    switch (definition.objectType) {
      case ObjectType.ENTITY: {
        if (!input.objectId)
          throw new BadUserInputError(`${definition.name} takes an objectId, not a value.`, 'objectId');
        object = await this.entity(input.objectId, 'objectId');
        if (!definition.objectKinds.includes(object.kind)) {
          throw new BadUserInputError(
            `${definition.name} needs an object that is a ${list(definition.objectKinds)}; ${object.id} is a ${object.kind.toLowerCase()}.`,
            'objectId',
          );
        }
        if (object.id === subject.id)
          throw new BadUserInputError('A claim cannot relate an entity to itself.', 'objectId');
        break;
      }
      case ObjectType.QUANTITY:
        if (!input.quantity)
          throw new BadUserInputError(`${definition.name} takes a quantity (amount and unit).`, 'quantity');
        value = quantity(input.quantity);
        break;
      case ObjectType.TEXT:
        if (input.text === undefined || input.text === null) {
          throw new BadUserInputError(`${definition.name} takes a text value.`, 'text');
        }
        value = { type: 'TEXT', text: requiredText(input.text, 'text', MAX_EXCERPT) };
        break;
    }

    const objectId = object?.id ?? null;
    const access = creationLevel(this.viewer, input.access, 'access');
    const at = this.now().toISOString();
    const claim: ClaimRecord = {
      id: newId(RecordType.CLAIM),
      subjectId: subject.id,
      predicate: definition.name,
      objectId,
      value,
      period: fuzzyDate(input.period, 'period'),
      status: ClaimStatus.ASSERTED,
      statusReason: null,
      rank: ClaimRank.NORMAL,
      rankReason: null,
      note: optionalText(input.note, 'note'),
      access,
      // Derived from the citations below.
      visibility: access,
      textLevel: access,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    if (!input.citations || input.citations.length === 0) {
      throw new BadUserInputError(
        'A claim needs at least one citation: give the source, a locator (page, paragraph, timestamp) and the exact excerpt.',
        'citations',
      );
    }
    const cited = await this.citations(claim.id, input.citations, 'citations');
    const named = await this.withMentions(cited.citations);
    const parties = new Map<string, EntityRecord>([
      ...named.people,
      [subject.id, subject],
      ...(object ? [[object.id, object] as const] : []),
    ]);
    const { claim: leveled, citations } = withLevels({ claim, citations: named.citations }, parties, cited.sources);
    await this.store.assertClaim(
      { claim: leveled, citations },
      auditContextOf(this.viewer, null, at),
      basisOf([...parties.values()], named.named, cited.sources),
    );
    this.loaders.claim.clear(claim.id);
    this.loaders.claimsAsSubject.clear(subject.id);
    if (objectId) this.loaders.claimsAsObject.clear(objectId);
    this.loaders.clearClaimPages();
    this.loaders.citationsOfClaim.clear(claim.id);
    // The answer is what this viewer reads a moment later (through the scoped store), not the raw record;
    // a claim the writer may not read back (about someone protected above them) comes back as they wrote it.
    return (await this.find(claim.id)) ?? leveled;
  }

  /** Adds a citation; its levels and the claim's are worked out, and written only if still right, as in assert. */
  addCitation(claimId: string, input: CitationInput): Promise<ClaimRecord> {
    return this.retrying(() => this.addCitationOnce(claimId, input));
  }

  private async addCitationOnce(claimId: string, input: CitationInput): Promise<ClaimRecord> {
    requireWriter(this.viewer, 'add a citation');
    const claim = await this.get(claimId, 'claimId');
    const cited = await this.citations(claim.id, [input], 'citation');
    const named = await this.withMentions(cited.citations);
    const parties = await this.entities.findMany(
      claim.objectId === null ? [claim.subjectId] : [claim.subjectId, claim.objectId],
    );
    const people = new Map([...named.people, ...parties.flatMap((e) => (e === null ? [] : [[e.id, e] as const]))]);
    const leveled = withLevels({ claim, citations: named.citations }, people, cited.sources);
    // A claim is as visible as its most visible citation: a new one can only widen it.
    const visibility = minLevel([claim.visibility, leveled.claim.visibility]);
    const at = leveled.citations[0]?.createdAt ?? this.now().toISOString();
    const basis = basisOf([...people.values()], named.named, cited.sources);
    await this.store.addCitations(claim.id, leveled.citations, visibility, auditContextOf(this.viewer, null, at), {
      ...basis,
      claims: [{ id: claim.id, version: claim.version }],
    });
    this.loaders.citationsOfClaim.clear(claim.id);
    this.loaders.claim.clear(claim.id);
    this.loaders.clearClaimPages();
    return this.get(claim.id, 'claimId');
  }

  /**
   * Runs `attempt` again, with fresh reads, while the store refuses it because
   * what it was worked out from changed meanwhile (StaleChangeError), a few times.
   */
  private async retrying<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof StaleChangeError) || i >= MAX_ATTEMPTS) throw error;
        this.loaders.entity.clearAll();
        this.loaders.source.clearAll();
        this.loaders.claim.clearAll();
        this.loaders.clearClaimPages();
      }
    }
  }

  dispute(claimId: string, reason: string, expectedVersion?: number | null): Promise<ClaimRecord> {
    return this.changeStatus(claimId, ClaimStatus.DISPUTED, reason, expectedVersion);
  }

  retract(claimId: string, reason: string, expectedVersion?: number | null): Promise<ClaimRecord> {
    return this.changeStatus(claimId, ClaimStatus.RETRACTED, reason, expectedVersion);
  }

  /**
   * Ranks a claim among those about the same thing. A retracted claim cannot
   * be ranked: it no longer stands, so it cannot be preferred or compared. The
   * store judges that on the claim as stored in its transaction (rankConflict),
   * so a retraction made meanwhile is never ranked over.
   */
  async rank(
    claimId: string,
    rank: ClaimRank,
    reasonInput: string,
    expectedVersion?: number | null,
  ): Promise<ClaimRecord> {
    requireWriter(this.viewer, 'rank a claim');
    const reason = requiredText(reasonInput, 'reason', MAX_EXCERPT);
    const claim = await this.get(claimId, 'id');
    const updatedAt = this.now().toISOString();
    await this.store.setClaimRank(
      { claimId: claim.id, rank, reason, updatedAt, expectedVersion },
      auditContextOf(this.viewer, reason, updatedAt),
    );
    this.loaders.claim.clear(claim.id);
    this.loaders.clearClaimPages();
    return this.get(claim.id, 'id');
  }

  /**
   * Disputes or retracts. Whether the claim may still move to `status` (a
   * retraction is final) is judged by the store on the claim as stored in its
   * transaction (statusChangeConflict), not on the copy read here: a dispute
   * and a retraction racing each other end retracted, the dispute refused
   * with CONFLICT if it comes second.
   */
  private async changeStatus(
    claimId: string,
    status: ClaimStatus,
    reasonInput: string,
    expectedVersion: number | null | undefined,
  ): Promise<ClaimRecord> {
    requireWriter(this.viewer, `mark a claim ${status.toLowerCase()}`);
    const reason = requiredText(reasonInput, 'reason', MAX_EXCERPT);
    const claim = await this.get(claimId, 'claimId');
    const updatedAt = this.now().toISOString();
    await this.store.setClaimStatus(
      { claimId: claim.id, status, reason, updatedAt, expectedVersion },
      auditContextOf(this.viewer, reason, updatedAt),
    );
    this.loaders.claim.clear(claim.id);
    this.loaders.clearClaimPages();
    return this.get(claim.id, 'claimId');
  }

  /** The citations with the protected people their excerpts name, and those people. */
  private async withMentions(
    citations: CitationRecord[],
  ): Promise<{ citations: CitationRecord[]; people: Map<string, EntityRecord>; named: VersionRef[] }> {
    const found = await this.findMentions(citations.map((c) => c.excerpt ?? ''));
    return {
      citations: citations.map((c, i) => ({ ...c, mentions: found.ids[i]! })),
      people: found.people,
      named: found.named,
    };
  }

  private predicate(name: string, field: string) {
    const definition = findPredicate(name);
    if (!definition) {
      throw new BadUserInputError(
        `Unknown predicate "${name}". Use one of: ${PREDICATES.map((p) => p.name).join(', ')}.`,
        field,
      );
    }
    return definition;
  }

  private async entity(id: string, field: string): Promise<EntityRecord> {
    const type = recordTypeOf(id);
    if (!type || entityKindOfRecordType(type) === null) {
      throw new BadUserInputError(
        `${field} "${id}" is not an entity id (ids look like fac_sednaya or per_...).`,
        field,
      );
    }
    const entity = await this.entities.find(id);
    if (!entity) throw new NotFoundError('entity', id);
    return entity;
  }

  /** The new citations, with levels still to derive, and the sources they name. */
  private async citations(
    claimId: string,
    inputs: readonly CitationInput[],
    field: string,
  ): Promise<{ citations: CitationRecord[]; sources: Map<string, SourceRecord> }> {
    if (inputs.length > MAX_CITATIONS) {
      throw new BadUserInputError(
        `${inputs.length} citations at once is too many; the limit is ${MAX_CITATIONS}.`,
        field,
      );
    }
    const at = this.now().toISOString();
    const sources = new Map<string, SourceRecord>();
    const citations = await Promise.all(
      inputs.map(async (input, i): Promise<CitationRecord> => {
        const path = inputs.length === 1 && field === 'citation' ? field : `${field}[${i}]`;
        const source = await this.sources.get(input.sourceId, `${path}.sourceId`);
        const via = input.viaSourceId ? await this.sources.get(input.viaSourceId, `${path}.viaSourceId`) : null;
        sources.set(source.id, source);
        if (via) sources.set(via.id, via);
        if (via && via.id === source.id) {
          throw new BadUserInputError(
            `${path}.viaSourceId repeats sourceId; leave it empty when the excerpt is from the source itself.`,
            `${path}.viaSourceId`,
          );
        }
        if (!Number.isInteger(input.credibility) || input.credibility < 1 || input.credibility > 6) {
          throw new BadUserInputError(
            `${path}.credibility must be a whole number from 1 (confirmed) to 6 (cannot be judged).`,
            `${path}.credibility`,
          );
        }
        return {
          id: newId(RecordType.CITATION),
          claimId,
          sourceId: source.id,
          viaSourceId: via?.id ?? null,
          locator: requiredText(input.locator, `${path}.locator`, 200),
          excerpt: requiredText(input.excerpt, `${path}.excerpt`, MAX_EXCERPT),
          reliability: input.reliability,
          credibility: input.credibility as Credibility,
          // Derived by withLevels once the claim's parties are known.
          visibility: AccessLevel.CONFIDENTIAL,
          excerptLevel: AccessLevel.CONFIDENTIAL,
          mentions: [],
          createdAt: at,
        };
      }),
    );
    await this.requireExcerpts?.(citations, (i) =>
      inputs.length === 1 && field === 'citation' ? field : `${field}[${i}]`,
    );
    return { citations, sources };
  }
}

/** The versions of the records a claim's levels were worked out from: its people (parties, anyone named) and sources. */
function basisOf(
  people: readonly EntityRecord[],
  named: readonly VersionRef[],
  sources: ReadonlyMap<string, SourceRecord>,
): RecordVersions {
  const entities = new Map<string, number>(named.map((r) => [r.id, r.version]));
  for (const e of people) entities.set(e.id, e.version);
  return {
    entities: [...entities].map(([id, version]) => ({ id, version })),
    sources: [...sources.values()].map((s) => ({ id: s.id, version: s.version })),
  };
}

function quantity(input: QuantityInput): ClaimValue {
  if (!Number.isFinite(input.amount) || input.amount < 0) {
    throw new BadUserInputError(
      `quantity.amount must be a finite number of at least 0; got ${input.amount}.`,
      'quantity.amount',
    );
  }
  const amountMax = input.amountMax ?? null;
  if (amountMax !== null && (!Number.isFinite(amountMax) || amountMax < input.amount)) {
    throw new BadUserInputError(
      'quantity.amountMax must be at least quantity.amount (it is the top of a range).',
      'quantity.amountMax',
    );
  }
  return {
    type: 'QUANTITY',
    amount: input.amount,
    amountMax,
    qualifier: input.qualifier ?? QuantityQualifier.EXACT,
    unit: requiredText(input.unit, 'quantity.unit', 100),
  };
}

function list(kinds: readonly string[]): string {
  return kinds.map((k) => k.toLowerCase()).join(' or ');
}

function describeObject(type: ObjectType): string {
  switch (type) {
    case ObjectType.ENTITY:
      return 'an object entity (objectId)';
    case ObjectType.QUANTITY:
      return 'a quantity';
    case ObjectType.TEXT:
      return 'a text value';
  }
}
