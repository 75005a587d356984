import {
  AccessLevel,
  ClaimRecord,
  ClaimStatus,
  EntityKind,
  EntityRecord,
  EventType,
  FuzzyDate,
} from '../../domain/model';
import {
  CLAIM_STATUSES,
  FacilityStatistics,
  KeyCount,
  Statistics,
  StatisticsQuery,
  YearSeries,
  YearTally,
  checkStatisticsQuery,
  everyKey,
  everyKind,
  rankFacilities,
  sortCounts,
  yearOf,
} from '../statistics';
import type { MemoryState } from './state';

const RETRACTED = ClaimStatus.RETRACTED;

/**
 * The port's `statistics` over the embedded store's memory, by the rules of
 * src/store/statistics.ts. Whole-graph counts come from index sizes where
 * they can (kinds, statuses, predicates); what must look at records reads
 * each one once, and dates are grouped by their bounds' years before being
 * spread over the window, as the Neo4j adapter does. With `levels`, only
 * entities whose access and claims whose visibility is among them count, and
 * whole-graph counts read the records instead of index sizes.
 */
export function computeStatistics(state: MemoryState, query: StatisticsQuery): Statistics {
  checkStatisticsQuery(query);
  const seen = visibility(query.levels);
  const scope = query.entityIds === undefined ? null : scopeOf(state, query.entityIds, seen);
  const claims = scope === null ? null : scope.claims;

  const facilities = scope === null ? idsOfKind(state, EntityKind.FACILITY, seen) : scope.ofKind(EntityKind.FACILITY);
  const events = scope === null ? idsOfKind(state, EntityKind.EVENT, seen) : scope.ofKind(EntityKind.EVENT);

  return {
    entitiesByKind: everyKind(scope === null ? kindCounts(state, seen) : scope.kinds),
    eventsByType: eventsByType(state, events),
    ...claimCounts(state, claims, seen),
    facilities: rankFacilities(
      facilities.map((id) => facilityStatistics(state, id, seen)),
      query.facilityLimit,
    ),
    claimsByYear: claimsByYear(state, claims, query, seen),
    eventsByYear: eventsByYear(state, events, query),
  };
}

/** What a viewer may count; `all` when no levels were given, so that the index sizes may serve. */
interface Visibility {
  all: boolean;
  entity(e: EntityRecord): boolean;
  claim(c: ClaimRecord): boolean;
}

function visibility(levels: readonly AccessLevel[] | undefined): Visibility {
  if (levels === undefined) return { all: true, entity: () => true, claim: () => true };
  const set = new Set<AccessLevel>(levels);
  return { all: false, entity: (e) => set.has(e.access), claim: (c) => set.has(c.visibility) };
}

interface Scope {
  kinds: Map<EntityKind, number>;
  ofKind(kind: EntityKind): string[];
  /** Ids of the claims with a scoped entity on either side, each once. */
  claims: Set<string>;
}

function scopeOf(state: MemoryState, entityIds: readonly string[], seen: Visibility): Scope {
  const entities: EntityRecord[] = [];
  const claims = new Set<string>();
  const addClaims = (ids: readonly string[]) => {
    for (const claimId of ids) if (seen.claim(state.claims.get(claimId)!)) claims.add(claimId);
  };
  for (const id of new Set(entityIds)) {
    const row = state.entities.get(id);
    if (!row || row.record.mergedInto !== undefined || !seen.entity(row.record)) continue;
    entities.push(row.record);
    addClaims(state.claimsBySubject.get(id)?.items() ?? []);
    addClaims(state.claimsByObject.get(id)?.items() ?? []);
  }
  const kinds = new Map<EntityKind, number>();
  for (const e of entities) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
  return {
    kinds,
    ofKind: (kind) => entities.filter((e) => e.kind === kind).map((e) => e.id),
    claims,
  };
}

/** A merged entity counts as part of its survivor (which holds its claims), not on its own. */
function kindCounts(state: MemoryState, seen: Visibility): Map<EntityKind, number> {
  if (seen.all) {
    const counts = new Map([...state.entityIdsByKind].map(([kind, ids]) => [kind, ids.size]));
    for (const id of state.mergedEntityIds) {
      const kind = state.entities.get(id)!.record.kind;
      counts.set(kind, counts.get(kind)! - 1);
    }
    return counts;
  }
  const counts = new Map<EntityKind, number>();
  for (const { record } of state.entities.values()) {
    if (record.mergedInto === undefined && seen.entity(record)) {
      counts.set(record.kind, (counts.get(record.kind) ?? 0) + 1);
    }
  }
  return counts;
}

function idsOfKind(state: MemoryState, kind: EntityKind, seen: Visibility): readonly string[] {
  const ids = state.entityIdsByKind.get(kind)?.items() ?? [];
  if (seen.all && state.mergedEntityIds.size === 0) return ids;
  return ids.filter((id) => {
    const record = state.entities.get(id)!.record;
    return record.mergedInto === undefined && seen.entity(record);
  });
}

function eventsByType(state: MemoryState, eventIds: readonly string[]): KeyCount<EventType | null>[] {
  const counts = new Map<EventType | null, number>();
  for (const id of eventIds) {
    const type = state.entities.get(id)!.record.eventType;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return sortCounts([...counts].map(([key, count]) => ({ key, count })));
}

/**
 * By status and by predicate. Over the whole graph, for a viewer who may see
 * everything, these are index sizes, less the retracted claims for predicates
 * (few, and read from their index).
 */
function claimCounts(
  state: MemoryState,
  scoped: ReadonlySet<string> | null,
  seen: Visibility,
): Pick<Statistics, 'claimsByStatus' | 'claimsByPredicate'> {
  const statuses = new Map<ClaimStatus, number>();
  const predicates = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const count = (claim: ClaimRecord) => {
    statuses.set(claim.status, (statuses.get(claim.status) ?? 0) + 1);
    if (claim.status !== RETRACTED) add(predicates, claim.predicate, 1);
  };
  if (scoped !== null) {
    for (const id of scoped) count(state.claims.get(id)!);
  } else if (!seen.all) {
    for (const claim of state.claims.values()) if (seen.claim(claim)) count(claim);
  } else {
    for (const status of CLAIM_STATUSES) statuses.set(status, state.claimsByStatus.get(status)?.size ?? 0);
    for (const [predicate, ids] of state.claimsByPredicate) add(predicates, predicate, ids.size);
    for (const id of state.claimsByStatus.get(RETRACTED)?.items() ?? []) {
      add(predicates, state.claims.get(id)!.predicate, -1);
    }
  }
  return {
    claimsByStatus: everyKey(CLAIM_STATUSES, statuses),
    claimsByPredicate: sortCounts([...predicates].map(([key, count]) => ({ key, count }))),
  };
}

function facilityStatistics(state: MemoryState, facilityId: string, seen: Visibility): FacilityStatistics {
  const detainees = new Set<string>();
  const officials = new Set<string>();
  let claims = 0;
  for (const id of state.claimsByObject.get(facilityId)?.items() ?? []) {
    const claim = state.claims.get(id)!;
    if (claim.status === RETRACTED || !seen.claim(claim)) continue;
    claims += 1;
    if (claim.predicate === 'DETAINED_AT') detainees.add(claim.subjectId);
    else if (claim.predicate === 'OFFICIAL_AT') officials.add(claim.subjectId);
  }
  for (const id of state.claimsBySubject.get(facilityId)?.items() ?? []) {
    const claim = state.claims.get(id)!;
    // A claim with the facility on both sides was counted above.
    if (claim.status !== RETRACTED && seen.claim(claim) && claim.objectId !== facilityId) claims += 1;
  }
  return { facilityId, detainees: detainees.size, officials: officials.size, claims };
}

function claimsByYear(
  state: MemoryState,
  scoped: ReadonlySet<string> | null,
  query: StatisticsQuery,
  seen: Visibility,
): YearSeries {
  const predicates = query.yearPredicates === undefined ? null : new Set(query.yearPredicates);
  const tally = new DateTally(query);
  const count = (claim: ClaimRecord) => {
    if (claim.status !== RETRACTED && (predicates === null || predicates.has(claim.predicate)) && seen.claim(claim)) {
      tally.add(claim.period);
    }
  };
  if (scoped !== null) {
    for (const id of scoped) count(state.claims.get(id)!);
  } else if (predicates !== null) {
    for (const predicate of predicates) {
      for (const id of state.claimsByPredicate.get(predicate)?.items() ?? []) count(state.claims.get(id)!);
    }
  } else {
    for (const claim of state.claims.values()) count(claim);
  }
  return tally.series();
}

function eventsByYear(state: MemoryState, eventIds: readonly string[], query: StatisticsQuery): YearSeries {
  const types = query.yearEventTypes === undefined ? null : new Set<EventType | null>(query.yearEventTypes);
  const tally = new DateTally(query);
  for (const id of eventIds) {
    const event = state.entities.get(id)!.record;
    if (types === null || types.has(event.eventType)) tally.add(event.date);
  }
  return tally.series();
}

/** Groups dates by their bounds' years, then tallies each group once. */
class DateTally {
  private readonly groups = new Map<string, { dated: boolean; ey: number | null; ly: number | null; n: number }>();

  constructor(private readonly query: StatisticsQuery) {}

  add(date: FuzzyDate | null): void {
    const ey = date === null ? null : yearOf(date.earliest);
    const ly = date === null ? null : yearOf(date.latest);
    const key = `${date === null ? 'u' : 'd'}|${ey ?? ''}|${ly ?? ''}`;
    const group = this.groups.get(key);
    if (group) group.n += 1;
    else this.groups.set(key, { dated: date !== null, ey, ly, n: 1 });
  }

  series(): YearSeries {
    const tally = new YearTally(this.query);
    for (const g of this.groups.values()) tally.add(g.dated, g.ey, g.ly, g.n);
    return tally.series();
  }
}
