import { accessLevelRank } from './viewer';
import { AccessLevel, CitationRecord, ClaimRecord, EntityRecord, SourceRecord } from '../domain/model';

/**
 * Who may see a claim depends on more than the claim: on its subject and
 * object, on the sources of its citations, and on whether it names a
 * protected person. That effective level is worked out here, once, on every
 * write that can change it, and stored on the claim and on each citation, so
 * that every read path (lists and their counts, search, paths, aggregates)
 * can filter on one stored level in the store itself, and no read path can
 * forget one of the rules.
 *
 * - A citation is visible when its claim's own level, its subject and object,
 *   and its source (and the document it was read in) all are.
 * - A claim is visible when at least one of its citations is: its level is the
 *   lowest of its citations' levels.
 * - A claim about a protected person that could identify them (anything but
 *   custody, events and posts) needs the clearance of the person's protection.
 * - The excerpts of citations of claims about a protected person are withheld
 *   below that clearance, and so are the analyst's free text on those claims.
 */

/** Claims about a protected person that stay visible, under the pseudonym, below the protection's clearance. */
export const NON_IDENTIFYING_PREDICATES: ReadonlySet<string> = new Set([
  'DETAINED_AT',
  'RELEASED_FROM',
  'DIED_AT',
  'VICTIM_OF',
  'PARTICIPANT_IN',
  'OFFICIAL_AT',
  'SPOKE_TO',
]);

export function maxLevel(...levels: (AccessLevel | null | undefined)[]): AccessLevel {
  let highest = AccessLevel.PUBLIC;
  for (const level of levels) {
    if (level && accessLevelRank(level) > accessLevelRank(highest)) highest = level;
  }
  return highest;
}

export function minLevel(levels: readonly AccessLevel[]): AccessLevel {
  if (levels.length === 0) return AccessLevel.CONFIDENTIAL;
  return levels.reduce((a, b) => (accessLevelRank(b) < accessLevelRank(a) ? b : a));
}

/** Every level a viewer with this clearance may read, for store filters. */
export function levelsUpTo(clearance: AccessLevel): AccessLevel[] {
  return Object.values(AccessLevel).filter((l) => accessLevelRank(l) <= accessLevelRank(clearance));
}

export interface ClaimParties {
  subject: Pick<EntityRecord, 'access' | 'protection'>;
  object: Pick<EntityRecord, 'access' | 'protection'> | null;
}

/** The clearance the identity-revealing parts of a claim (excerpts, notes) need. */
export function excerptLevelOf(parties: ClaimParties): AccessLevel {
  return maxLevel(parties.subject.protection, parties.object?.protection);
}

/** The level of a claim before its citations are counted: its own, its parties', and protection. */
function baseLevelOf(claim: Pick<ClaimRecord, 'access' | 'predicate'>, parties: ClaimParties): AccessLevel {
  const identifying = !NON_IDENTIFYING_PREDICATES.has(claim.predicate);
  return maxLevel(
    claim.access,
    parties.subject.access,
    parties.object?.access,
    identifying ? excerptLevelOf(parties) : null,
  );
}

export interface Levels {
  claimVisibility: AccessLevel;
  citations: { id: string; visibility: AccessLevel; excerptLevel: AccessLevel }[];
}

/**
 * The stored levels of a claim and its citations. `sources` must hold every
 * source and via source the citations name; a missing one counts as
 * CONFIDENTIAL, so a gap in what was loaded can only hide, never reveal.
 */
export function levelsOf(
  claim: Pick<ClaimRecord, 'access' | 'predicate'>,
  parties: ClaimParties,
  citations: readonly Pick<CitationRecord, 'id' | 'sourceId' | 'viaSourceId' | 'mentions'>[],
  sources: ReadonlyMap<string, Pick<SourceRecord, 'access'>>,
  mentioned: (id: string) => AccessLevel | null = () => AccessLevel.CONFIDENTIAL,
): Levels {
  const base = baseLevelOf(claim, parties);
  const excerptLevel = excerptLevelOf(parties);
  const sourceLevel = (id: string) => sources.get(id)?.access ?? AccessLevel.CONFIDENTIAL;
  const levels = citations.map((c) => ({
    id: c.id,
    visibility: maxLevel(base, sourceLevel(c.sourceId), c.viaSourceId === null ? null : sourceLevel(c.viaSourceId)),
    // Words that name a protected person are withheld below their protection, whoever the claim is about.
    excerptLevel: maxLevel(excerptLevel, ...(c.mentions ?? []).map(mentioned)),
  }));
  return { claimVisibility: minLevel(levels.map((l) => l.visibility)), citations: levels };
}

/**
 * A claim with its citations, with the derived levels filled in. `entities`
 * and `sources` must hold what the claim and its citations name.
 */
export function withLevels(
  { claim, citations }: { claim: ClaimRecord; citations: CitationRecord[] },
  entities: ReadonlyMap<string, Pick<EntityRecord, 'access' | 'protection'>>,
  sources: ReadonlyMap<string, Pick<SourceRecord, 'access'>>,
): { claim: ClaimRecord; citations: CitationRecord[] } {
  // A party that was not loaded counts as confidential and protected: a gap can only hide.
  const hidden = { access: AccessLevel.CONFIDENTIAL, protection: AccessLevel.CONFIDENTIAL };
  const parties: ClaimParties = {
    subject: entities.get(claim.subjectId) ?? hidden,
    object: claim.objectId === null ? null : (entities.get(claim.objectId) ?? hidden),
  };
  // A mentioned person that was not loaded counts as protected at the top level: a gap can only hide.
  const mentioned = (id: string) =>
    entities.has(id) ? (entities.get(id)!.protection ?? null) : AccessLevel.CONFIDENTIAL;
  const levels = levelsOf(claim, parties, citations, sources, mentioned);
  return {
    claim: {
      ...claim,
      visibility: levels.claimVisibility,
      textLevel: maxLevel(excerptLevelOf(parties), ...levels.citations.map((c) => c.excerptLevel)),
    },
    citations: citations.map((c, i) => ({
      ...c,
      visibility: levels.citations[i]!.visibility,
      excerptLevel: levels.citations[i]!.excerptLevel,
    })),
  };
}
