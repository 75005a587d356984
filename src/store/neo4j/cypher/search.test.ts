import { EntityKind } from '../../../domain/model';
import { searchTerms } from '../../../domain/names';
import { escapeLucene, luceneQuery, searchCandidatesQuery } from './search';

describe('escapeLucene', () => {
  it('escapes every character with a meaning in Lucene query syntax', () => {
    const special = '+-&|!(){}[]^"~*?:\\/';
    expect(escapeLucene(special)).toBe([...special].map((ch) => `\\${ch}`).join(''));
    expect(escapeLucene('sednaya')).toBe('sednaya');
    expect(escapeLucene('صيدنايا')).toBe('صيدنايا');
  });
});

describe('luceneQuery', () => {
  it('asks for any word starting with any token', () => {
    expect(luceneQuery(['sdnya', 'sednaya'])).toBe('sdnya* OR sednaya*');
  });

  it('keeps hostile tokens literal: every token is escaped and prefixed, never an operator', () => {
    const q = luceneQuery(['a:b', 'x)', '*', 'OR', 'name:*'])!;
    expect(q).toBe('a\\:b* OR x\\)* OR \\** OR OR* OR name\\:\\**');
  });

  it('splits tokens on whitespace, drops empties and duplicates, and is null when nothing is left', () => {
    expect(luceneQuery([' abd  rahman ', 'abd', ''])).toBe('abd* OR rahman*');
    expect(luceneQuery([])).toBeNull();
    expect(luceneQuery(['  ', ''])).toBeNull();
  });

  it('works on the tokens of real queries', () => {
    expect(luceneQuery(searchTerms('Saydnaya').tokens)).toMatch(/^\S+\*( OR \S+\*)*$/);
    expect(luceneQuery(searchTerms('سجن صيدنايا').tokens)).toContain('صيدنايا*');
  });
});

describe('searchCandidatesQuery', () => {
  it('passes the Lucene query, kinds and limit as parameters', () => {
    const q = searchCandidatesQuery('foo* OR bar*', [EntityKind.PERSON], 25);
    expect(q.cypher).toContain('db.index.fulltext.queryNodes($index, $query)');
    expect(q.cypher).toContain('node.kind IN $kinds');
    expect(q.cypher).not.toContain('foo');
    expect(q.params).toEqual({
      index: 'entity_search',
      query: 'foo* OR bar*',
      kinds: ['PERSON'],
      levels: null,
      limit: 25,
    });
  });

  it("filters on the viewer's levels as a parameter", () => {
    const q = searchCandidatesQuery('foo*', null, 5, ['PUBLIC']);
    expect(q.cypher).toContain("coalesce(node.access, 'PUBLIC') IN $levels");
    expect(q.params).toMatchObject({ levels: ['PUBLIC'] });
  });

  it('does not filter kinds when none are given', () => {
    const q = searchCandidatesQuery('foo*', null, 10);
    expect(q.cypher).not.toContain('$kinds');
  });
});
