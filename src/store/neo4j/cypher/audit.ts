import type { FlatAuditRecord } from '../../../domain/audit';
import { CypherQuery, cypher, distinct } from './query';
import { SOURCE_PROJECTION } from './sources';

/*
 * The audit trail in the graph:
 *
 *   (:AuditRecord {seq, at, actorSubject, actorRole, operation, reason,
 *                  targetIds, before, after, prevHash, hash})-[:AUDITS]->(:AuditTarget {targetId})
 *   (:AuditHead {id: 'audit', seq, hash})
 *
 * `before` and `after` are the canonical JSON text the hash was computed
 * over. The AUDITS edges only serve history lookups by id (a list property
 * cannot be indexed for membership); `targetIds` is what is hashed. The head
 * names the last record, so that a last record deleted by hand is noticed too.
 * Targets are keyed by `targetId`, not `id`, so that no lookup of a record by
 * its id, with or without a label, ever lands on one.
 */

/** The id of the one AuditHead node. */
export const AUDIT_HEAD_ID = 'audit';

/**
 * Takes the audit head's write lock and returns where the chain stands
 * (`seq`, `hash`), creating the head on the very first write. Every write
 * transaction runs this first: the lock is held until the transaction ends,
 * so writers run one after another, each sees the head its predecessor left,
 * and the chain cannot fork into two records with the same seq. (Setting a
 * property is what takes the lock; the head's uniqueness constraint makes the
 * first MERGE safe under concurrency too.)
 */
export function lockAuditHeadQuery(genesisHash: string): CypherQuery {
  return cypher(
    `
MERGE (h:AuditHead {id: $headId})
ON CREATE SET h.seq = 0, h.hash = $genesisHash
SET h._LOCK_ = true
RETURN h.seq AS seq, h.hash AS hash`,
    { headId: AUDIT_HEAD_ID, genesisHash },
  );
}

/**
 * Clears the marker lockAuditHeadQuery set, for a transaction that took the
 * lock to write something other than a record (the dashboard's counts) or to
 * read with no write landing in between: the lock is held until it ends.
 */
export function unlockAuditHeadQuery(): CypherQuery {
  return cypher(
    `
MATCH (h:AuditHead {id: $headId})
REMOVE h._LOCK_
RETURN h.seq AS seq`,
    { headId: AUDIT_HEAD_ID },
  );
}

/** Where the chain stands, without locking; no row's values (nulls) before the first write. */
export function auditHeadQuery(): CypherQuery {
  return cypher(
    `
OPTIONAL MATCH (h:AuditHead {id: $headId})
RETURN h.seq AS seq, h.hash AS hash`,
    { headId: AUDIT_HEAD_ID },
  );
}

export interface AuditStateIds {
  entityIds: readonly string[];
  sourceIds: readonly string[];
  claimIds: readonly string[];
  citationIds: readonly string[];
  /** Judgements: only the writes that make or undo one read any (and only their states list them). */
  judgementIds?: readonly string[];
}

/**
 * One row `{ entities, sources, claims, citations }`: the stored records
 * with these ids, each list ordered by id (sources as `{ props, derivedFromIds }`).
 */
export function auditStateQuery(ids: AuditStateIds): CypherQuery {
  return cypher(
    `
CALL () {
  UNWIND $entityIds AS id
  MATCH (n:Entity {id: id})
  WITH n
  ORDER BY n.id
  RETURN collect(properties(n)) AS entities
}
CALL () {
  UNWIND $sourceIds AS id
  MATCH (n:Source {id: id})
  WITH n
  ORDER BY n.id
  RETURN collect(${SOURCE_PROJECTION}) AS sources
}
CALL () {
  UNWIND $claimIds AS id
  MATCH (n:Claim {id: id})
  WITH n
  ORDER BY n.id
  RETURN collect(properties(n)) AS claims
}
CALL () {
  UNWIND $citationIds AS id
  MATCH (n:Citation {id: id})
  WITH n
  ORDER BY n.id
  RETURN collect(properties(n)) AS citations
}
CALL () {
  UNWIND $judgementIds AS id
  MATCH (n:Judgement {id: id})
  WITH n
  ORDER BY n.id
  RETURN collect(properties(n)) AS judgements
}
RETURN entities, sources, claims, citations, judgements`,
    {
      entityIds: distinct(ids.entityIds),
      sourceIds: distinct(ids.sourceIds),
      claimIds: distinct(ids.claimIds),
      citationIds: distinct(ids.citationIds),
      judgementIds: distinct(ids.judgementIds ?? []),
    },
  );
}

/** An audit record's node properties (before/after as JSON text). */
/** An audit record's node properties: the flat form, canonical JSON and all. */
export type AuditRecordProps = FlatAuditRecord;

/**
 * Appends a record and moves the head to it (the caller holds the head's
 * lock: lockAuditHeadQuery), linking the record to each of its targets.
 * Records are only ever created: nothing in this folder updates or deletes one.
 */
export function appendAuditQuery(record: AuditRecordProps): CypherQuery {
  return cypher(
    `
MATCH (h:AuditHead {id: $headId})
CREATE (a:AuditRecord {
  seq: toInteger($record.seq),
  at: $record.at,
  actorSubject: $record.actorSubject,
  actorRole: $record.actorRole,
  operation: $record.operation,
  reason: $record.reason,
  targetIds: $record.targetIds,
  before: $record.before,
  after: $record.after,
  prevHash: $record.prevHash,
  hash: $record.hash
})
SET h.seq = toInteger($record.seq), h.hash = $record.hash
REMOVE h._LOCK_
WITH a
CALL (a) {
  UNWIND a.targetIds AS targetId
  MERGE (t:AuditTarget {targetId: targetId})
  CREATE (a)-[:AUDITS]->(t)
}
RETURN a.seq AS seq`,
    { headId: AUDIT_HEAD_ID, record },
  );
}

/** Rows `{ props }`: up to `limit` records with seq > `afterSeq`, in seq order. */
export function getAuditQuery(afterSeq: number, limit: number): CypherQuery {
  return cypher(
    `
MATCH (a:AuditRecord)
WHERE a.seq > $afterSeq
RETURN properties(a) AS props
ORDER BY a.seq
LIMIT toInteger($limit)`,
    { afterSeq, limit },
  );
}

/** Rows `{ id, items }`: for each id, the properties of the records that touched it, in seq order. */
export function getAuditOfQuery(targetIds: readonly string[]): CypherQuery {
  return cypher(
    `
UNWIND $ids AS id
CALL (id) {
  MATCH (:AuditTarget {targetId: id})<-[:AUDITS]-(a:AuditRecord)
  WITH a
  ORDER BY a.seq
  RETURN collect(properties(a)) AS items
}
RETURN id, items`,
    { ids: distinct(targetIds) },
  );
}
