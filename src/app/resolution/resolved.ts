import { MAX_MERGE_CHAIN } from '../../domain/judgement';
import type { EntityRecord } from '../../domain/model';

/** An entity read by an id that was merged into it: `resolvedFrom` is the id asked for. */
export type ResolvedEntity = EntityRecord & { resolvedFrom?: string };

/**
 * Follows `mergedInto` from each entity to the entity that absorbed it (the
 * survivor, or the survivor's survivor), so that an id merged away still
 * reads as the one entity it became. `load` reads entities as the viewer does;
 * a survivor they cannot see leaves the id unresolved (null), as a hidden
 * record reads. Reading the past (asOf) needs nothing here: a merge made
 * since is not in the record as it was then.
 */
export async function resolveMerged(
  found: readonly (EntityRecord | null)[],
  load: (ids: readonly string[]) => Promise<(EntityRecord | null)[]>,
): Promise<(ResolvedEntity | null)[]> {
  const out: (ResolvedEntity | null)[] = [...found];
  let pending = out.flatMap((e, i) => (e !== null && e.mergedInto !== undefined ? [i] : []));
  const asked = found.map((e) => e?.id ?? null);
  for (let hop = 0; pending.length > 0; hop++) {
    if (hop >= MAX_MERGE_CHAIN) {
      for (const i of pending) out[i] = null;
      break;
    }
    const next = await load(pending.map((i) => out[i]!.mergedInto!));
    pending.forEach((i, k) => {
      const e = next[k] ?? null;
      out[i] = e === null ? null : { ...e, resolvedFrom: asked[i]! };
    });
    pending = pending.filter((i) => out[i] !== null && out[i]!.mergedInto !== undefined);
  }
  return out;
}
