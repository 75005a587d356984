/**
 * A set of string ids kept in ascending order (UTF-16 code unit order, the
 * order of `<` on strings), for keyset paging without sorting per request.
 *
 * Additions are buffered and merged in one pass on the next read, so a bulk
 * load of n ids costs O(n log n) rather than O(n²) splices. Callers add an id
 * only when it is not already in the set.
 */
export class SortedIds {
  private sorted: string[] = [];
  private pending: string[] = [];

  get size(): number {
    return this.sorted.length + this.pending.length;
  }

  add(id: string): void {
    this.pending.push(id);
  }

  delete(id: string): boolean {
    const items = this.items();
    const i = lowerBound(items, id);
    if (i < items.length && items[i] === id) {
      this.sorted.splice(i, 1);
      return true;
    }
    return false;
  }

  /** All ids in order. The array is the set's own: do not modify it. */
  items(): readonly string[] {
    if (this.pending.length > 0) this.flush();
    return this.sorted;
  }

  /** Index of the first id strictly greater than `after` (0 when `after` is null). */
  indexAfter(after: string | null): number {
    const items = this.items();
    return after === null ? 0 : upperBound(items, after);
  }

  private flush(): void {
    const added = this.pending.sort();
    this.pending = [];
    if (added.length <= 8) {
      for (const id of added) this.sorted.splice(lowerBound(this.sorted, id), 0, id);
      return;
    }
    if (this.sorted.length === 0) {
      this.sorted = added;
      return;
    }
    const old = this.sorted;
    const merged = new Array<string>(old.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < added.length) merged[k++] = old[i]! <= added[j]! ? old[i++]! : added[j++]!;
    while (i < old.length) merged[k++] = old[i++]!;
    while (j < added.length) merged[k++] = added[j++]!;
    this.sorted = merged;
  }
}

/** First index whose item is >= value. */
export function lowerBound(items: readonly string[], value: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose item is > value. */
export function upperBound(items: readonly string[], value: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
