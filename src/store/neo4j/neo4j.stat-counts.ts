import type { AuditState } from '../../domain/audit';
import type { ClaimRecord, EntityRecord } from '../../domain/model';
import {
  applyStatDeltasQuery,
  claimsTouchingQuery,
  clearStatsQuery,
  dropFacilityStatsQuery,
  markStatsQuery,
  statMetaQuery,
  statSourcePageQuery,
  STAT_VERSION,
} from './cypher/stat-counts';
import type { QueryRunner } from './neo4j.gateway';
import { toClaim, toEntity, toProps } from './neo4j.mapping';
import { type StatDeltas, isEmptyDelta, statContributions, statDeltas } from './neo4j.stat-deltas';

/**
 * Moves the maintained counts by what a write changed: `before` and `after`
 * are the touched records around the change (what the audit record holds),
 * so every audited write keeps the counts without knowing of them. Runs in
 * the write's transaction, after the change.
 */
export async function applyStatChange(
  tx: QueryRunner,
  before: Pick<AuditState, 'entities' | 'claims'>,
  after: Pick<AuditState, 'entities' | 'claims'>,
): Promise<void> {
  const deltas = statDeltas(before, after);
  if (isEmptyDelta(deltas)) return;
  await applyDeltas(tx, deltas);
  if (deltas.refacilitied.length > 0) {
    // An entity that became (or stopped being) a facility: its figures are worked out again from its claims.
    await tx.run(dropFacilityStatsQuery(deltas.refacilitied));
    const rows = await tx.run(claimsTouchingQuery(deltas.refacilitied));
    const mine = new Set(deltas.refacilitied);
    const again = statContributions({ entities: [], claims: rows.map((r) => toClaim(toProps(r.props))) });
    await applyDeltas(tx, {
      stats: [],
      facilityClaims: again.facilityClaims.filter((d) => mine.has(d.key)),
      pairs: again.pairs.filter((d) => mine.has(d.facilityId)),
      refacilitied: [],
    });
  }
}

async function applyDeltas(tx: QueryRunner, deltas: StatDeltas): Promise<void> {
  if (deltas.stats.length + deltas.facilityClaims.length + deltas.pairs.length === 0) return;
  await tx.run(applyStatDeltasQuery(deltas));
}

/** Whether the counts are complete and current (init builds them otherwise). */
export async function statsCurrent(tx: QueryRunner): Promise<boolean> {
  const [row] = await tx.run(statMetaQuery());
  return row?.version === STAT_VERSION;
}

const REBUILD_PAGE = 20_000;

/**
 * Counts the whole graph afresh into the count nodes, in the caller's write
 * transaction (which holds the audit head's lock: no write runs meanwhile).
 * Reads entities and claims a page at a time and adds up their
 * contributions in memory, then writes the counts at once.
 */
export async function rebuildStats(tx: QueryRunner): Promise<void> {
  await tx.run(clearStatsQuery());
  const entities: EntityRecord[] = [];
  const claims: ClaimRecord[] = [];
  let total: StatDeltas = { stats: [], facilityClaims: [], pairs: [], refacilitied: [] };
  const flush = async () => {
    const part = statContributions({ entities, claims });
    entities.length = 0;
    claims.length = 0;
    total = sum(total, part);
  };
  for (const label of ['Entity', 'Claim'] as const) {
    let after: string | null = null;
    for (;;) {
      const rows = await tx.run(statSourcePageQuery(label, after, REBUILD_PAGE));
      if (rows.length === 0) break;
      for (const row of rows) {
        const props = toProps(row.props);
        if (label === 'Entity') entities.push(toEntity(props));
        else claims.push(toClaim(props));
      }
      after = String(toProps(rows[rows.length - 1]!.props).id);
      await flush();
    }
  }
  for (const part of chunked(total)) await applyDeltas(tx, part);
  await tx.run(markStatsQuery());
}

function sum(a: StatDeltas, b: StatDeltas): StatDeltas {
  const add = <T extends { key: string }>(x: T[], y: T[], plus: (p: T, q: T) => void): T[] => {
    const byKey = new Map(x.map((e) => [e.key, e] as const));
    for (const e of y) {
      const mine = byKey.get(e.key);
      if (mine === undefined) byKey.set(e.key, e);
      else plus(mine, e);
    }
    return [...byKey.values()];
  };
  const levels = (p: { delta: number[] }, q: { delta: number[] }) => q.delta.forEach((d, i) => (p.delta[i]! += d));
  return {
    stats: add(a.stats, b.stats, (p, q) => (p.delta += q.delta)),
    facilityClaims: add(a.facilityClaims, b.facilityClaims, levels),
    pairs: add(a.pairs, b.pairs, levels),
    refacilitied: [],
  };
}

/** Splits a large delta (a rebuild's) into statements of bounded size. */
function* chunked(d: StatDeltas, size = 10_000): Generator<StatDeltas> {
  const slice = <T>(list: T[], i: number) => list.slice(i, i + size);
  const longest = Math.max(d.stats.length, d.facilityClaims.length, d.pairs.length);
  for (let i = 0; i < longest; i += size) {
    yield {
      stats: slice(d.stats, i),
      facilityClaims: slice(d.facilityClaims, i),
      pairs: slice(d.pairs, i),
      refacilitied: [],
    };
  }
}
