import { EntityKind } from '../../../domain/model';
import { KeysetPage, keysetListQuery } from './list';
import { CypherQuery, cypher, distinct } from './query';

/**
 * Sets the access level and protection of entities; `props` are their whole
 * new property maps (the pseudonym changes the search keys). Returns the ids set.
 */
export function setEntitiesQuery(rows: readonly { id: string; props: Record<string, unknown> }[]): CypherQuery {
  return cypher(
    `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n = row.props, n.version = toInteger(row.props.version)
RETURN n.id AS id`,
    { rows },
  );
}

export function createEntityQuery(props: Record<string, unknown>): CypherQuery {
  return cypher('CREATE (n:Entity) SET n = $props, n.version = toInteger($props.version)', { props });
}

/**
 * Replaces every property of an existing entity (the caller built them from
 * the entity as read in the same transaction); returns no row when there is none.
 */
export function updateEntityQuery(id: string, props: Record<string, unknown>): CypherQuery {
  return cypher(
    `
MATCH (n:Entity {id: $id})
SET n = $props, n.version = toInteger($props.version)
RETURN n.id AS id`,
    { id, props },
  );
}

/** Rows `{ id, props }` for the entities that exist among `ids`. */
export function getEntitiesQuery(ids: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, properties(n) AS props`,
    { ids: distinct(ids) },
  );
}

export interface EntityListFilter {
  kind: EntityKind | null;
  subtype: string | null;
  /** Already normalised (normalizeText); null for no name filter. */
  nameNeedle: string | null;
  /** Access levels the viewer may read; null for no filter. */
  levels: readonly string[] | null;
  /** Only people under protection. */
  protectedOnly?: boolean;
  /** Also entities merged into another, which lists leave out. */
  includeMerged?: boolean;
}

/** Records stored before access control have no level: they were public. */
export const ENTITY_LEVEL = "coalesce(n.access, 'PUBLIC')";

export function listEntitiesQuery(filter: EntityListFilter, page: KeysetPage): CypherQuery {
  const conditions: string[] = [];
  if (filter.kind !== null) conditions.push('n.kind = $kind');
  if (filter.subtype !== null) {
    conditions.push('n.facilityType = $subtype OR n.placeType = $subtype OR n.eventType = $subtype');
  }
  if (filter.levels !== null) conditions.push(`${ENTITY_LEVEL} IN $levels`);
  if (filter.protectedOnly === true) conditions.push('n.protection IS NOT NULL');
  if (filter.includeMerged !== true) conditions.push('n.mergedInto IS NULL');
  if (filter.nameNeedle !== null) {
    // Below a person's protection, only the pseudonym may match: the real name must not be findable.
    conditions.push(
      filter.levels === null
        ? 'n.nameKey CONTAINS $needle'
        : "CASE WHEN n.protection IS NOT NULL AND NOT n.protection IN $levels THEN coalesce(n.pseudonymKey, '') ELSE n.nameKey END CONTAINS $needle",
    );
  }
  return keysetListQuery(
    'MATCH (n:Entity)',
    conditions,
    { kind: filter.kind, subtype: filter.subtype, needle: filter.nameNeedle, levels: filter.levels },
    page,
    'properties(n)',
  );
}
