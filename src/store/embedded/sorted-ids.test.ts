import { SortedIds, lowerBound, upperBound } from './sorted-ids';

describe('SortedIds', () => {
  it('keeps ids in code-unit order through adds, bulk adds and deletes', () => {
    const ids = new SortedIds();
    const reference = new Set<string>();
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round += 1) {
      // Small and large batches take the two merge paths.
      const batch = random(3) === 0 ? 50 : random(5);
      for (let i = 0; i < batch; i += 1) {
        const id = `id_${random(5000)}${random(2) ? 'é' : 'Z'}`;
        if (reference.has(id)) continue;
        reference.add(id);
        ids.add(id);
      }
      if (random(2) === 0 && reference.size > 0) {
        const victim = [...reference][random(reference.size)]!;
        reference.delete(victim);
        expect(ids.delete(victim)).toBe(true);
      }
      expect(ids.delete('absent')).toBe(false);
      const expected = [...reference].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(ids.items()).toEqual(expected);
      expect(ids.size).toBe(expected.length);
    }
  });

  it('finds the keyset position after an id, present or not', () => {
    const ids = new SortedIds();
    for (const id of ['b', 'd', 'f']) ids.add(id);
    expect(ids.indexAfter(null)).toBe(0);
    expect(ids.indexAfter('a')).toBe(0);
    expect(ids.indexAfter('b')).toBe(1);
    expect(ids.indexAfter('c')).toBe(1);
    expect(ids.indexAfter('f')).toBe(3);
    expect(lowerBound(['b', 'd'], 'd')).toBe(1);
    expect(upperBound(['b', 'd'], 'd')).toBe(2);
  });
});
