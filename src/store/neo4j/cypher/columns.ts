/**
 * The stored properties each kind of record is read from (neo4j.mapping.ts
 * reads no others), in a fixed order. Statements that return many records
 * return each as a list of these values rather than as a map: the map's keys,
 * the same for every record, would be sent and decoded once per record, and
 * decoding is most of what a large page costs the API process.
 */
export const CLAIM_COLUMNS = [
  'id',
  'subjectId',
  'predicate',
  'objectId',
  'valueType',
  'valueAmount',
  'valueAmountMax',
  'valueQualifier',
  'valueUnit',
  'valueText',
  'periodEdtf',
  'periodEarliest',
  'periodLatest',
  'status',
  'statusReason',
  'rank',
  'rankReason',
  'note',
  'access',
  'visibility',
  'textLevel',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export const CITATION_COLUMNS = [
  'id',
  'claimId',
  'sourceId',
  'viaSourceId',
  'locator',
  'excerpt',
  'reliability',
  'credibility',
  'mentions',
  'visibility',
  'excerptLevel',
  'createdAt',
] as const;

export const SOURCE_COLUMNS = [
  'id',
  'title',
  'kind',
  'publisher',
  'author',
  'dateEdtf',
  'dateEarliest',
  'dateLatest',
  'url',
  'language',
  'contentHash',
  'access',
  'createdAt',
  'updatedAt',
  'version',
] as const;

/** Without the search keys (nameKey, pseudonymKey, searchText): a record has no use for them. */
export const ENTITY_COLUMNS = [
  'id',
  'kind',
  'name',
  'aliases',
  'description',
  'facilityType',
  'placeType',
  'latitude',
  'longitude',
  'eventType',
  'dateEdtf',
  'dateEarliest',
  'dateLatest',
  'access',
  'protection',
  'pseudonym',
  'mergedInto',
  'createdAt',
  'updatedAt',
  'version',
] as const;

/** `[v.id, v.subjectId, ...]`: the node `variable`'s values of `columns`, as Cypher. */
export function columnsOf(variable: string, columns: readonly string[]): string {
  return `[${columns.map((c) => `${variable}.${c}`).join(', ')}]`;
}

/** The properties a row of `columns` holds (null values left out, as a node has no null property). */
export function propsOfColumns(values: unknown, columns: readonly string[]): Record<string, unknown> {
  if (!Array.isArray(values) || values.length < columns.length) {
    throw new Error(`Expected a list of ${columns.length} column values in a query result.`);
  }
  const props: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const value: unknown = values[i];
    if (value !== null && value !== undefined) props[column] = value;
  });
  return props;
}
