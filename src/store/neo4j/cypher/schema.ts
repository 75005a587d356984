import { CypherQuery, cypher } from './query';

/** Name of the full-text index over the entities' search keys. */
export const ENTITY_SEARCH_INDEX = 'entity_search';

/**
 * Constraints and indexes, each its own statement (Neo4j runs schema commands
 * one per transaction). All are `IF NOT EXISTS`, so running them again is a
 * no-op.
 */
export function schemaQueries(): CypherQuery[] {
  const statements = [
    'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE',
    'CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE',
    'CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE',
    'CREATE CONSTRAINT citation_id IF NOT EXISTS FOR (n:Citation) REQUIRE n.id IS UNIQUE',
    'CREATE CONSTRAINT judgement_id IF NOT EXISTS FOR (n:Judgement) REQUIRE n.id IS UNIQUE',
    // The audit trail (./audit.ts): one record per seq, one head, one target node per id.
    'CREATE CONSTRAINT audit_record_seq IF NOT EXISTS FOR (n:AuditRecord) REQUIRE n.seq IS UNIQUE',
    'CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.id IS UNIQUE',
    'CREATE CONSTRAINT audit_target_id IF NOT EXISTS FOR (n:AuditTarget) REQUIRE n.targetId IS UNIQUE',
    // The dashboard's maintained counts (./stat-counts.ts).
    'CREATE CONSTRAINT stat_key IF NOT EXISTS FOR (n:Stat) REQUIRE n.key IS UNIQUE',
    'CREATE CONSTRAINT facility_stat_id IF NOT EXISTS FOR (n:FacilityStat) REQUIRE n.facilityId IS UNIQUE',
    'CREATE CONSTRAINT stat_meta_id IF NOT EXISTS FOR (n:StatMeta) REQUIRE n.id IS UNIQUE',
    'CREATE INDEX stat_dim IF NOT EXISTS FOR (n:Stat) ON (n.dim)',
    'CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind)',
    // Counts take the (few) merged entities off the count store's total (./counts.ts).
    'CREATE INDEX entity_merged_into IF NOT EXISTS FOR (n:Entity) ON (n.mergedInto)',
    // Serves the list of protected people every redacting request reads.
    'CREATE INDEX entity_protection IF NOT EXISTS FOR (n:Entity) ON (n.protection)',
    // Serves `nameKey CONTAINS $needle` (text indexes answer CONTAINS).
    'CREATE TEXT INDEX entity_name_key IF NOT EXISTS FOR (n:Entity) ON (n.nameKey)',
    'CREATE INDEX source_kind IF NOT EXISTS FOR (n:Source) ON (n.kind)',
    'CREATE INDEX claim_predicate IF NOT EXISTS FOR (n:Claim) ON (n.predicate)',
    'CREATE INDEX claim_subject_id IF NOT EXISTS FOR (n:Claim) ON (n.subjectId)',
    'CREATE INDEX claim_object_id IF NOT EXISTS FOR (n:Claim) ON (n.objectId)',
    'CREATE INDEX citation_claim_id IF NOT EXISTS FOR (n:Citation) ON (n.claimId)',
    'CREATE INDEX citation_source_id IF NOT EXISTS FOR (n:Citation) ON (n.sourceId)',
    'CREATE INDEX citation_via_source_id IF NOT EXISTS FOR (n:Citation) ON (n.viaSourceId)',
    // The search keys are already normalised words separated by spaces; the
    // whitespace analyzer keeps them exactly as written (no stemming, no
    // splitting on the apostrophes or hyphens a key may keep).
    `CREATE FULLTEXT INDEX ${ENTITY_SEARCH_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.searchText]
       OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'whitespace' } }`,
  ];
  return statements.map((s) => cypher(s));
}

/** The constraints init creates, by name: their presence is what readiness checks. */
export const SCHEMA_CONSTRAINTS: readonly string[] = [
  'entity_id',
  'source_id',
  'claim_id',
  'citation_id',
  'audit_record_seq',
  'audit_head_id',
  'audit_target_id',
  'stat_key',
];

export function constraintNamesQuery(): CypherQuery {
  return cypher('SHOW CONSTRAINTS YIELD name RETURN name');
}

/** Waits until every index is online (they populate in the background). */
export function awaitIndexesQuery(timeoutSeconds = 60): CypherQuery {
  return cypher('CALL db.awaitIndexes(toInteger($timeoutSeconds))', { timeoutSeconds });
}
