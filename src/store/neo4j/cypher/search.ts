import { EntityKind } from '../../../domain/model';
import { ENTITY_SEARCH_INDEX } from './schema';
import { CypherQuery, cypher, distinct } from './query';

/** Characters with a meaning in Lucene's classic query syntax. */
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** Escapes a token so Lucene reads it as literal text. */
export function escapeLucene(token: string): string {
  return token.replace(LUCENE_SPECIAL, (ch) => `\\${ch}`);
}

/**
 * The Lucene query "any word starting with any token": `tok1* OR tok2* ...`.
 * Whitespace inside a token is dropped into separate words (the index splits
 * on whitespace); empty tokens are ignored. Null when nothing is left.
 */
export function luceneQuery(tokens: readonly string[]): string | null {
  const words = distinct(
    tokens
      .flatMap((t) => t.split(/\s+/))
      .map((w) => w.trim())
      .filter((w) => w.length > 0),
  );
  if (words.length === 0) return null;
  return words.map((w) => `${escapeLucene(w)}*`).join(' OR ');
}

/** Rows `{ props }` of candidate entities from the full-text index, best match first. */
export function searchCandidatesQuery(
  lucene: string,
  kinds: readonly EntityKind[] | null,
  limit: number,
  levels: readonly string[] | null = null,
): CypherQuery {
  const conditions = [
    // A merged entity is found as its survivor, never itself.
    'node.mergedInto IS NULL',
    ...(kinds === null ? [] : ['node.kind IN $kinds']),
    ...(levels === null ? [] : ["coalesce(node.access, 'PUBLIC') IN $levels"]),
  ];
  const kindFilter = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  return cypher(
    `
CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score
${kindFilter}
RETURN properties(node) AS props
ORDER BY score DESC, node.id
LIMIT toInteger($limit)`,
    { index: ENTITY_SEARCH_INDEX, query: lucene, kinds, levels, limit: Math.max(0, Math.floor(limit)) },
  );
}
