/**
 * The header that carries Neo4j bookmarks between a client and any API
 * process (src/store/consistency.ts): a response to a request that wrote
 * carries the write's; a request that sends one back reads no older state.
 * Lower case, as node:http gives request headers.
 */
export const BOOKMARK_HEADER = 'athar-bookmark';
