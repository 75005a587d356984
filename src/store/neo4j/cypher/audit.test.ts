import {
  AUDIT_HEAD_ID,
  appendAuditQuery,
  auditHeadQuery,
  auditStateQuery,
  getAuditOfQuery,
  getAuditQuery,
  lockAuditHeadQuery,
} from './audit';
import { schemaQueries } from './schema';

const GENESIS = '0'.repeat(64);

describe('audit trail Cypher', () => {
  it('takes the head lock by setting a property on the one head node, creating it at the genesis hash', () => {
    const q = lockAuditHeadQuery(GENESIS);
    expect(q.cypher).toContain('MERGE (h:AuditHead {id: $headId})');
    expect(q.cypher).toContain('ON CREATE SET h.seq = 0, h.hash = $genesisHash');
    expect(q.cypher).toMatch(/SET h\._LOCK_ = true[\s\S]*RETURN h\.seq AS seq, h\.hash AS hash/);
    expect(q.params).toEqual({ headId: AUDIT_HEAD_ID, genesisHash: GENESIS });
    expect(auditHeadQuery().cypher).toContain('OPTIONAL MATCH (h:AuditHead {id: $headId})');
  });

  it('appends a record with integer seq, moves the head, releases the lock property and links every target', () => {
    const record = {
      seq: 7,
      at: '2026-01-01T00:00:00.000Z',
      actorSubject: null,
      actorRole: 'SYSTEM',
      operation: 'createEntity',
      reason: null,
      targetIds: ['per_a'],
      before: '{}',
      after: '{}',
      prevHash: GENESIS,
      hash: 'f'.repeat(64),
    };
    const q = appendAuditQuery(record);
    expect(q.params).toEqual({ headId: AUDIT_HEAD_ID, record });
    expect(q.cypher).toContain('CREATE (a:AuditRecord {');
    expect(q.cypher).toContain('seq: toInteger($record.seq)');
    expect(q.cypher).toContain('SET h.seq = toInteger($record.seq), h.hash = $record.hash');
    expect(q.cypher).toContain('REMOVE h._LOCK_');
    expect(q.cypher).toContain('MERGE (t:AuditTarget {targetId: targetId})');
    expect(q.cypher).toContain('CREATE (a)-[:AUDITS]->(t)');
    // Records are only ever created.
    expect(q.cypher).not.toMatch(/SET a\b|DELETE/);
  });

  it('reads the touched records of every kind in one statement, each list ordered by id', () => {
    const q = auditStateQuery({ entityIds: ['e', 'e'], sourceIds: ['s'], claimIds: [], citationIds: ['x'] });
    expect(q.params).toEqual({
      entityIds: ['e'],
      sourceIds: ['s'],
      claimIds: [],
      citationIds: ['x'],
      judgementIds: [],
    });
    for (const label of ['Entity', 'Source', 'Claim', 'Citation', 'Judgement'])
      expect(q.cypher).toContain(`MATCH (n:${label} {id: id})`);
    expect(q.cypher.match(/ORDER BY n\.id/g)).toHaveLength(5);
    expect(q.cypher).toContain('DERIVED_FROM');
  });

  it('pages the chain by seq and finds records by target through the AUDITS links', () => {
    const page = getAuditQuery(40, 1000);
    expect(page.cypher).toContain('WHERE a.seq > $afterSeq');
    expect(page.cypher).toMatch(/ORDER BY a\.seq\s+LIMIT toInteger\(\$limit\)/);
    expect(page.params).toEqual({ afterSeq: 40, limit: 1000 });
    const of = getAuditOfQuery(['clm_a', 'clm_a', 'per_b']);
    expect(of.params).toEqual({ ids: ['clm_a', 'per_b'] });
    expect(of.cypher).toContain('MATCH (:AuditTarget {targetId: id})<-[:AUDITS]-(a:AuditRecord)');
    expect(of.cypher).toContain('ORDER BY a.seq');
  });

  it('has constraints for one record per seq, one head and one target node per id', () => {
    const statements = schemaQueries().map((q) => q.cypher);
    expect(statements).toContain(
      'CREATE CONSTRAINT audit_record_seq IF NOT EXISTS FOR (n:AuditRecord) REQUIRE n.seq IS UNIQUE',
    );
    expect(statements).toContain(
      'CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.id IS UNIQUE',
    );
    expect(statements).toContain(
      'CREATE CONSTRAINT audit_target_id IF NOT EXISTS FOR (n:AuditTarget) REQUIRE n.targetId IS UNIQUE',
    );
  });
});
