import type { AuditState } from '../../domain/audit';
import { AccessLevel, ClaimStatus, type ClaimRecord, EntityKind, type EntityRecord } from '../../domain/model';
import { yearOf } from '../statistics';

/*
 * The dashboard's whole-graph figures, kept as counts that every write moves
 * in its own transaction (writeAudited applies the delta between the touched
 * records before and after), so that `statistics` reads a few hundred count
 * nodes instead of scanning the graph. What a record adds to the counts is
 * worked out here, once, from the record alone; the rules are those of
 * src/store/statistics.ts and the full scan of cypher/statistics.ts, which
 * stays the reference (Neo4jStore.recountStatistics compares the two).
 *
 * - additive counts, `(:Stat {key})` with `count`, by dimension and the level
 *   of what they count (entity access, claim visibility), so a viewer's figure
 *   is the sum over the levels they may read;
 * - per facility, `(:FacilityStat {facilityId})`: live claims by level, and
 *   distinct detainees and officials for each set of levels a viewer may hold
 *   (a list indexed by the set's bitmask - 1). A write that changes the live
 *   DETAINED_AT / OFFICIAL_AT claims of a (person, facility) pair counts that
 *   pair's RELATED edges after the change, by level, and takes its own delta
 *   off them for the counts before: a person counts for a set of levels while
 *   any of their live claims there is visible at one of them.
 */

/** The levels in bitmask order: PUBLIC is bit 0. */
export const STAT_LEVELS: readonly AccessLevel[] = [
  AccessLevel.PUBLIC,
  AccessLevel.RESTRICTED,
  AccessLevel.CONFIDENTIAL,
];

/** The bitmask of a set of levels (all of them when absent). */
export function levelMask(levels: readonly AccessLevel[] | undefined): number {
  if (levels === undefined) return (1 << STAT_LEVELS.length) - 1;
  return STAT_LEVELS.reduce((mask, level, i) => (levels.includes(level) ? mask | (1 << i) : mask), 0);
}

const levelIndex = (level: AccessLevel): number => Math.max(0, STAT_LEVELS.indexOf(level));

/** Claims whose subjects the facility figures count distinctly. */
export const PAIR_PREDICATES = ['DETAINED_AT', 'OFFICIAL_AT'] as const;

export interface StatDelta {
  key: string;
  props: Record<string, string | number | boolean | null>;
  delta: number;
}

export interface LevelDelta {
  key: string;
  /** One entry per STAT_LEVELS. */
  delta: number[];
}

export interface PairDelta extends LevelDelta {
  facilityId: string;
  predicate: string;
  subjectId: string;
}

export interface StatDeltas {
  stats: StatDelta[];
  /** Live claims of each entity (only facilities' are kept: the statement checks the kind). */
  facilityClaims: LevelDelta[];
  pairs: PairDelta[];
  /** Entities that became or stopped being facilities: their facility counts are worked out afresh. */
  refacilitied: string[];
}

class Tally {
  readonly stats = new Map<string, StatDelta>();
  readonly facilityClaims = new Map<string, LevelDelta>();
  readonly pairs = new Map<string, PairDelta>();

  constructor(private readonly sign: 1 | -1) {}

  stat(props: StatDelta['props']): void {
    const key = Object.values(props)
      .map((v) => (v === null ? '' : String(v)))
      .join('|');
    const entry = this.stats.get(key) ?? { key, props, delta: 0 };
    entry.delta += this.sign;
    this.stats.set(key, entry);
  }

  facilityClaim(entityId: string, level: AccessLevel): void {
    const entry = this.facilityClaims.get(entityId) ?? { key: entityId, delta: STAT_LEVELS.map(() => 0) };
    entry.delta[levelIndex(level)]! += this.sign;
    this.facilityClaims.set(entityId, entry);
  }

  pair(facilityId: string, predicate: string, subjectId: string, level: AccessLevel): void {
    const key = `${facilityId}|${predicate}|${subjectId}`;
    const entry = this.pairs.get(key) ?? { key, facilityId, predicate, subjectId, delta: STAT_LEVELS.map(() => 0) };
    entry.delta[levelIndex(level)]! += this.sign;
    this.pairs.set(key, entry);
  }

  entity(e: EntityRecord): void {
    // A merged entity is one with its survivor (which holds its claims): counted no more, until a split clears mergedInto.
    if (e.mergedInto !== undefined) return;
    const level = e.access;
    this.stat({ dim: 'entity', kind: e.kind, level });
    if (e.kind !== EntityKind.EVENT) return;
    this.stat({ dim: 'event', eventType: e.eventType, level });
    this.stat({
      dim: 'eventYear',
      eventType: e.eventType,
      level,
      dated: e.date !== null,
      ey: yearOf(e.date?.earliest ?? null),
      ly: yearOf(e.date?.latest ?? null),
    });
  }

  claim(c: ClaimRecord): void {
    const level = c.visibility;
    this.stat({ dim: 'claim', status: c.status, predicate: c.predicate, level });
    if (c.status === ClaimStatus.RETRACTED) return;
    this.stat({
      dim: 'claimYear',
      predicate: c.predicate,
      level,
      dated: c.period !== null,
      ey: yearOf(c.period?.earliest ?? null),
      ly: yearOf(c.period?.latest ?? null),
    });
    if (c.objectId !== null) this.facilityClaim(c.objectId, level);
    if (c.subjectId !== c.objectId) this.facilityClaim(c.subjectId, level);
    if (c.objectId !== null && (PAIR_PREDICATES as readonly string[]).includes(c.predicate)) {
      this.pair(c.objectId, c.predicate, c.subjectId, level);
    }
  }

  state(state: Pick<AuditState, 'entities' | 'claims'>): this {
    state.entities.forEach((e) => this.entity(e));
    state.claims.forEach((c) => this.claim(c));
    return this;
  }
}

/** What a set of records adds to the counts (as a delta from nothing). */
export function statContributions(state: Pick<AuditState, 'entities' | 'claims'>): StatDeltas {
  return statDeltas({ entities: [], claims: [] }, state);
}

/** How the counts move when the records `before` become the records `after` (same ids, missing = absent). */
export function statDeltas(
  before: Pick<AuditState, 'entities' | 'claims'>,
  after: Pick<AuditState, 'entities' | 'claims'>,
): StatDeltas {
  const out = new Tally(1).state(after);
  const minus = new Tally(-1).state(before);
  const merge = <T extends { key: string }>(
    plus: Map<string, T>,
    less: Map<string, T>,
    add: (a: T, b: T) => void,
  ): Map<string, T> => {
    for (const [key, entry] of less) {
      const mine = plus.get(key);
      if (mine === undefined) plus.set(key, entry);
      else add(mine, entry);
    }
    return plus;
  };
  const addLevels = (a: LevelDelta, b: LevelDelta) => b.delta.forEach((d, i) => (a.delta[i]! += d));
  const stats = merge(out.stats, minus.stats, (a, b) => (a.delta += b.delta));
  const facilityClaims = merge(out.facilityClaims, minus.facilityClaims, addLevels);
  const pairs = merge(out.pairs, minus.pairs, addLevels);
  const kindBefore = new Map(before.entities.map((e) => [e.id, e.kind] as const));
  const refacilitied = after.entities
    .filter((e) => {
      const was = kindBefore.get(e.id);
      return was !== undefined && was !== e.kind && (was === EntityKind.FACILITY || e.kind === EntityKind.FACILITY);
    })
    .map((e) => e.id);
  const nonZero = (d: number[]) => d.some((x) => x !== 0);
  return {
    stats: [...stats.values()].filter((s) => s.delta !== 0),
    facilityClaims: [...facilityClaims.values()].filter((s) => nonZero(s.delta)),
    pairs: [...pairs.values()].filter((s) => nonZero(s.delta)),
    refacilitied,
  };
}

export function isEmptyDelta(d: StatDeltas): boolean {
  return d.stats.length + d.facilityClaims.length + d.pairs.length + d.refacilitied.length === 0;
}
