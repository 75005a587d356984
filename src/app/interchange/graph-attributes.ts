import type { ClaimRecord, EntityRecord } from '../../domain/model';
import { subtypeOf } from './graph-snapshot';

/** A typed attribute of the graph formats (GraphML keys, GEXF attributes). */
export interface AttributeDefinition<T> {
  name: string;
  type: 'string' | 'int' | 'double' | 'boolean';
  value(record: T): string | number | boolean | null;
}

/** Node attributes: the entity as the profile's viewer reads it. */
export const NODE_ATTRIBUTES: readonly AttributeDefinition<EntityRecord>[] = [
  { name: 'kind', type: 'string', value: (e) => e.kind },
  { name: 'name', type: 'string', value: (e) => e.name },
  { name: 'subtype', type: 'string', value: (e) => subtypeOf(e) },
  { name: 'date', type: 'string', value: (e) => e.date?.edtf ?? null },
  { name: 'latitude', type: 'double', value: (e) => e.latitude },
  { name: 'longitude', type: 'double', value: (e) => e.longitude },
  { name: 'access', type: 'string', value: (e) => e.access },
  { name: 'protected', type: 'boolean', value: (e) => e.protection !== null },
];

/** Edge attributes: one edge per entity-to-entity claim. */
export const EDGE_ATTRIBUTES: readonly AttributeDefinition<{ claim: ClaimRecord; citationCount: number }>[] = [
  { name: 'claim', type: 'string', value: (e) => e.claim.id },
  { name: 'predicate', type: 'string', value: (e) => e.claim.predicate },
  { name: 'period', type: 'string', value: (e) => e.claim.period?.edtf ?? null },
  { name: 'status', type: 'string', value: (e) => e.claim.status },
  { name: 'rank', type: 'string', value: (e) => e.claim.rank },
  { name: 'citations', type: 'int', value: (e) => e.citationCount },
];
