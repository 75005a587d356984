import { Fixtures } from '../../../test/support/fixtures';
import { ClaimStatus } from '../../domain/model';
import { emptyAuditState } from '../../domain/audit';
import { importBatchSize, planImport } from './neo4j.import';

function bundle(f: Fixtures) {
  const person = f.entity();
  const facility = f.entity({ name: 'Facility' });
  const source = f.source();
  const claims = [0, 1, 2].map(() => f.relationClaim(person.id, 'DETAINED_AT', facility.id, source.id));
  return {
    entities: [person, facility],
    sources: [source],
    claims: claims.map((c) => c.claim),
    citations: claims.flatMap((c) => c.citations),
  };
}

const kinds = (plan: ReturnType<typeof planImport>) =>
  plan.steps.map((s) => s.query.cypher.split('\n').find((l) => /^(CREATE|MATCH) \(\w+:\w+/.test(l)));

describe('planImport', () => {
  it('creates what is new in batches, each claim batch followed by its citations', () => {
    const rows = bundle(new Fixtures());
    const plan = planImport(rows, emptyAuditState(), 2);
    expect(kinds(plan)).toEqual([
      'CREATE (n:Entity)',
      'CREATE (n:Source)',
      'CREATE (c:Claim)',
      'CREATE (x:Citation)',
      'CREATE (c:Claim)',
      'CREATE (x:Citation)',
    ]);
    expect(plan.steps.map((s) => s.rows)).toEqual([2, 1, 2, 0, 1, 0]);
    expect(plan.steps.map((s) => (s.query.params.rows as unknown[]).length)).toEqual([2, 1, 2, 2, 1, 1]);
    // The audit's after is what was written, versions set, ordered by id.
    expect(plan.after.claims.map((c) => c.id)).toEqual(rows.claims.map((c) => c.id).sort());
    expect(plan.after.entities.every((e) => e.version === 1)).toBe(true);
  });

  it('writes nothing for records stored as they are, and the after is the stored state', () => {
    const rows = bundle(new Fixtures());
    const stored = planImport(rows, emptyAuditState(), 10).after;
    const again = planImport(rows, stored, 10);
    expect(again.steps).toEqual([]);
    expect(again.after).toEqual(stored);
  });

  it('sets changed records without touching their edges, and replaces edges only when links change', () => {
    const f = new Fixtures();
    const rows = bundle(f);
    const stored = planImport(rows, emptyAuditState(), 10).after;
    const other = f.entity();
    const changed = {
      entities: [...rows.entities, other],
      sources: rows.sources,
      claims: [
        { ...rows.claims[0]!, status: ClaimStatus.DISPUTED },
        { ...rows.claims[1]!, subjectId: other.id },
        rows.claims[2]!,
      ],
      citations: rows.citations,
    };
    const plan = planImport(changed, stored, 10);
    expect(kinds(plan)).toEqual(['CREATE (n:Entity)', 'MATCH (c:Claim {id: row.id})', 'MATCH (c:Claim {id: row.id})']);
    expect(plan.steps[1]!.query.cypher).not.toContain('DELETE');
    expect(plan.steps[2]!.query.cypher).toContain('DELETE r');
    const after = new Map(plan.after.claims.map((c) => [c.id, c]));
    expect(after.get(rows.claims[0]!.id)!.version).toBe(2);
    expect(after.get(rows.claims[2]!.id)!.version).toBe(1);
  });

  it('takes the caller batch size, else the default', () => {
    expect(importBatchSize(7)).toBe(7);
    expect(importBatchSize(undefined, 300)).toBe(300);
    expect(importBatchSize(0)).toBeGreaterThan(1000);
  });
});
