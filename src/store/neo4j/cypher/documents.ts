import { CypherQuery, chunks, cypher, distinct } from './query';
import { escapeLucene } from './search';

/*
 * Documents in the graph (the bytes stay in the blob store, never here):
 *
 *   (:Source)-[:HOLDS]->(:Document {id, sourceId, sha256, fileName, size, mediaType, format,
 *                                   addedBySubject, addedByRole, addedAt, extraction})
 *   (:Document)-[:HAS_SEGMENT]->(:Segment {id, documentId, sourceId, ordinal, page, paragraph, text, searchText})
 *
 * `extraction` is JSON text (or null). A segment is one paragraph of the
 * extracted text; `searchText` holds the words it is found by
 * (segmentSearchText), under the full-text index SEGMENT_SEARCH_INDEX.
 */

export const SEGMENT_SEARCH_INDEX = 'segment_search';

/** Segments written per statement. */
export const SEGMENT_BATCH_SIZE = 1000;

/** Rows `{ id, items }`: each source's documents (properties), ordered by id. */
export function documentsOfSourcesQuery(sourceIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (d:Document {sourceId: id})
  WITH d
  ORDER BY d.id
  RETURN collect(properties(d)) AS items
}
RETURN id, items`,
    { ids: distinct(sourceIds) },
  );
}

/** Rows `{ id, items }`: each document's segments, in order. */
export function segmentsOfDocumentsQuery(documentIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (g:Segment {documentId: id})
  WITH g
  ORDER BY g.ordinal
  RETURN collect(g {.documentId, .sourceId, .ordinal, .page, .paragraph, .text}) AS items
}
RETURN id, items`,
    { ids: distinct(documentIds) },
  );
}

/** Creates the document node and links it to its source (known to exist). */
export function createDocumentQuery(props: Record<string, unknown>): CypherQuery {
  return cypher(
    `
MATCH (s:Source {id: $props.sourceId})
CREATE (d:Document)
SET d = $props, d.size = toInteger($props.size)
CREATE (s)-[:HOLDS]->(d)`,
    { props },
  );
}

/** The statements that write a document's segments, in batches. */
export function createSegmentsQueries(documentId: string, rows: readonly Record<string, unknown>[]): CypherQuery[] {
  return chunks(rows, SEGMENT_BATCH_SIZE).map((batch) =>
    cypher(
      `
MATCH (d:Document {id: $documentId})
UNWIND $rows AS row
CREATE (g:Segment)
SET g = row, g.ordinal = toInteger(row.ordinal), g.paragraph = toInteger(row.paragraph),
    g.page = CASE WHEN row.page IS NULL THEN null ELSE toInteger(row.page) END
CREATE (d)-[:HAS_SEGMENT]->(g)`,
      { documentId, rows: batch },
    ),
  );
}

/**
 * The Lucene query for the alternatives: a segment matches when every word
 * of one alternative starts one of its words. Null when there is nothing to look for.
 */
export function segmentLuceneQuery(alternatives: readonly (readonly string[])[]): string | null {
  const clauses = alternatives
    .map((words) => words.filter((w) => w !== '').map((w) => `+${escapeLucene(w)}*`))
    .filter((words) => words.length > 0)
    .map((words) => `(${words.join(' ')})`);
  return clauses.length === 0 ? null : clauses.join(' OR ');
}

/**
 * One row `{ total, items }`: the matching segments of documents whose source
 * is at one of `levels` (all with null), ordered by id; `items` the page
 * after `after` (one more than `first`, to tell whether more follow).
 */
export function searchSegmentsQuery(
  lucene: string,
  levels: readonly string[] | null,
  page: { first: number; after: string | null },
): CypherQuery {
  return cypher(
    `
CALL db.index.fulltext.queryNodes($index, $query) YIELD node
MATCH (s:Source {id: node.sourceId})
WHERE $levels IS NULL OR coalesce(s.access, 'PUBLIC') IN $levels
WITH node
ORDER BY node.id
WITH collect(node {.id, .documentId, .sourceId, .ordinal, .page, .paragraph, .text}) AS found
RETURN size(found) AS total,
       [g IN found WHERE $after IS NULL OR g.id > $after][0..toInteger($limit)] AS items`,
    {
      index: SEGMENT_SEARCH_INDEX,
      query: lucene,
      levels,
      after: page.after,
      limit: Math.max(0, Math.floor(page.first)) + 1,
    },
  );
}

/** Schema statements for documents (run with the others at start-up, each its own statement). */
export function documentSchemaQueries(): CypherQuery[] {
  return DOCUMENT_SCHEMA.map((s) => cypher(s));
}

const DOCUMENT_SCHEMA = [
  'CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT segment_id IF NOT EXISTS FOR (n:Segment) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX document_source_id IF NOT EXISTS FOR (n:Document) ON (n.sourceId)',
  'CREATE INDEX segment_document_id IF NOT EXISTS FOR (n:Segment) ON (n.documentId)',
  `CREATE FULLTEXT INDEX ${SEGMENT_SEARCH_INDEX} IF NOT EXISTS FOR (n:Segment) ON EACH [n.searchText]
     OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'whitespace' } }`,
];
