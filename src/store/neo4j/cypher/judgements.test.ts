import { EntityKind } from '../../../domain/model';
import {
  createJudgementQuery,
  getJudgementsOfQuery,
  getJudgementsQuery,
  mergedEntitiesQuery,
  nameBlocksQuery,
  repointClaimsQuery,
  setJudgementQuery,
} from './judgements';

describe('judgement queries', () => {
  it('create a judgement with an edge to each record it names, values only as parameters', () => {
    const q = createJudgementQuery({ id: 'jdg_1', recordIds: ['per_a', 'per_b', 'per_a'], version: 1 });
    expect(q.cypher).toContain('CREATE (j:Judgement)');
    expect(q.cypher).toContain('CREATE (j)-[:JUDGES]->(n)');
    expect(q.params.recordIds).toEqual(['per_a', 'per_b']);
    expect(q.cypher).not.toContain('per_a');
  });

  it('read judgements by id and by the records they name, through JUDGES edges', () => {
    expect(getJudgementsQuery(['jdg_1', 'jdg_1']).params).toEqual({ ids: ['jdg_1'] });
    const of = getJudgementsOfQuery(['per_a', 'src_b']);
    expect(of.cypher).toContain('[:JUDGES]->(:Entity {id: id})');
    expect(of.cypher).toContain('[:JUDGES]->(:Source {id: id})');
    expect(of.cypher).toContain('ORDER BY j.id');
    expect(setJudgementQuery('jdg_1', { id: 'jdg_1' }).params).toEqual({ id: 'jdg_1', props: { id: 'jdg_1' } });
  });

  it('repoint claims: delete the old edges (RELATED found from the old subject), make them from the new ids', () => {
    const q = repointClaimsQuery([{ id: 'clm_1', props: { id: 'clm_1', subjectId: 'per_a', objectId: 'fac_1' } }]);
    const text = q.cypher;
    expect(text.indexOf('DELETE r')).toBeLessThan(text.indexOf('SET c = row.props'));
    expect(text).toContain('(c)-[:SUBJECT]->(:Entity)-[r:RELATED {claimId: c.id}]->(:Entity)');
    expect(text).toContain('CREATE (c)-[:SUBJECT]->(s)');
    expect(text).toContain('CREATE (s)-[:RELATED {claimId: c.id');
    expect(text).not.toContain('per_a');
  });

  it('block by the words of searchText, capped, leaving out merged and, with levels, hidden or protected records', () => {
    const open = nameBlocksQuery(EntityKind.PERSON, null, 40, 100);
    expect(open.cypher).toContain('n.mergedInto IS NULL');
    expect(open.cypher).not.toContain('$levels');
    expect(open.params).toMatchObject({ kind: 'PERSON', maxBlockSize: 40, limit: 100, minWord: 3 });
    const scoped = nameBlocksQuery(EntityKind.PERSON, ['PUBLIC'], 1, 2.7);
    expect(scoped.cypher).toContain('n.protection IS NULL OR n.protection IN $levels');
    expect(scoped.params).toMatchObject({ levels: ['PUBLIC'], maxBlockSize: 2, limit: 2 });
  });

  it('find merged entities among ids', () => {
    const q = mergedEntitiesQuery(['per_a', 'per_a', 'per_b']);
    expect(q.cypher).toContain('n.mergedInto IS NOT NULL');
    expect(q.params).toEqual({ ids: ['per_a', 'per_b'] });
  });
});
