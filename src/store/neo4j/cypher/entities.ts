import { EntityKind } from '../../../domain/model';
import { KeysetPage, keysetListQuery } from './list';
import { CypherQuery, cypher, distinct } from './query';

export function createEntityQuery(props: Record<string, unknown>): CypherQuery {
  return cypher('CREATE (n:Entity) SET n = $props', { props });
}

/** Replaces every property of an existing entity; returns no row when there is none. */
export function updateEntityQuery(id: string, props: Record<string, unknown>): CypherQuery {
  return cypher(
    `
MATCH (n:Entity {id: $id})
SET n = $props
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
}

export function listEntitiesQuery(filter: EntityListFilter, page: KeysetPage): CypherQuery {
  const conditions: string[] = [];
  if (filter.kind !== null) conditions.push('n.kind = $kind');
  if (filter.subtype !== null) {
    conditions.push('n.facilityType = $subtype OR n.placeType = $subtype OR n.eventType = $subtype');
  }
  if (filter.nameNeedle !== null) conditions.push('n.nameKey CONTAINS $needle');
  return keysetListQuery(
    'MATCH (n:Entity)',
    conditions,
    { kind: filter.kind, subtype: filter.subtype, needle: filter.nameNeedle },
    page,
    'properties(n)',
  );
}
