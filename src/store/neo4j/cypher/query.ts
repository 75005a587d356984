/**
 * A Cypher statement and its parameters. Builders in this folder are pure:
 * the text is made of constants only (labels, relationship types, property
 * names), and every value that comes from input travels in `params`.
 */
export interface CypherQuery {
  cypher: string;
  params: Record<string, unknown>;
}

export function cypher(text: string, params: Record<string, unknown> = {}): CypherQuery {
  return { cypher: text.trim(), params };
}

/** Joins constant WHERE fragments with AND; `true` when there are none. */
export function whereAll(conditions: readonly string[]): string {
  return conditions.length === 0 ? 'true' : conditions.map((c) => `(${c})`).join(' AND ');
}

/** Splits rows into chunks of at most `size`, for UNWIND batches. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The distinct values of a list, in first-seen order. */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
