/**
 * A small seeded generator (mulberry32). Math.random cannot be seeded, and
 * two benchmark runs are only comparable when they load the same graph.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * An index in [0, n) that favours low indexes, the more so the larger
   * `exponent`: real graphs have hubs (one prison holds thousands, one report
   * is cited everywhere), and a uniform graph would hide what hubs cost.
   */
  skewed(n: number, exponent: number): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.next(), exponent)));
  }

  /** One of `choices`, each with the probability of its weight over the sum of weights. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [choice, weight] of choices) {
      r -= weight;
      if (r < 0) return choice;
    }
    return choices[choices.length - 1]![0];
  }
}

/** Derives independent seeds from one, so that adding draws to one stream leaves the others unchanged. */
export function subSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
