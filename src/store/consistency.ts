import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Read-your-writes across API processes (docs/neo4j.md#past-one-machine).
 *
 * A Neo4j cluster answers reads from members that may lag the leader. A
 * client that wrote through one API process and reads through another sends
 * back the bookmark its write returned (the `Athar-Bookmark` header), and
 * every transaction of that request waits until the member it runs on has
 * caught up with it. The scope is per request (AsyncLocalStorage: each
 * request's calls see their own, never another's); within one process, the
 * Neo4j adapter's bookmark manager already orders a process's own reads after
 * its own writes. The embedded store, a single process, has nothing to wait for.
 */
export interface ConsistencyScope {
  /** Bookmarks every transaction of the request waits for. */
  readonly waitFor: readonly string[];
  /** Bookmarks of the request's last write, once it has written: what the response hands back. */
  written: string[] | null;
  /**
   * The stamps (bookmarks) of the database states the request's reads saw, in
   * the order they came back: what the texts it is about to return were read
   * at. Protection is checked against them (Neo4jStore.protectedPeople).
   */
  readonly readAt: Set<string>;
  /** Those of readAt that the protected people the request redacts with are known to be current for. */
  readonly protectionCheckedAt: Set<string>;
}

const scopes = new AsyncLocalStorage<ConsistencyScope>();

/** Runs `work` with its own scope: store calls made inside it (however deep) read and record bookmarks there. */
export function withConsistency<T>(
  waitFor: readonly string[],
  work: (scope: ConsistencyScope) => Promise<T>,
): Promise<T> {
  const scope: ConsistencyScope = {
    waitFor: [...waitFor],
    written: null,
    readAt: new Set(),
    protectionCheckedAt: new Set(),
  };
  return scopes.run(scope, () => work(scope));
}

/** The scope of the request being served, if any. */
export function currentConsistency(): ConsistencyScope | undefined {
  return scopes.getStore();
}

/** At most this many bookmarks in a header, each at most BOOKMARK_MAX_LENGTH characters. */
export const MAX_BOOKMARKS = 16;
const BOOKMARK_MAX_LENGTH = 512;
const BOOKMARK_PATTERN = /^[A-Za-z0-9:+/=_.-]+$/;

/**
 * The bookmarks of an `Athar-Bookmark` header (comma-separated, repeated
 * headers joined), or null when it is not one: the caller refuses the request.
 */
export function parseBookmarks(header: string | readonly string[] | undefined): string[] | null {
  if (header === undefined) return [];
  const values = (typeof header === 'string' ? [header] : [...header])
    .flatMap((h) => h.split(','))
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (values.length > MAX_BOOKMARKS) return null;
  if (values.some((b) => b.length > BOOKMARK_MAX_LENGTH || !BOOKMARK_PATTERN.test(b))) return null;
  return [...new Set(values)];
}
