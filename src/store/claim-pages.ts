import type { ClaimRecord } from '../domain/model';
import type { EntityClaimFilter, Page, PageRequest } from './store.port';

/**
 * A page of claims held in memory, as listClaimsOfEntities pages them in the
 * store: for views that work a list out in memory first (the past, as-of).
 * `claims` may repeat a claim (as subject and as object lists concatenated).
 */
export function claimPageOf(
  claims: readonly ClaimRecord[],
  filter: EntityClaimFilter,
  request: PageRequest,
): Page<ClaimRecord> {
  const predicates = filter.predicates != null ? new Set(filter.predicates) : null;
  const statuses = filter.statuses != null ? new Set<string>(filter.statuses) : null;
  const levels = filter.levels != null ? new Set<string>(filter.levels) : null;
  const byId = new Map<string, ClaimRecord>();
  for (const c of claims) {
    if (predicates !== null && !predicates.has(c.predicate)) continue;
    if (statuses !== null && !statuses.has(c.status)) continue;
    if (levels !== null && !(levels.has(c.visibility) && levels.has(c.access))) continue;
    byId.set(c.id, c);
  }
  const passing = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const after = request.after;
  const start = after === null ? 0 : passing.filter((c) => c.id <= after).length;
  const first = Math.max(0, Math.floor(request.first));
  return {
    items: passing.slice(start, start + first),
    hasNextPage: start + first < passing.length,
    totalCount: passing.length,
  };
}
