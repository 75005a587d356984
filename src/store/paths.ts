import { BadUserInputError } from '../domain/errors';
import { MAX_PATH_HOPS, MAX_PATHS, type PathQuery, type PathRecord } from './store.port';

/**
 * What both adapters hold a path query to before they search. The service
 * validates first, with messages for people; this guards the port itself,
 * since the Neo4j adapter turns `maxHops` into statement text.
 */
export function checkPathQuery(query: PathQuery): void {
  const integerIn = (value: number, field: string, max: number): void => {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new BadUserInputError(`${field} must be an integer from 1 to ${max}; got ${value}.`, field);
    }
  };
  integerIn(query.maxHops, 'maxHops', MAX_PATH_HOPS);
  integerIn(query.k, 'k', MAX_PATHS);
  if (query.minCredibility !== undefined) integerIn(query.minCredibility, 'minCredibility', 6);
}

/**
 * The order findPaths promises: shorter first, then by claim ids compared hop
 * by hop. Two distinct paths from one entity never have the same claim ids,
 * so this is a total order.
 */
export function comparePaths(a: PathRecord, b: PathRecord): number {
  if (a.claimIds.length !== b.claimIds.length) return a.claimIds.length - b.claimIds.length;
  for (let i = 0; i < a.claimIds.length; i += 1) {
    const x = a.claimIds[i]!;
    const y = b.claimIds[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The claims of the paths' hops, each once, in the order the paths meet them. */
export function hopClaimIds(paths: readonly PathRecord[]): string[] {
  return [...new Set(paths.flatMap((p) => p.claimIds))];
}
