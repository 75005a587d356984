import type { StoreCall } from './counting-store';

export interface Timing {
  viewer: string;
  operation: string;
  /** Milliseconds of each timed run, in run order. */
  runs: number[];
  /** Store calls of each timed run. */
  calls: number[];
  /** Every store call of every timed run. */
  storeCalls: StoreCall[];
  /** What the last run returned, in a few words: proof that it did the work. */
  result: string;
  /** Why the last run threw: refused on purpose by the API (a budget, a limit), or failed. */
  error: { failed: boolean; message: string } | null;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile: a value that was measured, never an interpolation between two. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** The store method that took the most time per run, all its calls in a run added up. */
export function heaviestMethod(timing: Timing): string {
  const total = new Map<string, number>();
  for (const call of timing.storeCalls) total.set(call.method, (total.get(call.method) ?? 0) + call.ms);
  let top: [string, number] | null = null;
  for (const entry of total) if (top === null || entry[1] > top[1]) top = entry;
  return top === null ? '-' : `${top[0]} ${ms(top[1] / timing.runs.length)}`;
}

function range(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? String(low) : `${low}-${high}`;
}

/** Columns padded to their widest cell; numbers right-aligned so that they line up by magnitude. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function timingTable(timings: readonly Timing[]): string {
  return table(
    ['viewer', 'operation', 'median ms', 'p95 ms', 'store calls', 'heaviest store method (ms/run)', 'result'],
    timings.map((t) => [
      t.viewer,
      t.operation,
      ms(median(t.runs)),
      ms(percentile(t.runs, 95)),
      range(t.calls),
      heaviestMethod(t),
      t.result,
    ]),
    [false, false, true, true, true, false, false],
  );
}
