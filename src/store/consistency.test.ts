import { MAX_BOOKMARKS, currentConsistency, parseBookmarks, withConsistency } from './consistency';

describe('consistency scope', () => {
  it('gives each concurrent request its own bookmarks', async () => {
    const seen: string[][] = [];
    const request = (bookmark: string, delay: number) =>
      withConsistency([bookmark], async (scope) => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        seen.push([...(currentConsistency()?.waitFor ?? [])]);
        scope.written = [`${bookmark}-after`];
        return currentConsistency()?.written;
      });
    const results = await Promise.all([request('FB:a', 20), request('FB:b', 5)]);
    expect(results).toEqual([['FB:a-after'], ['FB:b-after']]);
    expect(seen).toEqual([['FB:b'], ['FB:a']]);
    expect(currentConsistency()).toBeUndefined();
  });

  it('reads the header: comma-separated or repeated, and refuses what is not a bookmark', () => {
    expect(parseBookmarks(undefined)).toEqual([]);
    expect(parseBookmarks('FB:kcwQ+x/1=, FB:abc')).toEqual(['FB:kcwQ+x/1=', 'FB:abc']);
    expect(parseBookmarks(['FB:a', 'FB:a,FB:b'])).toEqual(['FB:a', 'FB:b']);
    expect(parseBookmarks('FB:a"; DROP')).toBeNull();
    expect(parseBookmarks(Array.from({ length: MAX_BOOKMARKS + 1 }, (_, i) => `FB:${i}`).join(','))).toBeNull();
  });
});
