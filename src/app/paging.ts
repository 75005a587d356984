import { BadUserInputError } from '../domain/errors';
import type { Page, PageRequest } from '../store/store.port';

export const DEFAULT_PAGE_SIZE = 20;
const CURSOR_PREFIX = 'v1:';

/** Cursors are opaque to clients; inside they hold the id of the last item seen. */
export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw new BadUserInputError(
      'after is not a cursor returned by this API; pass a pageInfo.endCursor or edges.cursor.',
      'after',
    );
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

export function pageRequest(
  first: number | null | undefined,
  after: string | null | undefined,
  maxPageSize: number,
): PageRequest {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize) {
    throw new BadUserInputError(`first must be between 1 and ${maxPageSize}; got ${size}.`, 'first');
  }
  return { first: size, after: after ? decodeCursor(after) : null };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export function toConnection<T extends { id: string }>(page: Page<T>, request: PageRequest): Connection<T> {
  const edges = page.items.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: request.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: page.totalCount,
  };
}

/** Pages a list already in memory (an entity's claims), with the same cursors as store pages. */
export function pageArray<T extends { id: string }>(items: readonly T[], request: PageRequest): Connection<T> {
  const start = request.after === null ? 0 : items.findIndex((item) => item.id > request.after!);
  const from = start < 0 ? items.length : start;
  const slice = items.slice(from, from + request.first);
  return toConnection(
    { items: slice, hasNextPage: from + request.first < items.length, totalCount: items.length },
    request,
  );
}
