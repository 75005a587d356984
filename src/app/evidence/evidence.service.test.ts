import { countIndependentGroups } from './evidence.service';

describe('countIndependentGroups', () => {
  it('counts two articles repeating one report as one origin', () => {
    expect(countIndependentGroups([['src_amnesty'], ['src_amnesty']])).toBe(1);
  });

  it('counts unrelated origins separately', () => {
    expect(countIndependentGroups([['src_amnesty'], ['src_admsp'], ['src_snhr']])).toBe(3);
  });

  it('joins citations transitively through shared origins', () => {
    expect(countIndependentGroups([['a', 'b'], ['b', 'c'], ['c'], ['d']])).toBe(2);
  });

  it('is zero for no citations', () => {
    expect(countIndependentGroups([])).toBe(0);
  });
});
