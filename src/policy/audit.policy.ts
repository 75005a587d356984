import { accessLevelRank } from './viewer';
import { AccessLevel } from '../domain/model';
import type { Store } from '../store/store.port';
import type { AuditRecord, AuditState } from '../domain/audit';

/**
 * The clearance needed to be shown audit records. A record holds full
 * records, real names of protected people included, as they were at the
 * time: it may be shown only to a viewer cleared for every record it
 * mentions, at every level that record had in it (access, protection, the
 * derived levels of claims and citations) and at the level it has now, since
 * a record made confidential later must not be readable through its past.
 */
export async function auditClearance(store: Store, records: readonly AuditRecord[]): Promise<AccessLevel> {
  if (records.length === 0) return AccessLevel.PUBLIC;
  const ids = {
    entities: new Set<string>(),
    sources: new Set<string>(),
    claims: new Set<string>(),
    citations: new Set<string>(),
  };
  const levels: unknown[] = [];
  for (const record of records) {
    for (const state of [record.before, record.after]) {
      levels.push(...levelsIn(state));
      for (const e of state.entities) ids.entities.add(e.id);
      for (const s of state.sources) ids.sources.add(s.id);
      for (const c of state.claims) ids.claims.add(c.id);
      for (const c of state.citations) ids.citations.add(c.id);
    }
  }
  const [entities, sources, claims, citations] = await Promise.all([
    store.getEntities([...ids.entities]),
    store.getSources([...ids.sources]),
    store.getClaims([...ids.claims]),
    store.getCitations([...ids.citations]),
  ]);
  const present = <T>(list: (T | null)[]): T[] => list.filter((x): x is T => x !== null);
  levels.push(
    ...levelsIn({
      entities: present(entities),
      sources: present(sources),
      claims: present(claims),
      citations: present(citations),
    }),
  );
  return highest(levels);
}

/** Every level found in a state; a state that could not be read counts as the highest. */
function levelsIn(state: AuditState): unknown[] {
  if (state.unreadable !== undefined) return [AccessLevel.CONFIDENTIAL];
  return [
    ...state.entities.flatMap((e) => [e.access, e.protection]),
    ...state.sources.map((s) => s.access),
    ...state.claims.flatMap((c) => [c.access, c.visibility, c.textLevel]),
    ...state.citations.flatMap((c) => [c.visibility, c.excerptLevel]),
  ];
}

/** The highest of the levels; null (no protection) is no level; anything unknown counts as the highest. */
function highest(levels: readonly unknown[]): AccessLevel {
  const known = Object.values(AccessLevel) as unknown[];
  let top = AccessLevel.PUBLIC;
  for (const level of levels) {
    if (level === null || level === undefined) continue;
    const l = known.includes(level) ? (level as AccessLevel) : AccessLevel.CONFIDENTIAL;
    if (accessLevelRank(l) > accessLevelRank(top)) top = l;
  }
  return top;
}
